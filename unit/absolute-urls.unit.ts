// Unit: absolute URLs an app writes to itself (lib/porting/absolute-urls.ts): found in a Location, a JSON
// answer's values and an HTML page's attributes; told apart from links to other sites by their host; and
// named with what differs from the address the client used (scheme, host, port).
import { expect, test } from '@playwright/test';
import {
  absoluteUrlsOf,
  addressDifference,
  decodeEntities,
  differingParts,
  judgeUrls,
  pointsAtApp,
  urlsInHtml,
  urlsInJson,
} from '../lib/porting/absolute-urls.js';

const client = 'http://127.0.0.1:49153';
const tlsClient = 'https://127.0.0.1:49154';

test('an HTML page: every attribute whose value is an absolute URL, with the element and attribute it is in', () => {
  const page = `<!doctype html><html><head>
    <link rel="canonical" href="http://127.0.0.1/notes/welcome">
    <meta property="og:url" content='http://127.0.0.1/notes/welcome'>
    <meta http-equiv="refresh" content="5; url=http://app1:8000/latest">
    <script src="//127.0.0.1/static/app.js"></script>
    <script>const api = "http://localhost:5000/api"; document.write('<a href="http://x.invalid/">');</script>
    </head><body>
    <!-- <a href="http://127.0.0.1/old">commented out</a> -->
    <a class=share href=http://127.0.0.1/s?a=1&amp;b=2>share</a>
    <form action="http://127.0.0.1/search"><input readonly value="http://127.0.0.1/s/abc"></form>
    <button data-share-url="http://127.0.0.1/s/abc">copy</button>
    <img srcset="http://127.0.0.1/a.png 1x, /b.png 2x">
    <a href="/relative">relative</a> <a href="#top">top</a> <a href="mailto:a@b.c">mail</a>
    <p title="see http://127.0.0.1/x for more">text http://127.0.0.1/not-an-attribute</p>
  </body></html>`;
  expect(urlsInHtml(page)).toEqual([
    { where: '<link href>', url: 'http://127.0.0.1/notes/welcome' },
    { where: '<meta content>', url: 'http://127.0.0.1/notes/welcome' },
    { where: '<meta content>', url: 'http://app1:8000/latest' },
    { where: '<script src>', url: '//127.0.0.1/static/app.js' },
    { where: '<a href>', url: 'http://127.0.0.1/s?a=1&b=2' },
    { where: '<form action>', url: 'http://127.0.0.1/search' },
    { where: '<input value>', url: 'http://127.0.0.1/s/abc' },
    { where: '<button data-share-url>', url: 'http://127.0.0.1/s/abc' },
    { where: '<img srcset>', url: 'http://127.0.0.1/a.png' },
  ]);
});

test('entities in an attribute are read as the browser reads them', () => {
  expect(decodeEntities('http://h/a?x=1&amp;y=&#39;2&#39;&#x2F;&unknown;')).toBe("http://h/a?x=1&y='2'/&unknown;");
});

test('a JSON answer: every URL in its string values, named by its path; numbers and keys are not URLs', () => {
  const document = {
    self: 'http://127.0.0.1/api/notes',
    notes: [{ slug: 'welcome', url: 'http://127.0.0.1/notes/welcome' }, { slug: 'x' }],
    'share-text': 'Read it at https://127.0.0.1/notes/x.',
    'http://127.0.0.1/key': 1,
    count: 2,
  };
  expect(urlsInJson(document)).toEqual([
    { where: 'JSON $.self', url: 'http://127.0.0.1/api/notes' },
    { where: 'JSON $.notes[0].url', url: 'http://127.0.0.1/notes/welcome' },
    { where: 'JSON $["share-text"]', url: 'https://127.0.0.1/notes/x' },
  ]);
});

test('an answer: its absolute Location first, then its body read by content type (JSON even when labelled HTML)', () => {
  expect(
    absoluteUrlsOf({ location: 'http://127.0.0.1/home', contentType: 'text/html', body: '<a href="/x">x</a>' }),
  ).toEqual([{ where: 'Location', url: 'http://127.0.0.1/home' }]);
  expect(absoluteUrlsOf({ location: '/home', contentType: 'text/html', body: '' })).toEqual([]);
  expect(absoluteUrlsOf({ location: null, contentType: 'text/html', body: '{"self": "http://a/b"}' })).toEqual([
    { where: 'JSON $.self', url: 'http://a/b' },
  ]);
  expect(absoluteUrlsOf({ location: null, contentType: 'text/plain', body: 'go to http://a/b, then' })).toEqual([
    { where: 'text', url: 'http://a/b' },
  ]);
  expect(absoluteUrlsOf({ location: null, contentType: 'image/png', body: 'http://a/b' })).toEqual([]);
});

test("a URL points at the app by its host: the client's host on any port, loopback names, the inside's names", () => {
  for (const url of [
    'http://127.0.0.1/notes',
    'https://127.0.0.1:8443/notes',
    'http://localhost:5000/api',
    'http://0.0.0.0:8000/',
    'http://[::1]:8000/',
    'http://shop.localhost/',
    'http://app1:8000/x',
    'HTTP://APP2/x',
    '//127.0.0.1/static/app.js',
  ])
    expect(pointsAtApp(url, client, ['app1', 'app2', 'nginx']), url).toBe(true);
  for (const url of [
    'https://flask.palletsprojects.com/en/latest/',
    'https://cdn.jsdelivr.net/npm/vue',
    'http://127.0.0.2/',
    'http://app3/x',
    'mailto:a@127.0.0.1',
    'ftp://127.0.0.1/file',
  ])
    expect(pointsAtApp(url, client, ['app1', 'app2', 'nginx']), url).toBe(false);
});

test('what differs from the address the client used: scheme, host and port, default ports counted', () => {
  expect(addressDifference('http://127.0.0.1:49153/notes', client)).toBe('');
  expect(addressDifference('http://127.0.0.1/notes', client)).toBe('port 80, not 49153');
  expect(addressDifference('http://127.0.0.1/notes', tlsClient)).toBe('scheme http, not https; port 80, not 49154');
  expect(addressDifference('http://127.0.0.1:49154/notes', tlsClient)).toBe('scheme http, not https');
  expect(addressDifference('http://app1:8000/x', client)).toBe('host app1, not 127.0.0.1; port 8000, not 49153');
  expect(addressDifference('http://localhost:49153/x', client)).toBe('host localhost, not 127.0.0.1');
  expect(addressDifference('https://127.0.0.1/x', 'https://127.0.0.1')).toBe('');
  expect(addressDifference('https://127.0.0.1:443/x', 'https://127.0.0.1')).toBe('');
  expect(addressDifference('//127.0.0.1:49154/x', tlsClient), 'protocol-relative: the client scheme').toBe('');
  expect(differingParts('http://app1/x', tlsClient)).toEqual(['scheme', 'host', 'port']);
  expect(differingParts('https://127.0.0.1:49154/x', tlsClient)).toEqual([]);
});

test("judging an answer's URLs: links elsewhere are ignored, the app's own are wrong only if their address differs", () => {
  const found = [
    { where: '<a href>', url: 'http://127.0.0.1/notes/welcome' },
    { where: '<a href>', url: 'https://flask.palletsprojects.com/' },
    { where: 'JSON $.self', url: 'https://127.0.0.1:49154/api/notes' },
  ];
  expect(judgeUrls(found, tlsClient, ['app1'])).toEqual({
    toApp: [found[0], found[2]],
    wrong: [{ ...found[0], parts: ['scheme', 'port'], differs: 'scheme http, not https; port 80, not 49154' }],
  });
  expect(judgeUrls(found.slice(1), tlsClient).wrong).toEqual([]);
});

test("a redirect's page repeats its Location: that link is counted once, as the Location", () => {
  const werkzeugRedirect = {
    location: 'http://127.0.0.1/notes/recipes',
    contentType: 'text/html',
    body: '<!doctype html>\n<html lang=en>\n<title>Redirecting...</title>\n<h1>Redirecting...</h1>\n<p>You should be redirected automatically to the target URL: <a href="http://127.0.0.1/notes/recipes">http://127.0.0.1/notes/recipes</a>. If not, click the link.\n',
  };
  expect(absoluteUrlsOf(werkzeugRedirect)).toEqual([{ where: 'Location', url: 'http://127.0.0.1/notes/recipes' }]);
});
