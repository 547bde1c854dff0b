// Behaviour: nginx caches an answer that read the session once per user, never shared. Flask marks it `Vary:
// Cookie`, and nginx's cache honours Vary: it keeps one copy per Cookie header, so each user gets their own
// cached answer and never another's. The trap cuts both ways: a "public" route that merely touches the
// session is cached per user (a hit rate near zero), and a cache told to ignore Vary (proxy_ignore_headers
// Vary) would hand Alice's page to Bob.
import { randomUUID } from 'node:crypto';
import { expect, test } from '../fixtures/test.js';

test('An answer that read the session is cached per user, never shared', async ({
  probe,
  stackDefinition,
  evidence,
}) => {
  const cookies = await test.step('alice and bob log in', async () => {
    const out: Record<string, string> = {};
    for (const user of ['alice', 'bob']) {
      const login = await probe.login(user);
      expect(login.status, `login of ${user}`).toBe(200);
      out[user] = String(login.headers['set-cookie']?.[0]?.split(';')[0]);
    }
    return out;
  });
  const key = randomUUID();
  const order = ['alice', 'bob', 'alice', 'bob'];
  const answers = await test.step('each asks twice for the same public URL', async () => {
    const out = [];
    for (const user of order)
      out.push(await probe.cacheable({ key, variant: 'session' }, { headers: { Cookie: cookies[user] ?? '' } }));
    return out;
  });
  const statuses = answers.map((a) => String(a.headers['x-cache-status'] ?? '(none)'));
  const users = answers.map((a) => a.data.user ?? '(no session)');
  evidence.key('X-Cache-Status', statuses);
  evidence.record('answered for', users);
  evidence.record('Vary', String(answers[0]?.headers.vary ?? '(none)'));

  expect(String(answers[0]?.headers.vary), 'Flask: the session was read').toMatch(/\bCookie\b/);
  expect(users, 'each user sees their own answer').toEqual(order);
  expect(statuses, 'cache status of alice, bob, alice, bob').toEqual(
    stackDefinition.cachesApi ? ['MISS', 'MISS', 'HIT', 'HIT'] : Array(4).fill('(none)'),
  );
  // Cached per user: the second answer to each user is their own first one.
  const origin = (i: number) => answers[i]?.data.origin_id;
  if (stackDefinition.cachesApi) expect([origin(2), origin(3)]).toEqual([origin(0), origin(1)]);
  else expect(new Set(answers.map((a) => a.data.origin_id)).size, 'no cache: every answer made by the app').toBe(4);
});
