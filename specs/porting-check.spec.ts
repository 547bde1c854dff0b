// Behaviour: whoever knows an app's session key (a tutorial's "dev", say) writes a session the app believes
// and is logged in as anyone, and whoever reaches an app left in debug mode reads its source and runs code
// in it; the porting check flags both from outside, for any app. Debug mode shows as the Werkzeug debugger
// answering its own script under any path. The key is flagged when a session signed with a well-known key is
// believed, and when it is made per process: a session then works only on the process that made it, so
// behind several workers users are logged out at random. Only the dev-debug stack is flagged: every stack
// gets one random key for all its processes (HTTP_TEST_SECRET_KEY).
import { burst } from '../lib/clients/http.js';
import { appProcesses } from '../lib/stacks/definitions.js';
import { expect, test } from '../fixtures/test.js';
import { debugModeOf } from '../lib/porting/debug-mode.js';
import { forgeSession, sessionValue, wellKnownKeyOf, wellKnownKeys } from '../lib/porting/session-key.js';

test('Debug mode left on is flagged wherever the debugger answers', async ({ stack, stackDefinition, evidence }) => {
  const verdict = await test.step("ask for the debugger's own script", () => debugModeOf(() => stack.baseURL));
  evidence.key('debug mode', verdict.on ? 'flagged: on' : 'off');
  evidence.record('seen', verdict.detail);
  expect(
    verdict.on,
    stackDefinition.interactiveDebugger
      ? 'the check flags the debug server'
      : 'the check flags nothing where debug mode is off',
  ).toBe(stackDefinition.interactiveDebugger);
});

test('The session key is no well-known one and is shared by every process: a forged session is refused, a real one read everywhere', async ({
  probe,
  stackDefinition,
  evidence,
}) => {
  const login = await test.step('log in as alice', () => probe.login('alice'));
  const cookie = sessionValue([login.headers['set-cookie'] ?? []].flat().join(', '));
  expect(cookie, 'logging in sets a session cookie').toBeDefined();
  const session = `session=${cookie ?? ''}`;

  const knownKey = wellKnownKeyOf(cookie ?? '');
  evidence.record('signed with a well-known key', knownKey ?? 'no');

  const forgedAccepted =
    await test.step(`sessions for "mallory" forged with ${wellKnownKeys.length} well-known keys`, async () => {
      const accepted: string[] = [];
      for (const key of wellKnownKeys) {
        const answer = await probe.session(`session=${forgeSession({ user: 'mallory' }, key)}`);
        if (answer.data.user === 'mallory') accepted.push(key);
      }
      return accepted;
    });
  evidence.record('forged sessions accepted', forgedAccepted.length ? forgedAccepted : 'none');

  const readers = await test.step('the real session, read by every process (20 requests, 4 at a time)', async () => {
    const { results } = await burst(20, 4, () => probe.session(session));
    const byProcess = new Map<string, string>();
    for (const r of results) byProcess.set(`${r.data.hostname}/${r.data.pid}`, r.data.user ?? 'nobody');
    return byProcess;
  });
  const lost = [...readers.entries()].filter(([, user]) => user !== 'alice').map(([who]) => who);
  evidence.record(
    'processes that read the session',
    `${readers.size - lost.length} of ${readers.size} seen (${appProcesses(stackDefinition)} running)`,
  );

  const findings = [
    ...(knownKey !== undefined || forgedAccepted.length ? [`well-known key "${knownKey ?? forgedAccepted[0]}"`] : []),
    ...(lost.length ? [`key per process (${lost.length} lost the session)`] : []),
  ];
  evidence.key('session key', findings.length ? `flagged: ${findings.join(', ')}` : 'ok');
  expect(knownKey, 'the session cookie is not signed with a well-known key').toBeUndefined();
  expect(forgedAccepted, 'no session forged with a well-known key is believed').toEqual([]);
  expect(lost, 'every process reads a session another process made (one key for all)').toEqual([]);
});
