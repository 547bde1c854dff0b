// Behaviour: every answer from outside passes a virus scanner before an office machine gets it: the proxy
// hands each answer to c-icap over ICAP, ClamAV finds the EICAR test file, and the client gets the scanner's
// 403 "VIRUS FOUND" page naming the signature, never the file; a harmless file of the same size (68 bytes)
// arrives byte for byte. The signature was made locally from the file's MD5 (no updates can be downloaded).
import { randomUUID } from 'node:crypto';
import { expect, test } from '../../fixtures/forward-proxy.js';
import { forwardProxy as office, siteUrl } from '../../lib/forward-proxy/office.js';

test('The EICAR test file is stopped by the scanner and never reaches the client', async ({
  forwardProxy,
  evidence,
}) => {
  const visit = randomUUID();
  const since = new Date();
  const signature = await test.step("the scanner's signature (ClamAV .hdb: MD5:size:name)", async () =>
    (await forwardProxy.exec(office.scanner, ['cat', '/var/lib/clamav/local.hdb'])).trim());
  const [md5, size, name] = signature.split(':');
  evidence.record('signature', signature);
  const answer = await test.step('an office machine downloads eicar.com', async () =>
    forwardProxy.get(siteUrl('downloads', office.files.eicar, { visit })));
  evidence.key('eicar.com', `${answer.status} VIRUS FOUND: ${/<b>\s*([^<]+?)\s*<\/b>/.exec(answer.body)?.[1] ?? '?'}`, {
    id: 'eicar',
  });
  expect(answer.status, 'status for the EICAR test file').toBe(403);
  expect(answer.body, "the scanner's page").toContain('VIRUS FOUND');
  expect(answer.body, 'the page names the signature that matched').toContain(String(name));
  expect(answer.body, 'the file itself is not in the answer').not.toContain('EICAR-STANDARD-ANTIVIRUS-TEST-FILE');
  const atSite = await forwardProxy.originRequests('downloads', visit, since);
  evidence.record('times the site sent it', atSite.length);
  expect(atSite.length, 'the site did send the file: the proxy stopped it on the way').toBe(1);
  expect(Number(size), 'the signature is of a 68-byte file').toBe(68);
  expect(md5, 'the signature is an MD5').toMatch(/^[0-9a-f]{32}$/);
});

test('A harmless file of the same size passes the scanner unchanged', async ({ forwardProxy, evidence }) => {
  const original = await forwardProxy.exec(office.sites.downloads.service, ['cat', `/srv/files${office.files.clean}`]);
  const answer = await forwardProxy.get(siteUrl('downloads', office.files.clean, { visit: randomUUID() }));
  evidence.key('clean.txt', `${answer.status}, ${Buffer.byteLength(answer.body)} bytes`);
  expect(answer.status, 'status for the harmless file').toBe(200);
  expect(Buffer.byteLength(answer.body), 'bytes received').toBe(68);
  expect(answer.body, 'the file as the site has it').toBe(original);
});
