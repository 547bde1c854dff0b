/**
 * compose/.env: compose reads it from the compose files' folder, so a stack started by hand
 * (`docker-compose -f compose/nginx.yml up --build`, docs/running.md) uses the images this run used, not the
 * files' official defaults, which an offline machine cannot pull. The suite itself passes every image in the
 * environment, which wins over this file.
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { composeDir, type Settings } from './settings.js';

export const composeEnvFile = path.join(composeDir, '.env');

export function composeEnvText(settings: Pick<Settings, 'pythonImage' | 'nginxImage'>): string {
  return [
    '# Written by scripts/install.sh and by each run of the suite: the images compose commands typed by hand use.',
    `HTTP_TEST_PYTHON_IMAGE=${settings.pythonImage}`,
    `HTTP_TEST_NGINX_IMAGE=${settings.nginxImage}`,
    '',
  ].join('\n');
}

export function writeComposeEnv(settings: Pick<Settings, 'pythonImage' | 'nginxImage'>): void {
  writeFileSync(composeEnvFile, composeEnvText(settings));
}
