// Unit: the probe app's URLs as lib/clients/probe-client.ts builds them (no request is sent).
import { expect, test } from '@playwright/test';
import { ProbeClient } from '../lib/clients/probe-client.js';

const client = new ProbeClient('http://127.0.0.1:8080');

test('an API route is the entry, the API mount and the route, with only the parameters given', () => {
  expect(client.route('health')).toBe('http://127.0.0.1:8080/api/health');
  expect(client.route('sleep', { s: 0.5 })).toBe('http://127.0.0.1:8080/api/sleep?s=0.5');
  expect(client.route('crash', { only_on: undefined })).toBe('http://127.0.0.1:8080/api/crash');
  expect(client.route('login', { user: 'a b&c' })).toBe('http://127.0.0.1:8080/api/login?user=a+b%26c');
});

test('anything else the stack serves is the entry and its path', () => {
  expect(client.url('/static/known-64k.txt')).toBe('http://127.0.0.1:8080/static/known-64k.txt');
});

test('the cacheable route: public is the plain route, other variants their own path, the key last', () => {
  expect(client.cacheableRoute({ key: 'k1' })).toBe('http://127.0.0.1:8080/api/cacheable?key=k1');
  expect(client.cacheableRoute({ key: 'k1', variant: 'public', ttl: 5 })).toBe(
    'http://127.0.0.1:8080/api/cacheable?ttl=5&key=k1',
  );
  expect(client.cacheableRoute({ key: 'k1', variant: 'private', delay: 1 })).toBe(
    'http://127.0.0.1:8080/api/cacheable/private?delay=1&key=k1',
  );
});

test('the same app through another proxy location keeps the entry; an origin function is asked each time', () => {
  expect(client.via('/lb/weighted').route('info')).toBe('http://127.0.0.1:8080/lb/weighted/info');
  let port = 1000;
  const moving = new ProbeClient(() => `http://127.0.0.1:${port}`);
  expect(moving.baseURL).toBe('http://127.0.0.1:1000');
  port = 2000;
  expect(moving.route('health')).toBe('http://127.0.0.1:2000/api/health');
  expect(moving.via('/lb/least-conn').baseURL).toBe('http://127.0.0.1:2000');
});
