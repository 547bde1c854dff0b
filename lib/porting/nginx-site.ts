/**
 * A user's own nginx site (HTTP_TEST_NGINX_CONF) made to run on the nginx stack in place of the suite's: the
 * file as they deploy it, with only what must point elsewhere here rewritten in place (on the same lines, so
 * nginx's errors name the user's line numbers):
 *   - where it sends requests to the app (proxy_pass to 127.0.0.1:8000, a unix socket, a host name; the
 *     servers of its own upstream blocks) → the stack's two Gunicorn replicas;
 *   - its TLS certificate and key → the stack's certificate, made at run time;
 *   - `listen 127.0.0.1:80` → `listen 80` (requests reach the container's address), IPv6 listens dropped;
 *   - `root` / `alias` folders found in the app's folder (by their last path segments) → where the stack
 *     mounts the app's folder (/srv/user-app) or its built front end (/srv/web).
 * Three forms are taken: a whole nginx.conf (its http block is used), server blocks (a sites-available file),
 * or the locations of one server (included in the suite's servers on ports 80 and 443).
 */
import { existsSync, mkdirSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { StackDescription } from '../stacks/definitions.js';

export class NginxSiteError extends Error {
  override name = 'NginxSiteError';
}

export interface Directive {
  name: string;
  args: string[];
  /** Offsets of the whole directive in the text: its name to its `;` or its `{`. */
  start: number;
  end: number;
  line: number;
  /** The names of the blocks it is in, outermost first (["http", "server", "location"]). */
  within: string[];
  block: boolean;
}

/** nginx's syntax as far as a rewrite needs it: directives, blocks, comments, quoted words. */
export function scanDirectives(text: string): Directive[] {
  const found: Directive[] = [];
  const stack: string[] = [];
  let words: string[] = [];
  let start = -1;
  let line = 1;
  let startLine = 1;
  let i = 0;
  const flush = (end: number, block: boolean) => {
    if (words.length === 0) {
      if (block) throw new NginxSiteError(`line ${line}: a block without a directive name`);
      return;
    }
    found.push({ name: words[0]!, args: words.slice(1), start, end, line: startLine, within: [...stack], block });
    if (block) stack.push(words[0]!);
    words = [];
    start = -1;
  };
  while (i < text.length) {
    const c = text[i]!;
    if (c === '\n') {
      line += 1;
      i += 1;
    } else if (/\s/.test(c)) i += 1;
    else if (c === '#') {
      while (i < text.length && text[i] !== '\n') i += 1;
    } else if (c === ';') {
      flush(i + 1, false);
      i += 1;
    } else if (c === '{') {
      flush(i + 1, true);
      i += 1;
    } else if (c === '}') {
      if (words.length) throw new NginxSiteError(`line ${line}: "${words.join(' ')}" is not ended with ";"`);
      if (!stack.pop()) throw new NginxSiteError(`line ${line}: a "}" that closes no block`);
      i += 1;
    } else {
      if (start < 0) {
        start = i;
        startLine = line;
      }
      let word = '';
      if (c === '"' || c === "'") {
        const quote = c;
        i += 1;
        while (i < text.length && text[i] !== quote) {
          if (text[i] === '\\') i += 1;
          if (text[i] === '\n') line += 1;
          word += text[i] ?? '';
          i += 1;
        }
        i += 1;
      } else {
        while (i < text.length && !/[\s;{}]/.test(text[i]!) && !(text[i] === '#' && word === '')) {
          word += text[i];
          i += 1;
        }
      }
      words.push(word);
    }
  }
  if (words.length) throw new NginxSiteError(`line ${line}: "${words.join(' ')}" is not ended with ";"`);
  if (stack.length) throw new NginxSiteError(`the block "${stack.at(-1)}" is never closed with "}"`);
  return found;
}

export type SiteForm = 'nginx.conf' | 'servers' | 'locations';

export interface RewrittenSite {
  form: SiteForm;
  /** The file, rewritten in place (same lines). For 'nginx.conf', its http block's content only. */
  text: string;
  /** One line per change: "line 12: proxy_pass http://127.0.0.1:8000 → the stack's replicas". */
  changes: string[];
  /** Whether a server of the file listens on 443 with TLS (for 'locations': the suite's servers do). */
  servesTls: boolean;
}

/** The stack's upstream for a user's site: the two replicas (never a name a user's file defines itself). */
export const stackUpstream = 'http_test_replicas';
export const replicaServers = ['app1:8000', 'app2:8000'];

export interface SiteContext {
  /** The app's folder and its built front end, to find the folders of `root` and `alias`. */
  appDir: string;
  webDist: string | null;
}

/** Where a folder of the user's machine is in the nginx container, found by its last segments; or null. */
export function mountedFolder(folder: string, context: SiteContext): string | null {
  const segments = folder.replace(/\/+$/, '').split('/').filter(Boolean);
  const trailingSlash = folder.endsWith('/') ? '/' : '';
  const places: [string | null, string][] = [
    [context.webDist, '/srv/web'],
    [context.appDir, '/srv/user-app'],
  ];
  for (const [base, mounted] of places) {
    if (!base) continue;
    if (segments.at(-1) === path.basename(base)) return `${mounted}${trailingSlash}`;
    for (let k = Math.min(segments.length, 4); k >= 1; k -= 1) {
      const tail = segments.slice(-k).join('/');
      const candidate = path.join(base, tail);
      if (existsSync(candidate) && statSync(candidate).isDirectory()) return `${mounted}/${tail}${trailingSlash}`;
    }
  }
  return null;
}

export function rewriteSite(text: string, context: SiteContext): RewrittenSite {
  // Locations are included in the suite's own servers, whose upstreams.conf names the replicas "app".
  const upstreamOf = (form: SiteForm) => (form === 'locations' ? 'app' : stackUpstream);
  const directives = scanDirectives(text);
  const top = directives.filter((d) => d.within.length === 0);
  const http = top.find((d) => d.name === 'http' && d.block);
  const form: SiteForm = http
    ? 'nginx.conf'
    : top.some((d) => (d.name === 'server' || d.name === 'upstream') && d.block)
      ? 'servers'
      : 'locations';
  const ownUpstreams = new Set(directives.filter((d) => d.name === 'upstream' && d.block).map((d) => d.args[0]));
  const edits: { start: number; end: number; text: string }[] = [];
  const changes: string[] = [];
  const change = (d: Directive, replacement: string, why: string) => {
    edits.push({ start: d.start, end: d.end, text: replacement });
    changes.push(`line ${d.line}: ${d.name} ${d.args.join(' ')} → ${why}`);
  };
  for (const d of directives) {
    const inServer = d.within.includes('server');
    if (d.name === 'uwsgi_pass' || d.name === 'fastcgi_pass' || d.name === 'scgi_pass' || d.name === 'grpc_pass')
      throw new NginxSiteError(
        `line ${d.line}: ${d.name} ${d.args.join(' ')}: the stacks run Gunicorn, which speaks HTTP: use proxy_pass http://… for the app`,
      );
    if (d.name === 'proxy_pass') {
      const target = d.args[0] ?? '';
      const m = /^(https?):\/\/(unix:[^:]+:?|[^/]+)(.*)$/.exec(target);
      if (!m) continue;
      const [, , host = '', rest = ''] = m;
      if (host.includes('$')) {
        changes.push(`line ${d.line}: proxy_pass ${target} is left as it is (its address is a variable)`);
        continue;
      }
      if (ownUpstreams.has(host)) continue;
      change(d, `proxy_pass http://${upstreamOf(form)}${rest};`, "the stack's replicas");
    } else if (d.name === 'server' && !d.block && d.within.at(-1) === 'upstream') {
      const params = d.args.slice(1).filter((p) => !/^(backup|down)$/.test(p));
      change(
        d,
        replicaServers.map((s) => `server ${[s, ...params].join(' ')};`).join(' '),
        `the stack's replicas (${replicaServers.join(', ')})`,
      );
    } else if (d.name === 'listen' && inServer) {
      const [address = '', ...params] = d.args;
      if (address.startsWith('[')) {
        change(d, '', 'dropped (the containers have no IPv6)');
        continue;
      }
      const port = /^(?:[^:]+:)?(\d+)$/.exec(address)?.[1] ?? (/^\d+$/.test(address) ? address : null);
      if (port && port !== address)
        change(d, `listen ${[port, ...params].join(' ')};`, `listen ${port} (the container's address)`);
    } else if (d.name === 'include' && d.args[0] && !d.args[0].startsWith('/')) {
      // On the user's server a relative include is under /etc/nginx; here nginx would look beside the main file.
      edits.push({ start: d.start, end: d.end, text: `include /etc/nginx/${d.args[0]};` });
    } else if (d.name === 'ssl_certificate' || d.name === 'ssl_certificate_key') {
      change(
        d,
        `${d.name} /etc/nginx-tls/${d.name === 'ssl_certificate' ? 'cert.pem' : 'key.pem'};`,
        "the stack's certificate, made at run time",
      );
    } else if (d.name === 'ssl_trusted_certificate' || d.name === 'ssl_dhparam' || d.name === 'ssl_stapling_file') {
      change(d, '', "dropped (a file of your server's)");
    } else if ((d.name === 'root' || d.name === 'alias') && d.args[0] && !d.args[0].includes('$')) {
      const mounted = mountedFolder(d.args[0], context);
      if (mounted) change(d, `${d.name} ${mounted};`, `${mounted} (found in your app's folder)`);
      else
        changes.push(`line ${d.line}: ${d.name} ${d.args[0]} is not in your app's folder: nginx will answer 404 there`);
    }
  }
  let out = text;
  for (const e of edits.sort((a, b) => b.start - a.start)) out = out.slice(0, e.start) + e.text + out.slice(e.end);
  const listens = scanDirectives(out).filter((d) => d.name === 'listen');
  if (form !== 'locations' && !listens.some((d) => d.args[0] === '80' && !d.args.includes('ssl')))
    throw new NginxSiteError(
      `no server listens on port 80 without TLS${listens.length ? ` (it listens on ${listens.map((d) => d.args.join(' ')).join(', ')})` : ''}: the stack sends its plain-HTTP requests to nginx's port 80: add "listen 80;" to the server of your app`,
    );
  if (form === 'nginx.conf') {
    // Only the http block is used: the process settings (user, pid, error_log, events) are the stack's.
    const inner = scanDirectives(out).find((d) => d.name === 'http' && d.block && d.within.length === 0)!;
    let depth = 0;
    let close = inner.end;
    for (; close < out.length; close += 1) {
      if (out[close] === '{') depth += 1;
      else if (out[close] === '}') {
        if (depth === 0) break;
        depth -= 1;
      }
    }
    // Lines before the block are kept blank, so line numbers still match the user's file.
    out = out.slice(0, inner.end).replace(/[^\n]/g, ' ') + out.slice(inner.end, close);
  }
  const servesTls = form === 'locations' || listens.some((d) => d.args[0] === '443' && d.args.includes('ssl'));
  return { form, text: out, changes, servesTls };
}

/**
 * The main nginx.conf for a user's site of server blocks: the stack's process settings (logs where the suite
 * reads them), nginx's own defaults for the rest, the stack's upstream, and the site where a sites-enabled
 * file is included (inside http).
 */
export function mainConfFor(sitePath: string): string {
  return `# Made by http-test for a user's nginx site (HTTP_TEST_NGINX_CONF), lib/porting/nginx-site.ts.
worker_processes 1;
pid /tmp/nginx.pid;
error_log stderr notice;

events {
    worker_connections 1024;
}

http {
    include /etc/nginx/mime.types;
    default_type application/octet-stream;
    access_log /dev/stdout;
    sendfile on;

    upstream ${stackUpstream} {
${replicaServers.map((s) => `        server ${s};`).join('\n')}
    }

    include ${sitePath};
}
`;
}

/** Where the rewritten site of an app is written (compose/user-app/.generated/<slug>/, ignored by git). */
export function generatedSiteDir(composeDir: string, slug: string): string {
  return path.join(composeDir, 'user-app', '.generated', slug);
}

/**
 * The stack with a compose file over its own, `<kind>-<stack>.yml` in the app's generated folder (one per
 * stack: the replicas' service names differ), written from `text`.
 */
export function withGeneratedOverride(
  description: StackDescription,
  composeDir: string,
  slug: string,
  kind: string,
  text: string,
): StackDescription {
  const dir = generatedSiteDir(composeDir, slug);
  mkdirSync(dir, { recursive: true });
  const file = path.join(dir, `${kind}-${description.name}.yml`);
  writeFileSync(file, text);
  return { ...description, overrideFiles: [...(description.overrideFiles ?? []), path.relative(composeDir, file)] };
}
