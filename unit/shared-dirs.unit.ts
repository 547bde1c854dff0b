// Unit: the compose file that makes a user app's folders shared by every replica (lib/porting/shared-dirs.ts):
// one named volume per folder, mounted in the app's copy (/srv/app/<folder>) of every replica, Gunicorn stacks only.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import { sharedDirsCompose, sharesDirs, withSharedDirs } from '../lib/porting/shared-dirs.js';
import { stacks } from '../lib/stacks/definitions.js';
import type { UserApp } from '../lib/porting/target.js';

test('every replica mounts each folder from one volume of its own, declared once', () => {
  expect(sharedDirsCompose(['app1', 'app2'], ['uploads', 'static/uploads'])).toBe(
    [
      '# Written by lib/porting/shared-dirs.ts for HTTP_TEST_SHARED_DIRS: one volume per folder, in every replica.',
      'services:',
      '  app1:',
      '    volumes:',
      '      - http-test-shared-1:/srv/app/uploads',
      '      - http-test-shared-2:/srv/app/static/uploads',
      '  app2:',
      '    volumes:',
      '      - http-test-shared-1:/srv/app/uploads',
      '      - http-test-shared-2:/srv/app/static/uploads',
      'volumes:',
      '  http-test-shared-1: {}',
      '  http-test-shared-2: {}',
      '',
    ].join('\n'),
  );
});

test('the Gunicorn stacks get the shared folders, the dev servers (one process) and an app without any do not', () => {
  const app = { sharedDirs: ['uploads'] };
  expect(sharesDirs(stacks.nginx, app)).toBe(true);
  expect(sharesDirs(stacks.gunicorn, app)).toBe(true);
  expect(sharesDirs(stacks.dev, app)).toBe(false);
  expect(sharesDirs(stacks.nginx, { sharedDirs: [] })).toBe(false);
});

test('the stack reads the written file over its own compose file, after any override it already had', () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'http-test-unit-shared-'));
  try {
    const app = { slug: 'photos-abc123', sharedDirs: ['uploads'] } as UserApp;
    const nginx = withSharedDirs({ ...stacks.nginx, overrideFiles: ['user-app/x.yml'] }, app, dir);
    expect(nginx.overrideFiles).toEqual(['user-app/x.yml', 'user-app/.generated/photos-abc123/shared-dirs-nginx.yml']);
    expect(readFileSync(path.join(dir, nginx.overrideFiles![1]!), 'utf8')).toContain('  app2:\n');
    expect(withSharedDirs(stacks.dev, app, dir)).toBe(stacks.dev);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
