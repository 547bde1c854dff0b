/**
 * A user app's rate limit, seen from outside: which route answers 429 after enough requests, and whether the
 * limit is counted once for the app or once per process (Flask-Limiter's default memory:// storage,
 * Flask-Caching's "simple" cache, a dict: each worker and replica keeps its own count, so W processes let
 * about W times the limit through). Every request is bounded in count and time; the loops take the request
 * as a function, so the logic runs in the unit layer against a simulated limiter.
 */
import type { AppAnswer, AppClient } from '../clients/app-client.js';

/** One answer as the judgement reads it; `round` orders them (answers of one round were sent at once). */
export interface LimitAnswer {
  round: number;
  status: number;
  worker: string | null;
  remoteAddr: string | null;
  rateLimit: AppAnswer['rateLimit'];
}

export const refused = (a: Pick<LimitAnswer, 'status'>): boolean => a.status === 429;
/** Let through by the limit: the app answered, with anything but 429 (a 401 for a wrong password counts). */
export const letThrough = (a: Pick<LimitAnswer, 'status' | 'worker'>): boolean =>
  a.worker !== null && a.status !== 429 && a.status !== 0;

/** At most this many requests to one route while looking for its limit: a limit of up to ~60 per window
 * and process is seen on the dev server, up to 50 behind nginx's 4 processes. */
export function searchBound(processes: number): number {
  return Math.min(200, 60 * Math.max(1, processes));
}

/** The longest window the check waits out before it measures (a per-minute limit, and a second to spare). */
export const longestWaitMs = 65_000;

export type Ask = () => Promise<Omit<LimitAnswer, 'round'>>;

/** Time as the loops see it (ms): the real one, or a simulated one in the unit layer. */
export interface Clock {
  now(): number;
  sleep(ms: number): Promise<void>;
}

export const realClock: Clock = {
  now: () => performance.now(),
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
};

/** Numbers the rounds of one measurement. */
export class Rounds {
  private next = 0;
  readonly answers: LimitAnswer[] = [];
  async one(ask: Ask): Promise<LimitAnswer> {
    const answer = { ...(await ask()), round: this.next++ };
    this.answers.push(answer);
    return answer;
  }
  async many(ask: Ask, count: number): Promise<LimitAnswer[]> {
    const round = this.next++;
    const answers = (await Promise.all(Array.from({ length: count }, () => ask()))).map((a) => ({ ...a, round }));
    this.answers.push(...answers);
    return answers;
  }
}

/** Sequential requests until the first 429, at most `max` of them or until `deadline` (clock.now()). */
export async function untilRefused(
  rounds: Rounds,
  ask: Ask,
  max: number,
  deadline: number,
  clock: Clock = realClock,
): Promise<boolean> {
  for (let i = 0; i < max && clock.now() < deadline; i += 1) if (refused(await rounds.one(ask))) return true;
  return false;
}

/**
 * Rounds of `processes` requests at once (so that every process gets some) until every process that answered
 * since the last request let through has refused one: the limit then holds everywhere. At most `maxRounds`.
 */
export async function untilRefusedEverywhere(
  rounds: Rounds,
  ask: Ask,
  processes: number,
  maxRounds = 12,
): Promise<boolean> {
  for (let i = 0; i < maxRounds; i += 1) {
    await rounds.many(ask, processes);
    if (refusedEverywhere(rounds.answers, processes)) return true;
  }
  return false;
}

/** Since the last answer let through, every process seen has refused one, and at least `processes` did. */
export function refusedEverywhere(answers: LimitAnswer[], processes: number): boolean {
  const lastThrough = Math.max(-1, ...answers.filter(letThrough).map((a) => a.round));
  const seen = new Set(answers.map((a) => a.worker).filter((w) => w !== null));
  const refusing = new Set(
    answers.filter((a) => a.round > lastThrough && refused(a) && a.worker !== null).map((a) => a.worker),
  );
  return refusing.size >= processes && [...seen].every((w) => refusing.has(w));
}

/**
 * How long to wait until the limit has lifted in every process, from what its 429s said: the longest
 * Retry-After, else the latest X-RateLimit-Reset (against `nowSeconds`), plus a second for rounding; null
 * when they said neither (the caller then asks again until one is let through).
 */
export function liftWaitMs(answers: LimitAnswer[], nowSeconds: number): number | null {
  const refusals = answers.filter(refused);
  const retry = refusals.map((a) => a.rateLimit.retryAfter).filter((n): n is number => n !== null);
  if (retry.length) return Math.min(longestWaitMs, (Math.max(...retry) + 1) * 1000);
  const reset = refusals.map((a) => a.rateLimit.reset).filter((n): n is number => n !== null);
  if (reset.length) return Math.min(longestWaitMs, Math.max(0, Math.max(...reset) - nowSeconds + 1) * 1000);
  return null;
}

export interface LimitJudgement {
  verdict: 'per-process' | 'shared' | 'undecided';
  /** In words, for the cell and the message. */
  reason: string;
  /** Requests each process let through in the measurement. */
  throughBy: Record<string, number>;
  /** All requests let through in the measurement. */
  total: number;
  /** The process that refused first, and what it had let through: what one process allows. */
  firstRefusal: { worker: string; through: number } | null;
  /** The limit the app declared (X-RateLimit-Limit), where it says. */
  declared: number | null;
}

/**
 * Whether one measurement (from a full allowance: no request counted yet in the window) shows a limit
 * counted per process. Answers before the first one let through are dropped (asked while the limit still
 * held). Per process when, after a process refused, another still let requests through while the first kept
 * refusing; or when two processes reported the same X-RateLimit-Remaining in the same window (one count
 * cannot be at the same value twice); or when more got through than the limit the app declares.
 * Undecided when the limit was not reached, when a process refused and later let through again (a window
 * ended during the measurement), or when every process reached it at the same moment with the same count
 * (a per-process and a shared count look alike then).
 */
export function judgeLimit(all: LimitAnswer[]): LimitJudgement {
  const start = all.find(letThrough)?.round;
  const answers = start === undefined ? [] : all.filter((a) => a.round >= start);
  const throughBy: Record<string, number> = {};
  for (const a of answers.filter(letThrough)) throughBy[a.worker!] = (throughBy[a.worker!] ?? 0) + 1;
  const total = Object.values(throughBy).reduce((s, n) => s + n, 0);
  const declaredValues = answers.map((a) => a.rateLimit.limit).filter((n): n is number => n !== null);
  const declared = declaredValues.length ? Math.min(...declaredValues) : null;
  const base = { throughBy, total, declared };
  if (start === undefined)
    return {
      ...base,
      verdict: 'undecided',
      reason: `no request was let through (${statusCounts(all) || 'no answers'})`,
      firstRefusal: null,
    };
  const first = answers.find((a) => refused(a) && a.worker !== null);
  if (!first)
    return {
      ...base,
      verdict: 'undecided',
      reason: `the limit was not reached in ${answers.length} requests`,
      firstRefusal: null,
    };
  const firstRefusal = { worker: first.worker!, through: throughBy[first.worker!] ?? 0 };
  const withFirst = { ...base, firstRefusal };
  // A process that refused and then let a request through again: its window ended while we measured.
  const reopened = Object.keys(throughBy).find((w) =>
    answers.some(
      (r) => r.worker === w && refused(r) && answers.some((t) => t.worker === w && letThrough(t) && t.round > r.round),
    ),
  );
  if (reopened)
    return {
      ...withFirst,
      verdict: 'undecided',
      reason: `${reopened} refused and later let requests through again: a window ended while the check measured`,
    };
  const after = answers.filter((a) => letThrough(a) && a.round > first.round && a.worker !== first.worker);
  if (after.length)
    return {
      ...withFirst,
      verdict: 'per-process',
      reason: `${[...new Set(after.map((a) => a.worker))].join(', ')} still let ${after.length} request(s) through after ${first.worker} had answered 429`,
    };
  if (declared !== null && total > declared)
    return {
      ...withFirst,
      verdict: 'per-process',
      reason: `${total} requests got through a limit the app declares as ${declared} (X-RateLimit-Limit)`,
    };
  const through = answers.filter(letThrough);
  const twin = through.find((a) =>
    through.some(
      (b) =>
        b.worker !== a.worker &&
        a.rateLimit.remaining !== null &&
        a.rateLimit.remaining === b.rateLimit.remaining &&
        a.rateLimit.reset !== null &&
        b.rateLimit.reset !== null &&
        Math.abs(a.rateLimit.reset - b.rateLimit.reset) <= 1,
    ),
  );
  if (twin)
    return {
      ...withFirst,
      verdict: 'per-process',
      reason: `two processes each reported X-RateLimit-Remaining: ${twin.rateLimit.remaining} in the same window`,
    };
  const counts = Object.values(throughBy);
  if (counts.length > 1 && counts.every((n) => n === counts[0]))
    return {
      ...withFirst,
      verdict: 'undecided',
      reason: `every process let ${counts[0]} through and then refused at the same moment: a count per process and one shared count look alike`,
    };
  return {
    ...withFirst,
    verdict: 'shared',
    reason:
      Object.keys(throughBy).length > 1
        ? `once ${first.worker} answered 429, every process did`
        : `one process answered: ${total} let through, then 429`,
  };
}

/** "app1/8: 5, app2/9: 5": what each process let through. */
export function throughList(judgement: Pick<LimitJudgement, 'throughBy'>): string {
  return Object.entries(judgement.throughBy)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([w, n]) => `${w}: ${n}`)
    .join(', ');
}

export interface Measurement {
  /** Until the limit held in every process (after the 429 that found it). */
  held: LimitAnswer[];
  /** Waited for it to lift, as its headers said, or asking once a second until a request got through. */
  waitedMs: number;
  /** From a full allowance: sequential requests until the first 429, then rounds until every process refuses. */
  measured: LimitAnswer[];
}

/**
 * One measurement from a known state, for a route that has just answered 429: first the limit is made to
 * hold in every process (so no process has an allowance left over from earlier tests), then waited out (the
 * longest Retry-After or X-RateLimit-Reset its 429s gave, else asking once a second until a request gets
 * through, at most longestWaitMs), then measured from a full allowance. Whatever came before (another test,
 * a repeat) is spent and waited out, never counted.
 */
export async function measureLimit(ask: Ask, processes: number, clock: Clock = realClock): Promise<Measurement> {
  const held = new Rounds();
  await untilRefusedEverywhere(held, ask, processes);
  const measured = new Rounds();
  const started = clock.now();
  const wait = liftWaitMs(held.answers, Date.now() / 1000);
  if (wait !== null) await clock.sleep(wait);
  else while (clock.now() - started < longestWaitMs && !letThrough(await measured.one(ask))) await clock.sleep(1000);
  const waitedMs = clock.now() - started;
  await untilRefused(measured, ask, searchBound(processes), clock.now() + 30_000, clock);
  if (measured.answers.some(refused)) await untilRefusedEverywhere(measured, ask, processes);
  return { held: held.answers, waitedMs, measured: measured.answers };
}

export interface FoundLimit<T> {
  /** The candidate that answered 429, and how to ask it. */
  route: T;
  ask: Ask;
  /** Its answers until the 429. */
  answers: LimitAnswer[];
}

/**
 * The first candidate route that answers 429 within searchBound(processes) sequential requests, trying them
 * in order, all within `budgetMs`; null when none did. Candidates are asked one after the other, so the
 * search stops at the first limited route and sends no more.
 */
export async function findLimit<T>(
  candidates: { route: T; ask: Ask }[],
  processes: number,
  budgetMs = 40_000,
  clock: Clock = realClock,
): Promise<FoundLimit<T> | null> {
  const deadline = clock.now() + budgetMs;
  for (const { route, ask } of candidates) {
    const rounds = new Rounds();
    if (await untilRefused(rounds, ask, searchBound(processes), deadline, clock))
      return { route, ask, answers: rounds.answers };
  }
  return null;
}

/** A route as the search asks it: its method and path, and the request's body and headers. */
export interface LimitRoute {
  label: string;
  path: string;
  method: 'GET' | 'POST';
  body?: string;
  headers?: Record<string, string>;
}

/**
 * Where an app may limit, in the order they are tried: every route without arguments that allows GET, then
 * those that take a POST, each sent an empty form (an app receives nothing it could store; a login answers
 * 400 or 401, and the limit counts it all the same).
 */
export function limitCandidates(app: AppClient): { route: LimitRoute; ask: Ask }[] {
  const routes: LimitRoute[] = [
    ...app.getPaths().map((path) => ({ label: `GET ${path}`, path, method: 'GET' as const })),
    ...app.postPaths().map((path) => ({
      label: `POST ${path} (an empty form)`,
      path,
      method: 'POST' as const,
      body: '',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    })),
  ];
  return routes.map((route) => ({
    route,
    ask: () => app.attempt(route.path, { method: route.method, body: route.body, headers: route.headers }),
  }));
}

/** "200 ×9, 429 ×5, no answer ×1": the statuses of some answers, in order of first appearance. */
export function statusCounts(answers: Pick<LimitAnswer, 'status' | 'worker'>[]): string {
  const counts = new Map<string, number>();
  for (const a of answers) {
    const key = a.status === 0 ? 'no answer' : a.worker ? String(a.status) : `${a.status} not from the app`;
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return [...counts].map(([k, n]) => `${k} ×${n}`).join(', ');
}
