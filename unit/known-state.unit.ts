// Unit: what a known state compares and how an app stack is put back (lib/stacks/known-state.ts).
import { expect, test } from '@playwright/test';
import type { ContainerProcess, ContainerState } from '../lib/docker/cli.js';
import { differences, nearRetirement, restartOrder, snapshotOf } from '../lib/stacks/known-state.js';

const state = (service: string, changes: Partial<ContainerState> = {}): ContainerState => ({
  id: `${service}-id-0123456789ab`,
  service,
  status: 'running',
  exitCode: 0,
  startedAt: '2026-12-01T20:00:00.000000000Z',
  hostname: service,
  addresses: ['172.18.0.2'],
  ...changes,
});
const proc = (pid: number, command: string, ppid = 1): ContainerProcess => ({
  pid: String(pid),
  ppid: String(ppid),
  command,
});

const gunicorn = [
  proc(10, 'gunicorn: master [app:app]'),
  proc(11, 'gunicorn: worker [app:app]', 10),
  proc(12, 'gunicorn: worker [app:app]', 10),
];
const nginx = [
  proc(20, 'nginx: master process nginx -g daemon off;'),
  proc(21, 'nginx: worker process', 20),
  proc(22, 'nginx: cache loader process', 20),
];

test('a snapshot counts the serving processes: not the cache loader, not a child still titled as its master', () => {
  const forking = [...nginx, proc(23, 'nginx: master process nginx -g daemon off;', 20)];
  const [entry] = snapshotOf([state('nginx')], new Map([['nginx-id-0123456789ab', forking]])).values();
  expect(entry?.processes).toEqual(['20 nginx: master process nginx -g daemon off;', '21 nginx: worker process']);
  expect(entry?.draining).toBe(0);
});

test('a quick look lists no processes; a stopped container none', () => {
  const quick = snapshotOf([state('app')], null);
  expect(quick.get('app')?.processes).toBeNull();
  const stopped = snapshotOf([state('app', { status: 'exited' })], new Map([['app-id-0123456789ab', gunicorn]]));
  expect(stopped.get('app')).toMatchObject({ running: false, processes: [] });
});

test('what differs is named per service: gone, replaced, stopped, restarted, draining, processes', () => {
  const services = ['gone', 'replaced', 'stopped', 'restarted', 'draining', 'worker', 'same'];
  const processes = new Map(services.map((s) => [`${s}-id-0123456789ab`, s === 'draining' ? nginx : gunicorn]));
  const reference = snapshotOf(
    services.map((s) => state(s)),
    processes,
  );
  const now = snapshotOf(
    [
      state('replaced', { id: 'new-container-id-0000' }),
      state('stopped', { status: 'exited' }),
      state('restarted', { startedAt: '2026-12-01T20:05:00.000000000Z' }),
      state('draining'),
      state('worker'),
      state('same'),
    ],
    new Map([
      ...processes,
      ['draining-id-0123456789ab', [...nginx, proc(24, 'nginx: worker process is shutting down', 20)]],
      ['worker-id-0123456789ab', [gunicorn[0]!, gunicorn[1]!, proc(13, 'gunicorn: worker [app:app]', 10)]],
    ]),
  );
  expect(Object.fromEntries(differences(reference, now))).toEqual({
    gone: 'gone has no container',
    replaced: 'replaced is another container (new-containe, was replaced-id-)',
    stopped: 'stopped not running',
    restarted: 'restarted restarted',
    draining: 'draining: 1 worker(s) still draining after a reload',
    worker: 'worker: 1 process(es) gone, 1 new',
  });
});

test('a quick look compares containers only: new processes are not a difference, a restart is', () => {
  const reference = snapshotOf([state('app')], new Map([['app-id-0123456789ab', gunicorn]]));
  expect(differences(reference, snapshotOf([state('app')], null)).size).toBe(0);
  expect([...differences(reference, snapshotOf([state('app', { startedAt: 'later' })], null)).values()]).toEqual([
    'app restarted',
  ]);
});

test('a replica within a test of max_requests counts as changed; access lines only', () => {
  const access = (n: number) =>
    Array.from(
      { length: n },
      (_, i) => `2026-12-01T20:00:00Z 172.18.0.1 - - "GET /api/health?i=${i} HTTP/1.1" 200 52`,
    ).join('\n');
  const found = nearRetirement(
    ['app1', 'app2'],
    [access(900), `${access(899)}\n[INFO] Booting worker with pid: 12`],
    1000,
  );
  expect([...found.keys()]).toEqual(['app1']);
  expect(found.get('app1')).toBe(
    'app1 served 900 requests since it started: a worker may reach max_requests (1000) in the next test',
  );
  expect(nearRetirement(['app'], [access(5000)], 0).size).toBe(0);
});

test('behind nginx the replicas restart first and nginx alone after them; without a proxy the replica is the entry', () => {
  const nginxStack = { entry: { service: 'nginx', port: 80 }, appReplicas: ['app1', 'app2'], proxy: 'nginx' as const };
  expect(restartOrder(nginxStack, ['app2'], false)).toEqual([['app2'], ['nginx']]);
  expect(restartOrder(nginxStack, ['nginx', 'app1'], false)).toEqual([['app1'], ['nginx']]);
  expect(restartOrder(nginxStack, [], true)).toEqual([[], ['nginx']]);
  expect(restartOrder(nginxStack, [], false)).toEqual([[], []]);
  const dev = { entry: { service: 'app', port: 5000 }, appReplicas: ['app'], proxy: null };
  expect(restartOrder(dev, ['app'], false)).toEqual([['app'], []]);
});
