// Unit: the passive health checks read from compose/nginx (lib/stacks/nginx-config.ts): what a request that
// meets a silent replica waits, and how long nginx then leaves that replica alone.
import { expect, test } from '@playwright/test';
import { nginxSeconds, passiveHealthChecks } from '../lib/stacks/nginx-config.js';

test('nginx times read in seconds: 10s, 500ms, 1m, a bare number', () => {
  expect([nginxSeconds('10s'), nginxSeconds('500ms'), nginxSeconds('1m'), nginxSeconds('3')]).toEqual([10, 0.5, 60, 3]);
  expect(() => nginxSeconds('soon')).toThrow(/not an nginx time/);
});

test("max_fails and fail_timeout per server, nginx's defaults where unwritten; proxy_connect_timeout", () => {
  const text = 'proxy_connect_timeout 2s;\nupstream app {\n    server app1:8000;\n    server app2:8000 max_fails=0 fail_timeout=30s;\n}\nupstream other { server app1:8000 max_fails=3; }';
  expect(passiveHealthChecks('app', text)).toEqual({
    connectTimeoutSeconds: 2,
    servers: { app1: { maxFails: 1, failTimeoutSeconds: 10 }, app2: { maxFails: 0, failTimeoutSeconds: 30 } },
  });
  expect(passiveHealthChecks('other', 'upstream other { server app1:8000; }').connectTimeoutSeconds, "nginx's default").toBe(60);
});
