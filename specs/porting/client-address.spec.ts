// Behaviour: behind a proxy, request.remote_addr is the proxy's address, the same for every client, so
// whatever the app keys on it (a rate limit, an audit line, a ban) is shared by all of them: one client that
// uses up a login limit locks out everybody. On the dev server and Gunicorn, published directly, the app sees
// the connecting address. The check finds a rate-limited route (as rate-limit-per-process does), lets client
// A (this machine) use up the limit in every process, then asks as client B, a container on the stack's
// network (another machine, another address), and reads the address the app saw for each
// (X-Http-Test-Remote-Addr, added by the stack). Fix: `ProxyFix(app.wsgi_app, x_for=1)`, which trusts the
// one X-Forwarded-For entry that the one proxy in front added, never the header as the client sent it.
import { Neighbour } from '../../lib/clients/neighbour.js';
import { expect, test } from '../../fixtures/test.js';
import {
  findLimit,
  limitCandidates,
  refused,
  Rounds,
  searchBound,
  untilRefusedEverywhere,
} from '../../lib/porting/rate-limit.js';
import { appProcesses } from '../../lib/stacks/definitions.js';

test('One client using up a rate limit does not limit a client at another address', async ({
  app,
  stack,
  stackDefinition,
  evidence,
}) => {
  test.setTimeout(120_000);
  const processes = appProcesses(stackDefinition);
  const found = await test.step('find a route that answers 429', () => findLimit(limitCandidates(app), processes));
  test.skip(
    found === null,
    `no route answered 429 within ${searchBound(processes)} requests: the app sets no rate limit the check can see`,
  );
  const { route, ask } = found!;
  const { service, port } = stackDefinition.entry;
  // Known state: client B is a new container with an address of its own, joined before A spends the limit
  // so that B asks right after, well within the window; what A's address had left is spent on purpose.
  const neighbour = await test.step("client B: a container on the stack's network (another machine)", () =>
    Neighbour.join(stack));
  try {
    const spent = new Rounds();
    const held = await test.step(`client A (this machine) uses up ${route.label} in every process`, () =>
      untilRefusedEverywhere(spent, ask, processes, 24));
    const b = await test.step(`client B asks ${route.label} ${processes * 2} times`, () =>
      neighbour.send(
        {
          url: `http://${service}:${port}${route.path}`,
          method: route.method,
          body: route.body,
          headers: route.headers,
        },
        processes * 2,
      ));
    const addressesOf = (list: (string | null | undefined)[]) =>
      [...new Set(list.filter((x): x is string => !!x))].sort();
    const seenA = addressesOf([...found!.answers, ...spent.answers].map((x) => x.remoteAddr));
    const seenB = addressesOf(b.map((x) => x.headers['x-http-test-remote-addr']));
    const bStatuses = b.map((x) => x.status);
    const bLimited = b.every((x) => refused(x) && x.headers['x-http-test-worker']);
    const shared = seenB.length > 0 && seenB.every((addr) => seenA.includes(addr));
    evidence.record('client A seen by the app as', seenA.join(', ') || 'not stamped');
    evidence.record('client B seen by the app as', seenB.join(', ') || 'not stamped');
    evidence.record('limit held for A in every process', held);
    evidence.key(
      'client B after A used up the limit',
      `${bLimited ? 'limited' : 'let through'} (${[...new Set(bStatuses)].join(', ')}); the app saw ${shared ? `both as ${seenB.join(', ')}` : `A as ${seenA.join(', ')}, B as ${seenB.join(', ')}`}`,
      { id: 'client-b' },
    );
    expect(
      bLimited && shared,
      `${route.label}: client B (another machine) was refused (${bStatuses.join(', ')}) after client A used up the limit: the app sees every client as ${seenB.join(', ')} (${stackDefinition.proxy ? 'the proxy in front' : 'one address'}), so a limit or an audit line keyed on request.remote_addr is shared by all clients. Fix: app.wsgi_app = ProxyFix(app.wsgi_app, x_for=1) (werkzeug.middleware.proxy_fix), trusting exactly the one proxy in front; never read X-Forwarded-For as the client sent it`,
    ).toBe(false);
  } finally {
    await neighbour.leave();
  }
});
