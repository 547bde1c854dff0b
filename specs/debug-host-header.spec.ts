// Behaviour: a debug server bound to 0.0.0.0 is reachable from every machine that can reach this one, and
// the debugger's only check of who is asking is the Host header, which any client writes as it likes.
// Since Werkzeug 3.0.3 (and Debian's 2.2.2-3+deb12u1, which backports the fix for CVE-2024-34069) the
// debugger answers only Host names of this machine (localhost, 127.0.0.1, the bind address): that stops a web
// page tricking a developer's browser into it (DNS rebinding), not another machine, which sends
// `Host: 127.0.0.1` and gets the console, and with the PIN runs Python in the app. Its traceback pages are
// served to any Host. Without debug mode the same requests reach the app like any other.
import { Neighbour } from '../lib/clients/neighbour.js';
import { failingSourceLine, type Info, ProbeClient } from '../lib/clients/probe-client.js';
import { expect, test } from '../fixtures/test.js';
import {
  debuggerPaths,
  evaluationOutput,
  pidExpression,
  pinCookieOf,
  pinFromLog,
  secretOf,
} from '../lib/clients/werkzeug-debugger.js';

/** A Host header naming a site, as a page on that site would make a developer's browser send it. */
const foreignHost = 'rebinding.example';

test('Another machine on the network reaches the debugger by sending Host: 127.0.0.1', async ({
  stack,
  stackDefinition,
  evidence,
}) => {
  const { service, port } = stackDefinition.entry;
  // The probe app as the other machine names it (URLs only: the neighbour sends them).
  const there = new ProbeClient(`http://${service}:${port}`);
  const neighbour = await test.step("a container on the stack's network (another machine)", () =>
    Neighbour.join(stack));
  try {
    const asNamed = await test.step(`console as ${service}:${port}, the name it is reached by`, () =>
      neighbour.get({ url: there.url(debuggerPaths.console) }));
    const rebinding = await test.step(`console with Host: ${foreignHost}`, () =>
      neighbour.get({ url: there.url(debuggerPaths.console), headers: { Host: foreignHost } }));
    const forged = await test.step('console with a forged Host: 127.0.0.1', () =>
      neighbour.get({ url: there.url(debuggerPaths.console), headers: { Host: '127.0.0.1' } }));
    const traceback = await test.step('a failing route, as named', () => neighbour.get({ url: there.route('fail') }));
    const consoleFor = (a: { status: number; body: string }) =>
      secretOf(a.body) ? `console (${a.status})` : `no console (${a.status})`;
    evidence.record(`Host ${service}:${port}`, consoleFor(asNamed));
    evidence.record(`Host ${foreignHost}`, consoleFor(rebinding));
    evidence.key('forged Host 127.0.0.1', consoleFor(forged), { id: 'forged-host' });
    evidence.record('traceback page for any Host', failingSourceLine.test(traceback.body));

    if (!stackDefinition.interactiveDebugger) {
      expect(
        [asNamed, rebinding, forged].map((a) => secretOf(a.body)),
        'no Host header opens a console where debug mode is off',
      ).toEqual([undefined, undefined, undefined]);
      expect(traceback.body, 'the failing route is a plain 500 from another machine too').not.toMatch(
        failingSourceLine,
      );
      return;
    }

    const info = JSON.parse((await neighbour.get({ url: there.route('info') })).body) as Info;
    // Read from the running code, not from its version number: distributions backport the check.
    const hostAllowList =
      (
        await stack.exec(service, [
          'python3',
          '-c',
          'import werkzeug.debug as d, inspect; print("trusted_hosts" in inspect.getsource(d))',
        ])
      ).trim() === 'True';
    evidence.record('Werkzeug', info.werkzeug);
    evidence.record('debugger checks Host', hostAllowList);

    expect(secretOf(forged.body), 'a forged Host: 127.0.0.1 opens the console from another machine').toBeDefined();
    expect(traceback.body, 'the traceback page, with its source lines, is served to another machine').toMatch(
      failingSourceLine,
    );
    if (hostAllowList) {
      expect(asNamed.status, `this Werkzeug refuses its console to Host ${service}:${port}`).toBe(400);
      expect(rebinding.status, `this Werkzeug refuses its console to Host ${foreignHost}`).toBe(400);
    } else {
      expect(secretOf(asNamed.body), 'this Werkzeug opens its console to any Host').toBeDefined();
    }

    await test.step('with the PIN, Python runs in the app for the other machine', async () => {
      const secret = secretOf(forged.body) ?? '';
      const pin = pinFromLog((await stack.appLogs()).join('\n')) ?? '';
      const forgedHost = { Host: '127.0.0.1' };
      const auth = await neighbour.get({ url: there.url(debuggerPaths.pinAuth(secret, pin)), headers: forgedHost });
      const ran = await neighbour.get({
        url: there.url(debuggerPaths.command(secret, pidExpression)),
        headers: { ...forgedHost, Cookie: pinCookieOf(auth.headers['set-cookie']) ?? '' },
      });
      const pid = evaluationOutput(ran.body);
      evidence.record('os.getpid() run from the other machine', pid ?? `not run (${ran.status})`);
      expect(pid, 'the other machine ran os.getpid() in the app process').toMatch(/^\d+$/);
    });
  } finally {
    await neighbour.leave();
  }
});
