/**
 * The user's nginx site (HTTP_TEST_NGINX_CONF), made ready before any stack starts: rewritten for the stack
 * (lib/porting/nginx-site.ts), written where compose mounts it, and tested with `nginx -t` in a throw-away
 * container of the stack's nginx image, with the stack's mounts and a certificate of its own. A file nginx
 * refuses is one line naming the file, the line and nginx's words.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { dockerOutcome } from '../docker/cli.js';
import { composeDir, SettingsError } from '../run/settings.js';
import { makeTlsCertificate } from '../run/secrets.js';
import { generatedSiteDir, mainConfFor, NginxSiteError, rewriteSite, type RewrittenSite } from './nginx-site.js';
import { shownPath, type UserApp } from './target.js';

/** nginx's complaint about the site, as one line with the user's line number. */
export function readNginxTest(out: string, shown: string): string | null {
  const emerg = /\[emerg\] (.*?)(?: in \/etc\/http-test\/(site|nginx)\.conf:(\d+))?$/m.exec(out);
  if (!emerg) return /test failed/.test(out) ? (out.trim().split('\n').pop() ?? 'nginx -t failed') : null;
  const [, said = '', file, line] = emerg;
  const words = said.replace(/^\d+#\d+: /, '');
  return `nginx -t: ${words}${file === 'site' && line ? ` (${shown} line ${line})` : ''}`;
}

export async function prepareNginxSite(app: UserApp, nginxImage: string): Promise<RewrittenSite | null> {
  if (!app.nginxConf) return null;
  const shown = shownPath(app.nginxConf);
  const fail = (why: string) =>
    new SettingsError(`HTTP_TEST_NGINX_CONF=${shown}: ${why}: fix the file, or unset HTTP_TEST_NGINX_CONF`);
  let site: RewrittenSite;
  try {
    site = rewriteSite(readFileSync(app.nginxConf, 'utf8'), { appDir: app.dir, webDist: app.webDist });
  } catch (error) {
    if (error instanceof NginxSiteError) throw fail(error.message);
    throw error;
  }
  const dir = generatedSiteDir(composeDir, app.slug);
  mkdirSync(dir, { recursive: true });
  writeFileSync(path.join(dir, 'site.conf'), site.text);
  writeFileSync(
    path.join(dir, 'nginx.conf'),
    site.form === 'locations'
      ? readFileSync(path.join(composeDir, 'nginx', 'nginx.conf'), 'utf8')
      : mainConfFor('/etc/http-test/site.conf'),
  );
  const tls = await makeTlsCertificate('localhost');
  try {
    const { code, out } = await dockerOutcome([
      'run',
      '--rm',
      '--network',
      'none',
      // nginx resolves an upstream's names when it reads its configuration.
      ...['app1', 'app2'].flatMap((host) => ['--add-host', `${host}:127.0.0.1`]),
      ...nginxMounts(app, dir, tls.dir).flatMap((m) => ['-v', m]),
      '--entrypoint',
      'nginx',
      nginxImage,
      '-t',
      '-q',
      '-c',
      '/etc/http-test/nginx.conf',
    ]);
    if (code !== 0) throw fail(readNginxTest(out, shown) ?? `nginx -t exited ${code}`);
  } finally {
    tls.remove();
  }
  return site;
}

/** The nginx service's mounts for a user's site, as compose/nginx.yml makes them. */
function nginxMounts(app: UserApp, generated: string, tlsDir: string): string[] {
  return [
    `${path.join(composeDir, 'nginx')}:/etc/http-test:ro`,
    `${path.join(generated, 'nginx.conf')}:/etc/http-test/nginx.conf:ro`,
    `${path.join(generated, 'site.conf')}:/etc/http-test/site.conf:ro`,
    `${app.dir}:/srv/user-app:ro`,
    ...(app.webDist ? [`${app.webDist}:/srv/web:ro`] : []),
    `${tlsDir}:/etc/nginx-tls:ro`,
  ];
}

/** Whether the nginx stack answers HTTPS for a user's app: false when their own site serves no TLS on 443. */
export function userSiteServesTls(env: NodeJS.ProcessEnv = process.env): boolean {
  return env.HTTP_TEST_RUN_USER_SITE_TLS !== '0';
}
