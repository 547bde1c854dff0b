// Unit: the rule that has a Chromium of its own call a deployment's or a front end's address and reach this
// run's port (lib/clients/mapped-chromium.ts).
import { expect, test } from '@playwright/test';
import { hostResolverRule } from '../lib/clients/mapped-chromium.js';
import { deploymentHost } from '../lib/porting/https-forms.js';

test("a deployment's name on port 443 is sent to the stack's published port", () => {
  expect(hostResolverRule(deploymentHost, 443, 32771)).toBe(
    `--host-resolver-rules=MAP ${deploymentHost}:443 127.0.0.1:32771`,
  );
  expect(hostResolverRule('localhost', 5173, 40001)).toBe('--host-resolver-rules=MAP localhost:5173 127.0.0.1:40001');
});

test('a port out of range or a host with spaces or commas (another rule) is refused', () => {
  expect(() => hostResolverRule(deploymentHost, 443, 0)).toThrow('not a TCP port: 0');
  expect(() => hostResolverRule(deploymentHost, 70000, 1)).toThrow('not a TCP port: 70000');
  expect(() => hostResolverRule('a.example, MAP *', 443, 1)).toThrow('not a host name');
});
