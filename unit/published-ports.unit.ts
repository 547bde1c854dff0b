// Unit: ports published on more than 127.0.0.1, found in the compose files before any stack starts
// (lib/stacks/published-ports.ts, called by global setup).
import path from 'node:path';
import { expect, test } from '@playwright/test';
import { composeDir, repoRoot } from '../lib/run/settings.js';
import {
  checkPublishedPorts,
  composeFilesIn,
  describePortFindings,
  findPublishedPorts,
  interpolate,
  parseShortPort,
} from '../lib/stacks/published-ports.js';

/** A compose file whose one service publishes `entries` (YAML list items, indented under `ports:`). */
const withPorts = (...entries: string[]) =>
  ['services:', '  app:', '    image: x', '    ports:', ...entries.map((e) => `      ${e}`)].join('\n');

/** The fix of each finding, by line. */
const fixes = (text: string, env = {}) =>
  findPublishedPorts('compose/x.yml', text, env).map((f) => `${f.line}: ${f.fix}`);

test('short syntax: a port with no address, or on 0.0.0.0 or [::], is found with the line to write', () => {
  expect(
    fixes(
      withPorts('- "8000:8000"', '- "8000"', '- 8000', '- "0.0.0.0:0:8000"', '- "[::]:0:8000"', '- "6060:6060/udp"'),
    ),
  ).toEqual([
    '5: write "127.0.0.1:8000:8000"',
    '6: write "127.0.0.1::8000"',
    '7: write "127.0.0.1::8000"',
    '8: write "127.0.0.1:0:8000"',
    '9: write "127.0.0.1:0:8000"',
    '10: write "127.0.0.1:6060:6060/udp"',
  ]);
});

test('short syntax: 127.0.0.1 (any of 127/8) and ::1 are fine, however the port is written', () => {
  expect(
    fixes(
      withPorts(
        '- "127.0.0.1:0:8000"',
        '- "127.0.0.1::8000"',
        '- "127.0.0.1:8000:8000"',
        '- 127.0.0.2::80',
        '- "[::1]:0:8000"',
        '- "::1:0:8000"',
        '- "127.0.0.1:5000-5010:5000-5010"',
      ),
    ),
  ).toEqual([]);
});

test('a flow sequence is read as well: ports: ["8000"]', () => {
  const [finding] = findPublishedPorts(
    'compose/x.yml',
    ['services:', '  app:', '    ports: ["127.0.0.1::80", "8000"]'].join('\n'),
  );
  expect(finding).toMatchObject({ line: 3, text: 'ports: ["127.0.0.1::80", "8000"]', fix: 'write "127.0.0.1::8000"' });
});

test('short syntax parts: address, host port, container port, protocol', () => {
  expect(parseShortPort('127.0.0.1::80')).toEqual({
    hostIp: '127.0.0.1',
    hostPort: '',
    containerPort: '80',
    protocol: '',
  });
  expect(parseShortPort('[::1]:0:8000/tcp')).toEqual({
    hostIp: '::1',
    hostPort: '0',
    containerPort: '8000',
    protocol: '/tcp',
  });
  expect(parseShortPort('fe80::1:8080:80')).toEqual({
    hostIp: 'fe80::1',
    hostPort: '8080',
    containerPort: '80',
    protocol: '',
  });
  expect(parseShortPort('8000')).toEqual({ hostIp: '', hostPort: '', containerPort: '8000', protocol: '' });
});

test('long syntax: host_ip 127.0.0.1 is fine; none, or another address, is found on its own line', () => {
  const text = withPorts(
    '- target: 80',
    '  published: "0"',
    '  host_ip: 127.0.0.1',
    '- target: 443',
    '  published: "8443"',
    '- target: 8080',
    '  host_ip: 0.0.0.0',
  );
  expect(fixes(text)).toEqual(['8: add host_ip: 127.0.0.1', '11: write host_ip: 127.0.0.1']);
  expect(findPublishedPorts('compose/x.yml', text)[0]?.problem).toBe(
    'publishes container port 443 on every address (no host_ip)',
  );
});

test("interpolated values are read as compose will read them, with the run's variables", () => {
  const text = withPorts(
    '- "${BIND:-127.0.0.1}::8000"',
    '- "${HOST_IP}::80"',
    '- target: 443',
    '  host_ip: ${TLS_IP-127.0.0.1}',
  );
  expect(fixes(text, {})).toEqual(['6: write "127.0.0.1::80"']);
  const [bind] = findPublishedPorts('compose/x.yml', text, { BIND: '0.0.0.0', HOST_IP: '127.0.0.1' });
  expect(bind).toMatchObject({
    line: 5,
    problem: 'publishes container port 8000 on 0.0.0.0 (every address) ("0.0.0.0::8000" with this run\'s variables)',
  });
  // Set but empty: `-` keeps the empty value, and no address is every address.
  expect(fixes(text, { HOST_IP: '127.0.0.1', TLS_IP: '' })).toEqual(['8: write host_ip: 127.0.0.1']);
});

test('interpolation follows compose: defaults, alternatives, $$ and bare $VAR', () => {
  const env = { SET: 'a', EMPTY: '' };
  expect(
    interpolate(
      '${SET:-x} ${EMPTY:-x} ${EMPTY-x} ${UNSET-x} ${SET:+y} ${EMPTY:+y} ${EMPTY+y} $SET $$SET ${UNSET}',
      env,
    ),
  ).toBe('a x  x y  y a $SET ');
});

test('an anchor merged into several services is one finding, at the line where it is written', () => {
  const text = [
    'x-squid: &squid',
    '  image: squid',
    '  ports:',
    '    - "3128"',
    'services:',
    '  proxy:',
    '    <<: *squid',
    '  anonymous-proxy:',
    '    <<: *squid',
  ].join('\n');
  expect(fixes(text)).toEqual(['4: write "127.0.0.1::3128"']);
});

test('network_mode: host is found: every port the service opens is on every address', () => {
  expect(
    findPublishedPorts('compose/x.yml', ['services:', '  app:', '    network_mode: host'].join('\n')),
  ).toMatchObject([{ line: 3, text: 'network_mode: host' }]);
});

test('the findings read as one line naming the file, the line and the fix', () => {
  const findings = findPublishedPorts(
    'compose/nginx.yml',
    withPorts('- "127.0.0.1::80"', '- "0.0.0.0::443"    # HTTPS', '- "8080"'),
  );
  const message = describePortFindings(findings);
  expect(message).not.toContain('\n');
  expect(message).toBe(
    'compose/nginx.yml line 6 (- "0.0.0.0::443") publishes container port 443 on 0.0.0.0 (every address): write "127.0.0.1::443" instead, every stack is published on 127.0.0.1 only; also compose/nginx.yml line 7',
  );
});

test('every compose file of the suite publishes on 127.0.0.1 only', () => {
  const files = [...composeFilesIn(composeDir), ...composeFilesIn(path.join(composeDir, 'user-app'))];
  expect(files.map((f) => path.basename(f))).toEqual(
    expect.arrayContaining(['dev.yml', 'dev-debug.yml', 'gunicorn.yml', 'nginx.yml', 'forward-proxy.yml']),
  );
  expect(
    checkPublishedPorts(
      files.map((file) => ({ file, env: {} })),
      repoRoot,
    ),
  ).toEqual([]);
});
