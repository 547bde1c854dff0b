/**
 * The front end's own pages opened by their address (specs/porting/client-routes.spec.ts). A single-page
 * app's router (vue-router's history mode, React Router's BrowserRouter) shows /books without asking the
 * server; a reload, a bookmark or a shared link asks the server for /books, and only a server that answers
 * every such path with the built index.html lets the router show it. Vite's dev server does; nginx with
 * `try_files $uri @app` sends it to the app, which has no such route (404), or has an API route of the same
 * path (its JSON instead of the page). Pure parts here; the spec finds the paths and opens them in Chromium.
 */

/** At most this many of the router's pages are opened: each is a page load in Chromium. */
export const maxClientPaths = 8;

/**
 * The router's own paths worth opening: static (no `:id`, no `*`), not `/` (the page itself), each once;
 * the router's list first (it names pages no link shows yet), then the links the page followed itself.
 */
export function clientPaths(routerPaths: readonly string[], followedLinks: readonly string[]): string[] {
  const out: string[] = [];
  for (const p of [...routerPaths, ...followedLinks]) {
    const path = p.replace(/\/+$/, '') || '/';
    if (path === '/' || !path.startsWith('/') || /[:*()]/.test(path) || out.includes(path)) continue;
    out.push(path);
  }
  return out.slice(0, maxClientPaths);
}

/** The scripts the built index.html loads: a document with them is the page, whoever served it. */
export function pageScripts(indexHtml: string): string[] {
  return [...indexHtml.matchAll(/<script\b[^>]*\bsrc=["']([^"']+)["']/gi)].map((m) => m[1]!);
}

/** What went wrong when a path of the router was opened directly; null when the server answered the page. */
export function directLoadProblem(
  path: string,
  answer: { status: number; contentType: string; body: string } | null,
  scripts: readonly string[],
  appRoutes: readonly string[],
): string | null {
  if (!answer) return `${path}: no answer`;
  const isPage =
    answer.status < 400 && /text\/html/i.test(answer.contentType) && scripts.every((s) => answer.body.includes(s));
  if (isPage) return null;
  const type = answer.contentType.split(';')[0] || 'no content type';
  const shadow = appRoutes.includes(path) ? " (the app's own route of the same path, not the page)" : '';
  return `${path}: ${answer.status} ${type}${shadow}`;
}
