/**
 * The study notes' chapters, in their order: first the WSGI server (why not the dev server, what Gunicorn's
 * processes change), then the reverse proxy's merits one by one. Every spec file belongs to one chapter; the
 * comparison matrix and Allure (parentSuite) both group by them. Each chapter opens with the notes' claim and
 * a sentence of what the suite measured, built from the cells of the last run.
 */

import { stackNames } from '../stacks/definitions.js';

/**
 * What a truth sentence may read: a cell's key figure as shown, by spec file (without `.spec.ts`), the id the
 * spec gives the figure (`evidence.key(name, value, { id })`) and stack; undefined unless it passed there.
 * A test's title may change freely: unit/chapters.unit.ts checks that every id named here is one its spec
 * records.
 */
export type FigureOf = (spec: string, id: string, stack: string) => string | undefined;

export interface Chapter {
  id: string;
  title: string;
  /** The study notes' claim, in English (the notes are Japanese). */
  claim: string;
  specs: string[];
  /** One sentence of what was measured, or undefined while its figures are missing. */
  truth: (figure: FigureOf) => string | undefined;
  /** A table of questions answered side by side for two subjects, each answer built from measured figures. */
  comparison?: Comparison;
}

export interface Comparison {
  /** The two subjects, e.g. the forward proxy and the reverse proxy. */
  columns: [string, string];
  rows: {
    question: string;
    answers: [(figure: FigureOf) => string | undefined, (figure: FigureOf) => string | undefined];
  }[];
}

/** "text (figure)" where the figure was measured, else undefined: a comparison cell says only what a spec measured. */
function measured(figure: string | undefined, text: (figure: string) => string): string | undefined {
  return figure === undefined ? undefined : text(figure);
}

/** `a on dev, b on gunicorn` for the stacks that have the figure; undefined if none has. */
function across(figure: FigureOf, spec: string, id: string, stacks: string[]): string | undefined {
  const parts = stacks.flatMap((stack) => {
    const value = figure(spec, id, stack);
    return value === undefined ? [] : [`${value} on ${stack}`];
  });
  return parts.length ? parts.join(', ') : undefined;
}

const all: string[] = [...stackNames];

export const chapters: Chapter[] = [
  {
    id: 'wsgi',
    title: 'WSGI servers: the dev server and Gunicorn',
    claim:
      'The notes: "the Flask dev server is said to be bad for real use"; "Gunicorn runs several processes at once and handles several requests at once, so users get faster answers."',
    specs: [
      'request-blocking',
      'parallel-workers',
      'worker-crash',
      'worker-recycling',
      'graceful-shutdown',
      'documented-defaults',
    ],
    truth: (figure) => {
      const rounds = across(figure, 'request-blocking', 'rounds', all);
      const afterCrash = across(figure, 'worker-crash', 'next-request', all);
      if (!rounds) return undefined;
      return `The threaded dev server does not block on waiting requests: 8 sleeps of 0.5 s took ${rounds}.${afterCrash ? ` What it lacks is a master process: after a worker died mid-request, the next request got ${afterCrash}.` : ''}`;
    },
  },
  {
    id: 'worker-classes',
    title: 'Which server, which worker class',
    claim:
      'The notes: "Gunicorn runs several processes at once and handles several requests at once." How it does so is its worker class: sync workers (one request each), gthread workers (a pool of threads each) or gevent workers (greenlets, one thread each), and each choice changes what waits, what computes side by side and what `timeout` kills.',
    specs: ['threads-vs-processes', 'slow-clients', 'keep-alive', 'worker-timeout'],
    truth: (figure) => {
      const classes = stackNames.filter((stack) => stack.startsWith('gunicorn'));
      const speedup = across(figure, 'threads-vs-processes', 'cpu-speedup', classes);
      const computing = across(figure, 'worker-timeout', 'answer-computing', classes);
      const waiting = across(figure, 'worker-timeout', 'answer-waiting', classes);
      const kept = across(figure, 'keep-alive', 'connections', classes);
      const timeout = [computing && `computing, it got ${computing}`, waiting && `waiting, ${waiting}`].filter(Boolean);
      const parts = [
        speedup &&
          `Computing, 4 requests at once ran ${speedup} faster than one alone: threads and greenlets take turns on one interpreter lock, so only the processes compute side by side.`,
        timeout.length && `A handler past Gunicorn's timeout: ${timeout.join('; ')}.`,
        kept && `Five requests on one keep-alive client took ${kept}.`,
      ].filter(Boolean);
      return parts.length ? parts.join(' ') : undefined;
    },
  },
  {
    id: 'debug-mode',
    title: 'WSGI servers: what `flask run --debug` exposes',
    claim:
      'The notes: "the Flask dev server is said to be bad for real use." The usual reason is debug mode, which is how most prototypes run: its debugger turns a bug into a traceback page and a Python console for whoever reaches the server.',
    specs: ['debug-traceback', 'debug-console', 'debug-host-header', 'debug-reloader', 'porting-check'],
    truth: (figure) => {
      const page = figure('debug-traceback', 'shown', 'dev-debug');
      const ran = figure('debug-console', 'console', 'dev-debug');
      const forged = figure('debug-host-header', 'forged-host', 'dev-debug');
      const plain = across(figure, 'debug-traceback', 'shown', ['gunicorn', 'nginx']);
      if (!page || !ran) return undefined;
      return `Under --debug a failing route showed anyone its ${page}; with the PIN from the log the console ran ${ran}${forged ? `, and another machine that sent Host: 127.0.0.1 got the ${forged}` : ''}.${plain ? ` Without debug mode the same fault's 500 showed ${plain}.` : ''}`;
    },
  },
  {
    id: 'porting',
    title: 'Your app: what breaks when it leaves the dev server',
    claim:
      'The notes: "the Flask dev server is said to be bad for real use." Moving an app that worked on it to Gunicorn and nginx is where state kept in one process, a key made per process, settings made only under __main__, log lines only debug mode shows, slow routes and hard-coded URLs show.',
    specs: [
      'route-parity',
      'absolute-urls',
      'startup-code',
      'app-logs',
      'websockets',
      'import-time-work',
      'rate-limit-per-process',
      'client-address',
      'process-state',
      'user-journey',
      'slow-route-blocking',
      'concurrent-requests',
      'stream-buffering',
      'stream-timeout',
      'uploaded-files',
      'https-forms',
      'session-key',
      'refused-requests',
      'request-limits',
      'front-end',
      'client-routes',
      'cors-errors',
      'debug-mode',
    ],
    truth: (figure) => {
      const stacks = ['dev', 'gunicorn', 'nginx'];
      const reads = across(figure, 'process-state', 'reads-after-write', stacks);
      const keys = across(figure, 'session-key', 'session-keys', stacks);
      const lost = across(figure, 'startup-code', 'startup-lost', stacks);
      const logs = across(figure, 'app-logs', 'log-lines', stacks);
      const parts = [
        reads && `A write, then reads from every process: ${reads}.`,
        keys && `Session keys: ${keys}.`,
        lost && `What the app lacks next to the way its author starts it: ${lost}.`,
        logs && `The author's log lines seen: ${logs}.`,
      ].filter(Boolean);
      return parts.length ? parts.join(' ') : undefined;
    },
  },
  {
    id: 'forward-proxy',
    title: 'Forward proxy: the office side (squid), and the reverse proxy beside it',
    claim:
      'The notes: a (forward) proxy "sends requests to web servers on behalf of the PCs in the network". Its merits: "cache: a second access is fast"; "user authentication: only certain PCs in the network may reach the web"; "filtering: sites that must not be seen can be blocked"; "virus protection: received content can be checked for viruses"; "anonymity: the proxy accesses the web servers outside, so the network\'s IP addresses are hidden."',
    specs: [
      'proxy-configured-by-client',
      'proxy-cache',
      'proxy-authentication',
      'proxy-filtering',
      'proxy-virus-scan',
      'proxy-anonymity',
      'proxy-https-tunnel',
    ],
    truth: (figure) => {
      const fp = 'forward-proxy';
      const cache = figure('proxy-cache', 'second-visit', fp);
      const auth = [
        figure('proxy-authentication', 'no-credentials', fp),
        figure('proxy-authentication', 'wrong-password', fp),
      ];
      const virus = figure('proxy-virus-scan', 'eicar', fp);
      const anonymous = figure('proxy-anonymity', 'anonymous', fp);
      const tunnel = figure('proxy-https-tunnel', 'eicar-through-tunnel', fp);
      if (!cache || !virus) return undefined;
      return `Two office machines fetching one page got X-Cache ${cache}; ${auth[0] ? `no credentials got ${auth[0]}, a wrong password ${auth[1] ?? '?'}; ` : ''}the EICAR test file got ${virus}${anonymous ? `; through the anonymous proxy the site saw ${anonymous}` : ''}. All of it stops at HTTPS: through the CONNECT tunnel the same file arrived (http / https: ${tunnel ?? '?'}).`;
    },
    comparison: {
      columns: ["forward proxy (squid, the office's)", "reverse proxy (nginx, the site's)"],
      rows: [
        {
          question: 'Who configures it',
          answers: [
            (f) =>
              measured(
                f('proxy-configured-by-client', 'with-and-without', 'forward-proxy'),
                (v) => `Each client (browser proxy setting). With / without it: ${v}.`,
              ),
            (f) =>
              measured(
                f('server-selection', 'served-by', 'nginx'),
                (v) =>
                  `Nobody on the client side: the client asks the site's address and nginx picks who answers (page / asset / API: ${v}).`,
              ),
          ],
        },
        {
          question: 'Whose addresses it hides, from whom',
          answers: [
            (f) =>
              measured(
                f('proxy-anonymity', 'anonymous', 'forward-proxy'),
                (v) =>
                  `The clients', from the sites, only when told to: by default ${f('proxy-anonymity', 'by-default', 'forward-proxy') ?? '?'}; anonymous: ${v}.`,
              ),
            (f) =>
              measured(
                f('hiding-internals', 'leaks', 'nginx'),
                (v) =>
                  `The app servers', from the clients: answers revealing an internal address or version: ${v}. The app still learns the client's address (X-Forwarded-For: ${f('headers', 'x-forwarded-for', 'nginx') ?? '?'}).`,
              ),
          ],
        },
        {
          question: 'What it caches, for whom',
          answers: [
            (f) =>
              measured(
                f('proxy-cache', 'second-visit', 'forward-proxy'),
                (v) => `Any site's cacheable answers, for every user in the office: two machines, X-Cache ${v}.`,
              ),
            (f) =>
              measured(
                f('caching', 'x-cache', 'nginx'),
                (v) => `Its own app's answers, for every visitor: three requests, ${v}.`,
              ),
          ],
        },
        {
          question: 'Who it authenticates',
          answers: [
            (f) =>
              measured(
                f('proxy-authentication', 'right-password', 'forward-proxy'),
                (v) =>
                  `The office's users, before anything leaves: no credentials ${f('proxy-authentication', 'no-credentials', 'forward-proxy') ?? '?'}; right password ${v}; wrong ${f('proxy-authentication', 'wrong-password', 'forward-proxy') ?? '?'}.`,
              ),
            (f) =>
              measured(
                f('rate-limiting', 'served-refused', 'nginx'),
                (v) =>
                  `Nobody here (the app does its own login); nginx only limits login attempts per client address: served / refused ${v}.`,
              ),
          ],
        },
        {
          question: 'What a client must trust',
          answers: [
            (f) =>
              measured(
                f('proxy-https-tunnel', 'tunnel-log', 'forward-proxy'),
                (v) =>
                  `The proxy with its password (sent in Basic auth); for HTTPS the site's own certificate, through a tunnel the proxy cannot read: ${v}.`,
              ),
            (f) =>
              measured(
                f('ssl-offload', 'tls-handshake', 'nginx'),
                (v) => `nginx's certificate: TLS ends there (${v}), and nginx reads everything on the app's behalf.`,
              ),
          ],
        },
      ],
    },
  },
  {
    id: 'server-selection',
    title: 'Reverse proxy: server selection',
    claim:
      'The notes: "from outside it looks like one server, but inside, different servers can handle different requests."',
    specs: ['server-selection', 'static-files', 'compression-and-ranges'],
    truth: (figure) => {
      const servedBy = across(figure, 'server-selection', 'served-by', all);
      return servedBy
        ? `Page / asset / API were served by ${servedBy}: behind nginx no worker is spent on files.`
        : undefined;
    },
  },
  {
    id: 'load-balancing',
    title: 'Reverse proxy: load balancing',
    claim:
      'The notes: "with several servers doing the same work, heavy traffic is spread"; "static distribution follows a fixed order, dynamic distribution measures each server\'s state in real time."',
    specs: ['load-balancing'],
    truth: (figure) => {
      const rr = figure('load-balancing', 'round-robin', 'nginx');
      const lc = figure('load-balancing', 'busy-replica', 'nginx');
      return rr && lc
        ? `Round robin gave the replicas ${rr} of 10 requests; of short requests arriving while one replica was busy, round robin / least_conn sent ${lc} to it. nginx's "state" is only its own open connections.`
        : undefined;
    },
  },
  {
    id: 'cache',
    title: 'Reverse proxy: cache',
    claim: 'The notes: "it keeps the same information and answers it fast."',
    specs: ['caching', 'cache-keys', 'cache-rules', 'cache-lock', 'cache-vary-cookie', 'cache-outages'],
    truth: (figure) => {
      const lock = across(figure, 'cache-lock', 'app-answers', all);
      const cookie = figure('cache-rules', 'set-cookie', 'nginx');
      return lock
        ? `Answers the app made for six clients missing one entry at once: ${lock}.${cookie ? ` An answer that sets a cookie, three times through nginx's cache: ${cookie}, never kept.` : ''}`
        : undefined;
    },
  },
  {
    id: 'ssl-offload',
    title: 'Reverse proxy: SSL offload',
    claim: 'The notes: "the web servers inside need not decrypt; the reverse proxy does it, fast."',
    specs: ['ssl-offload'],
    truth: (figure) => {
      const handshake = figure('ssl-offload', 'tls-handshake', 'nginx');
      const resumed = figure('ssl-offload', 'resumed', 'nginx');
      return handshake
        ? `TLS ends at nginx (${handshake}${resumed ? `; a returning client's handshake: ${resumed}` : ''}); the app never does any cryptography.`
        : undefined;
    },
  },
  {
    id: 'security',
    title: 'Reverse proxy: hiding the inside, security',
    claim: 'The notes: "it hides the internal servers\' addresses and the like from the outside."',
    specs: ['hiding-internals', 'headers', 'trusted-proxy', 'limits', 'rate-limiting'],
    truth: (figure) => {
      const leaks = across(figure, 'hiding-internals', 'leaks', all);
      return leaks ? `Answers that gave something away: ${leaks}.` : undefined;
    },
  },
];

const bySpec = new Map(chapters.flatMap((c) => c.specs.map((s) => [s, c] as const)));

/** The chapter of a spec file (`caching.spec.ts` or `caching`); specs not yet placed go to "More". */
export function chapterOf(spec: string): Chapter {
  return bySpec.get(spec.replace(/\.spec\.ts$/, '')) ?? more;
}

const more: Chapter = {
  id: 'more',
  title: 'More',
  claim: "Behaviours beyond the notes' chapters.",
  specs: [],
  truth: () => undefined,
};

/** Chapters in the notes' order, then "More"; a spec's position within its chapter follows `specs`. */
export function chapterOrder(spec: string): number {
  const chapter = chapterOf(spec);
  const index = chapters.indexOf(chapter);
  return (
    (index < 0 ? chapters.length : index) * 100 + Math.max(0, chapter.specs.indexOf(spec.replace(/\.spec\.ts$/, '')))
  );
}
