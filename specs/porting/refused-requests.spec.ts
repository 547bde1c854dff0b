// Behaviour: the servers in front of the app refuse or cut requests the dev server took: Gunicorn kills a
// worker busy longer than its `timeout`, nginx refuses a body over `client_max_body_size` (1m) and headers
// over its buffers. Checked with the app's own requests: its slowest route against the timeout, a large
// upload to each route that reads request.files, and the cookies it sets sent back. Fix: move slow work out of the
// request (a job
// queue) or raise the limit on purpose, in compose/gunicorn/gunicorn.conf.py or compose/nginx/limits.conf.
import { expect, test } from '../../fixtures/test.js';
import { portingTimeoutShare } from '../../lib/run/tolerances.js';
import { runsAlone } from '../../lib/stacks/runs-alone.js';

test(
  "The app's slowest route answers well within Gunicorn's timeout",
  runsAlone,
  async ({ app, stackDefinition, evidence }) => {
    test.skip(
      !stackDefinition.gunicorn,
      'no Gunicorn here: the dev server waits for a slow handler as long as it takes',
    );
    const paths = app.getPaths();
    test.skip(paths.length === 0, 'the app has no route without arguments that allows GET');
    const timeout = stackDefinition.gunicorn!.timeoutSeconds;
    let slowest = { path: '', seconds: 0, cut: false };
    for (const path of paths) {
      const started = performance.now();
      const answer = await app.attempt(path);
      const seconds = (performance.now() - started) / 1000;
      // Cut by the timeout: no answer, or the proxy's 502/504, once the limit has passed (a quick 502 is another
      // fault, which route-parity names).
      const cut = (answer.status === 0 || answer.status === 502 || answer.status === 504) && seconds >= timeout * 0.9;
      if (cut || seconds > slowest.seconds) slowest = { path, seconds, cut };
      if (cut) break;
    }
    evidence.key(
      'slowest route',
      `GET ${slowest.path}: ${slowest.cut ? 'cut' : `${slowest.seconds.toFixed(2)} s`} of timeout ${timeout} s`,
    );
    expect(slowest.cut, `GET ${slowest.path} was cut (Gunicorn's timeout is ${timeout} s)`).toBe(false);
    expect(slowest.seconds, `GET ${slowest.path} takes most of Gunicorn's timeout (${timeout} s)`).toBeLessThan(
      timeout * portingTimeoutShare,
    );
  },
);

test('An upload the app accepts when small is not refused by the server in front when large (2 MiB)', async ({
  app,
  evidence,
}) => {
  const form = (bytes: number) => {
    const boundary = 'http-test-boundary';
    const body = Buffer.concat([
      Buffer.from(
        `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="upload.bin"\r\nContent-Type: application/octet-stream\r\n\r\n`,
      ),
      Buffer.alloc(bytes, 0x61),
      Buffer.from(`\r\n--${boundary}--\r\n`),
    ]);
    return { body, headers: { 'Content-Type': `multipart/form-data; boundary=${boundary}` } };
  };
  const uploads: string[] = [];
  for (const path of app.uploadPaths()) {
    const small = await app.attempt(path, { method: 'POST', ...form(1024) });
    if (small.status >= 200 && small.status < 400 && small.worker) uploads.push(path);
  }
  test.skip(
    uploads.length === 0,
    app.uploadPaths().length
      ? `no upload route accepted a 1 KiB file (multipart, field "file"): ${app.uploadPaths().join(', ')}`
      : 'no route of the app reads uploaded files (request.files)',
  );
  const refused: string[] = [];
  const results: Record<string, string> = {};
  for (const path of uploads) {
    const large = await app.attempt(path, { method: 'POST', ...form(2 * 1024 * 1024) });
    results[path] = `${large.status} from ${large.worker ? 'the app' : 'the server in front'}`;
    if (!large.worker) refused.push(`${path}: ${large.status}`);
  }
  evidence.key('2 MiB upload', results);
  expect(refused.length, `uploads refused before they reached the app: ${refused.join('; ')}`).toBe(0);
});

test('The cookies the app sets fit into the headers the server in front accepts', async ({ app, evidence }) => {
  const cookies = new Map<string, string>();
  for (const path of app.getPaths())
    for (const c of (await app.attempt(path)).setCookies) cookies.set(c.split('=')[0] ?? c, c.split(';')[0] ?? c);
  test.skip(cookies.size === 0, 'the app sets no cookies on its routes without arguments');
  const header = [...cookies.values()].join('; ');
  const [path] = app.getPaths();
  const answer = await app.attempt(path!, { headers: { Cookie: header } });
  evidence.key(
    'its cookies sent back',
    `${Buffer.byteLength(header)} bytes: ${answer.worker ? 'reached the app' : `${answer.status} from the server in front`}`,
  );
  expect(
    answer.worker,
    `a Cookie header of ${Buffer.byteLength(header)} bytes was refused (${answer.status}) before it reached the app`,
  ).not.toBeNull();
});
