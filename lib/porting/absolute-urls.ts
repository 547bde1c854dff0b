/**
 * Absolute URLs an app writes to itself, read from outside: the Location of a redirect, the string values of
 * a JSON answer (`"self": url_for('x', _external=True)`) and the attributes of an HTML page (a share link's
 * href, a form's action, an <input value> to copy). Flask builds such a URL from what the WSGI server saw:
 * behind a proxy that is the proxy's Host (nginx's `$host` drops the port) and plain http (TLS ended in
 * front), so a client following it loses the port or TLS, unless the app trusts the proxy's X-Forwarded-*
 * (Werkzeug's ProxyFix). Pure functions: no request is made here.
 */

/** An absolute URL found in an answer, and where: "Location", "JSON $.self", "<a href>". */
export interface FoundUrl {
  where: string;
  url: string;
}

/** A URL to the app that names another address than the client used, and what differs. */
export interface WrongUrl extends FoundUrl {
  /** The parts that differ, in order: what a figure can say whatever port the run published. */
  parts: AddressPart[];
  /** "scheme http, not https; port 80, not 49154". */
  differs: string;
}

/** http(s):// up to whitespace, a quote or an angle bracket: a URL written inside a string or a text. */
const bareUrl = /\bhttps?:\/\/[^\s"'<>`]+/gi;

/** Punctuation a sentence puts after a URL, not part of it ("see http://x/a." or "(http://x/a)"). */
function trimSentenceEnd(url: string): string {
  return url.replace(/[.,;:!?)\]}]+$/, '');
}

/** http://…, https://… or //… (protocol-relative, as an attribute may be): what counts as absolute here. */
function isAbsolute(value: string): boolean {
  return /^(https?:)?\/\/[^/\s]/i.test(value);
}

const entities: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", sol: '/', colon: ':' };

/** An attribute value as the browser reads it: Jinja writes `&amp;` and `&#39;`, the link has `&` and `'`. */
export function decodeEntities(value: string): string {
  return value.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (whole, name: string) => {
    if (name.startsWith('#x') || name.startsWith('#X')) return String.fromCodePoint(parseInt(name.slice(2), 16));
    if (name.startsWith('#')) return String.fromCodePoint(parseInt(name.slice(1), 10));
    return entities[name.toLowerCase()] ?? whole;
  });
}

/**
 * Every absolute URL in an HTML page's attributes: any attribute whose whole value is one (href, src,
 * action, formaction, a data-share-url, an <input value>, <meta property="og:url" content>), each URL of a
 * srcset, and a <meta http-equiv="refresh" content="0; url=…">. Text between tags and scripts are not read:
 * prose that quotes a URL is no link, and a script's URLs are the front-end check's (a browser runs it).
 */
export function urlsInHtml(html: string): FoundUrl[] {
  const found: FoundUrl[] = [];
  // Comments are no markup (a commented-out link is never followed), and a script's or a style's text is no
  // tag even where it holds one in a string: the opening tag itself (its src) stays.
  const markup = html.replace(/<!--[\s\S]*?-->/g, '').replace(/(<(script|style)\b[^>]*>)[\s\S]*?<\/\2\s*>/gi, '$1');
  for (const tag of markup.matchAll(/<([a-z][a-z0-9-]*)\b([^>]*)>/gi)) {
    const element = tag[1]!.toLowerCase();
    for (const attribute of tag[2]!.matchAll(/([^\s"'=/<>]+)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+))/g)) {
      const name = attribute[1]!.toLowerCase();
      const value = decodeEntities(attribute[2] ?? attribute[3] ?? attribute[4] ?? '').trim();
      const where = `<${element} ${name}>`;
      if (name === 'srcset') {
        for (const candidate of value.split(',')) {
          const url = candidate.trim().split(/\s+/)[0] ?? '';
          if (isAbsolute(url)) found.push({ where, url });
        }
      } else if (name === 'content' && /^\d+\s*;\s*url\s*=/i.test(value)) {
        const url = value.replace(/^\d+\s*;\s*url\s*=\s*/i, '').replace(/^['"]|['"]$/g, '');
        if (isAbsolute(url)) found.push({ where, url });
      } else if (isAbsolute(value) && !/\s/.test(value)) {
        found.push({ where, url: value });
      }
    }
  }
  return found;
}

/** Every absolute URL in a JSON document's string values, named by its path ("JSON $.items[0].url"). */
export function urlsInJson(document: unknown): FoundUrl[] {
  const found: FoundUrl[] = [];
  const walk = (value: unknown, path: string): void => {
    if (typeof value === 'string') {
      for (const match of value.matchAll(bareUrl))
        found.push({ where: `JSON ${path}`, url: trimSentenceEnd(match[0]) });
    } else if (Array.isArray(value)) {
      value.forEach((item, index) => walk(item, `${path}[${index}]`));
    } else if (value !== null && typeof value === 'object') {
      for (const [key, item] of Object.entries(value))
        walk(item, /^[A-Za-z_$][\w$]*$/.test(key) ? `${path}.${key}` : `${path}[${JSON.stringify(key)}]`);
    }
  };
  walk(document, '$');
  return found;
}

/** Every http(s) URL written in a text that is neither JSON nor HTML (text/plain, a CSV, an XML feed). */
export function urlsInText(text: string): FoundUrl[] {
  return [...text.matchAll(bareUrl)].map((m) => ({ where: 'text', url: trimSentenceEnd(m[0]) }));
}

/**
 * The absolute URLs of one answer: its Location, then its body read by its content type (JSON, HTML, other
 * text; a body that parses as JSON is JSON whatever it is labelled, as many prototypes send text/html). A
 * body's URL that is the Location itself is left out: a redirect's page ("You should be redirected
 * automatically to <a href=…>") only repeats it.
 */
export function absoluteUrlsOf(answer: { location: string | null; contentType: string; body: string }): FoundUrl[] {
  const location = answer.location?.trim() ?? '';
  const head: FoundUrl[] = isAbsolute(location) ? [{ where: 'Location', url: location }] : [];
  return [...head, ...urlsInBody(answer.contentType.toLowerCase(), answer.body).filter((f) => f.url !== location)];
}

function urlsInBody(type: string, body: string): FoundUrl[] {
  if (type === 'application/json' || type.endsWith('+json') || /^\s*[[{]/.test(body)) {
    try {
      return urlsInJson(JSON.parse(body));
    } catch {
      // Not JSON after all: read it as what its type says.
    }
  }
  if (type === 'text/html' || type === 'application/xhtml+xml' || (!type && /^\s*</.test(body)))
    return urlsInHtml(body);
  if (type.startsWith('text/') || type.endsWith('xml')) return urlsInText(body);
  return [];
}

/** Host names that are always this machine: what an app believes its address is on the dev machine. */
const loopbackNames = ['localhost', '127.0.0.1', '::1', '0.0.0.0'];

function hostnameOf(url: URL): string {
  return url.hostname.toLowerCase().replace(/^\[|\]$/g, '');
}

/** The URL as a client would follow it: a protocol-relative one takes the client's scheme. */
function resolved(url: string, client: URL): URL | null {
  try {
    return new URL(url, client);
  } catch {
    return null;
  }
}

/**
 * Whether a URL names this app, not another site. Its host decides, never its scheme or port (those are
 * what gets lost): the client's own host (here 127.0.0.1, whatever port: the same machine's address with the
 * published port dropped is the classic loss behind a proxy), a loopback name (localhost, 127.0.0.1, ::1,
 * 0.0.0.0, *.localhost: the dev machine's address, which is this app wherever the port points), and the
 * names the inside calls the app by (`appHosts`: its containers, replicas and the proxy's upstream, a worker
 * stamp's host). Any other host is another site (the framework's docs, a CDN, an OAuth provider) and never a
 * finding, whatever its scheme: the app cannot make it the client's address.
 */
export function pointsAtApp(url: string, clientOrigin: string, appHosts: readonly string[] = []): boolean {
  const client = new URL(clientOrigin);
  const target = resolved(url, client);
  if (!target || !/^https?:$/.test(target.protocol)) return false;
  const host = hostnameOf(target);
  const names = [hostnameOf(client), ...loopbackNames, ...appHosts.map((h) => h.toLowerCase())];
  return names.includes(host) || host.endsWith('.localhost');
}

function portOf(url: URL): string {
  return url.port || (url.protocol === 'https:' ? '443' : '80');
}

/** The parts of an address: what a URL to the app can get wrong. */
export type AddressPart = 'scheme' | 'host' | 'port';

/** Which parts of a URL's address are not the client's (a protocol-relative URL takes the client's scheme). */
export function differingParts(url: string, clientOrigin: string): AddressPart[] {
  const client = new URL(clientOrigin);
  const target = resolved(url, client);
  if (!target) return ['scheme', 'host', 'port'];
  const parts: AddressPart[] = [];
  if (target.protocol !== client.protocol) parts.push('scheme');
  if (hostnameOf(target) !== hostnameOf(client)) parts.push('host');
  if (portOf(target) !== portOf(client)) parts.push('port');
  return parts;
}

/** What differs between a URL's scheme, host and port and the client's: '' when it is the client's address. */
export function addressDifference(url: string, clientOrigin: string): string {
  const client = new URL(clientOrigin);
  const target = resolved(url, client);
  if (!target) return 'not a URL';
  const scheme = (u: URL) => u.protocol.replace(/:$/, '');
  const said: Record<AddressPart, string> = {
    scheme: `scheme ${scheme(target)}, not ${scheme(client)}`,
    host: `host ${hostnameOf(target)}, not ${hostnameOf(client)}`,
    port: `port ${portOf(target)}, not ${portOf(client)}`,
  };
  return differingParts(url, clientOrigin)
    .map((part) => said[part])
    .join('; ');
}

/** Of the URLs found, those that name this app, and of those the ones whose address is not the client's. */
export function judgeUrls(
  found: readonly FoundUrl[],
  clientOrigin: string,
  appHosts: readonly string[] = [],
): { toApp: FoundUrl[]; wrong: WrongUrl[] } {
  const toApp = found.filter((f) => pointsAtApp(f.url, clientOrigin, appHosts));
  const wrong = toApp
    .map((f) => ({ ...f, parts: differingParts(f.url, clientOrigin), differs: addressDifference(f.url, clientOrigin) }))
    .filter((f) => f.parts.length > 0);
  return { toApp, wrong };
}
