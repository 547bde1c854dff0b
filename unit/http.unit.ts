// Unit: the answers of lib/clients/http.ts read without a server: JSON or one line saying what came instead,
// and whether the Flask app made an answer.
import { expect, test } from '@playwright/test';
import { madeByApp, parseJson, UnexpectedAnswerError } from '../lib/clients/http.js';

test('a JSON body is parsed as it is', () => {
  expect(parseJson('GET /api/health', 200, 'application/json', '{"status":"ok","pid":7}')).toEqual({
    status: 'ok',
    pid: 7,
  });
});

test("anything else fails in one line: the request, status, content type and the body's first non-blank line", () => {
  const page = '\n\n<html>\n<head><title>502 Bad Gateway</title></head>\n</html>';
  expect(() => parseJson('GET /api/crash', 502, 'text/html', page)).toThrow(UnexpectedAnswerError);
  expect(() => parseJson('GET /api/crash', 502, 'text/html', page)).toThrow(
    'GET /api/crash: expected JSON, got 502 text/html: <html>',
  );
  expect(() => parseJson('GET /api/x', 204, undefined, '')).toThrow(
    'GET /api/x: expected JSON, got 204 (no content type): (empty body)',
  );
});

test('the quoted line is cut at 120 characters, so a minified page stays one readable line', () => {
  let message = '';
  try {
    parseJson('GET /', 200, 'text/html', `<p>${'x'.repeat(500)}</p>`);
  } catch (error) {
    message = error instanceof Error ? error.message : '';
  }
  expect(message).toBe(`GET /: expected JSON, got 200 text/html: <p>${'x'.repeat(117)}`);
});

test("an answer is the app's only with X-Served-By: flask; the proxy's own pages have none", () => {
  expect(madeByApp({ 'x-served-by': 'flask' })).toBe(true);
  expect(madeByApp({ server: 'nginx' })).toBe(false);
  expect(madeByApp({ 'x-served-by': 'nginx' })).toBe(false);
});
