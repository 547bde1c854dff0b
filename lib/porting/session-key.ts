/**
 * Flask's session cookie, checked from outside: Flask signs `session=<payload>.<timestamp>.<signature>` with
 * itsdangerous (HMAC-SHA1, key derived from SECRET_KEY with the salt "cookie-session"). Whoever knows the key
 * can write any session the app will believe, so a key copied from a tutorial ("dev") or a default is as
 * good as none. This module tells whether a cookie was signed with a well-known key, and forges one with a
 * given key, to show the app refuses it. It needs nothing from the app but a cookie it set.
 */
import { createHmac } from 'node:crypto';

/** Keys found in tutorials, templates and defaults; Flask's own tutorial uses "dev". */
export const wellKnownKeys = [
  'dev',
  'development key',
  'secret',
  'secret-key',
  'secret_key',
  'SECRET_KEY',
  'changeme',
  'change-me',
  'super secret key',
  'supersecretkey',
  'your-secret-key',
  'mysecretkey',
  'default',
  'flask',
  'key',
  'test',
  'password',
] as const;

const salt = 'cookie-session';

function base64url(data: Buffer | string): string {
  return Buffer.from(data).toString('base64url');
}

function signature(key: string, signed: string): string {
  const derived = createHmac('sha1', key).update(salt).digest();
  return base64url(createHmac('sha1', derived).update(signed).digest());
}

/** The cookie's value from a Set-Cookie header or a Cookie pair (`session=…`). */
export function sessionValue(cookie: string, name = 'session'): string | undefined {
  return new RegExp(`(?:^|[;,]\\s*)${name}=([^;,\\s]+)`).exec(cookie)?.[1];
}

/** The well-known key a session cookie was signed with, or undefined if none of them. */
export function wellKnownKeyOf(value: string): string | undefined {
  const parts = value.split('.');
  const sig = parts.pop();
  if (!sig || parts.length < 2) return undefined;
  const signed = parts.join('.');
  return wellKnownKeys.find((key) => signature(key, signed) === sig);
}

/** A session cookie value for `data` signed with `key`, as Flask itself would make it (uncompressed JSON). */
export function forgeSession(data: Record<string, string>, key: string, now = Date.now()): string {
  const payload = base64url(JSON.stringify(data));
  const seconds = Math.floor(now / 1000);
  const timestamp = base64url(Buffer.from(seconds.toString(16).padStart(8, '0'), 'hex'));
  const signed = `${payload}.${timestamp}`;
  return `${signed}.${signature(key, signed)}`;
}
