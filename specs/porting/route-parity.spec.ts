// Behaviour: every route of your app that takes no arguments and allows GET answers on this stack as on
// the dev server it was written on: not with a server error, not with a cut connection. The cell holds each
// route's status, content type and redirect target, so the matrix names every route that differs between
// stacks; whether an absolute redirect names the address the client used is absolute-urls' finding.
import { expect, test } from '../../fixtures/test.js';
import { answerSummary } from '../../lib/clients/app-client.js';

test('Every route without arguments answers, with no server error and no cut connection', async ({ app, evidence }) => {
  const paths = app.getPaths();
  test.skip(paths.length === 0, 'the app has no route without arguments that allows GET');
  const answers = [];
  for (const path of paths) answers.push(await test.step(`GET ${path}`, async () => app.attempt(path)));
  evidence.key('routes', Object.fromEntries(answers.map((a) => [a.path, answerSummary(a)])));
  const broken = answers.filter((a) => a.status === 0 || a.status >= 500).map((a) => `${a.path}: ${answerSummary(a)}`);
  expect(broken.length, `routes answered with a server error or no answer: ${broken.join('; ')}`).toBe(0);
});
