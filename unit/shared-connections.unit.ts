// Unit: a TCP connection open in several processes of a container, a connection opened before the fork
// (lib/porting/shared-connections.ts).
import { expect, test } from '@playwright/test';
import { establishedConnections } from '../lib/porting/self-calls.js';
import { sharedConnections, splitListing } from '../lib/porting/shared-connections.js';

// As a preloaded Gunicorn container lists them: the master (1) and two workers (11, 12) hold the listening
// socket (inode 100) and the connection to PostgreSQL opened at import (200); worker 11 holds a client (300)
// and its own connection to Redis (400).
const listing = `1 python3 [100]
1 python3 [200]
11 python3 [100]
11 python3 [200]
11 python3 [300]
11 python3 [400]
12 python3 [100]
12 python3 [200]
--- tcp
  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode
   0: 00000000:1F40 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 100 1 0 100 0 0 10 0
   1: 030012AC:B5F2 020012AC:1538 01 00000000:00000000 00:00000000 00000000     0        0 200 1 0 20 4 30 10 -1
   2: 030012AC:1F40 050012AC:D431 01 00000000:00000000 00:00000000 00000000     0        0 300 1 0 20 4 30 10 -1
   3: 030012AC:C000 040012AC:18EB 01 00000000:00000000 00:00000000 00000000     0        0 400 1 0 20 4 30 10 -1
`;

test('a connection held by several processes is named with its address and holders; one per process is not', () => {
  const { holders, tcp } = splitListing(listing);
  expect(holders).toHaveLength(8);
  expect(sharedConnections(establishedConnections(tcp), holders, 8000)).toEqual([
    { remote: '172.18.0.2:5432', holders: 'python3 1, 11, 12', count: 3 },
  ]);
});

test("the app's own port is never a shared connection: the listening socket and a client's are the server's", () => {
  // A client's socket (300, local port 8000) seen in two processes, as a worker and the master it came from
  // may show it for an instant: the server's business, not a connection the app opened.
  const clientTwice = splitListing(listing.replace('12 python3 [100]', '12 python3 [100]\n12 python3 [300]'));
  expect(
    sharedConnections(establishedConnections(clientTwice.tcp), clientTwice.holders, 8000).map((c) => c.remote),
  ).toEqual(['172.18.0.2:5432']);
  // The fixed twin: a connection per request, each in the worker that opened it.
  const own = splitListing(listing.replace('12 python3 [200]', '12 python3 [500]').replace('1 python3 [200]\n', ''));
  expect(sharedConnections(establishedConnections(own.tcp), own.holders, 8000)).toEqual([]);
});

test('a listing without its tcp part has no connections to share', () => {
  expect(splitListing('1 python3 [5]\n').tcp).toBe('');
  expect(splitListing('').holders).toEqual([]);
});
