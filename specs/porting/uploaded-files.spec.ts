// Behaviour: a file uploaded through the app's own form is served back by every process. In Chromium, as a
// user would (logged in first through the app's registration and login forms where the upload form needs an
// account), a small file with a unique name and content is uploaded; the URL the app serves it at is found
// in the answer (a redirect, a link or image on the page, or on the app's pages), then asked through the
// stack again and again, and the pages that list it are read from every process. On the dev server and under
// Gunicorn (one disk) every GET finds it; behind nginx each replica saves to its own disk, so about every
// other GET is a 404 and a listing of the folder lacks it. Fix: storage every replica reaches, a shared
// volume mounted at the upload folder (HTTP_TEST_SHARED_DIRS here) or object storage (S3), never the
// container's own disk.
import { randomBytes } from 'node:crypto';
import { expect, test } from '../../fixtures/test.js';
import { appProcesses } from '../../lib/stacks/definitions.js';
import { readersOf, type AppAnswer } from '../../lib/clients/app-client.js';
import {
  formsByRole,
  logOutPath,
  newAccount,
  uploadForms,
  withoutLogOut,
  type PageForm,
} from '../../lib/porting/forms.js';
import { formsOn, logInOnSomeProcess, submitAsUser, type Submitted } from '../../lib/porting/page-forms.js';
import { linksIn, readGets, uploadFile, urlsNaming, type FileGet, type UploadFile } from '../../lib/porting/uploads.js';

const fix =
  "Fix: keep uploads where every replica reads them: a volume every replica mounts at the upload folder (a shared volume, NFS; HTTP_TEST_SHARED_DIRS=uploads here) or object storage (S3 and a URL to it), never the container's own disk";

test("A file uploaded through the app's form is served back by every process", async ({
  page,
  app,
  stack,
  stackDefinition,
  evidence,
}) => {
  const origin = stack.baseURL;
  // Logged in, a user does not visit the log-out page on the way: it would end the session the upload needs.
  const paths = withoutLogOut(app.getPaths());
  test.skip(paths.length === 0, 'the app has no route without arguments that allows GET');
  const processes = appProcesses(stackDefinition);
  const id = randomBytes(4).toString('hex');
  const account = newAccount(id);
  const marker = `http-test-${id}`;

  let forms = await test.step("read the forms of the app's pages", async () => formsOn(page, origin, paths));
  let uploading = uploadForms(forms);
  let loggedIn = '';
  if (uploading.length === 0) {
    // The upload form may be for members only: an account made through the app's own forms, as user-journey does.
    const byRole = formsByRole(forms);
    const register = byRole.register[0];
    const login = byRole.login[0];
    if (register && login)
      await test.step(`register ${account.username} and log in, then read the forms again`, async () => {
        const registered = await submitAsUser(page, origin, register, account, marker);
        if (
          registered.ok &&
          (await logInOnSomeProcess(
            page,
            processes * 2,
            () => submitAsUser(page, origin, login, account, marker),
            () => app.attempt('/'),
          ))
        )
          loggedIn = ` (logged in as ${account.username})`;
        if (loggedIn) forms = await formsOn(page, origin, paths);
        uploading = uploadForms(forms);
      });
  }
  test.skip(
    uploading.length === 0,
    `no form with a file field (<input type="file">) on the app's pages without arguments${loggedIn || (formsByRole(forms).login.length ? ', logged out (the check made no account it could log in with)' : '')}`,
  );
  const form: PageForm = uploading[0]!;
  const field = form.fields.find((f) => f.type === 'file')!;
  const cookieHeader = async () => (await page.context().cookies(origin)).map((c) => `${c.name}=${c.value}`).join('; ');

  const { file, sent } = await test.step(`upload a file through ${form.page} (field "${field.name}")`, async () => {
    let tried: { file: UploadFile; sent: Submitted } | null = null;
    // A text file first, unless the field asks for images; an app that checks the extension itself and
    // refuses it gets a tiny PNG next, as a user would pick a photo.
    for (const kind of ['any', 'image'] as const) {
      const candidate = uploadFile(field.accept, id, kind);
      if (!candidate || (tried && tried.file.mimeType === candidate.mimeType)) continue;
      const answer = await submitAsUser(page, origin, form, account, marker, { [field.name]: candidate });
      tried = { file: candidate, sent: answer };
      if (answer.status < 400) break;
    }
    return tried ?? { file: null, sent: null };
  });
  test.skip(
    !file || !sent,
    `the file field of ${form.page} accepts only ${field.accept}, a type the check cannot make (it uploads a text file or a PNG)`,
  );
  evidence.record('uploaded', `${file!.name} (${file!.buffer.length} bytes) through ${form.page}${loggedIn}`);
  evidence.record(
    'upload answer',
    `${sent!.status} from ${sent!.worker ?? 'the server in front'}${sent!.location ? ` → ${sent!.location}` : ''}, landed on ${sent!.landed}`,
  );
  test.skip(
    sent!.status >= 400,
    `the app refused the upload of ${file!.name} through ${form.page} (${sent!.status}): the check could store no file`,
  );
  const stem = `httptest-${id}`;
  const landedBody = await page.content();
  const options = { headers: { Cookie: await cookieHeader() } };

  // Every page of the app from every process: a listing made from the folder (os.listdir) shows the file only
  // where the file is; a link to it may likewise be on one replica's page only.
  const reads = await test.step("read the app's pages from every process", async () => {
    const out = new Map<string, Map<string, AppAnswer[]>>();
    for (const path of paths) out.set(path, await app.fromEveryProcess(path, processes, 4, options));
    return out;
  });
  const bodies = [
    landedBody,
    sent!.location ?? '',
    ...[...reads.values()].flatMap((m) => [...m.values()].flat().map((a) => a.body)),
  ];
  const base = `${origin}${sent!.landed}`;
  const named = [...new Set(bodies.flatMap((b) => urlsNaming(b, stem, base)))].filter((p) => !paths.includes(p));
  // An app that renames the upload (a uuid) serves it under a name of its own: any other link of its pages may
  // be it (after the URLs that name it).
  // Never a link that ends the session or deletes something (a GET /photos/3/delete is as common as it is wrong).
  const links = [...new Set(bodies.flatMap((b) => linksIn(b, base)))].filter(
    (p) => !paths.includes(p) && !named.includes(p) && !logOutPath.test(p) && !/delete|remove|destroy/i.test(p),
  );
  const candidates = [...named, ...links].slice(0, 40);
  const url = await test.step(`find the URL that answers with the file (${candidates.length} candidates)`, async () => {
    // A URL that names the file may still be a page (/?uploaded=…): the one whose answer is the file's content.
    // Asked more than once: behind nginx the first answer may come from a replica without the file.
    for (const candidate of candidates)
      for (let attempt = 0; attempt < (named.includes(candidate) ? processes : 2); attempt += 1)
        if ((await app.attempt(candidate, options)).body.includes(file!.content)) return candidate;
    return undefined;
  });
  const listing = [...reads].filter(([, byWorker]) => [...byWorker.values()].flat().some((a) => a.body.includes(stem)));
  evidence.record(
    'served at',
    url ?? (candidates.length ? `none of ${candidates.slice(0, 5).join(', ')}` : 'no URL found'),
  );
  evidence.record('pages that list it', listing.length ? listing.map(([p]) => p) : 'none');
  test.skip(
    !url && listing.length === 0,
    `the app stores uploads (${sent!.status} for ${file!.name}) but serves no URL to them that the check could find (in the answer, its redirect, or the app's pages without arguments), and no page lists it`,
  );

  const findings: string[] = [];
  let figure = '';
  if (url) {
    const gets = await test.step(`GET ${url} again and again through the stack`, async () => {
      const out: FileGet[] = [];
      for (let attempt = 0; attempt < 2 * processes + 4; attempt += 1) {
        // A round-robin in front sends every other request to the same replica: one request more every
        // other time lets the GETs of the file reach each replica (as user-journey's logins do).
        if (attempt % 2 === 1) await app.attempt('/', options);
        const answer = await app.attempt(url, options);
        out.push({
          worker: answer.worker ?? '(the server in front)',
          status: answer.status,
          found: answer.status === 200 && answer.body.includes(file!.content),
        });
      }
      return out;
    });
    const read = readGets(gets);
    evidence.record(
      'GETs of the file',
      gets.map((g) => `${g.status}${g.found ? '' : ' (not the file)'} from ${g.worker}`),
    );
    figure = `GET ${url}: ${read.summary}`;
    const onlyMissing = read.missedBy.filter((w) => !read.servedBy.includes(w));
    if (read.missedBy.length)
      findings.push(
        `GET ${url} (uploaded through ${sent!.worker ?? 'the server in front'}) answered ${read.summary}: served by ${read.servedBy.join(', ')}, not by ${(onlyMissing.length ? onlyMissing : read.missedBy).join(', ')}`,
      );
  }
  for (const [path, byWorker] of listing) {
    const { saw, missed } = readersOf([byWorker], stem);
    figure += `${figure ? '; ' : ''}${path} lists it on ${saw.size} of ${saw.size + missed.size}`;
    if (missed.size)
      findings.push(
        `${path} lists ${file!.name} on ${saw.size} of ${saw.size + missed.size} processes (missing: ${[...missed].join(', ')})`,
      );
  }
  evidence.key('uploaded file across processes', findings.length ? findings : figure, { id: 'uploaded-files' });
  expect(
    findings,
    `a file uploaded through ${form.page} is not served by every process: ${findings.join('; ')} (on the dev server, one process and one disk, every GET finds it). ${fix}`,
  ).toEqual([]);
});
