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

/** The launch fixture's options with the rule added; the caller closes the browser. */
export function launchMapped(
  browserType: BrowserType,
  launchOptions: LaunchOptions,
  host: string,
  port: number,
  toPort: number,
): Promise<Browser> {
  return browserType.launch({
    ...launchOptions,
    args: [...(launchOptions.args ?? []), hostResolverRule(host, port, toPort)],
  });
}
