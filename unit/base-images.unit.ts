// Unit: the offline base images' package lists (compose/base-image/packages), read as build.sh reads them, so a
// present image whose label records another list is made again (lib/docker/images.ts).
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import { basePackages } from '../lib/docker/images.js';
import { composeDir, runtimeNames } from '../lib/run/settings.js';

test("a runtime's line gives its packages, words joined by one space; another runtime's line and comments do not", () => {
  const listing = ['# bookworm: not-this', 'bookworm:  python3-flask\tgunicorn  ', 'trixie: nginx squid'].join('\n');
  expect(basePackages(listing, 'bookworm')).toBe('python3-flask gunicorn');
  expect(basePackages(listing, 'trixie')).toBe('nginx squid');
  expect(basePackages(listing, 'sid')).toBeUndefined();
  expect(basePackages('bookworm:   ', 'bookworm')).toBeUndefined();
});

test('every runtime has a line in compose/base-image/packages with what the stacks run: Flask, Gunicorn, gevent, nginx, squid', () => {
  const listing = readFileSync(path.join(composeDir, 'base-image', 'packages'), 'utf8');
  for (const runtime of runtimeNames) {
    const words = basePackages(listing, runtime)?.split(' ') ?? [];
    expect(words, runtime).toEqual(expect.arrayContaining(['python3-flask', 'gunicorn', 'python3-gevent', 'squid']));
    expect(
      words.some((word) => /^nginx(-light)?$/.test(word)),
      `${runtime} has an nginx package`,
    ).toBe(true);
  }
});
