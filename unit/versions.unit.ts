// Unit: versions read from containers, compared, and the behaviour in force for a version (lib/stacks/versions.ts).
import { expect, test } from '@playwright/test';
import {
  changedBehaviours,
  compareVersions,
  describeVersions,
  inForce,
  parseVersions,
  serverSoftware,
} from '../lib/stacks/versions.js';

test('the probe output is read into versions, each only where asked for', () => {
  const output =
    'os=Debian GNU/Linux 13 (trixie)\npython=3.13.5\nflask=3.1.1\nwerkzeug=3.1.3\ngunicorn=23.0.0\nnginx=1.26.3\nnoise line\n';
  expect(parseVersions(output)).toEqual({
    os: 'Debian GNU/Linux 13 (trixie)',
    python: '3.13.5',
    flask: '3.1.1',
    werkzeug: '3.1.3',
    gunicorn: '23.0.0',
    nginx: '1.26.3',
  });
  expect(parseVersions(output, ['nginx'])).toEqual({ nginx: '1.26.3' });
});

test('versions compare numerically, part by part', () => {
  expect(compareVersions('23.0.0', '22.0.0')).toBeGreaterThan(0);
  expect(compareVersions('20.1.0', '22.0.0')).toBeLessThan(0);
  expect(compareVersions('22.0.0', '22.0')).toBe(0);
  expect(compareVersions('6.13', '6.9')).toBeGreaterThan(0);
  expect(compareVersions('1.26.3', '1.26.10')).toBeLessThan(0);
});

test("Gunicorn's answer to a timed-out worker follows its version: cut before 22.0, 500 since", () => {
  expect(inForce(changedBehaviours.gunicornTimeoutAnswer, { gunicorn: '20.1.0' })).toBe('cut');
  expect(inForce(changedBehaviours.gunicornTimeoutAnswer, { gunicorn: '21.2.0' })).toBe('cut');
  expect(inForce(changedBehaviours.gunicornTimeoutAnswer, { gunicorn: '22.0.0' })).toBe(500);
  expect(inForce(changedBehaviours.gunicornTimeoutAnswer, { gunicorn: '23.0.0' })).toBe(500);
});

test("Gunicorn's status for an oversized header: 400 before 21.0, 431 since", () => {
  expect(inForce(changedBehaviours.gunicornOversizedHeader, { gunicorn: '20.1.0' })).toBe(400);
  expect(inForce(changedBehaviours.gunicornOversizedHeader, { gunicorn: '21.0.0' })).toBe(431);
});

test('a behaviour of software the stack does not run is an error, never a guess', () => {
  expect(() => inForce(changedBehaviours.gunicornTimeoutAnswer, { werkzeug: '3.1.3' })).toThrow(/runs no Gunicorn/);
});

test('what ran reads in one line, the OS only when asked; the servers a request meets, proxy first', () => {
  const versions = { os: 'Debian GNU/Linux 12 (bookworm)', python: '3.11.2', gunicorn: '20.1.0', nginx: '1.22.1' };
  expect(describeVersions(versions)).toBe('Python 3.11.2, Gunicorn 20.1.0, nginx 1.22.1');
  expect(describeVersions(versions, { withOs: true })).toBe(
    'OS Debian GNU/Linux 12 (bookworm), Python 3.11.2, Gunicorn 20.1.0, nginx 1.22.1',
  );
  expect(serverSoftware({ appServer: 'gunicorn', proxy: 'nginx' })).toEqual(['nginx', 'gunicorn']);
  expect(serverSoftware({ appServer: 'werkzeug', proxy: null })).toEqual(['werkzeug']);
});
