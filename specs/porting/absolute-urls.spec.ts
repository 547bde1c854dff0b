// Behaviour: every absolute URL your app writes to itself (a redirect's Location, a share link built with
// `url_for(…, _external=True)` in a page's href or an <input value>, a JSON API's "self") names the address the
// client used: its scheme, host and port. Flask builds such a URL from what the WSGI server saw, which on the
// dev server is the client's own request; behind nginx it is nginx's request (Host without the published
// port, plain http after TLS ends), so the link loses the port or TLS, unless the app trusts the one proxy in
// front (Werkzeug's ProxyFix). Checked on every route without arguments that allows GET, over HTTP and, where
// the stack has it, over HTTPS; links to other sites do not count. Fix: `app.wsgi_app = ProxyFix(app.wsgi_app,
// x_for=1, x_proto=1, x_host=1)` (werkzeug.middleware.proxy_fix).
import { userSiteServesTls } from '../../lib/porting/nginx-check.js';
import { expect, test } from '../../fixtures/test.js';
import { AppClient } from '../../lib/clients/app-client.js';
import { absoluteUrlsOf, judgeUrls, type WrongUrl } from '../../lib/porting/absolute-urls.js';

const fix =
  'Fix: behind a proxy, trust the one proxy in front: `app.wsgi_app = ProxyFix(app.wsgi_app, x_for=1, x_proto=1, x_host=1)` (from werkzeug.middleware.proxy_fix); a host or port written in the code or config (a BASE_URL, SERVER_NAME) must go, or the link be relative';

test('Every absolute URL the app writes to itself names the scheme, host and port the client used', async ({
  app,
  stack,
  stackDefinition,
  evidence,
}) => {
  const paths = app.getPaths();
  test.skip(paths.length === 0, 'the app has no route without arguments that allows GET');
  const origins: { scheme: string; origin: string; client: AppClient; ca?: string }[] = [
    { scheme: 'http', origin: new URL(stack.baseURL).origin, client: app },
  ];
  // A user's own nginx site may serve no TLS (HTTP_TEST_NGINX_CONF without a 443 server): nothing to ask there.
  if (stackDefinition.tls && userSiteServesTls()) {
    const origin = await stack.urlOf(stackDefinition.tls.port, 'https');
    origins.push({ scheme: 'https', origin, client: new AppClient(() => origin), ca: stack.tlsCertificate });
  }
  // The names the inside calls the app by: its replicas (each one's host name), the service the client talks
  // to, and nginx's upstream (`proxy_pass http://app` in compose/user-app/user-app-site.conf). A worker's
  // stamp adds the host name its container really has (a container id where compose sets none).
  const appHosts = new Set([...stackDefinition.appReplicas, stackDefinition.entry.service, 'app']);
  let toApp = 0;
  const wrong: (WrongUrl & { path: string; origin: string })[] = [];
  for (const { scheme, origin, client, ca } of origins) {
    const perRoute: Record<string, string> = {};
    await test.step(`over ${scheme} (${origin}): GET every route, read its Location and body`, async () => {
      for (const path of paths) {
        const answer = await test.step(`GET ${path}`, async () => client.attempt(path, ca ? { ca } : {}));
        if (answer.worker) appHosts.add(answer.worker.split('/')[0]!);
        const judged = judgeUrls(absoluteUrlsOf(answer), origin, [...appHosts]);
        toApp += judged.toApp.length;
        wrong.push(...judged.wrong.map((w) => ({ ...w, path, origin })));
        perRoute[path] =
          answer.status === 0
            ? 'no answer'
            : judged.toApp.length === 0
              ? 'no absolute URL to itself'
              : judged.wrong.length === 0
                ? `${judged.toApp.length} to itself, each the client's address`
                : judged.wrong.map((w) => `${w.where} ${w.url} (${w.differs})`).join('; ');
      }
    });
    evidence.record(`routes over ${scheme}`, perRoute);
  }
  test.skip(toApp === 0, 'the app writes no absolute URL to itself in any route without arguments');
  // The figure names what is lost, never the ports this run happened to publish (they change every run).
  const over = ` (over ${origins.map((o) => o.scheme).join(' and ')})`;
  const lost = (['scheme', 'host', 'port'] as const).filter((part) => wrong.some((w) => w.parts.includes(part)));
  evidence.key(
    'absolute URLs to itself',
    wrong.length === 0
      ? `${toApp} to itself${over}, each the client's address`
      : `${wrong.length} of ${toApp} to itself${over} name another address (wrong: ${lost.join(', ')})`,
    { id: 'absolute-urls' },
  );
  // The behaviour and the fix first (a matrix cell shows a failure's beginning), then each wrong URL by the
  // route and place it is in, taken in turn from each scheme's; a long list is cut (every route's are in the
  // evidence).
  const shown = 6;
  const turn = (w: (typeof wrong)[number]) => wrong.filter((o) => o.origin === w.origin).indexOf(w);
  const named = [...wrong]
    .sort((a, b) => turn(a) - turn(b))
    .slice(0, shown)
    .map((w) => `${w.origin}${w.path}: ${w.where} ${w.url} (${w.differs})`);
  if (wrong.length > shown) named.push(`and ${wrong.length - shown} more`);
  expect(
    wrong.length,
    `absolute URLs to the app name an address the client did not use (wrong: ${lost.join(', ')}): a client following them loses the TLS, host or port it used. ${fix}. The URLs: ${named.join('; ')}`,
  ).toBe(0);
});
