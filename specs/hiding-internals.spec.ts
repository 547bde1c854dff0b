// Behaviour: nothing a client provokes gives away how the stack is built inside (hiding internals). Whatever
// it is — the app's 404, a redirect the app builds, a missing static file, a body or header too large — no
// answer names a container's address or host name, the app's internal port or the upstream's name, and none
// gives away a software version (nginx with server_tokens off says only "nginx", Gunicorn only "gunicorn").
// The Flask development server names Werkzeug's and Python's versions in every answer: one more reason it
// stays off the internet.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { TimedResponse } from '../lib/clients/http.js';
import type { ProbeClient } from '../lib/clients/probe-client.js';
import { composeDir } from '../lib/run/settings.js';
import { expect, test } from '../fixtures/test.js';

interface Provocation {
  name: string;
  url: string;
  method?: string;
  headers?: Record<string, string>;
  body?: Buffer;
}

const provocationsOf = (client: ProbeClient): Provocation[] => [
  { name: 'app 404', url: client.route('no-such-route') },
  { name: 'app redirect', url: client.route('redirect') },
  { name: 'missing static file', url: client.url('/static/no-such-file.css') },
  { name: '2 MiB body', url: client.route('no-such-route'), method: 'POST', body: Buffer.alloc(2 * 1024 * 1024, 'x') },
  { name: '16 KiB header', url: client.route('no-such-route'), headers: { 'X-Padding': 'x'.repeat(16 * 1024) } },
];

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** The names nginx's config gives its upstream blocks (compose/nginx/*.conf): internal names too. */
function upstreamNames(): string[] {
  const dir = path.join(composeDir, 'nginx');
  return readdirSync(dir)
    .filter((f) => f.endsWith('.conf'))
    .flatMap((f) =>
      [...readFileSync(path.join(dir, f), 'utf8').matchAll(/^\s*upstream\s+(\S+)\s*\{/gm)].map((m) => m[1] ?? ''),
    );
}

function wholeAnswer(r: TimedResponse): string {
  const headers = Object.entries(r.headers).map(([k, v]) => `${k}: ${Array.isArray(v) ? v.join(', ') : String(v)}`);
  return `${r.status}\n${headers.join('\n')}\n\n${r.text()}`;
}

test('No answer, error page or redirect reveals an internal address, port or software version', async ({
  probe: client,
  stack,
  stackDefinition,
  evidence,
}) => {
  const provocations = provocationsOf(client);
  const containers = await stack.states();
  const alternatives = (names: string[]) =>
    new RegExp(`\\b(${[...new Set(names)].filter(Boolean).map(escape).join('|')})\\b`);
  const internals: Array<[string, RegExp]> = [
    ['container address', alternatives(containers.flatMap((c) => c.addresses))],
    ['container host name', alternatives(containers.map((c) => c.hostname))],
    // A service or upstream name in a URL (`http://app1/…`, `//app_weighted`), as nginx's default Host would leak it.
    [
      'service or upstream name',
      new RegExp(
        `//(${[...containers.map((c) => c.service), ...(stackDefinition.proxy ? upstreamNames() : [])].map(escape).join('|')})\\b`,
      ),
    ],
    ['internal port', new RegExp(`:${stackDefinition.appPort}\\b`)],
    ['software version', /\b(werkzeug|gunicorn|python|nginx)\/\d/i],
  ];
  const found: Record<string, string> = {};
  const statuses: Record<string, number> = {};
  for (const probe of provocations) {
    const answer = await test.step(probe.name, () =>
      client.get(probe.url, { method: probe.method ?? 'GET', headers: probe.headers ?? {}, body: probe.body }),
    );
    statuses[probe.name] = answer.status;
    const text = wholeAnswer(answer);
    const leaks = internals.flatMap(([what, pattern]) => {
      const match = pattern.exec(text);
      return match ? [`${what} (${match[0]})`] : [];
    });
    found[probe.name] = leaks.join(', ') || 'nothing';
  }
  const leaking = Object.entries(found).filter(([, what]) => what !== 'nothing');
  evidence.key('answers that leak', `${leaking.length} of ${provocations.length}`, { id: 'leaks' });
  evidence.record('statuses', statuses);
  evidence.record('found', found);

  // Each probe really provoked the kind of answer it names.
  expect(statuses['app redirect'], 'the redirect probe got a redirect').toBe(302);
  expect(statuses['app 404'], 'the 404 probe got a 404').toBe(404);
  const expected = Object.fromEntries(
    provocations.map((p) => [
      p.name,
      stackDefinition.serverHeader.revealsVersions ? expect.stringMatching(/^software version \([^)]+\)$/) : 'nothing',
    ]),
  );
  expect(found, 'what each answer gives away').toEqual(expected);
});
