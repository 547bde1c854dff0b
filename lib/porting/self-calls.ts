/**
 * A request that calls the app's own HTTP API (pitfall 10 of ../shared/porting-pitfalls.md, gunicorn#1878),
 * seen from the container's side: while the request waits, the app's container holds a TCP connection from
 * itself to its own server's port. Clients never make one (they reach the app through the published port's
 * proxy or from nginx's container, at another address). A worker that waits on such a call needs a second
 * worker to answer it: the dev server's threads have one, a single thread or every sync worker busy the same
 * way has none, and the calls wait until they time out. Pure: the spec reads /proc/net/tcp{,6} in the app's
 * containers while a request is open (specs/porting/concurrent-requests.spec.ts).
 */

/** An established TCP connection, as /proc/net/tcp or /proc/net/tcp6 lists it. */
export interface TcpConnection {
  local: string;
  localPort: number;
  remote: string;
  remotePort: number;
  /** The socket's inode: the same number in /proc/<pid>/fd of every process that holds it. */
  inode: number;
}

/** /proc/net's hex address: IPv4 is one 32-bit word, IPv6 four, each in the kernel's (little-endian) order. */
function address(hex: string): string {
  const words = hex.match(/.{8}/g) ?? [];
  const bytes = words.flatMap((w) => (w.match(/../g) ?? []).reverse().map((b) => parseInt(b, 16)));
  if (bytes.length === 4) return bytes.join('.');
  if (bytes.length !== 16 || bytes.some((b) => Number.isNaN(b))) throw new Error(`not a /proc/net address: ${hex}`);
  // An IPv4 client of a socket bound to [::] shows as ::ffff:a.b.c.d.
  if (bytes.slice(0, 10).every((b) => b === 0) && bytes[10] === 0xff && bytes[11] === 0xff)
    return bytes.slice(12).join('.');
  const groups = Array.from({ length: 8 }, (_, i) => ((bytes[2 * i]! << 8) | bytes[2 * i + 1]!).toString(16));
  return groups.join(':').replace(/(^|:)0(:0)+(:|$)/, '::');
}

/** The established connections (state 01) of /proc/net/tcp and /proc/net/tcp6 text, header lines skipped. */
export function establishedConnections(procNetTcp: string): TcpConnection[] {
  const out: TcpConnection[] = [];
  for (const line of procNetTcp.split('\n')) {
    // sl local remote st tx_queue:rx_queue tr:tm->when retrnsmt uid timeout inode
    const m =
      /^\s*\d+:\s+([0-9A-F]+):([0-9A-F]{4})\s+([0-9A-F]+):([0-9A-F]{4})\s+([0-9A-F]{2})\s(?:\S+\s+\S+\s+\S+\s+\d+\s+\d+\s+(\d+))?/i.exec(
        line,
      );
    if (!m || m[5] !== '01') continue;
    out.push({
      local: address(m[1]!),
      localPort: parseInt(m[2]!, 16),
      remote: address(m[3]!),
      remotePort: parseInt(m[4]!, 16),
      inode: m[6] ? Number(m[6]) : 0,
    });
  }
  return out;
}

const loopback = (a: string) => a.startsWith('127.') || a === '::1';

/**
 * The container's calls to its own server: connections to `appPort` from the container itself (a loopback
 * address, or its own address on both ends), described "127.0.0.1:41234 → 127.0.0.1:8000". The server's side
 * of the same connection (local port `appPort`) is not counted again.
 */
export function selfCalls(connections: TcpConnection[], appPort: number): string[] {
  return connections
    .filter((c) => c.remotePort === appPort && c.localPort !== appPort)
    .filter((c) => (loopback(c.remote) && loopback(c.local)) || c.remote === c.local)
    .map((c) => `${c.local}:${c.localPort} → ${c.remote}:${c.remotePort}`);
}

/** What a self-call does to a server with few workers, and the fix: said once, where the finding is shown. */
export const selfCallFinding = {
  means:
    "the request calls the app's own HTTP API and waits for it: the call needs a second worker of the same app, so a server with one thread, or with every worker waiting on such a call, has none to answer it, and they wait until their time-outs",
  fix: 'call the view\'s function (or the code behind the API) directly instead of over HTTP; if the call must stay, more threads than such requests at once (worker_class = "gthread", threads = 8) and a timeout on the call shorter than Gunicorn\'s',
} as const;
