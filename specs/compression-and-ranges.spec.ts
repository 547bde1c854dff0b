// Behaviour: how a text file travels. nginx gzips text for clients that accept it (gzip on, text types,
// over 1 KiB); neither Werkzeug nor Gunicorn compresses anything. Every stack honours a Range request
// with 206 Partial Content, so downloads can resume.
import { gunzipSync } from 'node:zlib';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { composeDir } from '../lib/run/settings.js';
import { expect, test } from '../fixtures/test.js';

const file = 'known-64k.txt';
const original = () => readFileSync(path.join(composeDir, 'app', 'static', file));

test('Text is gzip-compressed on the wire only where nginx is in front', async ({
  probe,
  stackDefinition,
  evidence,
}) => {
  // The client does not decompress: the bytes measured are the bytes on the wire.
  const response = await probe.get(probe.url(`/static/${file}`), { headers: { 'Accept-Encoding': 'gzip' } });
  const encoding = response.headers['content-encoding'] ?? '(none)';
  evidence.key('bytes on the wire', response.body.length, 'bytes');
  evidence.record('Content-Encoding', encoding);
  expect(response.status).toBe(200);
  if (stackDefinition.compressesText) {
    expect(encoding, 'Content-Encoding on the wire').toBe('gzip');
    expect(response.body.length, 'smaller than the file').toBeLessThan(original().length / 4);
    expect(gunzipSync(response.body).equals(original()), 'the same bytes once unzipped').toBe(true);
  } else {
    expect(encoding, 'Content-Encoding on the wire').toBe('(none)');
    expect(response.body.equals(original()), "the file's own bytes").toBe(true);
  }
});

test('A Range request gets 206 Partial Content with exactly the bytes asked for', async ({ probe, evidence }) => {
  const response = await probe.get(probe.url(`/static/${file}`), { headers: { Range: 'bytes=100-199' } });
  evidence.key('status', response.status);
  evidence.record('Content-Range', response.headers['content-range'] ?? '(none)');
  expect(response.status).toBe(206);
  expect(response.headers['content-range'], 'Content-Range').toBe(`bytes 100-199/${original().length}`);
  expect(response.body.equals(original().subarray(100, 200))).toBe(true);
});
