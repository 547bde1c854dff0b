// Unit: the front end's router pages opened by address (lib/porting/client-routes.ts): which paths are
// opened, what makes an answer the built page, and how a broken one is named.
import { expect, test } from '@playwright/test';
import { clientPaths, directLoadProblem, maxClientPaths, pageScripts } from '../lib/porting/client-routes.js';

test("the router's static paths, then the links it followed, each once, without / and parameters", () => {
  expect(clientPaths(['/', '/books', '/books/:id', '/about/', '/:pathMatch(.*)*'], ['/about', '/ping', '/'])).toEqual([
    '/books',
    '/about',
    '/ping',
  ]);
  expect(clientPaths([], [])).toEqual([]);
  expect(
    clientPaths(
      Array.from({ length: 20 }, (_, i) => `/p${i}`),
      [],
    ),
  ).toHaveLength(maxClientPaths);
});

test("an answer is the page when it is HTML with the build's scripts; else its status and type, an app route named", () => {
  const index =
    '<!doctype html><script type="module" crossorigin src="/assets/index-CKyE.js"></script><div id="app"></div>';
  const scripts = pageScripts(index);
  expect(scripts).toEqual(['/assets/index-CKyE.js']);
  expect(
    directLoadProblem('/books', { status: 200, contentType: 'text/html; charset=utf-8', body: index }, scripts, []),
  ).toBeNull();
  expect(
    directLoadProblem('/books', { status: 404, contentType: 'text/html', body: '<h1>Not Found</h1>' }, scripts, []),
  ).toBe('/books: 404 text/html');
  expect(
    directLoadProblem('/ping', { status: 200, contentType: 'application/json', body: '"pong!"' }, scripts, ['/ping']),
  ).toBe("/ping: 200 application/json (the app's own route of the same path, not the page)");
  // Another HTML page of the app's at that path is not the front end either.
  expect(
    directLoadProblem('/about', { status: 200, contentType: 'text/html', body: '<p>about</p>' }, scripts, []),
  ).toBe('/about: 200 text/html');
  expect(directLoadProblem('/x', null, scripts, [])).toBe('/x: no answer');
});
