/**
 * The forms and links of an app's pages as the browser sees them (Chromium, through the stack): what
 * lib/porting/forms.ts sorts by role and fills in. Shared by the specs that follow the app's forms as a user
 * would (user-journey: its account and content forms; request-limits: its GET forms and links with a query).
 */
import type { Page } from '@playwright/test';
import type { PageForm } from './forms.js';

/** Each page's forms (every method), its action resolved against the page; pages that fail to load are left out. */
export async function formsOn(page: Page, origin: string, paths: string[]): Promise<PageForm[]> {
  const forms: PageForm[] = [];
  for (const path of paths) {
    const response = await page.goto(`${origin}${path}`).catch(() => null);
    if (!response || response.status() >= 400 || !new URL(page.url()).pathname.startsWith('/')) continue;
    const here = new URL(page.url()).pathname;
    const found = await page.$$eval('form', (elements) =>
      elements.map((f) => ({
        method: (f.getAttribute('method') ?? 'get').toLowerCase(),
        action: f.getAttribute('action') ?? '',
        fields: [...f.querySelectorAll('input, textarea, select')]
          .filter((e) => e.getAttribute('name'))
          .map((e) => ({
            name: e.getAttribute('name')!,
            type: e.tagName === 'INPUT' ? (e.getAttribute('type') ?? 'text').toLowerCase() : e.tagName.toLowerCase(),
            // A field the browser lets a user type only so much into (maxlength) cannot make a long request.
            ...(e.hasAttribute('maxlength') ? { maxLength: Number(e.getAttribute('maxlength')) } : {}),
          })),
      })),
    );
    found.forEach((f, index) => {
      const action = f.action ? new URL(f.action, page.url()) : new URL(page.url());
      forms.push({
        ...f,
        page: here,
        index,
        action: action.pathname,
        ...(action.origin !== new URL(origin).origin ? { external: true } : {}),
      });
    });
  }
  return forms;
}

/** Every link (`<a href>`) of each page, resolved against it: the hrefs a user can follow. */
export async function linksOn(page: Page, origin: string, paths: string[]): Promise<string[]> {
  const links = new Set<string>();
  for (const path of paths) {
    const response = await page.goto(`${origin}${path}`).catch(() => null);
    if (!response || response.status() >= 400) continue;
    for (const href of await page.$$eval('a[href]', (as) => as.map((a) => (a as HTMLAnchorElement).href)))
      links.add(href);
  }
  return [...links];
}
