/**
 * A page of another origin (a front end's dev server, http://localhost:5173) in Chromium, really served on
 * 127.0.0.1: a page the test fulfils itself (page.route) has no address, so Chromium counts it as public and
 * refuses its requests to 127.0.0.1 (Local Network Access) — a refusal no front end on this machine meets.
 * Its own Chromium maps the origin's host and port to a small server of this process (lib/clients/mapped-chromium.ts).
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { BrowserType, LaunchOptions, Page } from '@playwright/test';
import { launchMapped } from './mapped-chromium.js';

export async function onPageOf<T>(
  origin: string,
  browserType: BrowserType,
  launchOptions: LaunchOptions,
  use: (page: Page, consoleErrors: string[]) => Promise<T>,
): Promise<T> {
  const server = createServer((_, response) => {
    response.writeHead(200, { 'content-type': 'text/html' });
    response.end('<!doctype html><title>a front end on another origin</title>');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  const { hostname, port: originPort } = new URL(origin);
  const browser = await launchMapped(browserType, launchOptions, hostname, Number(originPort) || 80, port).catch(
    (error: unknown) => {
      server.close();
      throw error;
    },
  );
  try {
    const page = await browser.newPage();
    const consoleErrors: string[] = [];
    page.on('console', (m) => {
      if (m.type() === 'error') consoleErrors.push(m.text());
    });
    await page.goto(`${origin}/`);
    return await use(page, consoleErrors);
  } finally {
    await browser.close();
    server.close();
  }
}

/** A fetch from the page, as its script would make it: "status 413", or the error the script gets. */
export function fetchFrom(page: Page, url: string, method: string, bodyBytes = 0): Promise<string> {
  return page.evaluate(
    async ({ url, method, bodyBytes }) => {
      try {
        const r = await fetch(url, {
          method,
          ...(bodyBytes ? { body: 'x'.repeat(bodyBytes), headers: { 'Content-Type': 'text/plain' } } : {}),
        });
        return `status ${r.status}`;
      } catch (error) {
        return String(error);
      }
    },
    { url, method, bodyBytes },
  );
}
