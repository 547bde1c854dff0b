/**
 * The app's form posts over HTTPS through the proxy that ends TLS, against the same posts over plain HTTP
 * (specs/porting/https-forms.spec.ts). Pure: where the browser is sent (a deployment's address on the default
 * port, never this run's published one), what a refused post says (Flask-WTF's CSRF errors, a redirect loop),
 * which fix that names, and the judgement: a post the app takes over HTTP and refuses over HTTPS.
 */

/**
 * The name Chromium calls the stack by over HTTPS: a deployment's address on the default port 443. The stacks
 * publish on random 127.0.0.1 ports, and nginx's `proxy_set_header Host $host` drops the port, so a browser at
 * `https://127.0.0.1:<port>/` sends a Referer the app's host (without the port) never matches: a failure of
 * this suite's address, not of the app. At `https://<this name>/` the browser's Host, Referer and the app's
 * request agree as they do for a user of the real site.
 */
export const deploymentHost = 'app.http-test.example';

/** One form's POST as the browser made it. */
export interface FormPost {
  /** `POST /notes (the form on /)`. */
  form: string;
  /** The answer's status; 0 where the browser got none (a redirect loop, a refused connection). */
  status: number;
  /** Where the browser ended (a path), or the browser's error. */
  landed: string;
  /** The Referer header the browser sent with the POST (null: none). */
  referer: string | null;
  /** The page's text the POST ended on (its first few hundred characters), or the browser's error. */
  text: string;
}

/** Why a post was refused, where the answer says, and the fix for it. */
export interface Refusal {
  cause: string;
  fix: string;
}

const referrerFix =
  "send the Referer to the app itself: `Referrer-Policy: same-origin` (or `strict-origin-when-cross-origin`, the browsers' default) instead of `no-referrer`, in the app and in its nginx site";

/** What a refused post's page or the browser's error says, read as Flask-WTF and Chromium word it. */
export function refusalOf(post: Pick<FormPost, 'text' | 'referer'>): Refusal | null {
  const text = post.text;
  if (/The referrer header is missing/i.test(text))
    return {
      cause: `Flask-WTF's HTTPS referrer check (WTF_CSRF_SSL_STRICT): "The referrer header is missing."${post.referer === null ? " (the browser sent none: the page's Referrer-Policy)" : ''}`,
      fix: referrerFix,
    };
  if (/The referrer does not match the host/i.test(text))
    return {
      cause: `Flask-WTF's HTTPS referrer check (WTF_CSRF_SSL_STRICT): "The referrer does not match the host."${post.referer ? ` (Referer ${post.referer})` : ''}`,
      fix: 'let the app see the host the browser used: nginx `proxy_set_header Host $host;` with `ProxyFix(app.wsgi_app, x_proto=1, x_host=1)` (X-Forwarded-Host), and a Referrer-Policy that keeps the origin (`same-origin`, not `origin` to another host)',
    };
  if (/The CSRF session token is missing|The CSRF tokens do not match/i.test(text))
    return {
      cause: `Flask-WTF: "${/The CSRF session token is missing/i.test(text) ? 'The CSRF session token is missing.' : 'The CSRF tokens do not match.'}" (the session cookie did not come back: its Secure, SameSite or Domain flag)`,
      fix: 'a session cookie the browser sends back over the scheme users use: `SESSION_COOKIE_SECURE = True` only over HTTPS, `SESSION_COOKIE_SAMESITE = "Lax"`, no SESSION_COOKIE_DOMAIN naming another host',
    };
  if (/ERR_TOO_MANY_REDIRECTS/i.test(text))
    return {
      cause:
        'a redirect loop: the app sends the browser to https:// again and again (it sees http from the proxy: no X-Forwarded-Proto reached it, or the app does not trust it)',
      fix: "send the scheme and trust it: nginx `proxy_set_header X-Forwarded-Proto $scheme;` and `app.wsgi_app = ProxyFix(app.wsgi_app, x_proto=1)` (Flask-Talisman's force_https reads that header itself), or redirect to HTTPS in nginx and not in the app",
    };
  return null;
}

/** A post answered: a page or a redirect, not an error status and not the browser's error. */
export const answered = (post: Pick<FormPost, 'status'>): boolean => post.status > 0 && post.status < 400;

/** `400 → /notes: "Bad Request The referrer header is missing."`: a post, as the matrix shows it. */
export function describePost(post: FormPost): string {
  const text = post.text.replace(/\s+/g, ' ').trim().slice(0, 120);
  return post.status === 0
    ? `no answer (${text})`
    : `${post.status} → ${post.landed}${answered(post) ? '' : `: "${text}"`}`;
}

export interface WrongPost {
  form: string;
  http: string;
  https: string;
  refusal: Refusal | null;
}

/**
 * The forms the app takes over HTTP and refuses over HTTPS, matched by their `form`. A post refused over both
 * (a login with an account the app does not have answers 200 with its form on both) is no difference.
 */
export function judgeHttpsPosts(http: FormPost[], https: FormPost[]): WrongPost[] {
  const wrong: WrongPost[] = [];
  for (const secure of https) {
    const plain = http.find((p) => p.form === secure.form);
    // A 429 is the app's rate limit counting this check's own posts, whatever the scheme.
    if (!plain || !answered(plain) || answered(secure) || secure.status === 429) continue;
    wrong.push({
      form: secure.form,
      http: describePost(plain),
      https: describePost(secure),
      refusal: refusalOf(secure),
    });
  }
  return wrong;
}

/** A cookie as the browser keeps it, its flags named: `session (Secure, HttpOnly, SameSite=Lax)`. */
export function cookieFlags(cookie: { name: string; secure: boolean; httpOnly: boolean; sameSite: string }): string {
  const flags = [cookie.secure ? 'Secure' : null, cookie.httpOnly ? 'HttpOnly' : null, `SameSite=${cookie.sameSite}`];
  return `${cookie.name} (${flags.filter((f) => f !== null).join(', ')})`;
}
