/**
 * A connection opened before Gunicorn forked its workers (pitfall 9; preload_app, or a connection made in the
 * master), seen from the container's side: one established TCP socket, the same inode, open in several
 * processes. Each worker writes its queries to it and reads whatever answer comes next, another worker's
 * too: answers swapped (an IndexError in the app, a wrong row), "lost synchronization with server". No log
 * line need name it; the processes show it whatever the database (PostgreSQL, MySQL, Redis, an HTTP pool).
 * A process on its own never shares a socket with itself, so the dev server shows none. Pure: the spec
 * (specs/porting/concurrent-requests.spec.ts) lists each process's sockets and /proc/net/tcp{,6} in the app's
 * containers.
 */
import type { TcpConnection } from './self-calls.js';

/** A socket one process holds: from the listing `socketListing` prints. */
export interface SocketHolder {
  pid: number;
  /** The process's name (/proc/<pid>/comm). */
  name: string;
  inode: number;
}

/**
 * The shell command that lists every process's sockets as `pid name inode` lines, then the container's
 * connections after a line `--- tcp`, for `sharedConnections`.
 */
export const socketListing = [
  'sh',
  '-c',
  'for d in /proc/[0-9]*; do p=${d#/proc/}; n=$(cat $d/comm 2>/dev/null) || continue; ' +
    'for f in $d/fd/*; do l=$(readlink $f 2>/dev/null) || continue; ' +
    'case $l in socket:*) echo "$p $n ${l#socket:}";; esac; done; done; ' +
    'echo "--- tcp"; cat /proc/net/tcp /proc/net/tcp6 2>/dev/null; true',
];

/** The `pid name inode` lines before `--- tcp`, and the text after it. */
export function splitListing(text: string): { holders: SocketHolder[]; tcp: string } {
  const at = text.indexOf('--- tcp');
  const head = at < 0 ? text : text.slice(0, at);
  const holders: SocketHolder[] = [];
  for (const line of head.split('\n')) {
    const m = /^(\d+) (.+) \[(\d+)\]$/.exec(line.trim());
    if (m) holders.push({ pid: Number(m[1]), name: m[2]!, inode: Number(m[3]) });
  }
  return { holders, tcp: at < 0 ? '' : text.slice(at + '--- tcp'.length) };
}

export interface SharedConnection {
  /** "172.18.0.2:5432". */
  remote: string;
  /** "gunicorn 7, 8, 9": the processes that hold it, by name and pid. */
  holders: string;
  count: number;
}

/**
 * The established connections open in more than one process. The app's own port is left out: a listening
 * socket is shared by design (Gunicorn's workers accept on the master's), and an accepted client's socket
 * belongs to the worker that took it.
 */
export function sharedConnections(
  connections: readonly TcpConnection[],
  holders: readonly SocketHolder[],
  appPort: number,
): SharedConnection[] {
  const shared: SharedConnection[] = [];
  for (const c of connections) {
    if (c.inode === 0 || c.localPort === appPort) continue;
    const by = holders.filter((h) => h.inode === c.inode);
    const pids = [...new Set(by.map((h) => h.pid))].sort((a, b) => a - b);
    if (pids.length < 2) continue;
    const names = [...new Set(by.map((h) => h.name))].join('/');
    shared.push({ remote: `${c.remote}:${c.remotePort}`, holders: `${names} ${pids.join(', ')}`, count: pids.length });
  }
  return shared;
}

/** What a connection shared across the fork does, and the fix: said once, where the finding is shown. */
export const sharedConnectionFinding = {
  means:
    'a connection opened before Gunicorn forked its workers (preload_app, or opened in the master) is one socket in every worker: their queries interleave on it and each may read the answer to another\'s ("lost synchronization with server", swapped rows, a 500), and requests one at a time never show it',
  fix: "open connections after the fork: a connection per request (flask.g, closed in teardown_appcontext), or in gunicorn.conf.py's post_fork hook (SQLAlchemy: engine.dispose(close=False)); or drop preload_app",
} as const;
