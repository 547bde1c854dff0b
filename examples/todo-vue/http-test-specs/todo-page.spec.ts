// Behaviour: the to-do page renders in a browser through every stack and lists what its API returns.
// A worked example of your own specs: a folder of *.spec.ts next to your app (http-test-specs/, or
// HTTP_TEST_APP_SPECS=<folder>) runs on every stack with the suite's fixtures: `stack` (its baseURL, logs,
// processes), `stackDefinition` (what the stack is) and `evidence` (the figures the matrix shows).
import { expect, test } from '../../../fixtures/test.js';

test('The to-do page renders and lists the items its API returns', async ({ page, stack, evidence }) => {
  const api = await test.step('ask the API for the items', async () =>
    (await page.request.get(`${stack.baseURL}/api/items`)).json() as Promise<{ items: string[] }>);
  await page.goto(`${stack.baseURL}/`);
  await expect(page.getByRole('heading', { name: 'Todo' })).toBeVisible();
  evidence.key('items listed', api.items.length);
  await expect(page.getByRole('listitem')).toHaveCount(api.items.length);
});
