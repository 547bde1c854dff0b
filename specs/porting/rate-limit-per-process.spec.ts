// Behaviour: a rate limit whose count lives in one process (Flask-Limiter's default storage memory://,
// Flask-Caching's "simple" cache, a dict) is enforced per process: on the dev server the (N+1)th request in
// a window gets 429, under Gunicorn's 2 workers about 2N get through, behind nginx's 4 processes about 4N. The
// check finds a route that answers 429 (the app's GET routes without arguments, then its POST routes sent an
// empty form, at most 60 requests per process and route), makes the limit hold in every process, waits it
// out (Retry-After or X-RateLimit-Reset where the app sends them, else asking once a second), and measures
// from a full allowance: how many requests each process (X-Http-Test-Worker) let through, and whether one
// still let requests through after another had answered 429. Fix: a storage every process shares
// (`Limiter(..., storage_uri="redis://…")`, Flask-Caching `CACHE_TYPE="RedisCache"`).
import { expect, test } from '../../fixtures/test.js';
import {
  findLimit,
  judgeLimit,
  type LimitJudgement,
  limitCandidates,
  measureLimit,
  searchBound,
  statusCounts,
  throughList,
} from '../../lib/porting/rate-limit.js';
import { appProcesses } from '../../lib/stacks/definitions.js';

test('A rate limit is counted once for the app, not once in each process', async ({
  app,
  stackDefinition,
  evidence,
}) => {
  // Up to two waits of a per-minute window, besides the search.
  test.setTimeout(240_000);
  const processes = appProcesses(stackDefinition);
  const found = await test.step('find a route that answers 429', () => findLimit(limitCandidates(app), processes));
  test.skip(
    found === null,
    `no route answered 429 within ${searchBound(processes)} requests: the app sets no rate limit the check can see`,
  );
  const { label } = found!.route;
  evidence.record('rate-limited route', `${label}: 429 after ${found!.answers.length} requests`);
  // Known state: whatever earlier tests (or a repeat) left of the allowance is spent and waited out first.
  let judgement: LimitJudgement | undefined;
  let waitedMs = 0;
  for (
    let attempt = 1;
    attempt <= 2 && judgement?.verdict !== 'per-process' && judgement?.verdict !== 'shared';
    attempt += 1
  ) {
    const measurement =
      await test.step(`${label}: the limit made to hold everywhere, waited out, measured from a full allowance (${attempt})`, () =>
        measureLimit(found!.ask, processes));
    waitedMs += measurement.waitedMs;
    judgement = judgeLimit(measurement.measured);
    evidence.record(`answers while the limit was made to hold (${attempt})`, statusCounts(measurement.held));
    evidence.record(`answers measured (${attempt})`, statusCounts(measurement.measured));
  }
  const j = judgement!;
  evidence.record('waited for the limit to lift', Number((waitedMs / 1000).toFixed(1)), 's');
  evidence.record('let through by each process', throughList(j) || 'none');
  evidence.record('limit the app declares (X-RateLimit-Limit)', j.declared ?? 'not sent');
  evidence.record('judged', `${j.verdict}: ${j.reason}`);
  evidence.key('requests let through before the limit held everywhere', j.total, {
    unit: 'requests',
    id: 'let-through',
  });
  test.skip(j.verdict === 'undecided', `${label}: cannot tell whether its limit is counted per process: ${j.reason}`);
  expect(
    j.verdict,
    `${label}: the rate limit is counted in each process: ${j.total} requests got through where one process allows ${j.firstRefusal?.through} (${throughList(j)}); ${j.reason}. A count in memory (Flask-Limiter's default storage memory://, Flask-Caching's "simple" cache, a dict) is one per process, so ${processes} processes let about ${processes} times the limit through. Fix: a storage every process shares: Limiter(..., storage_uri="redis://<host>:6379"), Flask-Caching CACHE_TYPE="RedisCache"`,
  ).toBe('shared');
});
