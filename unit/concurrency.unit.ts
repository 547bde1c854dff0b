// Unit: what a burst of requests at once shows (lib/porting/concurrency.ts): the database error signatures a
// log holds, and the burst judged against the same requests alone.
import { expect, test } from '@playwright/test';
import { errorSignatures, judgeBurst, signaturesIn } from '../lib/porting/concurrency.js';

test('each signature is named once, with its count, the first line without the docker timestamp', () => {
  const log = [
    '2026-12-02T15:48:42.951032654Z [2026-12-02 15:48:42,950] ERROR in app: Exception on /book [POST]',
    '2026-12-02T15:48:42.951032654Z sqlite3.OperationalError: database is locked',
    '2026-12-02T15:48:43.1Z sqlite3.OperationalError: database is locked',
    'sqlite3.ProgrammingError: Recursive use of cursors not allowed.',
    '[2026-12-02 15:48:44 +0000] [7] [CRITICAL] WORKER TIMEOUT (pid:12)',
    'psycopg2.OperationalError: SSL SYSCALL error: EOF detected',
    'psycopg2.DatabaseError: error with status PGRES_TUPLES_OK and no message from the libpq',
  ].join('\n');
  expect(signaturesIn(log).map((s) => [s.id, s.count, s.line])).toEqual([
    ['sqlite-locked', 2, 'sqlite3.OperationalError: database is locked'],
    ['sqlite-shared-connection', 1, 'sqlite3.ProgrammingError: Recursive use of cursors not allowed.'],
    ['connection-across-fork', 2, 'psycopg2.OperationalError: SSL SYSCALL error: EOF detected'],
    ['worker-timeout', 1, '[2026-12-02 15:48:44 +0000] [7] [CRITICAL] WORKER TIMEOUT (pid:12)'],
  ]);
  expect(signaturesIn('GET / 200\nPOST /book 302\n')).toEqual([]);
  for (const s of errorSignatures) expect(s.fix.length, s.id).toBeGreaterThan(20);
});

test('a target that answered alone and failed at once is named; one that failed alone is not', () => {
  const alone = [
    { target: 'GET /', status: 200 },
    { target: 'POST /book', status: 302 },
    { target: 'GET /broken', status: 500 },
  ];
  const burst = [
    ...Array.from({ length: 10 }, () => ({ target: 'GET /', status: 200 })),
    ...[302, 302, 302, 500, 500, 0, 500, 302, 302, 302].map((status) => ({ target: 'POST /book', status })),
    ...Array.from({ length: 10 }, () => ({ target: 'GET /broken', status: 500 })),
  ];
  const v = judgeBurst(alone, burst, 'sqlite3.OperationalError: database is locked');
  expect(v.failed).toEqual(['POST /book: 4 of 10 failed (500 ×3, no answer ×1)']);
  expect(v.signatures.map((s) => s.id)).toEqual(['sqlite-locked']);
  expect(v.broken).toBe(true);
});

test('a burst answered as alone, with a quiet log, is not broken; a signature alone is', () => {
  const alone = [{ target: 'GET /', status: 200 }];
  const burst = Array.from({ length: 10 }, () => ({ target: 'GET /', status: 200 }));
  expect(judgeBurst(alone, burst, 'GET / 200')).toEqual({
    failed: [],
    signatures: [],
    selfCalls: [],
    shared: [],
    broken: false,
  });
  // A 4xx under load (a limit, a validation) is an answer, not a failure.
  expect(judgeBurst(alone, [{ target: 'GET /', status: 429 }], '').broken).toBe(false);
  expect(judgeBurst(alone, burst, "Commands out of sync; you can't run this command now").broken).toBe(true);
  // A worker killed while the burst ran, with every request of it answered: an earlier request's (a stream
  // asked alone), not the burst's.
  expect(judgeBurst(alone, burst, '[CRITICAL] WORKER TIMEOUT (pid:9)')).toEqual({
    failed: [],
    signatures: [],
    selfCalls: [],
    shared: [],
    broken: false,
  });
  const cut = [...burst.slice(0, 8), { target: 'GET /', status: 502 }, { target: 'GET /', status: 502 }];
  expect(judgeBurst(alone, cut, '[CRITICAL] WORKER TIMEOUT (pid:9)').signatures.map((s) => s.id)).toEqual([
    'worker-timeout',
  ]);
});

test("a call to the app's own server is named where the request that made it failed, alone or at once", () => {
  const call = ['127.0.0.1:41234 → 127.0.0.1:8000'];
  // The dev server without threads: the one thread waits on its own call.
  const oneThread = judgeBurst([{ target: 'GET /quote', status: 500 }], [], '', { 'GET /quote': call });
  expect(oneThread.failed).toEqual(["GET /quote: failed alone (500) while it called the app's own server"]);
  expect(oneThread.selfCalls).toEqual(['GET /quote: 127.0.0.1:41234 → 127.0.0.1:8000']);
  expect(oneThread.broken).toBe(true);
  // Failing alone without such a call stays route-parity's.
  expect(judgeBurst([{ target: 'GET /quote', status: 500 }], [], '').broken).toBe(false);
  // Two sync workers: alone one waits on the other; ten at once, all wait on calls nobody takes.
  const alone = [{ target: 'GET /quote', status: 200 }];
  const burst = Array.from({ length: 10 }, (_, i) => ({ target: 'GET /quote', status: i < 2 ? 200 : 500 }));
  const workers = judgeBurst(alone, burst, '[CRITICAL] WORKER TIMEOUT (pid:9)', { 'GET /quote': [...call, ...call] });
  expect(workers.failed).toEqual(['GET /quote: 8 of 10 failed (500 ×8)']);
  expect(workers.selfCalls).toEqual(['GET /quote: 127.0.0.1:41234 → 127.0.0.1:8000']);
  // The threaded dev server takes its own calls in time: seen, and no finding.
  const threads = judgeBurst(alone, alone, '', { 'GET /quote': call });
  expect(threads).toEqual({ failed: [], signatures: [], selfCalls: [], shared: [], broken: false });
});

test('a connection open in several processes breaks the app by itself, failures in the burst or not', () => {
  const alone = [{ target: 'GET /', status: 200 }];
  const lucky = Array.from({ length: 10 }, () => ({ target: 'GET /', status: 200 }));
  const v = judgeBurst(
    alone,
    lucky,
    'GET / 200',
    {},
    {
      app: [{ remote: '172.18.0.2:5432', holders: 'python3 1, 11, 12', count: 3 }],
    },
  );
  expect(v.shared).toEqual(['app: 172.18.0.2:5432 open in 3 processes (python3 1, 11, 12)']);
  expect(v.broken).toBe(true);
  expect(judgeBurst(alone, lucky, '', {}, { app1: [], app2: [] }).broken).toBe(false);
});
