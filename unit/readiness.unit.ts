// Unit: what ready means for each kind of stack, from what its containers logged (lib/stacks/readiness.ts,
// lib/forward-proxy/readiness.ts).
import { expect, test } from '@playwright/test';
import type { ContainerState } from '../lib/docker/cli.js';
import { answeredReady, hookFile, replicaReadiness } from '../lib/stacks/readiness.js';
import { proxyReadiness } from '../lib/forward-proxy/readiness.js';

const config = (workers: number) =>
  `[INFO] effective config: {"workers": ${workers}, "worker_class": "sync", "timeout": 30, "graceful_timeout": 30, "max_requests": 1000, "threads": 1, "worker_connections": 1000, "keepalive": 2}`;

test('Gunicorn is ready once every worker its effective config names logged its ready line', () => {
  const booting = [
    '[INFO] Listening at: http://0.0.0.0:8000',
    config(2),
    '[INFO] Booting worker with pid: 8',
    '[INFO] worker ready (pid: 8)',
  ];
  const half = replicaReadiness('app1', booting, 'gunicorn');
  expect(half).toMatchObject({ ready: false, gunicorn: { workers: 2, workerClass: 'sync', maxRequests: 1000 } });
  expect(half.status).toBe(
    'app1: 1 of 2 ready lines (from the post_worker_init hook of compose/gunicorn/gunicorn.conf.py)',
  );
  expect(replicaReadiness('app1', [...booting, '[INFO] worker ready (pid: 9)'], 'gunicorn').ready).toBe(true);
});

test("a gthread worker's threads and its keep-alive are read from the effective config; a hook without them is named", () => {
  const line = config(2).replace('"threads": 1', '"threads": 8').replace('"sync"', '"gthread"');
  expect(replicaReadiness('app1', [line], 'gunicorn').gunicorn).toMatchObject({
    workerClass: 'gthread',
    threads: 8,
    workerConnections: 1000,
    keepAliveSeconds: 2,
  });
  expect(() => replicaReadiness('app1', [config(2).replace(', "threads": 1', '')], 'gunicorn')).toThrow(
    'app1 logged an effective config without a numeric "threads": keep the when_ready hook of compose/gunicorn/gunicorn.conf.py as shipped',
  );
});

test('two ready lines that workers wrote at once on one line count as two', () => {
  const lines = [config(2), '[http-test] worker ready (pid: 9)[http-test] worker ready (pid: 10)', ''];
  expect(replicaReadiness('app1', lines, 'gunicorn').ready).toBe(true);
});

test("a user's app is told its own hook file: compose/user-app's, which runs theirs", () => {
  const lines = ['[INFO] Listening at: http://0.0.0.0:8000', config(2), '[INFO] worker ready (pid: 8)'];
  expect(replicaReadiness('app2', lines, 'gunicorn', hookFile(true)).status).toBe(
    'app2: 1 of 2 ready lines (from the post_worker_init hook of compose/user-app/gunicorn.conf.py)',
  );
  expect(() => replicaReadiness('app', ['[INFO] Booting worker with pid: 8'], 'gunicorn', hookFile(true))).toThrow(
    'put the when_ready hook back into compose/user-app/gunicorn.conf.py',
  );
});

test('Gunicorn without its effective config: still starting before its workers boot, a removed hook after', () => {
  expect(replicaReadiness('app', ['[INFO] Starting gunicorn 23.0.0'], 'gunicorn')).toMatchObject({
    ready: false,
    status: 'app has not logged its effective config yet',
  });
  expect(() => replicaReadiness('app', ['[INFO] Booting worker with pid: 8'], 'gunicorn')).toThrow(
    'put the when_ready hook back into compose/gunicorn/gunicorn.conf.py',
  );
});

test("the dev server is ready at Werkzeug's banner", () => {
  expect(replicaReadiness('app', [' * Running on http://127.0.0.1:5000'], 'werkzeug').ready).toBe(false);
  expect(
    replicaReadiness('app', [' * Running on http://127.0.0.1:5000', 'Press CTRL+C to quit'], 'werkzeug'),
  ).toMatchObject({ ready: true, gunicorn: null });
});

test('a forward-proxy service that ended is named with its own reason and the file to fix', () => {
  const rule = proxyReadiness('httptest-forward-proxy-1-x', { username: 'office', password: 'p' });
  const ended = (service: string): ContainerState => ({
    id: service,
    service,
    status: 'exited',
    exitCode: 1,
    startedAt: '',
    hostname: service,
    addresses: [],
  });
  expect(
    rule.whyEnded?.(ended('icap'), '2026-12-01T20:00:00Z Error opening/parsing config file\n2026-12-01T20:00:00Z bye'),
  ).toBe(
    'Error opening/parsing config file — the virus scanner did not start: fix compose/forward-proxy/c-icap.conf or scanner.sh',
  );
  expect(
    rule.whyEnded?.(
      ended('proxy'),
      '2026-12-01T20:00:00Z 2026/12/01 20:00:00| FATAL: The basicauthenticator helpers are crashing too rapidly, need help!',
    ),
  ).toMatch(
    /^FATAL: The basicauthenticator helpers are crashing too rapidly, need help! — squid's password check \(basic_ncsa_auth\) cannot read its password file/,
  );
});

test("a user's app serves once / answers below 500, a redirect included; the probe app once its health route is 2xx", () => {
  // A redirect is an answer: where it points (a port the Host lost behind nginx) is a finding, not unreadiness.
  expect([200, 302, 404, 499].map((status) => answeredReady(true, status))).toEqual([true, true, true, true]);
  expect([500, 502, 0].map((status) => answeredReady(true, status))).toEqual([false, false, false]);
  expect([200, 204].map((status) => answeredReady(false, status))).toEqual([true, true]);
  expect([302, 404, 500].map((status) => answeredReady(false, status))).toEqual([false, false, false]);
});
