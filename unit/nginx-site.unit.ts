// Unit: a user's nginx site rewritten for the nginx stack (lib/porting/nginx-site.ts) and nginx -t's complaint
// read back (lib/porting/nginx-check.ts): what points at the app goes to the replicas, on the same lines.
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import { mountedFolder, rewriteSite, scanDirectives } from '../lib/porting/nginx-site.js';
import { readNginxTest } from '../lib/porting/nginx-check.js';

let root = '';
test.beforeEach(() => {
  root = mkdtempSync(path.join(os.tmpdir(), 'http-test-unit-nginx-site-'));
  mkdirSync(path.join(root, 'shop', 'static', 'css'), { recursive: true });
});
test.afterEach(() => rmSync(root, { recursive: true, force: true }));

const context = () => ({ appDir: path.join(root, 'shop'), webDist: null });

const site = `upstream shop {
    server 127.0.0.1:8000 fail_timeout=0;
}
server {
    listen 127.0.0.1:80;
    listen [::]:80;
    listen 443 ssl;
    ssl_certificate /etc/letsencrypt/live/shop/fullchain.pem;
    ssl_certificate_key "/etc/letsencrypt/live/shop/privkey.pem";
    location /static/ { alias /var/www/shop/static/; }
    location /media/ { root /var/www/uploads; }
    location / { include proxy_params; proxy_pass http://shop; }  # a comment { with a brace
    location /api/ { proxy_pass http://unix:/run/gunicorn.sock:/api/; }
}
`;

test('directives, their blocks and their lines; quoted words and comments do not confuse it', () => {
  const found = scanDirectives(site);
  const alias = found.find((d) => d.name === 'alias')!;
  expect(alias.within).toEqual(['server', 'location']);
  expect(alias.line).toBe(10);
  expect(found.find((d) => d.name === 'ssl_certificate_key')?.args).toEqual(['/etc/letsencrypt/live/shop/privkey.pem']);
  expect(() => scanDirectives('server { listen 80 }')).toThrow('"listen 80" is not ended with ";"');
  expect(() => scanDirectives('server { listen 80;')).toThrow('the block "server" is never closed');
});

test("what points at the app goes to the stack's replicas; the line count stays the user's", () => {
  const out = rewriteSite(site, context());
  expect(out.form).toBe('servers');
  expect(out.text.split('\n').length).toBe(site.split('\n').length);
  expect(out.text).toContain('server app1:8000 fail_timeout=0; server app2:8000 fail_timeout=0;');
  expect(out.text).toContain('proxy_pass http://shop;');
  expect(out.text).toContain('proxy_pass http://http_test_replicas/api/;');
  expect(out.text).toContain('include /etc/nginx/proxy_params;');
  expect(out.text).toContain('listen 80;');
  expect(out.text).not.toContain('[::]');
  expect(out.text).toContain('ssl_certificate /etc/nginx-tls/cert.pem;');
  expect(out.text).toContain('ssl_certificate_key /etc/nginx-tls/key.pem;');
  expect(out.text).toContain('alias /srv/user-app/static/;');
  expect(out.servesTls).toBe(true);
  expect(out.changes).toContain(
    "line 11: root /var/www/uploads is not in your app's folder: nginx will answer 404 there",
  );
});

test('locations of one server go to the suite\'s upstream "app"; a whole nginx.conf keeps only its http block', () => {
  const locations = rewriteSite('location / { proxy_pass http://localhost:5000; }\n', context());
  expect(locations.form).toBe('locations');
  expect(locations.text).toContain('proxy_pass http://app;');
  const whole = rewriteSite(
    'user www-data;\nevents { }\nhttp {\n  server { listen 80; location / { proxy_pass http://127.0.0.1:8000; } }\n}\n',
    context(),
  );
  expect(whole.form).toBe('nginx.conf');
  expect(whole.text).not.toContain('user www-data');
  expect(whole.text).not.toMatch(/^\s*http\s*\{/m);
  expect(whole.text.split('\n')[3]).toContain('proxy_pass http://http_test_replicas;');
});

test('what cannot run here is one line naming the fix', () => {
  expect(() =>
    rewriteSite('server { listen 8000; location / { proxy_pass http://127.0.0.1:5000; } }', context()),
  ).toThrow(/^no server listens on port 80 without TLS \(it listens on 8000\)/);
  expect(() => rewriteSite('server { listen 80; location / { uwsgi_pass 127.0.0.1:3031; } }', context())).toThrow(
    'line 1: uwsgi_pass 127.0.0.1:3031: the stacks run Gunicorn, which speaks HTTP: use proxy_pass http://… for the app',
  );
});

test('folders are found in the app by their last segments, or not at all', () => {
  expect(mountedFolder('/var/www/shop/static/css/', context())).toBe('/srv/user-app/static/css/');
  expect(mountedFolder('/home/u/shop', context())).toBe('/srv/user-app');
  expect(mountedFolder('/var/www/html', context())).toBeNull();
});

test("nginx -t's complaint, with the line of the user's file", () => {
  expect(
    readNginxTest(
      'nginx: [emerg] 1#1: unknown directive "proxy_pas" in /etc/http-test/site.conf:17\nnginx: configuration file /etc/http-test/nginx.conf test failed',
      'deploy/shop.conf',
    ),
  ).toBe('nginx -t: unknown directive "proxy_pas" (deploy/shop.conf line 17)');
  expect(readNginxTest('nginx: the configuration file syntax is ok', 'x')).toBeNull();
});
