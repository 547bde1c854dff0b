/**
 * Folders of a user's app that every process of a stack shares (HTTP_TEST_SHARED_DIRS), as a deployment's
 * shared volume or NFS share makes them: each folder one named Docker volume of the stack's compose project,
 * mounted at that folder in every replica's copy of the app (/srv/app/<folder>; the app runs from a copy of
 * its source, compose/app/from-app-copy.sh, whose files the copy puts into the volume too). A compose file
 * over the stack's own (written for each stack, since the replicas' service names differ) declares them;
 * the stack's removal removes its volumes with it (lib/docker/cli.ts removeProject).
 * Only the Gunicorn stacks get them: the dev server is one process, its disk already the only one.
 */
import path from 'node:path';
import type { StackDescription } from '../stacks/definitions.js';
import { withGeneratedOverride } from './nginx-site.js';
import type { UserApp } from './target.js';

/** The volume's name in the compose file (compose prefixes the project's name). */
export function sharedVolumeName(index: number): string {
  return `http-test-shared-${index + 1}`;
}

/** The compose file that mounts each shared folder, one volume each, in every one of `services`. */
export function sharedDirsCompose(services: readonly string[], dirs: readonly string[]): string {
  const mounts = dirs.map((dir, i) => `      - ${sharedVolumeName(i)}:${path.posix.join('/srv/app', dir)}`);
  return [
    '# Written by lib/porting/shared-dirs.ts for HTTP_TEST_SHARED_DIRS: one volume per folder, in every replica.',
    'services:',
    ...services.flatMap((service) => [`  ${service}:`, '    volumes:', ...mounts]),
    'volumes:',
    ...dirs.map((_, i) => `  ${sharedVolumeName(i)}: {}`),
    '',
  ].join('\n');
}

/** Whether this stack gets the app's shared folders: the stacks that run Gunicorn (one or more replicas). */
export function sharesDirs(description: Pick<StackDescription, 'appServer'>, app: Pick<UserApp, 'sharedDirs'>) {
  return app.sharedDirs.length > 0 && description.appServer === 'gunicorn';
}

/** The stack with the compose file over it that mounts the app's shared folders (written here), where it gets them. */
export function withSharedDirs(description: StackDescription, app: UserApp, composeDir: string): StackDescription {
  if (!sharesDirs(description, app)) return description;
  return withGeneratedOverride(
    description,
    composeDir,
    app.slug,
    'shared-dirs',
    sharedDirsCompose(description.appReplicas, app.sharedDirs),
  );
}
