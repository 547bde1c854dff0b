// Unit: the Socket.IO check's codecs (lib/porting/socketio.ts): Engine.IO polling payloads (v4 and v3), the
// open packet, the refusal of an unknown sid, a namespace's answer, and RFC 6455 frames both ways.
import { expect, test } from '@playwright/test';
import {
  acceptFor,
  answersConnect,
  connectPacket,
  decodeFrames,
  decodePayload,
  encodeClientFrame,
  encodePayload,
  isUnknownSession,
  upgradeRefusal,
  openPacketOf,
} from '../lib/porting/socketio.js';

const open4 =
  '0{"sid":"afqFSukOyWfjY0_zAAAA","upgrades":["websocket"],"pingTimeout":20000,"pingInterval":25000,"maxPayload":1000000}';

test("a v4 payload is split at the record separator, a v3 payload by each packet's length", () => {
  expect(decodePayload('40{"sid":"x"}\x1e42["message",{"text":"welcome"}]', 4)).toEqual([
    '40{"sid":"x"}',
    '42["message",{"text":"welcome"}]',
  ]);
  expect(decodePayload('', 4)).toEqual([]);
  expect(decodePayload('2:406:40/a,b', 3)).toEqual(['40', '40/a,b']);
  expect(decodePayload('97:0{"sid":"s"}', 3)).toEqual(['0{"sid":"s"}']);
  expect(encodePayload(['40', '40/a,'], 4)).toBe('40\x1e40/a,');
  expect(encodePayload(['40', '40/a,'], 3)).toBe('2:405:40/a,');
  expect(decodePayload(encodePayload(['40', '2', '40/http-test-1,'], 3), 3)).toEqual(['40', '2', '40/http-test-1,']);
});

test('the open packet: its sid and the upgrades the server offers; anything else is no Engine.IO', () => {
  expect(openPacketOf(open4, 4)).toEqual({
    sid: 'afqFSukOyWfjY0_zAAAA',
    upgrades: ['websocket'],
    pingInterval: 25000,
    pingTimeout: 20000,
  });
  expect(openPacketOf('0{"sid":"s","upgrades":[]}', 4)?.upgrades).toEqual([]);
  expect(openPacketOf(`${open4.length}:${open4}`, 3)?.sid).toBe('afqFSukOyWfjY0_zAAAA');
  expect(openPacketOf('<!doctype html><title>404 Not Found</title>', 4)).toBeNull();
  expect(openPacketOf('0{"upgrades":[]}', 4)).toBeNull();
  expect(openPacketOf('0{not json', 4)).toBeNull();
});

test("an unknown sid: 400 with python-engineio's or the JS server's words; another 400 is not one", () => {
  expect(isUnknownSession(400, '"Invalid session kWlxNvIEx35-5OifAAAA"')).toBe(true);
  expect(isUnknownSession(400, '{"code":1,"message":"Session ID unknown"}')).toBe(true);
  expect(isUnknownSession(200, 'Invalid session')).toBe(false);
  expect(isUnknownSession(400, '"Invalid transport"')).toBe(false);
});

test('a namespace is connected as 40 or 40/name, and answered by 40 or 44 for that namespace only', () => {
  expect(connectPacket('/')).toBe('40');
  expect(connectPacket('/http-test-1')).toBe('40/http-test-1,');
  expect(answersConnect('40{"sid":"x"}', '/')).toBe(true);
  expect(answersConnect('40', '/')).toBe(true);
  expect(answersConnect('44{"message":"Unauthorized"}', '/')).toBe(true);
  expect(answersConnect('40/http-test-1,{"sid":"y"}', '/')).toBe(false);
  expect(answersConnect('40/http-test-1,{"sid":"y"}', '/http-test-1')).toBe(true);
  expect(answersConnect('44/http-test-1,{"message":"Unable to connect"}', '/http-test-1')).toBe(true);
  expect(answersConnect('40/http-test-12,{"sid":"y"}', '/http-test-1')).toBe(false);
  expect(answersConnect('42["message",{"text":"welcome"}]', '/')).toBe(false);
  expect(answersConnect('2', '/')).toBe(false);
});

test('a client frame is masked and decodes back to its text, at each length encoding', () => {
  const mask = Buffer.from([1, 2, 3, 4]);
  const short = encodeClientFrame('2probe', 1, mask);
  expect([...short.subarray(0, 6)]).toEqual([0x81, 0x80 | 6, 1, 2, 3, 4]);
  expect(short.subarray(6)).toEqual(Buffer.from([0x32 ^ 1, 0x70 ^ 2, 0x72 ^ 3, 0x6f ^ 4, 0x62 ^ 1, 0x65 ^ 2]));
  for (const text of ['3', 'x'.repeat(200), 'y'.repeat(70_000)]) {
    const { frames, rest } = decodeFrames(encodeClientFrame(text));
    expect(frames.map((f) => [f.opcode, f.payload.toString()])).toEqual([[1, text]]);
    expect(rest.length).toBe(0);
  }
});

test("a server's frames: several in one chunk, an incomplete one left for the next", () => {
  const frame = (text: string) => Buffer.concat([Buffer.from([0x81, text.length]), Buffer.from(text)]);
  const both = Buffer.concat([frame('3probe'), frame('40/http-test-ws,{"sid":"z"}'), frame('2').subarray(0, 1)]);
  const { frames, rest } = decodeFrames(both);
  expect(frames.map((f) => f.payload.toString())).toEqual(['3probe', '40/http-test-ws,{"sid":"z"}']);
  expect([...rest]).toEqual([0x81]);
  const close = decodeFrames(Buffer.from([0x88, 0]));
  expect(close.frames).toEqual([{ opcode: 8, payload: Buffer.alloc(0) }]);
});

test("Sec-WebSocket-Accept is RFC 6455's example value", () => {
  expect(acceptFor('dGhlIHNhbXBsZSBub25jZQ==')).toBe('s3pPLMBiTxaQ9kYGzzhZRbK+xOo=');
});

test('a refused upgrade is told apart: no Upgrade header reached the app, or another process got it', () => {
  expect(upgradeRefusal(400, '"Invalid transport"')).toMatch(/no Upgrade header/);
  expect(upgradeRefusal(400, '{"code":3,"message":"Bad request"}')).toMatch(/no Upgrade header/);
  expect(upgradeRefusal(400, '"Invalid session lw9Mzq4jHmwl8_3AAAAA"')).toMatch(/does not hold the session/);
  expect(upgradeRefusal(502, '<html>Bad Gateway</html>')).toBeNull();
  expect(upgradeRefusal(200, 'Invalid transport')).toBeNull();
});
