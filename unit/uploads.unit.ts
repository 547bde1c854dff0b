// Unit: what the uploaded-files check uploads and how it reads the answers (lib/porting/uploads.ts): the
// file a field's `accept` asks for, unique by name and content; the app's URLs that name it or may serve it;
// the GETs of it grouped by process; and the upload forms among a page's forms (lib/porting/forms.ts).
import { inflateSync } from 'node:zlib';
import { expect, test } from '@playwright/test';
import { crc32, linksIn, readGets, tinyPng, uploadFile, urlsNaming } from '../lib/porting/uploads.js';
import { uploadForms, type PageForm } from '../lib/porting/forms.js';

/** The chunks of a PNG: type, data, and whether its CRC is right. */
function chunks(png: Buffer): { type: string; data: Buffer; crcOk: boolean }[] {
  const out = [];
  for (let at = 8; at < png.length;) {
    const length = png.readUInt32BE(at);
    const type = png.subarray(at + 4, at + 8).toString('latin1');
    const data = png.subarray(at + 8, at + 8 + length);
    const crcOk = png.readUInt32BE(at + 8 + length) === crc32(png.subarray(at + 4, at + 8 + length));
    out.push({ type, data, crcOk });
    at += 12 + length;
  }
  return out;
}

test("CRC-32 is zlib's (the check value of the standard)", () => {
  expect(crc32(Buffer.from('123456789'))).toBe(0xcbf43926);
  expect(crc32(Buffer.from('IEND'))).toBe(0xae426082);
});

test('the tiny PNG is a valid 1×1 image whose text chunk carries the unique content', () => {
  const png = tinyPng('http-test-upload-1a2b3c4d');
  expect(png.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
  const parts = chunks(png);
  expect(parts.map((c) => c.type)).toEqual(['IHDR', 'tEXt', 'IDAT', 'IEND']);
  expect(parts.every((c) => c.crcOk)).toBe(true);
  expect(parts[0]!.data.readUInt32BE(0)).toBe(1);
  expect(parts[0]!.data.readUInt32BE(4)).toBe(1);
  // One scanline: filter byte 0, one grey pixel.
  expect([...inflateSync(parts[2]!.data)]).toEqual([0, 0x80]);
  expect(png.toString('latin1')).toContain('http-test-upload-1a2b3c4d');
});

test("the file follows the field's accept: a PNG for images, a text file otherwise, none for types it cannot make", () => {
  for (const accept of ['image/*', 'image/png,image/jpeg', '.jpg, .jpeg', '.PNG'])
    expect(uploadFile(accept, 'ab12', 'any')).toMatchObject({ name: 'httptest-ab12.png', mimeType: 'image/png' });
  for (const accept of [undefined, '', '*/*', 'text/plain', '.txt'])
    expect(uploadFile(accept, 'ab12')).toMatchObject({ name: 'httptest-ab12.txt', mimeType: 'text/plain' });
  expect(uploadFile('.csv', 'ab12')).toMatchObject({ name: 'httptest-ab12.csv', mimeType: 'text/csv' });
  expect(uploadFile('.pdf', 'ab12')).toBeNull();
  // A server that refused the text file is offered an image next, whatever accept says.
  expect(uploadFile('', 'ab12', 'image')?.mimeType).toBe('image/png');
  const text = uploadFile('', 'ab12')!;
  expect(text.buffer.toString()).toContain(text.content);
  expect(text.content).toBe('http-test-upload-ab12');
  expect(uploadFile('image/*', 'ab12')!.buffer.toString('latin1')).toContain('http-test-upload-ab12');
});

test("the app's URLs that name the file: in a page, a JSON answer, a Location; not another site's, not bare text", () => {
  const base = 'http://127.0.0.1:8080/upload';
  const page = `<p>httptest-ab12.png uploaded</p><a href="/uploads/httptest-ab12.png">it</a>
    <img src='static/uploads/u1/httptest-ab12.png?v=2'><a href="https://cdn.example/httptest-ab12.png">cdn</a>`;
  expect(urlsNaming(page, 'httptest-ab12', base)).toEqual([
    '/uploads/httptest-ab12.png',
    '/static/uploads/u1/httptest-ab12.png?v=2',
  ]);
  expect(urlsNaming('{"url": "/files/httptest-ab12.txt", "name": "httptest-ab12.txt"}', 'httptest-ab12', base)).toEqual(
    ['/files/httptest-ab12.txt'],
  );
  expect(urlsNaming('http://127.0.0.1:8080/media/httptest-ab12.txt', 'httptest-ab12', base)).toEqual([
    '/media/httptest-ab12.txt',
  ]);
  expect(urlsNaming('nothing here', 'httptest-ab12', base)).toEqual([]);
});

test("a page's own links (href, src, data) for an app that renames the upload; other sites and anchors left out", () => {
  const page = `<a href="/">home</a><a href=/f/9f1c>x</a><img src="/media/3e0b.png"><object data='/doc/1'></object>
    <a href="#top">top</a><a href="https://example.com/x">away</a><a href="/q?a=1&amp;b=2">q</a>`;
  expect(linksIn(page, 'http://127.0.0.1:8080/')).toEqual(['/', '/f/9f1c', '/media/3e0b.png', '/doc/1', '/q?a=1&b=2']);
});

test('the GETs of the file: which processes served it, which did not, counted by answer', () => {
  const read = readGets([
    { worker: 'app1/9', status: 404, found: false },
    { worker: 'app2/10', status: 200, found: true },
    { worker: 'app1/10', status: 404, found: false },
    { worker: 'app2/10', status: 200, found: true },
    { worker: 'app1/9', status: 200, found: false },
  ]);
  expect(read.servedBy).toEqual(['app2/10']);
  expect(read.missedBy).toEqual(['app1/9', 'app1/10']);
  expect(read.summary).toBe('2 × 404, 2 × 200 with the file, 1 × 200 without it');
  expect(readGets([{ worker: 'app/1', status: 200, found: true }]).missedBy).toEqual([]);
});

test('upload forms: a POST with a file field, each once; a GET search form or a form without one is not', () => {
  const form = (page: string, method: string, fields: PageForm['fields'], action = '/upload'): PageForm => ({
    page,
    index: 0,
    method,
    action,
    fields,
  });
  const photo = form('/upload', 'post', [{ name: 'photo', type: 'file', accept: 'image/*' }]);
  expect(
    uploadForms([
      photo,
      form('/', 'post', [{ name: 'photo', type: 'file' }]),
      form('/', 'get', [{ name: 'q', type: 'file' }]),
      form('/notes', 'post', [{ name: 'text', type: 'text' }], '/notes'),
    ]),
  ).toEqual([photo]);
});
