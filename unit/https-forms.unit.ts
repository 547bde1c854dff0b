// Unit: the form posts over HTTPS against HTTP (lib/porting/https-forms.ts): what a refused post says
// (Flask-WTF's CSRF errors, a redirect loop) and its fix, and the judgement: taken over HTTP, refused over HTTPS.
import { expect, test } from '@playwright/test';
import { cookieFlags, describePost, judgeHttpsPosts, refusalOf, type FormPost } from '../lib/porting/https-forms.js';

const post = (over: Partial<FormPost>): FormPost => ({
  form: 'POST /notes (the form on /)',
  status: 302,
  landed: '/',
  referer: 'https://app.http-test.example/',
  text: 'Team notes',
  ...over,
});

test("a refused post's text names Flask-WTF's check, the redirect loop, and the fix for each", () => {
  const missing = refusalOf({ text: 'Bad Request\nThe referrer header is missing.', referer: null });
  expect(missing?.cause).toContain('"The referrer header is missing." (the browser sent none');
  expect(missing?.fix).toContain('Referrer-Policy: same-origin');
  const other = refusalOf({ text: 'Bad Request The referrer does not match the host.', referer: 'https://x.test/' });
  expect(other?.cause).toContain('(Referer https://x.test/)');
  expect(other?.fix).toContain('x_host=1');
  expect(refusalOf({ text: 'Bad Request The CSRF session token is missing.', referer: null })?.fix).toContain(
    'SESSION_COOKIE_SECURE',
  );
  expect(refusalOf({ text: 'page.goto: net::ERR_TOO_MANY_REDIRECTS at https://app/', referer: null })?.fix).toContain(
    'x_proto=1',
  );
  expect(refusalOf({ text: 'Internal Server Error', referer: null })).toBeNull();
});

test('a post taken over HTTP and refused over HTTPS is wrong; refused on both, or taken on both, is not', () => {
  const refused = post({
    status: 400,
    landed: '/notes',
    referer: null,
    text: 'Bad Request The referrer header is missing.',
  });
  const wrong = judgeHttpsPosts([post({})], [refused]);
  expect(wrong).toEqual([
    {
      form: 'POST /notes (the form on /)',
      http: '302 → /',
      https: '400 → /notes: "Bad Request The referrer header is missing."',
      refusal: refusalOf(refused),
    },
  ]);
  // A login with an account the app does not have: its form again, 200, over both.
  const login = { form: 'POST /login (the form on /login)', status: 200, landed: '/login' };
  expect(judgeHttpsPosts([post(login)], [post(login)])).toEqual([]);
  // Refused over both (a 401 on each) is no difference between the schemes.
  expect(judgeHttpsPosts([post({ status: 401 })], [post({ status: 401 })])).toEqual([]);
  // No answer over HTTPS (a redirect loop) counts as refused.
  const loop = post({ status: 0, landed: '', text: 'net::ERR_TOO_MANY_REDIRECTS' });
  expect(judgeHttpsPosts([post({})], [loop])[0]?.https).toBe('no answer (net::ERR_TOO_MANY_REDIRECTS)');
  // The app's rate limit counting the check's own posts (429 over HTTPS) is no refusal of the scheme.
  expect(judgeHttpsPosts([post({})], [post({ status: 429, text: 'Too Many Requests' })])).toEqual([]);
  // A form posted over HTTPS only is not compared.
  expect(judgeHttpsPosts([], [refused])).toEqual([]);
});

test('a post and a cookie as the matrix shows them', () => {
  expect(describePost(post({ text: 'x'.repeat(300), status: 422 }))).toBe(`422 → /: "${'x'.repeat(120)}"`);
  expect(cookieFlags({ name: 'session', secure: true, httpOnly: true, sameSite: 'Lax' })).toBe(
    'session (Secure, HttpOnly, SameSite=Lax)',
  );
  expect(cookieFlags({ name: 'pref', secure: false, httpOnly: false, sameSite: 'None' })).toBe('pref (SameSite=None)');
});
