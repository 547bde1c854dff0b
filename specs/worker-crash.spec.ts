// Behaviour: a worker process that dies mid-request (os._exit, as a segfault or the OOM killer would end it).
// Nothing watches the dev server's one process: it is gone for good. Gunicorn's master notices and boots a
// replacement. nginx sees the upstream close without an answer and, the request being a GET, retries it on
// the other replica (proxy_next_upstream's default "error timeout"): when every replica crashes the client
// gets 502, when one survives the client never notices. After such errors nginx also marks the upstreams
// down for fail_timeout (10 s): the next request gets 502 too, although Gunicorn replaced its workers at once.
import { sleep } from '../lib/clients/http.js';
import type { Who } from '../lib/clients/probe-client.js';
import { expect, test } from '../fixtures/test.js';

test('A worker that dies mid-request is replaced only where a master process watches it', async ({
  probe,
  stack,
  stackDefinition,
  evidence,
}) => {
  const since = new Date();
  const crashed = await test.step('a request whose worker dies before answering', () => probe.crash());
  evidence.record('crashing request', crashed.status || `no response (${crashed.error})`);

  const next = await test.step('the next request', async () => {
    await sleep(500);
    return probe.attempt(probe.route('health'), { timeoutMs: 5_000 });
  });
  evidence.key('next request', next.status || `no response (${next.error})`, { id: 'next-request' });

  const booted = await stack.countInAppLogs(/Booting worker with pid/, since);
  const replacements = Object.values(booted);
  evidence.record('workers booted since, per replica', booted);

  if (stackDefinition.proxy) {
    expect(crashed.status, 'nginx answers for the upstream that died').toBe(502);
    // Retried on the other replica, which died as well: one replacement on each.
    expect(replacements, 'one worker replaced on every replica').toEqual(stackDefinition.appReplicas.map(() => 1));
  } else {
    expect(crashed.status, 'the connection closes without an HTTP answer').toBe(0);
  }
  if (stackDefinition.gunicorn) {
    expect(
      replacements.reduce((a, b) => a + b, 0),
      'replacement workers booted by the master',
    ).toBeGreaterThanOrEqual(1);
    if (stackDefinition.proxy) {
      const proxyLog = await stack.logs(stackDefinition.entry.service, { since });
      evidence.record('nginx says', /no live upstreams/.test(proxyLog) ? 'no live upstreams' : '(nothing)');
      expect(next.status, 'both upstreams are marked down for fail_timeout').toBe(502);
      expect(proxyLog, 'nginx error log').toMatch(/no live upstreams/);
    } else {
      expect(next.status, 'the replacement worker answers').toBe(200);
    }
  } else {
    expect(next.status, 'nothing restarted the dev server').toBe(0);
    // Under --debug the app's process is a child of the reloader, which exits after it: give Docker a moment.
    const entryState = async () =>
      (await stack.states()).find((s) => s.service === stackDefinition.entry.service)?.status ?? '?';
    let state = await entryState();
    for (const giveUpAt = Date.now() + 5_000; state !== 'exited' && Date.now() < giveUpAt; state = await entryState())
      await sleep(100);
    evidence.record('dev server container', state);
    expect(state, 'the dev server process has exited').toBe('exited');
  }
});

test('nginx retries a GET on the other replica when a worker dies, and the client never notices', async ({
  probe,
  stack,
  stackDefinition,
  evidence,
}) => {
  test.skip(!stackDefinition.proxy, 'No proxy in front of the app: nothing can retry the request elsewhere.');
  const victim = stackDefinition.appReplicas[0] ?? '';
  const since = new Date();
  // Round robin sends one of two consecutive requests to the victim first.
  const outcomes = await test.step(`two requests that crash any worker of ${victim}`, async () => [
    await probe.crash({ onlyOn: victim }),
    await probe.crash({ onlyOn: victim }),
  ]);
  evidence.key(
    'statuses',
    outcomes.map((o) => o.status),
  );
  expect(
    outcomes.map((o) => o.status),
    'both requests succeed',
  ).toEqual([200, 200]);
  const answeredBy = outcomes.map((o) => o.response?.json<Who>().hostname ?? `no answer (${o.error})`);
  // The master boots the replacement a moment after the crash, which the retried request may beat: look for
  // a few seconds rather than once.
  const replacedOnVictim = async () => (await stack.countInAppLogs(/Booting worker with pid/, since))[victim] ?? 0;
  let crashesOnVictim = await replacedOnVictim();
  for (
    const giveUpAt = Date.now() + 5_000;
    crashesOnVictim === 0 && Date.now() < giveUpAt;
    crashesOnVictim = await replacedOnVictim()
  )
    await sleep(100);
  evidence.record('answered by', answeredBy);
  evidence.record(`workers of ${victim} replaced`, crashesOnVictim);

  expect(
    answeredBy.every((host) => host !== victim),
    `no answer came from ${victim}`,
  ).toBe(true);
  expect(crashesOnVictim, `a worker of ${victim} died and was replaced`).toBeGreaterThanOrEqual(1);
});
