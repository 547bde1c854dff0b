/**
 * A Chromium of its own that resolves one host and port to a port on 127.0.0.1 (--host-resolver-rules): the
 * page's address is the one a deployment or a front end's dev server has (https://app.example/,
 * http://localhost:5173), while the answer comes from this run (a stack's published port, a small local server).
 * The launch fixture's Chromium is shared by the worker's tests, so a rule is given to a browser of its own.
 */
import type { Browser, BrowserType, LaunchOptions } from '@playwright/test';

/** Chromium's rule that sends `host:port` to 127.0.0.1:`toPort`. */
export function hostResolverRule(host: string, port: number, toPort: number): string {
  for (const p of [port, toPort])
    if (!Number.isInteger(p) || p < 1 || p > 65535) throw new Error(`not a TCP port: ${p}`);
  if (!/^[a-z0-9.-]+$/i.test(host)) throw new Error(`not a host name: ${JSON.stringify(host)}`);
  return `--host-resolver-rules=MAP ${host}:${port} 127.0.0.1:${toPort}`;
}

/**
 * Chromium closes every HTTP/2 session, with the requests in flight on it, when an address appears on or leaves
 * this machine (net::ERR_NETWORK_CHANGED), and Docker adds one with every network another worker's stack
 * starts; a request over HTTP/1.1 goes on. A page over TLS that is not about the HTTP version speaks HTTP/1.1.
 */
export const http1Only = '--disable-http2';

/** The launch fixture's options with the rule (and any `args`) added; the caller closes the browser. */
export function launchMapped(
  browserType: BrowserType,
  launchOptions: LaunchOptions,
  host: string,
  port: number,
  toPort: number,
  args: readonly string[] = [],
): Promise<Browser> {
  return browserType.launch({
    ...launchOptions,
    args: [...(launchOptions.args ?? []), hostResolverRule(host, port, toPort), ...args],
  });
}
