// Unit: the status of a raw HTTP answer as the slow clients read it (lib/clients/raw-client.ts).
import { expect, test } from '@playwright/test';
import { statusOfRawResponse } from '../lib/clients/raw-client.js';

test("the status is the status line's code, for HTTP/1.0 and HTTP/1.1", () => {
  expect(statusOfRawResponse('HTTP/1.1 408 Request Timeout\r\nConnection: close\r\n\r\n')).toBe(408);
  expect(statusOfRawResponse('HTTP/1.0 200 OK\r\n\r\n{"status":"ok"}')).toBe(200);
});

test('a connection closed with nothing said, or with something that is not a status line, is 0', () => {
  expect(statusOfRawResponse('')).toBe(0);
  expect(statusOfRawResponse('<html>400 Bad Request</html>')).toBe(0);
  expect(statusOfRawResponse('HTTP/2 200\r\n\r\n')).toBe(0);
  expect(statusOfRawResponse('garbage\r\nHTTP/1.1 200 OK\r\n')).toBe(0);
});
