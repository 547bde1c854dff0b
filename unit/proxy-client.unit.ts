// Unit: the credentials a forward proxy is sent (lib/clients/proxy-client.ts authorization).
import { expect, test } from '@playwright/test';
import { authorization } from '../lib/clients/proxy-client.js';

test('credentials go as Proxy-Authorization: Basic base64(user:password); none without', () => {
  expect(authorization({ username: 'office', password: 's3cret:x' })).toEqual({
    'Proxy-Authorization': `Basic ${Buffer.from('office:s3cret:x').toString('base64')}`,
  });
  expect(authorization({ username: 'Aladdin', password: 'open sesame' })).toEqual({
    'Proxy-Authorization': 'Basic QWxhZGRpbjpvcGVuIHNlc2FtZQ==',
  });
  expect(authorization(undefined)).toEqual({});
});
