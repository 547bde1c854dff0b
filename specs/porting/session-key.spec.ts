// Behaviour: a session cookie signed by one process must be readable by every other, so every worker and
// replica needs the same secret key, and not one from a tutorial. A key made per process
// (`app.secret_key = os.urandom(24)`) works on the dev server, which is one process, and logs users out at
// random under Gunicorn. Each answer carries a digest of the answering process's key (never the key). Fix:
// one SECRET_KEY from the environment, the same for every process.
import { createHash } from 'node:crypto';
import { expect, test } from '../../fixtures/test.js';
import { appProcesses } from '../../lib/stacks/definitions.js';
import { wellKnownKeys } from '../../lib/porting/session-key.js';

const digest = (key: string) => createHash('sha256').update(key).digest('hex').slice(0, 12);

test('Every process signs sessions with one key, and not a well-known one', async ({
  app,
  stackDefinition,
  evidence,
}) => {
  // A route the app itself answers here (behind nginx, / may be the front end's page, served from disk).
  let path: string | undefined;
  for (const candidate of [...new Set(['/', ...app.getPaths()])].filter((p) => app.getPaths().includes(p))) {
    if ((await app.attempt(candidate)).worker) {
      path = candidate;
      break;
    }
  }
  test.skip(path === undefined, 'no route without arguments that allows GET reaches the app through this stack');
  const processes = appProcesses(stackDefinition);
  const byWorker = await app.fromEveryProcess(path!, processes);
  // An answer without the digest (a worker killed mid-request, an error page from the server in front) says
  // nothing of the key: the first answer of each process that carries one does.
  const keys = new Map(
    [...byWorker].flatMap(([worker, answers]) => {
      const key = answers.find((a) => a.sessionKey !== null)?.sessionKey;
      return key === undefined ? [] : [[worker, key] as const];
    }),
  );
  const distinct = new Set(keys.values());
  evidence.record('processes that answered', `${byWorker.size} of ${processes}`);
  expect(keys.size, "no answer carried the digest of its process's session key").toBeGreaterThan(0);
  evidence.key(
    'session keys',
    distinct.size === 1
      ? [...distinct][0] === 'none'
        ? 'no secret key set'
        : `one key for ${keys.size} process(es)`
      : `${distinct.size} keys for ${keys.size} processes`,
    { id: 'session-keys' },
  );
  expect(distinct.size, 'different secret keys among the processes (a key made per process)').toBe(1);
  const wellKnown = wellKnownKeys.find((k) => digest(k) === [...distinct][0]);
  expect(wellKnown, 'the secret key is a well-known one anybody can sign sessions with').toBeUndefined();
});
