// Unit: whether a page of another origin can read an answer, the errors it is asked for, and which of them
// count against the stack (lib/porting/cors.ts).
import { expect, test } from '@playwright/test';
import { allows, errorRequests, foreignOrigin, judgeCors } from '../lib/porting/cors.js';

test('Access-Control-Allow-Origin lets a page read an answer when it is * or its own origin', () => {
  expect(allows('*')).toBe(true);
  expect(allows(foreignOrigin)).toBe(true);
  expect(allows(' http://localhost:5173 ')).toBe(true);
  expect(allows('https://books.example')).toBe(false);
  expect(allows(null)).toBe(false);
  expect(allows('')).toBe(false);
});

test('the errors go where the CORS route is: a missing path beside it, a large body and a long line to it', () => {
  const r = errorRequests('/api/books', 'ab12');
  expect(r.map((x) => [x.method, x.path.slice(0, 30), x.bodyBytes ?? 0])).toEqual([
    ['GET', '/api/http-test-missing-ab12', 0],
    ['POST', '/api/books', 2 * 1024 * 1024],
    ['GET', `/api/books?q=${'x'.repeat(17)}`, 0],
  ]);
  // Over Gunicorn's 4094-byte request line, under nginx's 8 KiB header buffer.
  expect(r[2]!.path.length).toBeGreaterThan(4094);
  expect(r[2]!.path.length).toBeLessThan(8000);
  expect(errorRequests('/', 'x')[0]!.path).toBe('/http-test-missing-x');
});

test("only errors the server in front made without the header count; the app's own are noted apart", () => {
  const v = judgeCors([
    { request: 'GET /api/missing', status: 404, worker: 'app1/8', allowOrigin: foreignOrigin },
    { request: 'POST /api/books with a 2 MiB body', status: 413, worker: null, allowOrigin: null },
    { request: 'GET /api/books?q=…', status: 400, worker: null, allowOrigin: '*' },
    { request: 'GET /api/other', status: 500, worker: 'app1/9', allowOrigin: null },
    { request: 'GET /cut', status: 0, worker: null, allowOrigin: null },
  ]);
  expect(v).toEqual({
    unreadable: ['POST /api/books with a 2 MiB body: 413 from the server in front'],
    appsOwn: ['GET /api/other: 500 from app1/9'],
  });
});
