// Unit: a user app's answer as the porting check reads it (lib/clients/app-client.ts toAnswer, answerSummary):
// which process made it, the main content type, every cookie set, and how it reads in a route table.
import type { IncomingHttpHeaders } from 'node:http';
import { expect, test } from '@playwright/test';
import { type AppAnswer, answerSummary, readersOf, toAnswer } from '../lib/clients/app-client.js';
import type { TimedResponse } from '../lib/clients/http.js';

function response(status: number, headers: IncomingHttpHeaders, body = ''): TimedResponse {
  const bytes = Buffer.from(body);
  return {
    request: 'GET /',
    status,
    headers,
    body: bytes,
    ms: 12,
    startedAt: 0,
    text: () => bytes.toString('utf8'),
    json: <T>() => JSON.parse(bytes.toString('utf8')) as T,
  };
}

test('an answer the app made carries its process and session-key stamps; its content type loses its parameters', () => {
  const answer = toAnswer(
    '/notes',
    response(
      200,
      {
        'content-type': 'text/html; charset=utf-8',
        'x-http-test-worker': 'app1/17',
        'x-http-test-session-key': 'none',
        'set-cookie': ['session=abc; HttpOnly', 'theme=dark'],
        'x-http-test-remote-addr': '172.18.0.4',
        'access-control-allow-origin': 'http://localhost:5173',
        'x-ratelimit-limit': '5',
        'x-ratelimit-remaining': '3',
        'x-ratelimit-reset': '1764640000',
        'retry-after': 'Wed, 21 Oct 2015 07:28:00 GMT',
      },
      '<h1>Notes</h1>',
    ),
  );
  expect(answer).toEqual({
    path: '/notes',
    status: 200,
    contentType: 'text/html',
    location: null,
    body: '<h1>Notes</h1>',
    ms: 12,
    streamed: false,
    worker: 'app1/17',
    sessionKey: 'none',
    setCookies: ['session=abc; HttpOnly', 'theme=dark'],
    remoteAddr: '172.18.0.4',
    allowOrigin: 'http://localhost:5173',
    // Retry-After as an HTTP date is no number of seconds: not read.
    rateLimit: { limit: 5, remaining: 3, reset: 1764640000, retryAfter: null },
  });
});

test('an answer the server in front made has no worker; no content type is an empty one', () => {
  expect(toAnswer('/x', response(502, {}))).toMatchObject({
    worker: null,
    sessionKey: null,
    contentType: '',
    setCookies: [],
    remoteAddr: null,
    allowOrigin: null,
    rateLimit: { limit: null, remaining: null, reset: null, retryAfter: null },
  });
});

const answer = (over: Partial<AppAnswer>): AppAnswer => ({
  path: '/',
  status: 200,
  contentType: 'text/html',
  location: null,
  body: '',
  ms: 1,
  streamed: false,
  worker: null,
  sessionKey: null,
  setCookies: [],
  remoteAddr: null,
  allowOrigin: null,
  rateLimit: { limit: null, remaining: null, reset: null, retryAfter: null },
  ...over,
});

test('in a route table: status and content type, a redirect with its target, no answer with its reason', () => {
  expect(answerSummary(answer({}))).toBe('200 text/html');
  expect(answerSummary(answer({ status: 204, contentType: '' }))).toBe('204');
  expect(answerSummary(answer({ status: 302, location: '/login?next=%2F' }))).toBe('302 → /login?next=%2F');
  expect(answerSummary(answer({ status: 301 }))).toBe('301 → ?');
  expect(answerSummary(answer({ contentType: 'text/event-stream', streamed: true }))).toBe(
    '200 text/event-stream (a stream, still open after 5 s)',
  );
  expect(
    answerSummary(answer({ status: 0, body: `connect ECONNREFUSED 127.0.0.1:8000${' and more'.repeat(10)}` })),
  ).toBe(`no answer (${`connect ECONNREFUSED 127.0.0.1:8000${' and more'.repeat(10)}`.slice(0, 60)})`);
});

test("a write's readers: a process showing it on any route sees it; one that answered such a route without it misses it", () => {
  const answer = (body: string) => ({ body }) as AppAnswer;
  const home = new Map([
    ['app1/8', [answer('<li>m-1</li>')]],
    ['app2/9', [answer('<li></li>')]],
  ]);
  const list = new Map([
    ['app2/9', [answer('m-1')]],
    ['app2/10', [answer('nothing')]],
  ]);
  // A route where no process shows the write says nothing about anyone.
  const unrelated = new Map([['app3/1', [answer('about')]]]);
  const { saw, missed } = readersOf([home, list, unrelated], 'm-1');
  expect([...saw].sort()).toEqual(['app1/8', 'app2/9']);
  expect([...missed]).toEqual(['app2/10']);
});

test('a read that failed (no answer, a 5xx) is no read that missed the write; one that answered without it is', () => {
  const answer = (status: number, body: string) => ({ status, body }) as AppAnswer;
  const list = new Map([
    ['app1/8', [answer(200, 'm-1')]],
    ['(the server in front)', [answer(0, 'socket hang up'), answer(502, 'Bad Gateway')]],
    ['app1/9', [answer(500, 'Internal Server Error'), answer(200, 'nothing')]],
  ]);
  const { saw, missed } = readersOf([list], 'm-1');
  expect([...saw]).toEqual(['app1/8']);
  expect([...missed]).toEqual(['app1/9']);
});
