// Unit: a container's calls to its own server, read from /proc/net/tcp and /proc/net/tcp6
// (lib/porting/self-calls.ts).
import { expect, test } from '@playwright/test';
import { establishedConnections, selfCalls } from '../lib/porting/self-calls.js';

// As a Gunicorn container shows them: its listening socket, its own call to itself (both ends), and a client
// from nginx's container.
const tcp = `  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode
   0: 00000000:1F40 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 1 1 0 100 0 0 10 0
   1: 0100007F:A0D2 0100007F:1F40 01 00000000:00000000 00:00000000 00000000     0        0 2 1 0 20 4 30 10 -1
   2: 0100007F:1F40 0100007F:A0D2 01 00000000:00000000 00:00000000 00000000     0        0 3 1 0 20 4 30 10 -1
   3: 030012AC:1F40 050012AC:D431 01 00000000:00000000 00:00000000 00000000     0        0 4 1 0 20 4 30 10 -1
   4: 030012AC:9C40 030012AC:1F40 01 00000000:00000000 00:00000000 00000000     0        0 5 1 0 20 4 30 10 -1
   5: 0100007F:B000 0100007F:1F40 06 00000000:00000000 00:00000000 00000000     0        0 0 0 0 20 4 30 10 -1
`;
const tcp6 = `  sl  local_address                         remote_address                        st tx_queue
   0: 00000000000000000000000001000000:C350 00000000000000000000000001000000:1F40 01 00000000:00000000
   1: 0000000000000000FFFF00000100007F:C351 0000000000000000FFFF00000100007F:1F40 01 00000000:00000000
`;

test('established connections are read with their addresses and ports, IPv4 and IPv6', () => {
  const all = establishedConnections(`${tcp}${tcp6}`);
  expect(all).toContainEqual({ local: '127.0.0.1', localPort: 41170, remote: '127.0.0.1', remotePort: 8000, inode: 2 });
  expect(all).toContainEqual({
    local: '172.18.0.3',
    localPort: 8000,
    remote: '172.18.0.5',
    remotePort: 54321,
    inode: 4,
  });
  // A line cut before its inode (an old kernel's, a short read) still counts as a connection, inode unknown.
  expect(all).toContainEqual({ local: '::1', localPort: 50000, remote: '::1', remotePort: 8000, inode: 0 });
  expect(all).toContainEqual({ local: '127.0.0.1', localPort: 50001, remote: '127.0.0.1', remotePort: 8000, inode: 0 });
  // Listening (0A) and TIME_WAIT (06) sockets are no connections.
  expect(all).toHaveLength(6);
});

test("only the container's own calls to the app's port count, each once, never a client's", () => {
  expect(selfCalls(establishedConnections(`${tcp}${tcp6}`), 8000)).toEqual([
    '127.0.0.1:41170 → 127.0.0.1:8000',
    '172.18.0.3:40000 → 172.18.0.3:8000',
    '::1:50000 → ::1:8000',
    '127.0.0.1:50001 → 127.0.0.1:8000',
  ]);
  // Another port is another server (a database the app calls).
  expect(selfCalls(establishedConnections(tcp), 5432)).toEqual([]);
});
