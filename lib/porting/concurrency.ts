/**
 * What an app's data layer does when requests come at once (pitfall 9), judged from outside: the answers of a
 * burst beside the same requests one at a time, and the error lines its log wrote meanwhile. A user alone on
 * the dev server never sends two requests at once; a page with a few users does. Pure: the spec
 * (specs/porting/concurrent-requests.spec.ts) sends the requests and reads the logs.
 */

import type { SharedConnection } from './shared-connections.js';

/** An error line a database layer writes when concurrency breaks it: what it means and the fix. */
export interface ErrorSignature {
  id: string;
  pattern: RegExp;
  means: string;
  fix: string;
  /**
   * Whether it breaks the app by itself. A killed worker may be one an earlier request held (an endless
   * stream asked alone): it explains failures of the burst, and is no finding without one.
   */
  byItself: boolean;
}

/** Ordered by how often the public threads show them (../shared/porting-pitfalls.md, pitfall 9). */
export const errorSignatures: readonly ErrorSignature[] = [
  {
    id: 'sqlite-locked',
    byItself: true,
    pattern: /database is locked/i,
    means:
      "SQLite: a write waited longer than the connection's busy timeout (5 s by default) for another request's transaction, which was still open",
    fix: 'commit before the slow part of the request (a mail, a call to another service), keep transactions short; sqlite3.connect(path, timeout=30); or a server database (PostgreSQL) for several processes',
  },
  {
    id: 'sqlite-shared-connection',
    byItself: true,
    pattern:
      /Recursive use of cursors not allowed|SQLite objects created in a thread can only be used in that same thread|cannot start a transaction within a transaction|cannot commit - no transaction is active/i,
    means:
      "one SQLite connection used by several requests at once (a module-global connection and the server's threads)",
    fix: 'a connection per request: open it in flask.g and close it in app.teardown_appcontext (the Flask tutorial’s get_db), never one at import',
  },
  {
    id: 'connection-across-fork',
    byItself: true,
    pattern:
      /SSL SYSCALL error|decryption failed or bad record mac|server closed the connection unexpectedly|Lost connection to MySQL server|Commands out of sync|lost synchronization with server|error with status PGRES_\w+ and no message from the libpq|insufficient data in "\w" message|unexpected response from server; first received character/i,
    means:
      'a database connection opened before Gunicorn forked its workers (preload_app, or at import in the master), shared by every worker: their queries interleave on one socket',
    fix: 'open connections after the fork: engine.dispose() in gunicorn.conf.py’s post_fork hook, or create the engine in the worker (no preload_app)',
  },
  {
    id: 'sqlite-corrupt',
    byItself: true,
    pattern: /database disk image is malformed|disk I\/O error/i,
    means: 'a SQLite file written by several processes through a connection they share, or on a network share',
    fix: 'a connection per process and request, the file on a local disk; or a server database',
  },
  {
    id: 'worker-timeout',
    byItself: false,
    pattern: /WORKER TIMEOUT/,
    means:
      'Gunicorn killed a worker that did not answer within its timeout while the requests came at once: all its workers were waiting (on a lock, on each other, on a request to the app itself)',
    fix: 'no request that waits on another request of the same app (a call to its own HTTP API); threads per worker (worker_class = "gthread") where requests wait on I/O',
  },
];

export interface SignatureSeen {
  id: string;
  means: string;
  fix: string;
  byItself: boolean;
  count: number;
  /** The first line it was seen on, trimmed. */
  line: string;
}

/** A log line without the timestamp `docker logs --timestamps` puts before it. */
const withoutTimestamp = (line: string) => line.trim().replace(/^\d{4}-\d\d-\d\dT[\d:.]+Z\s+/, '');

/** The signatures in `log`, each once with how many lines show it, in the table's order. */
export function signaturesIn(log: string): SignatureSeen[] {
  const lines = log.split('\n');
  const seen: SignatureSeen[] = [];
  for (const s of errorSignatures) {
    const hits = lines.filter((line) => s.pattern.test(line));
    if (hits.length)
      seen.push({
        id: s.id,
        means: s.means,
        fix: s.fix,
        byItself: s.byItself,
        count: hits.length,
        line: withoutTimestamp(hits[0]!).slice(0, 200),
      });
  }
  return seen;
}

/** One request of the check: a route asked, or a form posted. */
export interface Outcome {
  /** "GET /" or "POST /book". */
  target: string;
  /** 0 for a refused or cut connection. */
  status: number;
}

export interface BurstVerdict {
  /**
   * Targets that answered alone and failed (5xx, or no answer) in the burst: "POST /book: 3 of 8 failed (500 ×3)";
   * and targets that failed alone while they called the app's own server (a failure of concurrency too: the
   * call needs a second worker, and the one thread has none).
   */
  failed: string[];
  signatures: SignatureSeen[];
  /** Calls to the app's own server seen while a failing target waited ("GET /quote: 127.0.0.1:41234 → …:8000"). */
  selfCalls: string[];
  /** Connections open in several processes of a replica ("app: 172.18.0.2:5432 in python3 1, 11, 12"). */
  shared: string[];
  broken: boolean;
}

const failing = (status: number) => status === 0 || status >= 500;

/** The targets that answered alone: the only ones a burst is sent to and judged on (the rest are route-parity's). */
export function answeredAlone(alone: Outcome[]): Set<string> {
  return new Set(alone.filter((o) => !failing(o.status)).map((o) => o.target));
}

/**
 * The burst against the requests alone: a target that failed alone is route-parity's, not concurrency's, so
 * only targets that answered alone count, unless it failed while calling the app's own server (`selfCallsSeen`:
 * the connections seen while each target was asked, alone or at once); any signature in the log counts, for it
 * names the cause; so does a connection shared by several processes (`sharedSeen`, by replica), failures or not:
 * its requests interleave whenever two meet, and this burst may only have been lucky.
 */
export function judgeBurst(
  alone: Outcome[],
  burst: Outcome[],
  log: string,
  selfCallsSeen: Readonly<Record<string, readonly string[]>> = {},
  sharedSeen: Readonly<Record<string, readonly SharedConnection[]>> = {},
): BurstVerdict {
  const fineAlone = answeredAlone(alone);
  const failed: string[] = [];
  const failedTargets: string[] = [];
  for (const o of alone) {
    if (fineAlone.has(o.target) || !selfCallsSeen[o.target]?.length) continue;
    failed.push(`${o.target}: failed alone (${o.status || 'no answer'}) while it called the app's own server`);
    failedTargets.push(o.target);
  }
  for (const target of [...new Set(burst.map((o) => o.target))]) {
    if (!fineAlone.has(target)) continue;
    const answers = burst.filter((o) => o.target === target);
    const bad = answers.filter((o) => failing(o.status));
    if (bad.length === 0) continue;
    const byStatus = new Map<string, number>();
    for (const o of bad) {
      const key = o.status === 0 ? 'no answer' : String(o.status);
      byStatus.set(key, (byStatus.get(key) ?? 0) + 1);
    }
    failed.push(
      `${target}: ${bad.length} of ${answers.length} failed (${[...byStatus].map(([k, n]) => `${k} ×${n}`).join(', ')})`,
    );
    failedTargets.push(target);
  }
  const signatures = signaturesIn(log);
  // A signature that does not break the app by itself is only named beside failures it may explain.
  const named = failed.length > 0 ? signatures : signatures.filter((s) => s.byItself);
  // A call to itself that answered in time is no finding: the threaded dev server and spare workers take it.
  const selfCalls = failedTargets.flatMap((t) =>
    [...new Set(selfCallsSeen[t] ?? [])].slice(0, 3).map((c) => `${t}: ${c}`),
  );
  const shared = Object.entries(sharedSeen).flatMap(([replica, connections]) =>
    connections.map((c) => `${replica}: ${c.remote} open in ${c.count} processes (${c.holders})`),
  );
  return {
    failed,
    signatures: named,
    selfCalls,
    shared,
    broken: failed.length > 0 || named.length > 0 || shared.length > 0,
  };
}

/**
 * How many requests go at once: the same on every stack, so that stacks compare; more than a stack's processes
 * (nginx's four) can each take, so that some wait, and few enough for a small machine.
 */
export const burstSize = 10;
