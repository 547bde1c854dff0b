/**
 * The request limits of the servers in front of a user's app, as the porting check's request-limits spec meets
 * them (pitfalls 13 and 14 of ../shared/porting-pitfalls.md):
 *   - Gunicorn reads a request line of at most `limit_request_line` bytes (4094 by default, 8190 at most) and
 *     answers a longer one with its own 400 Bad Request; the dev server reads 64 KiB, nginx 8 KiB
 *     (`large_client_header_buffers 4 8k`, 414 beyond). A GET form's fields travel in that line, so a long
 *     entry in a search box or a textarea of a GET form is the way users hit it.
 *   - nginx drops a request header whose name has "_" (`underscores_in_headers off`, its default); Werkzeug's
 *     dev server before 2.3 and Gunicorn before 22 map it into the environ, where request.headers finds it.
 * The pure parts: which forms and links can make a long URL, the long entry itself, the header names an app's
 * source reads or sends, and how two answers compare. The browser's and the requests' side is in the spec.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import type { FormField, PageForm } from './forms.js';

/**
 * How long the long entry is: longer than Gunicorn's default limit_request_line (4094) with any path and the
 * form's other fields, well within nginx's 8 KiB header buffer, so that only the first limit can refuse it.
 */
export const longEntryChars = 5000;

/** nginx's large_client_header_buffers size: a request line past it is nginx's 414, another finding. */
export const nginxRequestLineBytes = 8192;

/** Gunicorn's default limit_request_line, and the most it takes short of none at all (0). */
export const gunicornDefaultRequestLine = 4094;
export const gunicornMaxRequestLine = 8190;

/**
 * A text a user might paste: words and spaces only (a space is one `+` in the URL, letters are themselves), so
 * the request line grows by exactly its length.
 */
export function longEntry(chars = longEntryChars): string {
  const words = 'the quick brown fox jumps over a lazy dog while notes about flask and gunicorn pile up'.split(' ');
  let text = '';
  for (let i = 0; text.length < chars; i += 1) text += `${i ? ' ' : ''}${words[i % words.length]}`;
  return text.slice(0, chars).trimEnd().padEnd(chars, 'x');
}

/**
 * limit_request_line as Gunicorn applies it (gunicorn/http/message.py): 0 is no limit (null here); a negative
 * value or one of 8190 and more is 8190, its maximum.
 */
export function requestLineLimitInForce(configured: number): number | null {
  if (configured === 0) return null;
  return configured < 0 || configured >= gunicornMaxRequestLine ? gunicornMaxRequestLine : configured;
}

const freeTextTypes = ['text', 'search', 'textarea', '', 'url'];

/** The field of a form a user can paste a long text into: a textarea first, then a text or search box. */
export function freeTextField(form: Pick<PageForm, 'fields'>, chars = longEntryChars): FormField | null {
  const typed = form.fields.filter(
    (f) => freeTextTypes.includes(f.type) && (f.maxLength === undefined || f.maxLength < 0 || f.maxLength >= chars),
  );
  return typed.find((f) => f.type === 'textarea') ?? typed[0] ?? null;
}

/**
 * The app's own GET forms that a long entry can make a long URL of (method get, or none: the browser's default),
 * each once (the same form on several pages is one), with the field to type it into.
 */
export function longEntryForms(
  forms: readonly PageForm[],
  chars = longEntryChars,
): { form: PageForm; field: FormField }[] {
  const out: { form: PageForm; field: FormField }[] = [];
  const seen = new Set<string>();
  for (const form of forms) {
    if (form.method.toLowerCase() !== 'get' || form.external) continue;
    const field = freeTextField(form, chars);
    if (!field) continue;
    const key = `${form.action} ${form.fields.map((f) => f.name).join(',')}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push({ form, field });
  }
  return out;
}

/** A link of the app's pages that carries a query: the app reads those parameter names on that path. */
export interface QueryLink {
  /** Path and query, as the page links it. */
  target: string;
  path: string;
  /** The parameter the long value goes into (the first the link names). */
  parameter: string;
}

/** Of a page's links, the ones to the app itself with a query string, one per path and parameter names. */
export function queryLinks(hrefs: readonly string[], origin: string): QueryLink[] {
  const out: QueryLink[] = [];
  const seen = new Set<string>();
  for (const href of hrefs) {
    let url: URL;
    try {
      url = new URL(href, origin);
    } catch {
      continue;
    }
    if (url.origin !== new URL(origin).origin || !url.search) continue;
    const names = [...new Set(url.searchParams.keys())];
    const [parameter] = names;
    if (parameter === undefined) continue;
    const key = `${url.pathname}?${names.sort().join('&')}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push({ target: `${url.pathname}${url.search}`, path: url.pathname, parameter });
  }
  return out;
}

/** The link's target with `value` in its parameter, the others as the page wrote them. */
export function withParameter(target: string, parameter: string, value: string): string {
  const url = new URL(target, 'http://app.invalid');
  url.searchParams.set(parameter, value);
  return `${url.pathname}${url.search}`;
}

/** The bytes of an HTTP/1.1 request line for a path and query ("GET /search?q=… HTTP/1.1"). */
export function requestLineBytes(method: string, target: string): number {
  return Buffer.byteLength(`${method} ${target} HTTP/1.1`);
}

/** One try of a GET form or link, as the check records it. */
export interface EntryAnswer {
  status: number;
  /** The app process that answered (its X-Http-Test-Worker stamp); null: the server in front answered by itself. */
  worker: string | null;
  requestLine: number;
}

/** Refused before the app: an error status (or no answer) that no app process made. */
export function refusedBeforeApp(answer: Pick<EntryAnswer, 'status' | 'worker'>): boolean {
  return answer.worker === null && (answer.status === 0 || answer.status >= 400);
}

/** What a user sees as working: the app answered, not with an error (a redirect counts). */
export function answeredByApp(answer: Pick<EntryAnswer, 'status' | 'worker'>): boolean {
  return answer.worker !== null && answer.status > 0 && answer.status < 400;
}

// --- Request headers whose names have "_" ---------------------------------------------------------------

/** A request header name the app's source reads or sends, and where (file:line, relative to its folder). */
export interface HeaderName {
  name: string;
  where: string;
  /** Read by the Python side (request.headers / environ), or sent by a page's script. */
  side: 'reads' | 'sends';
}

const quoted = (inner: string) => new RegExp(inner, 'g');

/** Python: request.headers.get("…") / ["…"] / .getlist("…"), request.environ.get("HTTP_…") / ["HTTP_…"]. */
const pythonReads: { pattern: RegExp; environ: boolean }[] = [
  {
    pattern: quoted(
      String.raw`\bheaders\s*(?:\.\s*(?:get|getlist|get_all)\s*\(|\[)\s*[rbuf]?(['"])([!#$%&*+.^_\`|~0-9A-Za-z-]+)\1`,
    ),
    environ: false,
  },
  // A name kept in a constant: API_KEY_HEADER = "X_API_KEY", then request.headers.get(API_KEY_HEADER).
  { pattern: quoted(String.raw`\b\w*HEADER\w*\s*=\s*[rbuf]?(['"])([!#$%&*+.^_\`|~0-9A-Za-z-]+)\1`), environ: false },
  {
    pattern: quoted(String.raw`\benviron\s*(?:\.\s*get\s*\(|\[)\s*[rbuf]?(['"])HTTP_([0-9A-Za-z_]+)\1`),
    environ: true,
  },
];

/**
 * Scripts and pages: fetch/axios `headers: { "X_API_KEY": … }` (quoted or bare keys, minified too),
 * `setRequestHeader("…")`, `headers.set/append("…")`, `headers["…"] = …`, axios `headers.common["…"]`.
 */
const scriptSends: RegExp[] = [
  quoted(String.raw`setRequestHeader\s*\(\s*(['"\`])([^'"\`\s]+)\1`),
  // On a Headers object only (`headers.set`, `h = new Headers(); reqHeaders.append`): URLSearchParams has them too.
  quoted(String.raw`\w*[Hh]eaders?\s*\.\s*(?:set|append)\s*\(\s*(['"\`])([^'"\`\s]+)\1\s*,`),
  quoted(String.raw`headers(?:\s*\.\s*common)?\s*\[\s*(['"\`])([^'"\`\s]+)\1\s*\]\s*=`),
];
const headersObject = /headers\s*:\s*\{([^{}]*)\}/g;
const objectKey = /(?:^|[,{\s])(['"`]?)([A-Za-z_$][\w$-]*)\1\s*:/g;

function lineOf(text: string, index: number): number {
  return text.slice(0, index).split('\n').length;
}

/** The header names a Python file reads through request.headers or the WSGI environ. */
export function headersReadIn(text: string, file: string): HeaderName[] {
  const out: HeaderName[] = [];
  for (const { pattern, environ } of pythonReads)
    for (const match of text.matchAll(pattern)) {
      const raw = match[2] ?? '';
      // HTTP_X_API_KEY: the header the author means is X_API_KEY or X-Api-Key; only a custom X_ name (the
      // convention for an app's own headers) is taken as the spelling its clients send.
      if (environ && !/^X_/i.test(raw)) continue;
      out.push({ name: raw, where: `${file}:${lineOf(text, match.index)}`, side: 'reads' });
    }
  return out;
}

/** The header names a script or page sets on its requests. */
export function headersSentIn(text: string, file: string): HeaderName[] {
  const out: HeaderName[] = [];
  for (const pattern of scriptSends)
    for (const match of text.matchAll(pattern))
      out.push({ name: match[2] ?? '', where: `${file}:${lineOf(text, match.index)}`, side: 'sends' });
  for (const block of text.matchAll(headersObject)) {
    const body = block[1] ?? '';
    for (const key of body.matchAll(objectKey))
      out.push({
        name: key[2] ?? '',
        where: `${file}:${lineOf(text, (block.index ?? 0) + (key.index ?? 0))}`,
        side: 'sends',
      });
  }
  return out;
}

const skippedDirs = new Set(['node_modules', '.git', '__pycache__', '.venv', 'venv', 'env', '.tox', 'site-packages']);

/** The files under `dir` whose names end in one of `exts`, skipping virtualenvs and node_modules; at most `most`. */
export function filesUnder(dir: string, exts: readonly string[], most = 2000): string[] {
  const out: string[] = [];
  const walk = (at: string) => {
    let entries: string[];
    try {
      entries = readdirSync(at).sort();
    } catch {
      return;
    }
    for (const entry of entries) {
      if (out.length >= most) return;
      const full = path.join(at, entry);
      let isDir = false;
      try {
        isDir = statSync(full).isDirectory();
      } catch {
        continue;
      }
      if (isDir) {
        if (!skippedDirs.has(entry) && !entry.startsWith('.')) walk(full);
      } else if (exts.some((ext) => entry.endsWith(ext))) out.push(full);
    }
  };
  walk(dir);
  return out;
}

/**
 * The header names with "_" that the app reads (its *.py) or its pages send (templates, static scripts, the
 * built front end), each name once with every place it appears. Case is kept as written; HTTP compares
 * names without it, so one name spelled twice is one.
 */
export function underscoreHeaderNames(
  roots: { dir: string; label: string }[],
): { name: string; where: string[]; sides: Set<HeaderName['side']> }[] {
  const byName = new Map<string, { name: string; where: string[]; sides: Set<HeaderName['side']> }>();
  for (const { dir, label } of roots)
    for (const file of filesUnder(dir, ['.py', '.html', '.htm', '.js', '.mjs', '.ts', '.vue', '.jinja', '.j2'])) {
      let text: string;
      try {
        text = readFileSync(file, 'utf8');
      } catch {
        continue;
      }
      const shown = path.join(label, path.relative(dir, file));
      const found = file.endsWith('.py') ? headersReadIn(text, shown) : headersSentIn(text, shown);
      for (const h of found) {
        if (!h.name.includes('_')) continue;
        const key = h.name.toLowerCase();
        const entry = byName.get(key) ?? { name: h.name, where: [], sides: new Set<HeaderName['side']>() };
        entry.where.push(h.where);
        entry.sides.add(h.side);
        byName.set(key, entry);
      }
    }
  return [...byName.values()].sort((a, b) => a.name.localeCompare(b.name));
}

/** The same header named with hyphens, which every server maps to the same environ key (X_API_KEY → X-API-KEY). */
export function hyphenated(name: string): string {
  return name.replace(/_/g, '-');
}

/** The name to give it instead, as headers are usually written: X_API_KEY → X-Api-Key. */
export function suggestedName(name: string): string {
  return name
    .split(/[_-]+/)
    .map((part) => (part.length <= 1 ? part.toUpperCase() : `${part[0]!.toUpperCase()}${part.slice(1).toLowerCase()}`))
    .join('-');
}

/** An answer as the header comparison reads it. */
export interface Seen {
  status: number;
  body: string;
}

/**
 * Whether two answers are the same to a user: the same status, and the same body where the route's body is
 * stable (asked twice without the header, the same; a page with a time or a nonce in it compares by status).
 */
export function sameAnswer(a: Seen, b: Seen, bodyStable: boolean): boolean {
  return a.status === b.status && (!bodyStable || a.body === b.body);
}

/** What one header did on one request: the app reads it (its hyphen spelling changes the answer), and its
 * spelling with "_" arrived (answers as the hyphen one) or was dropped (answers as none). */
export function headerVerdict(
  without: Seen,
  again: Seen,
  hyphen: Seen,
  asWritten: Seen,
): 'not read' | 'arrives' | 'dropped' | 'unclear' {
  const stable = without.body === again.body;
  if (without.status !== again.status) return 'unclear';
  if (sameAnswer(hyphen, without, stable)) return 'not read';
  if (sameAnswer(asWritten, hyphen, stable)) return 'arrives';
  if (sameAnswer(asWritten, without, stable)) return 'dropped';
  return 'unclear';
}

/** Whether the nginx configuration in force (`nginx -T`) lets header names with "_" through: `underscores_in_headers
 * on`, or `ignore_invalid_headers off` (which keeps every name nginx calls invalid, those with "_" among them). */
export function nginxPassesUnderscores(config: string): boolean {
  const lines = config.split('\n').map((l) => l.replace(/#.*/, '').trim());
  return lines.some((l) => /^underscores_in_headers\s+on\s*;/.test(l) || /^ignore_invalid_headers\s+off\s*;/.test(l));
}
