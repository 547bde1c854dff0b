/**
 * Every port a stack publishes must be published on 127.0.0.1 only: a port published on every address
 * (`"8000"`, `"8000:8000"`, `"0.0.0.0:0:8000"`, `[::]`, or long syntax without `host_ip`) is reachable from
 * any machine that reaches this one, and the suite, which only ever talks to 127.0.0.1, would find out only
 * when its start-up timeout ran out. Read from the compose files themselves before any stack starts (global
 * setup), so a wrong line stops the run at once, naming the file, the line and the fix. Pure: text in,
 * findings out.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { isMap, isScalar, isSeq, LineCounter, parseDocument, type Node, visit } from 'yaml';

export interface PortFinding {
  /** The compose file, as given (a path relative to the repository reads best). */
  file: string;
  /** 1-based line of the entry to change (for an anchor merged into services: where it is written). */
  line: number;
  /** The line as written. */
  text: string;
  /** What is wrong with it: which port, on which address. */
  problem: string;
  /** What to write instead. */
  fix: string;
}

/** Variables for compose's interpolation: what `docker compose` would substitute. */
export type ComposeEnv = Readonly<Record<string, string | undefined>>;

/**
 * Compose's interpolation of one value: `$$`, `$VAR`, `${VAR}`, `${VAR:-default}`, `${VAR-default}`,
 * `${VAR:+other}`, `${VAR+other}`, `${VAR:?message}` / `${VAR?message}` (unset: empty here, compose refuses it
 * itself). An unset variable is the empty string, as compose makes it.
 */
export function interpolate(value: string, env: ComposeEnv): string {
  return value.replace(
    /\$\$|\$\{([A-Za-z_][A-Za-z0-9_]*)(?:(:?[-+?])([^}]*))?\}|\$([A-Za-z_][A-Za-z0-9_]*)/g,
    (whole, braced?: string, op?: string, arg?: string, bare?: string) => {
      if (whole === '$$') return '$';
      const name = braced ?? bare ?? '';
      const raw = env[name];
      const set = raw !== undefined;
      const nonEmpty = set && raw !== '';
      switch (op) {
        case ':-':
          return nonEmpty ? raw : (arg ?? '');
        case '-':
          return set ? raw : (arg ?? '');
        case ':+':
          return nonEmpty ? (arg ?? '') : '';
        case '+':
          return set ? (arg ?? '') : '';
        default:
          return raw ?? '';
      }
    },
  );
}

export interface ShortPort {
  /** The address it is published on; '' where none is written (every address). */
  hostIp: string;
  /** The host port ('' or '0': one the engine picks). */
  hostPort: string;
  containerPort: string;
  /** `/tcp`, `/udp`, or ''. */
  protocol: string;
}

/** Compose's short syntax, `[[HOST_IP:][HOST_PORT]:]CONTAINER_PORT[/PROTOCOL]`, with `[v6]:` or bare v6 addresses. */
export function parseShortPort(value: string): ShortPort {
  const slash = value.lastIndexOf('/');
  const protocol = slash >= 0 ? value.slice(slash) : '';
  const spec = slash >= 0 ? value.slice(0, slash) : value;
  if (spec.startsWith('[')) {
    const close = spec.indexOf(']');
    const [hostPort = '', containerPort = ''] = spec.slice(close + 2).split(':');
    return { hostIp: spec.slice(1, close), hostPort, containerPort, protocol };
  }
  const parts = spec.split(':');
  const containerPort = parts.pop() ?? '';
  const hostPort = parts.pop() ?? '';
  return { hostIp: parts.join(':'), hostPort, containerPort, protocol };
}

/** 127.0.0.0/8 or ::1: only this machine reaches it. */
export function isLoopback(address: string): boolean {
  const ip = address.replace(/^\[(.*)\]$/, '$1');
  return /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(ip) || ip === '::1';
}

/** Where a port published on `hostIp` can be reached from. */
function reach(hostIp: string): string {
  if (hostIp === '') return 'every address (none is written)';
  if (hostIp === '0.0.0.0' || hostIp === '::' || hostIp === '[::]') return `${hostIp} (every address)`;
  return `${hostIp}, which other machines can reach`;
}

/** The findings in one compose file's text. `env`: the variables compose would interpolate with. */
export function findPublishedPorts(file: string, text: string, env: ComposeEnv = {}): PortFinding[] {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, merge: true });
  const lines = text.split('\n');
  const findings: PortFinding[] = [];
  const add = (node: Node | null | undefined, problem: string, fix: string) => {
    const line = node?.range ? lineCounter.linePos(node.range[0]).line : 0;
    findings.push({ file, line, text: (lines[line - 1] ?? '').trim(), problem, fix });
  };

  visit(doc, {
    Pair(_, pair) {
      if (!isScalar(pair.key)) return;
      const key = String(pair.key.value);
      if (key === 'network_mode' && isScalar(pair.value) && interpolate(String(pair.value.value), env) === 'host') {
        add(
          pair.key as Node,
          "shares the host's network: every port the service opens is on every address",
          'remove network_mode: host and publish the port as "127.0.0.1::PORT"',
        );
      }
      if (key !== 'ports' || !isSeq(pair.value)) return;
      for (const item of pair.value.items) {
        if (isScalar(item)) {
          const written = String(item.value);
          const value = interpolate(written, env);
          const port = parseShortPort(value);
          if (isLoopback(port.hostIp)) continue;
          const read = value !== written ? ` ("${value}" with this run's variables)` : '';
          add(
            item,
            `publishes container port ${port.containerPort} on ${reach(port.hostIp)}${read}`,
            `write "127.0.0.1:${port.hostPort}:${port.containerPort}${port.protocol}"`,
          );
        } else if (isMap(item)) {
          const hostIp = item.items.find((p) => isScalar(p.key) && p.key.value === 'host_ip');
          const address = hostIp && isScalar(hostIp.value) ? interpolate(String(hostIp.value.value), env) : '';
          if (isLoopback(address)) continue;
          const target = String(item.get('target') ?? '?');
          if (hostIp)
            add(
              hostIp.key as Node,
              `publishes container port ${target} on ${reach(address)}`,
              'write host_ip: 127.0.0.1',
            );
          else add(item, `publishes container port ${target} on every address (no host_ip)`, 'add host_ip: 127.0.0.1');
        }
      }
    },
  });
  return findings;
}

/** The compose files under a folder (`*.yml`, `*.yaml`), sorted; none if it does not exist. */
export function composeFilesIn(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((f) => /\.ya?ml$/.test(f))
    .sort()
    .map((f) => path.join(dir, f));
}

/**
 * The findings of every compose file a run uses, each read with the variables compose will get for it (a file
 * used twice, dev.yml for dev and dev-nothreads, says each wrong line once). `root`: file names are shown
 * relative to it.
 */
export function checkPublishedPorts(files: readonly { file: string; env: ComposeEnv }[], root: string): PortFinding[] {
  const seen = new Set<string>();
  return files
    .flatMap(({ file, env }) => findPublishedPorts(path.relative(root, file), readFileSync(file, 'utf8'), env))
    .filter((f) => {
      const at = `${f.file}:${f.line}`;
      if (seen.has(at)) return false;
      seen.add(at);
      return true;
    });
}

/** All findings as one line: the first in full, where the others are. */
export function describePortFindings(findings: readonly PortFinding[]): string {
  const [first, ...others] = findings;
  if (!first) return '';
  const more = others.length ? `; also ${others.map((f) => `${f.file} line ${f.line}`).join(', ')}` : '';
  // The line without its comment: the entry itself is what to find and change.
  const entry = first.text.replace(/\s+#.*$/, '');
  return `${first.file} line ${first.line} (${entry}) ${first.problem}: ${first.fix} instead, every stack is published on 127.0.0.1 only${more}`;
}
