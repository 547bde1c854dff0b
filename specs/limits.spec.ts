// Behaviour: what each server refuses. nginx caps request bodies (client_max_body_size, 1 MiB: 413) and
// request lines and headers (large_client_header_buffers, 8 KiB: 414 and 400); Gunicorn caps the request
// line (limit_request_line, 4094 bytes: 400) and each header (limit_request_field_size, 8190 bytes: 400
// before Gunicorn 21.0, 431 Request Header Fields Too Large since), but not the body; the dev server caps
// none of these.
import { expect, test } from '../fixtures/test.js';
import { describeVersions, serverSoftware } from '../lib/stacks/versions.js';

test('An oversized request is refused by the server in front, each with its own status', async ({
  probe,
  stackDefinition,
  evidence,
}) => {
  const body = await test.step('a 2 MiB POST body', async () =>
    (await probe.echo(Buffer.alloc(2 * 1024 * 1024, 120))).status);
  const uri = await test.step('a 10 000-byte URI', async () =>
    (await probe.health({ pad: 'x'.repeat(10_000) })).status);
  const header = await test.step('a 16 KiB header', async () =>
    (await probe.get(probe.route('health'), { headers: { 'X-Big': 'x'.repeat(16 * 1024) } })).status);
  evidence.key('2 MiB body / 10 kB URI / 16 KiB header', `${body} / ${uri} / ${header}`);
  // As text: what the server did is compared exactly (400 and 431 are no figures within the spread of each other).
  evidence.behaviour('status for a 16 KiB header', String(header), serverSoftware(stackDefinition));
  // stackDefinition.refuses follows the versions read from the running servers (lib/stacks/definitions.ts,
  // versions.ts).
  expect(
    { body, uri, header },
    `statuses for a 2 MiB body, a 10 000-byte URI and a 16 KiB header (${describeVersions(stackDefinition.versions)})`,
  ).toEqual(stackDefinition.refuses);
});
