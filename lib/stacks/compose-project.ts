/**
 * A started compose project as tests use it: what the app stacks (running-stack.ts) and the forward proxy
 * (lib/forward-proxy/running-forward-proxy.ts) share, written once. Its containers (ids kept through
 * restarts), their states and logs (settled on request), exec, stop, kill, restart; the one wait until a
 * project is ready (waitUntilReady: a stack says what ready means, the loop and its timeout are here); and
 * the known state around every test (known-state.ts): looked at before and after, whatever differs
 * restarted and checked again, the repair named. A stack adds only what is its own: which log lines or
 * answers mean ready, what its known state compares beyond containers, in which order its services restart.
 * Starting and removing a project is lifecycle.ts's job.
 */
import { performance } from 'node:perf_hooks';
import {
  containerLogs,
  containerOf,
  containerProcesses,
  containerStates,
  type ContainerProcess,
  type ContainerState,
  docker,
  projectNetworks,
} from '../docker/cli.js';
import { sleep } from '../clients/http.js';
import { progress } from '../run/progress.js';
import type { Versions } from './versions.js';
import { differences, snapshot, type Snapshot } from './known-state.js';

export class NotReadyError extends Error {
  override name = 'NotReadyError';
}

export class StackStateError extends Error {
  override name = 'StackStateError';
}

/** Time as the waits see it: a unit test hands in a fake one, so that a wait of seconds takes none. */
export interface Clock {
  now(): number;
  sleep(ms: number): Promise<void>;
}

export const realClock: Clock = { now: () => Date.now(), sleep };

/** The one way a wait bounded by HTTP_TEST_STARTUP_TIMEOUT says it ran out: a slow machine has a remedy. */
export function startupTimeoutMessage(what: string): string {
  return `${what}; raise HTTP_TEST_STARTUP_TIMEOUT if the machine is just slow`;
}

/** One look at a project coming up: ready, with what being ready told (a port, settings), or what it still waits for.
 * */
export type Look<T> = { ready: T } | { waiting: string };

/** Looks until ready or the deadline; the timeout names what the last look still waited for. */
export async function pollUntilReady<T>(
  look: () => Promise<Look<T>>,
  deadline: number,
  intervalMs: number,
  clock: Clock = realClock,
): Promise<T> {
  let last = 'no answer yet';
  while (clock.now() < deadline) {
    const seen = await look();
    if ('ready' in seen) return seen.ready;
    last = seen.waiting;
    await clock.sleep(intervalMs);
  }
  throw new NotReadyError(startupTimeoutMessage(`not ready within the start-up timeout (${last})`));
}

/** A container that stopped while its project comes up: nothing will make it ready, so waiting ends at once. */
export function endedContainer(states: readonly ContainerState[]): ContainerState | undefined {
  return states.find((s) => s.status === 'exited' || s.status === 'dead');
}

/** The last line of a log without Docker's timestamp: what a program that stopped said last. */
export function lastLogLine(log: string): string | undefined {
  return log
    .split('\n')
    .map((l) => l.replace(/^\S+Z /, '').trim())
    .filter(Boolean)
    .pop();
}

/** What "ready" means for one kind of stack: a look at its containers, and why one that ended did. */
export interface ReadinessRule<T> {
  /** One look, given every container's state (none has ended). Throws NotReadyError where waiting cannot help. */
  look(states: ContainerState[]): Promise<Look<T>>;
  /** Why a container ended, from its last log lines, with the file to fix where the stack knows it (default: its last
   * line). */
  whyEnded?(ended: ContainerState, log: string): string | undefined;
  intervalMs: number;
}

/**
 * Polls a project until `rule` finds it ready, within `deadline`. A container that ends fails the wait at
 * once, its last words on the first line (a setup command that failed, a config that does not parse).
 */
export async function waitUntilReady<T>(
  project: string,
  deadline: number,
  rule: ReadinessRule<T>,
  clock: Clock = realClock,
): Promise<T> {
  // Compose created every container before this is called: after the first look, only their state is asked.
  let ids: string[] | undefined;
  return pollUntilReady(
    async () => {
      const states = await containerStates(project, ids);
      ids ??= states.length > 0 ? states.map((s) => s.id) : undefined;
      const ended = endedContainer(states);
      if (ended) {
        const log = await containerLogs(ended.id, { tail: 30 }).catch(() => '');
        const why = rule.whyEnded ? rule.whyEnded(ended, log) : lastLogLine(log);
        throw new NotReadyError(
          `service "${ended.service}" ${ended.status} (exit code ${ended.exitCode}) during start-up${why ? `: ${why}` : ''}`,
        );
      }
      return rule.look(states);
    },
    deadline,
    rule.intervalMs,
    clock,
  );
}

/** A log is waited for with a marker written after everything that must be in it. */
export interface LogMark {
  marker: string;
  /** Writes the marker; false where there is nothing to wait for (a container that no longer runs). */
  write(): Promise<boolean>;
  /** How many times the marker shows once everything before it is in: once per stream it went to. */
  times: number;
  timeoutMs: number;
  intervalMs: number;
}

/** Writes the mark, then reads until it shows: that log, or undefined where it did not show in time. */
export async function untilMarked(
  read: () => Promise<string>,
  mark: LogMark,
  clock: Clock = realClock,
): Promise<string | undefined> {
  if (!(await mark.write())) return undefined;
  for (const giveUpAt = clock.now() + mark.timeoutMs; clock.now() < giveUpAt; await clock.sleep(mark.intervalMs)) {
    const log = await read();
    if (log.split(mark.marker).length > mark.times) return log;
  }
  return undefined;
}

const streamMarker = 'http-test-log-settled-';

/** The log without the lines settling wrote into it. */
function withoutStreamMarkers(log: string): string {
  return log.includes(streamMarker)
    ? log
        .split('\n')
        .filter((line) => !line.includes(streamMarker))
        .join('\n')
    : log;
}

export function randomTag(): string {
  return Math.random().toString(36).slice(2, 10);
}

export abstract class ComposeProject {
  /** The containers and what runs in them when the project became ready (or was last put back). */
  private reference: Snapshot = new Map();
  /** State a test changed that no snapshot can see (a locked debugger), by service: restarted after the test. */
  private readonly declared = new Map<string, string>();
  /** Container ids by service: compose made them once, and a restart keeps them (looked up on first use). */
  private ids: Promise<Map<string, string>> | undefined;

  constructor(
    readonly project: string,
    /** The stack's name (progress lines, reports) and one line about it. */
    readonly name: string,
    readonly title: string,
    protected readonly startupTimeoutMs: number,
  ) {}

  /** What the project runs, read from its containers: what a test's report says it ran on. */
  abstract readonly versions: Versions;
  /** The services whose log every test gets attached. */
  abstract readonly loggedServices: readonly string[];

  // What differs between stacks: each has a default a stack without the concern keeps.

  /**
   * Whether a thorough look compares the processes in each container (`docker top`); a stack whose helper
   * processes come and go by design compares containers only.
   */
  protected readonly comparesProcesses: boolean = true;

  /** Differences no snapshot shows but the stack can tell (a replica near max_requests), looked for after a test. */
  protected async beyondSnapshot(): Promise<Map<string, string>> {
    return new Map();
  }

  /** Problems only requests show (nginx marking a replica failed): asked after a test and after a repair. */
  protected async requestProblems(): Promise<string[]> {
    return [];
  }

  /** The services to restart for those that changed, in groups, each ready before the next restarts. */
  protected restartOrder(changed: string[], _requestProblems: boolean): string[][] {
    return [changed];
  }

  /** Waits until `group`, restarted since `since`, serves again; `moreToRestart`: another group follows at once. */
  protected abstract readyAfterRestart(
    group: readonly string[],
    since: Date,
    deadline: number,
    moreToRestart: boolean,
  ): Promise<void>;

  private containerIds(): Promise<Map<string, string>> {
    this.ids ??= containerStates(this.project).then(
      (states) => new Map(states.map((s) => [s.service, s.id])),
      (error: unknown) => {
        this.ids = undefined;
        throw error;
      },
    );
    return this.ids;
  }

  async container(service: string): Promise<string> {
    const id = (await this.containerIds()).get(service);
    return id ?? containerOf(this.project, service);
  }

  /**
   * The state of every container. A container removed since its id was learnt makes the project be looked
   * up afresh, so that a known state sees it gone or replaced (another id) instead of failing on it.
   */
  async states(): Promise<ContainerState[]> {
    const ids = [...(await this.containerIds()).values()];
    try {
      return await containerStates(this.project, ids);
    } catch {
      this.ids = undefined;
      return containerStates(this.project);
    }
  }

  /**
   * A service's log lines (stdout and stderr, timestamped), optionally only those since a moment. Settled: a
   * line the server wrote before this call is in the answer, however far behind Docker's copying of its
   * output is on a busy machine (see settle). `settled: false` reads what has arrived, for a look that may
   * miss the last lines (the logs attached to every test) or that polls anyway.
   */
  async logs(service: string, options: { since?: Date; tail?: number; settled?: boolean } = {}): Promise<string> {
    const id = await this.container(service);
    if (options.settled !== false) await this.settle(id);
    return withoutStreamMarkers(await containerLogs(id, options));
  }

  /**
   * Docker copies a container's stdout and stderr into its log on its own time: on a busy machine a line the
   * server wrote a moment ago may not be there yet. A marker written to both streams of the container's
   * first process comes after every earlier line of each stream (a stream is copied in order): once both
   * markers are in the log, so is everything written before. A container that is not running has no more
   * to copy; a marker that never shows leaves the log as it is after 5 s, rather than failing a look at it.
   */
  private async settle(id: string): Promise<void> {
    const marker = `${streamMarker}${randomTag()}`;
    const from = new Date(Date.now() - 1_000);
    await untilMarked(() => containerLogs(id, { since: from }), {
      marker,
      times: 2,
      timeoutMs: 5_000,
      intervalMs: 50,
      write: () =>
        docker(['exec', id, 'sh', '-c', `echo ${marker} >/proc/1/fd/1; echo ${marker} >/proc/1/fd/2`]).then(
          () => true,
          () => false,
        ),
    });
  }

  /**
   * A service's log since a moment, as it is once `mark` shows in it (markers included): for what a program
   * logs late on purpose (squid logs a request when it ends), where a request of its own is the marker.
   * Undefined when the mark did not show within its timeout.
   */
  protected async logOnceMarked(service: string, since: Date, mark: LogMark): Promise<string | undefined> {
    const id = await this.container(service);
    return untilMarked(() => containerLogs(id, { since }), mark);
  }

  /** Runs a command inside a service's container (`docker exec`) and returns its output. */
  async exec(service: string, command: string[]): Promise<string> {
    return docker(['exec', await this.container(service), ...command]);
  }

  /** The command line of each process running in a service's container (`docker top`). */
  async processes(service: string): Promise<string[]> {
    return (await containerProcesses(await this.container(service))).map((p) => p.command);
  }

  /** Each process in a service's container, with its parent: who started whom (a watcher and its child). */
  async processTree(service: string): Promise<ContainerProcess[]> {
    return containerProcesses(await this.container(service));
  }

  /** The address containers see a host client connect from (the project network's gateway). */
  async clientAddressAsSeenByContainers(): Promise<string> {
    const [network] = await projectNetworks(this.project);
    if (!network) throw new Error(`no network for ${this.project}`);
    return (
      await docker(['network', 'inspect', '--format', '{{range .IPAM.Config}}{{.Gateway}}{{end}}', network])
    ).trim();
  }

  async stop(service: string): Promise<void> {
    // No grace period: a test stops a service to see what its absence does, not how it shuts down.
    await docker(['stop', '--time', '0', await this.container(service)]);
  }

  async kill(service: string, signal = 'KILL'): Promise<void> {
    await docker(['kill', '--signal', signal, await this.container(service)]);
  }

  /**
   * For state a test changes that the known-state snapshot cannot see (its containers and processes look the
   * same): the service is restarted after the test, like any difference the snapshot finds.
   */
  declareChanged(service: string, what: string): void {
    this.declared.set(service, `${service}: ${what}`);
  }

  private async look(thorough: boolean): Promise<Snapshot> {
    return snapshot(await this.states(), thorough && this.comparesProcesses);
  }

  /**
   * Takes the current state as the reference every later test starts from (right after the project is
   * ready). `holdingStill`, after a repair: a process caught in a transient state right after a restart
   * would count as gone a moment later, and the repair as failed; looked at again until two looks agree.
   */
  async markKnown(options: { holdingStill?: boolean } = {}): Promise<void> {
    let reference = await this.look(true);
    for (let look = 0; options.holdingStill && look < 10; look += 1) {
      await sleep(150);
      const again = await this.look(true);
      const steady = differences(reference, again).size === 0;
      reference = again;
      if (steady) break;
    }
    this.reference = reference;
  }

  /**
   * After a test (`thorough`): the containers (and, where compared, their processes) are the reference's, and
   * nothing the stack alone can see or only requests show is amiss; whatever differs is restarted, waited
   * for, and checked again. Before a test, after the previous one was checked thoroughly and nothing ran
   * since, a quick look: every container still the same one, running, not restarted (one inspect each).
   * A project that cannot be put back fails the test, naming what is still different.
   */
  async ensureKnownState(options: { thorough: boolean }): Promise<void> {
    const now = await this.look(options.thorough);
    let changed = new Map([
      ...differences(this.reference, now),
      ...(options.thorough ? await this.beyondSnapshot() : []),
      ...this.declared,
    ]);
    this.declared.clear();
    let problems = changed.size === 0 && options.thorough ? await this.requestProblems() : [];
    if (changed.size === 0 && problems.length === 0) return;
    const what = [...changed.values(), ...problems].join('; ');
    const started = performance.now();
    // A restart or wait that fails is a stack that cannot be put back: said with what the test changed.
    await this.restartInOrder(this.restartOrder([...changed.keys()], problems.length > 0)).catch((error: unknown) => {
      throw new StackStateError(
        `the ${this.name} stack could not be put back into its known state (${error instanceof Error ? error.message : String(error)}) after: ${what}`,
      );
    });
    changed = differences(this.reference, await this.look(true));
    problems = await this.requestProblems();
    if (changed.size > 0 || problems.length > 0)
      throw new StackStateError(
        `the ${this.name} stack could not be put back into its known state (${[...changed.values(), ...problems].join('; ')}) after: ${what}`,
      );
    progress(`↻ ${this.name}: put back in ${((performance.now() - started) / 1000).toFixed(1)} s (${what})`);
  }

  /**
   * `docker restart` (which also starts a stopped container, never a reload whose old workers may still hold
   * connections) group by group, each waited for before the next; the result is the new reference.
   */
  protected async restartInOrder(groups: readonly (readonly string[])[]): Promise<void> {
    const since = new Date();
    const deadline = Date.now() + this.startupTimeoutMs;
    const nonEmpty = groups.filter((group) => group.length > 0);
    for (const [index, group] of nonEmpty.entries()) {
      await Promise.all(
        group.map(async (service) => docker(['restart', '--time', '1', await this.container(service)])),
      );
      await this.readyAfterRestart(group, since, deadline, index < nonEmpty.length - 1);
    }
    await this.markKnown({ holdingStill: true });
  }
}
