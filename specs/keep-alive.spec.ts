// Behaviour: whether one TCP connection carries several requests. Sync Gunicorn workers answer
// `Connection: close` every time (a kept connection would hold the worker); gthread and gevent workers keep an
// idle connection for `keepalive` s (a thread's or a greenlet's wait, not a worker's); nginx keeps the client's
// connection alive. The dev server speaks HTTP/1.1 when threaded (HTTP/1.0 without threads) but always
// answers `Connection: close` too: Werkzeug disables keep-alive on purpose.
import { reuseOneConnection } from '../lib/clients/raw-client.js';
import { expect, test } from '../fixtures/test.js';

const requests = 5;

test('A keep-alive client reuses its connection only where the server keeps it open', async ({
  probe,
  stackDefinition,
  evidence,
}) => {
  const reuse = await test.step(`${requests} requests through a client that keeps one connection`, () =>
    reuseOneConnection(probe.route('health'), requests));
  evidence.key('TCP connections', reuse.connections, { unit: 'connections', id: 'connections' });
  evidence.record('requests per connection', Number((reuse.requests / reuse.connections).toFixed(1)));
  evidence.record('Connection header', [...new Set(reuse.connectionHeaders)]);

  if (stackDefinition.clientKeepAlive) {
    expect(reuse.connections, 'one connection for every request').toBe(1);
  } else {
    expect(reuse.connections, 'a new connection per request').toBe(requests);
    expect(
      reuse.connectionHeaders.every((h) => h.toLowerCase() === 'close'),
      'the server says Connection: close',
    ).toBe(true);
  }
});
