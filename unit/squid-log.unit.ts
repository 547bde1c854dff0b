// Unit: squid's access log as the forward proxy's specs read it (lib/forward-proxy/squid-log.ts).
import { expect, test } from '@playwright/test';
import { formatAccessLine, parseAccessLog } from '../lib/forward-proxy/squid-log.js';

const log = [
  '2026-12-01T20:10:00.123456789Z 1764619800.123 172.18.0.1 TCP_MISS/200 546 GET http://www.shop.test/api/cacheable?key=k office HIER_DIRECT/172.18.0.5 application/json',
  '2026-12-01T20:10:00.223456789Z 1764619800.223 172.18.0.1 TCP_MEM_HIT/200 552 GET http://www.shop.test/api/cacheable?key=k office HIER_NONE/- application/json',
  '2026-12-01T20:10:01.000000000Z 1764619801.000 172.18.0.1 TCP_TUNNEL/200 3120 CONNECT secure.shop.test:443 office HIER_DIRECT/172.18.0.6 -',
  '2026-12-01T20:10:02.000000000Z squid: some cache.log line that is not an access line',
].join('\n');

test('each access line gives result code, status, bytes, method, URL and user; other lines are skipped', () => {
  const lines = parseAccessLog(log);
  expect(lines.map((l) => `${l.code} ${l.status} ${l.method} ${l.url}`)).toEqual([
    'TCP_MISS 200 GET http://www.shop.test/api/cacheable?key=k',
    'TCP_MEM_HIT 200 GET http://www.shop.test/api/cacheable?key=k',
    'TCP_TUNNEL 200 CONNECT secure.shop.test:443',
  ]);
  expect(lines[2]?.bytes).toBe(3120);
});

test('a line reads as squid would say it', () => {
  const [first] = parseAccessLog(log);
  expect(first && formatAccessLine(first)).toBe(
    'TCP_MISS/200 546 B GET http://www.shop.test/api/cacheable?key=k user=office',
  );
});
