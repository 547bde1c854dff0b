// Behaviour: static files arrive byte for byte the same on every stack; nginx serves them from disk itself,
// elsewhere the WSGI app does; both validate a conditional request with 304 Not Modified. nginx also tells
// browsers to keep the Vue page's content-hashed assets for a year without asking again (expires), while
// the page that names them is revalidated every time; Flask sends `no-cache` for everything it serves.
import { createHash, randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { madeByApp } from '../lib/clients/http.js';
import { composeDir } from '../lib/run/settings.js';
import { builtScriptPath } from '../lib/run/web-build.js';
import { expect, test } from '../fixtures/test.js';

const file = 'known-64k.txt';
const sha256 = (data: Buffer) => createHash('sha256').update(data).digest('hex');

test('Static files are the same bytes everywhere, served by nginx itself when it is in front', async ({
  probe,
  stack,
  stackDefinition,
  evidence,
}) => {
  const marker = randomUUID();
  const response = await probe.get(probe.url(`/static/${file}?marker=${marker}`));
  const servedByApp = madeByApp(response.headers);
  evidence.record('bytes', response.body.length);
  evidence.key('served by', servedByApp ? 'the WSGI app' : 'nginx');
  evidence.record('Server', String(response.headers.server ?? '(none)'));

  expect(response.status).toBe(200);
  expect(sha256(response.body), 'same bytes as the file in the repository').toBe(
    sha256(readFileSync(path.join(composeDir, 'app', 'static', file))),
  );
  expect(servedByApp, 'the app made this response').toBe(stackDefinition.staticServedBy === 'app');
  await test.step("the app's access log shows whether it served the file", async () => {
    // Counted once a later request has reached every replica's log, so a 0 is a real 0.
    expect(await stack.appRequestsContaining(marker), "requests for the file in the app's access logs").toBe(
      stackDefinition.staticServedBy === 'app' ? 1 : 0,
    );
  });
});

test('A conditional request for an unchanged static file gets 304 Not Modified', async ({ request, evidence }) => {
  const first = await request.get(`/static/${file}`);
  const etag = first.headers()['etag'];
  const lastModified = first.headers()['last-modified'];
  evidence.record('ETag', etag ?? '(none)');
  evidence.record('Last-Modified', lastModified ?? '(none)');
  expect(etag, 'an ETag validator').toBeTruthy();
  expect(lastModified, 'a Last-Modified validator').toBeTruthy();

  const byEtag = await request.get(`/static/${file}`, { headers: { 'If-None-Match': etag ?? '' } });
  const byDate = await request.get(`/static/${file}`, { headers: { 'If-Modified-Since': lastModified ?? '' } });
  evidence.key('If-None-Match', byEtag.status());
  evidence.record('If-Modified-Since', byDate.status());
  expect(byEtag.status(), 'If-None-Match with the ETag').toBe(304);
  expect((await byEtag.body()).length, 'a 304 carries no body').toBe(0);
  expect(byDate.status(), 'If-Modified-Since with Last-Modified').toBe(304);
});

test('Hashed assets may be kept for a year, the page that names them is revalidated', async ({
  request,
  stackDefinition,
  evidence,
}) => {
  const page = await request.get('/');
  const asset = builtScriptPath(await page.text()) ?? '';
  expect(asset, 'the built page names a hashed script').toMatch(/-[\w-]{8}\.js$/);
  const script = await request.get(asset);
  const assetCaching = script.headers()['cache-control'] ?? '(none)';
  const pageCaching = page.headers()['cache-control'] ?? '(none)';
  evidence.key('asset Cache-Control', assetCaching);
  evidence.record('page Cache-Control', pageCaching);

  expect(pageCaching, 'the page: always ask first').toMatch(/no-cache/);
  if (stackDefinition.longLivedAssets) {
    expect(assetCaching, 'the asset may be kept a year').toMatch(/max-age=31536000/);
    expect(assetCaching, 'not even revalidated on reload').toMatch(/immutable/);
  } else {
    expect(assetCaching, 'every use of an asset asks the server again').toMatch(/no-cache/);
  }
});
