// Behaviour: nginx refuses a client's logins beyond a set rate. Its limit_req lets through a rate (10 a
// second) plus a burst (5, answered at once), refuses the rest with 429 before they reach the app, and lets
// the client in again once its allowance has refilled. Without it every attempt reaches the app: password
// guessing at the speed of the server.
import { randomUUID } from 'node:crypto';
import { burst, sleep } from '../lib/clients/http.js';
import { countBy } from '../lib/evidence/evidence.js';
import { expect, test } from '../fixtures/test.js';
import { runsAlone } from '../lib/stacks/runs-alone.js';

const attempts = 20;

test(
  'A burst of logins over the rate limit is refused with 429, the rest served',
  runsAlone,
  async ({ probe, stack, stackDefinition, evidence }) => {
    const limit = stackDefinition.loginRateLimit;
    expect(limit?.missing, 'the login rate limit this stack declares').toBeUndefined();
    // How long a client's allowance (one on the rate plus the burst) takes to refill, with a margin.
    const refillMs = limit ? ((limit.burst + 1) / limit.ratePerSecond) * 1000 + 200 : 0;
    // The allowance is per client address, and earlier tests logged in too: a full allowance is the known
    // state this test starts from, and nginx's leaky bucket refills it in exactly this time.
    await sleep(refillMs);
    const tag = randomUUID().slice(0, 8);
    const { results } = await test.step(`${attempts} login attempts at once`, () =>
      burst(attempts, attempts, (i) => probe.login(`${tag}-${i}`)));
    const counts = countBy(results.map((r) => String(r.status)));
    const served = results.filter((r) => r.status === 200);
    evidence.key('served / refused', `${served.length} / ${attempts - served.length}`, { id: 'served-refused' });
    evidence.record('statuses', counts);

    if (limit) {
      // One on the rate plus the burst; a slow machine may see one or two more tokens refill meanwhile.
      expect(served.length, 'let through: one plus the burst').toBeGreaterThanOrEqual(limit.burst + 1);
      expect(served.length, 'let through: not many more than the burst').toBeLessThanOrEqual(limit.burst + 3);
      expect(Object.keys(counts).sort(), 'the rest refused, with the configured status').toEqual([
        '200',
        String(limit.status),
      ]);
      expect(await stack.appRequestsContaining(`user=${tag}-`), 'refused attempts never reached the app').toBe(
        served.length,
      );
      await sleep(refillMs);
      const later = await probe.login('later');
      evidence.record('an attempt once the allowance refilled', later.status);
      expect(later.status, 'a rate, not a ban').toBe(200);
    } else {
      expect(served.length, 'nothing limits the rate').toBe(attempts);
      expect(await stack.appRequestsContaining(`user=${tag}-`), 'every attempt reached the app').toBe(attempts);
    }
  },
);
