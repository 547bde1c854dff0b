// Unit: the numbers read from the nginx stack's config (lib/stacks/nginx-config.ts): the login rate limit,
// the weights of an upstream and the passive health checks (max_fails, fail_timeout, proxy_connect_timeout), from
// config text.
import { expect, test } from '@playwright/test';
import {
  loginRateLimit,
  nginxSeconds,
  passiveHealthChecks,
  upstreamWeights,
  withoutComments,
} from '../lib/stacks/nginx-config.js';

const limits = `
limit_req_zone $binary_remote_addr zone=login:1m rate=10r/s;
limit_req_status 429;
`;
const loginLocation = (directive: string) => `
location = /api/login {
    ${directive}
    proxy_pass http://app;
}
`;
const upstreams = `
upstream app_weighted {
    server app1:8000 weight=3;
    server app2:8000 weight=1 max_fails=2;
}
upstream app {
    server app1:8000;
    server app2:8000;
}
`;

test('the login rate limit is its zone rate, the burst of its location and limit_req_status', () => {
  expect(loginRateLimit(limits + loginLocation('limit_req zone=login burst=5 nodelay;'))).toEqual({
    ratePerSecond: 10,
    burst: 5,
    status: 429,
  });
});

test("without burst= the burst is 0, and without limit_req_status the status is nginx's default 503", () => {
  const text = 'limit_req_zone $binary_remote_addr zone=login:1m rate=2r/s;' + loginLocation('limit_req zone=login;');
  expect(loginRateLimit(text)).toEqual({ ratePerSecond: 2, burst: 0, status: 503 });
});

test('a login location without limit_req, or no login location at all, has no rate limit', () => {
  expect(loginRateLimit(limits + loginLocation(''))).toBeNull();
  expect(loginRateLimit(limits + 'location /api/ {\n    limit_req zone=login burst=5;\n}\n')).toBeNull();
});

test('a limit_req whose zone no limit_req_zone defines is an error naming the zone', () => {
  expect(() => loginRateLimit(limits + loginLocation('limit_req zone=logins burst=5;'))).toThrow(
    'compose/nginx: limit_req uses zone "logins", but no limit_req_zone defines it with a rate in r/s',
  );
});

test("each server of an upstream has its weight by host name; a server without weight= has nginx's 1", () => {
  expect(upstreamWeights('app_weighted', upstreams)).toEqual({ app1: 3, app2: 1 });
  expect(upstreamWeights('app', upstreams)).toEqual({ app1: 1, app2: 1 });
});

test('an upstream name is matched whole (app is not app_weighted), and a missing upstream is an error naming it', () => {
  expect(upstreamWeights('app', upstreams)).not.toEqual(upstreamWeights('app_weighted', upstreams));
  expect(() => upstreamWeights('app_least_conn', upstreams)).toThrow(
    'compose/nginx: no upstream block named app_least_conn',
  );
});

test('a commented-out directive is not read: comments go before the config is', () => {
  const commented = withoutComments(limits + loginLocation('# limit_req zone=login burst=5;'));
  expect(commented).not.toContain('burst=5');
  expect(loginRateLimit(commented)).toBeNull();
  expect(withoutComments('server app1:8000 weight=3; # was 2\n')).toBe('server app1:8000 weight=3; \n');
});

test("the stack's own compose/nginx files read without error: a login rate limit and both replicas' weights", () => {
  expect(loginRateLimit()).toMatchObject({ ratePerSecond: expect.any(Number), burst: expect.any(Number) });
  expect(Object.keys(upstreamWeights('app_weighted')).sort()).toEqual(['app1', 'app2']);
});

test('nginx times read in seconds: 10s, 500ms, 1m, a bare number', () => {
  expect([nginxSeconds('10s'), nginxSeconds('500ms'), nginxSeconds('1m'), nginxSeconds('3')]).toEqual([10, 0.5, 60, 3]);
  expect(() => nginxSeconds('soon')).toThrow(/not an nginx time/);
});

test("max_fails and fail_timeout per server, nginx's defaults where unwritten; proxy_connect_timeout", () => {
  const text =
    'proxy_connect_timeout 2s;\nupstream app {\n    server app1:8000;\n    server app2:8000 max_fails=0 fail_timeout=30s;\n}\nupstream other { server app1:8000 max_fails=3; }';
  expect(passiveHealthChecks('app', text)).toEqual({
    connectTimeoutSeconds: 2,
    servers: { app1: { maxFails: 1, failTimeoutSeconds: 10 }, app2: { maxFails: 0, failTimeoutSeconds: 30 } },
  });
  expect(
    passiveHealthChecks('other', 'upstream other { server app1:8000; }').connectTimeoutSeconds,
    "nginx's default",
  ).toBe(60);
});
