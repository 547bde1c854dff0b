// Behaviour: the `Server` header names whoever answered (and the dev server gives away its versions),
// and behind nginx the app learns the client's address only from forwarded headers.
import { expect, test } from '../fixtures/test.js';

test('The Server header names the software in front, with versions only on the dev server', async ({
  probe,
  stackDefinition,
  evidence,
}) => {
  const response = await probe.info();
  const server = String(response.headers.server ?? '(none)');
  evidence.key('Server', server);
  expect(server, 'the Server header names who answered').toMatch(stackDefinition.serverHeader.pattern);
  expect(/\d/.test(server), 'a version number in the Server header').toBe(stackDefinition.serverHeader.revealsVersions);
});

test("Behind a proxy the WSGI server sees the proxy's address and the client's only in X-Forwarded-For", async ({
  probe,
  stack,
  stackDefinition,
  evidence,
}) => {
  const client = await stack.clientAddressAsSeenByContainers();
  const info = (await probe.info()).data;
  evidence.record('client address', client);
  evidence.record('REMOTE_ADDR seen by the WSGI server', info.raw_remote_addr);
  const forwarded = info.forwarded.x_forwarded_for;
  evidence.key(
    'X-Forwarded-For seen by the app',
    forwarded === null ? '(none)' : forwarded === client ? "the client's address" : forwarded,
    { id: 'x-forwarded-for' },
  );
  evidence.record('X-Forwarded-For', forwarded ?? '(none)');

  if (stackDefinition.proxy) {
    expect(info.forwarded.x_forwarded_for, 'the client, as the proxy saw it').toBe(client);
    expect(info.raw_remote_addr, 'the proxy itself, not the client').not.toBe(client);
  } else {
    expect(info.forwarded.x_forwarded_for, 'no proxy, no forwarded header').toBeNull();
    expect(info.raw_remote_addr, 'the client itself').toBe(client);
  }
});
