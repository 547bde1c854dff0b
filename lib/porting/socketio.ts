/**
 * A Socket.IO client at the protocol level, for the websockets porting check: Engine.IO's polling transport
 * (one HTTP request per exchange, each naming the session by its `sid`) and its upgrade to a WebSocket (a raw
 * HTTP Upgrade, frames written here: no WebSocket package is installed). The packet and frame codecs are pure
 * and unit-tested (unit/socketio.unit.ts); the exchanges talk to a stack's entry.
 *
 * Engine.IO packets are one character of type and the data: 0 open, 1 close, 2 ping, 3 pong, 4 message,
 * 5 upgrade, 6 noop. A Socket.IO packet rides in a message: `40` connects namespace "/", `40/chat,` namespace
 * "/chat", `44/chat,{…}` refuses it. Whatever the app's events, connecting a namespace gets an answer at once
 * (accepted or refused), so each exchange is answered without waiting for the app to say anything.
 */
import { createHash, randomBytes } from 'node:crypto';
import http from 'node:http';
import type { Socket } from 'node:net';
import { type AppAnswer, AppClient } from '../clients/app-client.js';

/** Engine.IO's default path; Flask-SocketIO, python-socketio and the JS client all use it unless told. */
export const socketIoPath = '/socket.io/';

export type EngineIoVersion = 3 | 4;

export interface OpenPacket {
  sid: string;
  /** The transports the server offers to upgrade to: ["websocket"] where it can hold one, else []. */
  upgrades: string[];
  pingInterval: number | null;
  pingTimeout: number | null;
}

/** Engine.IO 4 polling payload: packets separated by the record separator. */
const separator = '\x1e';

/** The packets of a polling answer's body: v4 separated by \x1e, v3 each prefixed with its length (`5:40/a,`). */
export function decodePayload(body: string, eio: EngineIoVersion): string[] {
  if (eio === 4) return body.length === 0 ? [] : body.split(separator);
  const packets: string[] = [];
  let at = 0;
  while (at < body.length) {
    const colon = body.indexOf(':', at);
    const length = Number(body.slice(at, colon));
    if (colon < 0 || !Number.isInteger(length)) break;
    packets.push(body.slice(colon + 1, colon + 1 + length));
    at = colon + 1 + length;
  }
  return packets;
}

/** A polling POST's body for these packets. */
export function encodePayload(packets: string[], eio: EngineIoVersion): string {
  return eio === 4 ? packets.join(separator) : packets.map((p) => `${p.length}:${p}`).join('');
}

/** The open packet among a polling answer's packets, or null when there is none (not Engine.IO). */
export function openPacketOf(body: string, eio: EngineIoVersion): OpenPacket | null {
  for (const packet of decodePayload(body, eio)) {
    if (!packet.startsWith('0{')) continue;
    try {
      const data = JSON.parse(packet.slice(1)) as Record<string, unknown>;
      if (typeof data.sid !== 'string' || data.sid === '') continue;
      const number = (v: unknown): number | null => (typeof v === 'number' ? v : null);
      return {
        sid: data.sid,
        upgrades: Array.isArray(data.upgrades) ? data.upgrades.filter((u): u is string => typeof u === 'string') : [],
        pingInterval: number(data.pingInterval),
        pingTimeout: number(data.pingTimeout),
      };
    } catch {
      continue;
    }
  }
  return null;
}

/** Engine.IO's own refusal of a sid this process does not hold (python-engineio: 400, and "Session ID unknown"
 * or "Invalid session" in the body by version; the JS server: `{"code":1,"message":"Session ID unknown"}`). */
export function isUnknownSession(status: number, body: string): boolean {
  return status === 400 && /session id unknown|invalid session|"code"\s*:\s*1\b/i.test(body);
}

/** Why an upgrade request got no 101, where its answer says: the app never saw the Upgrade header (a proxy that
 * drops it: python-engineio answers "Invalid transport", the JS server `{"code":3,…}` "Bad request"), or the
 * request reached a process that does not hold the session. */
export function upgradeRefusal(status: number, body: string): string | null {
  if (isUnknownSession(status, body)) return 'the upgrade reached a process that does not hold the session';
  if (status === 400 && /invalid transport|unsupported upgrade|"code"\s*:\s*3\b/i.test(body))
    return 'the app saw no Upgrade header: the server in front did not pass it on';
  return null;
}

/** The Socket.IO packet that connects `namespace` ("/" is `40`, another `40/name,`). */
export function connectPacket(namespace: string): string {
  return namespace === '/' ? '40' : `40${namespace},`;
}

/** Whether an Engine.IO packet answers the connection of `namespace`: accepted (`40…`) or refused (`44…`). */
export function answersConnect(packet: string, namespace: string): boolean {
  const prefix = namespace === '/' ? '' : `${namespace},`;
  const rest = packet.slice(2);
  if (!(packet.startsWith('40') || packet.startsWith('44'))) return false;
  // "/" is answered as `40{…}`, `40` or `44{…}`; another namespace as `40/name,…`.
  return namespace === '/' ? !rest.startsWith('/') : rest.startsWith(prefix);
}

// ---------- WebSocket frames (RFC 6455): a client's frames are masked, a server's are not ----------

export interface Frame {
  opcode: number;
  payload: Buffer;
}

/** A client's frame: final, masked, text (opcode 1) unless told. */
export function encodeClientFrame(payload: Buffer | string, opcode = 1, mask: Buffer = randomBytes(4)): Buffer {
  const data = typeof payload === 'string' ? Buffer.from(payload, 'utf8') : payload;
  const length = data.length;
  const header =
    length < 126
      ? Buffer.from([0x80 | opcode, 0x80 | length])
      : length < 65536
        ? Buffer.from([0x80 | opcode, 0x80 | 126, length >> 8, length & 0xff])
        : (() => {
            const h = Buffer.alloc(10);
            h[0] = 0x80 | opcode;
            h[1] = 0x80 | 127;
            h.writeBigUInt64BE(BigInt(length), 2);
            return h;
          })();
  const masked = Buffer.alloc(length);
  for (let i = 0; i < length; i += 1) masked[i] = data[i]! ^ mask[i % 4]!;
  return Buffer.concat([header, mask, masked]);
}

/** The complete frames at the start of `buffer`, and what is left of an incomplete one. Fragments are not
 * joined: an Engine.IO packet this check exchanges fits in one frame. */
export function decodeFrames(buffer: Buffer): { frames: Frame[]; rest: Buffer } {
  const frames: Frame[] = [];
  let at = 0;
  while (buffer.length - at >= 2) {
    const opcode = buffer[at]! & 0x0f;
    const masked = (buffer[at + 1]! & 0x80) !== 0;
    let length = buffer[at + 1]! & 0x7f;
    let offset = at + 2;
    if (length === 126) {
      if (buffer.length < offset + 2) break;
      length = buffer.readUInt16BE(offset);
      offset += 2;
    } else if (length === 127) {
      if (buffer.length < offset + 8) break;
      length = Number(buffer.readBigUInt64BE(offset));
      offset += 8;
    }
    const mask = masked ? buffer.subarray(offset, offset + 4) : null;
    if (masked) offset += 4;
    if (buffer.length < offset + length) break;
    const payload = Buffer.from(buffer.subarray(offset, offset + length));
    if (mask) for (let i = 0; i < payload.length; i += 1) payload[i] = payload[i]! ^ mask[i % 4]!;
    frames.push({ opcode, payload });
    at = offset + length;
  }
  return { frames, rest: buffer.subarray(at) };
}

/** Sec-WebSocket-Accept for a key (RFC 6455 section 4.2.2). */
export function acceptFor(key: string): string {
  return createHash('sha1').update(`${key}258EAFA5-E914-47DA-95CA-C5AB0DC85B11`).digest('base64');
}

// ---------- the exchanges ----------

export interface Exchange {
  /** What was sent: "open", "POST 40/http-test-1,", "GET (poll)". */
  step: string;
  status: number;
  worker: string | null;
  /** Engine.IO refused the sid: this process never opened the session. */
  unknownSession: boolean;
  /** The answer was what the step asks for (the open packet, "ok", the namespace's answer). */
  ok: boolean;
  body: string;
}

function exchangeOf(step: string, answer: AppAnswer, ok: boolean): Exchange {
  return {
    step,
    status: answer.status,
    worker: answer.worker,
    unknownSession: isUnknownSession(answer.status, answer.body),
    ok,
    body: answer.body.slice(0, 200),
  };
}

export interface Handshake {
  eio: EngineIoVersion;
  open: OpenPacket;
  answer: AppAnswer;
}

/** A polling session opened at `path` (v4, then v3 for an older server), or null where nothing answers with an
 * Engine.IO open packet there; every answer asked is kept in `asked`. */
export async function openSession(
  client: AppClient,
  path = socketIoPath,
  asked: AppAnswer[] = [],
  versions: readonly EngineIoVersion[] = [4, 3],
): Promise<Handshake | null> {
  for (const eio of versions) {
    const answer = await client.attempt(`${path}?EIO=${eio}&transport=polling&t=${Date.now().toString(36)}`, {
      timeoutMs: 15_000,
    });
    asked.push(answer);
    const open = answer.status === 200 ? openPacketOf(answer.body, eio) : null;
    if (open) return { eio, open, answer };
  }
  return null;
}

/**
 * One polling session as a Socket.IO client makes it, `rounds` exchanges long: the handshake, the connection of
 * namespace "/", then per round the connection of one more namespace (`/http-test-<n>`) and the poll that
 * fetches its answer. Every exchange names the sid; it stops at the first one that is not answered as asked.
 */
export async function pollingSession(client: AppClient, rounds: number, path = socketIoPath): Promise<Exchange[]> {
  const handshake = await openSession(client, path);
  if (!handshake) return [{ step: 'open', status: 0, worker: null, unknownSession: false, ok: false, body: '' }];
  const { eio, open } = handshake;
  const exchanges: Exchange[] = [exchangeOf('open', handshake.answer, true)];
  const url = () =>
    `${path}?EIO=${eio}&transport=polling&sid=${encodeURIComponent(open.sid)}&t=${Date.now().toString(36)}`;
  const namespaces = ['/', ...Array.from({ length: rounds }, (_, i) => `/http-test-${i + 1}`)];
  for (const namespace of namespaces) {
    const packet = connectPacket(namespace);
    const sent = await client.attempt(url(), {
      method: 'POST',
      headers: { 'content-type': 'text/plain;charset=UTF-8' },
      body: encodePayload([packet], eio),
      timeoutMs: 15_000,
    });
    const posted = exchangeOf(`POST ${packet}`, sent, sent.status === 200 && sent.body.trim().toLowerCase() === 'ok');
    exchanges.push(posted);
    if (!posted.ok) break;
    // The answer is queued by now; a poll that finds only a ping asks again, a few times at most.
    let answered = false;
    for (let poll = 0; poll < 3 && !answered; poll += 1) {
      const got = await client.attempt(url(), { timeoutMs: 15_000 });
      answered = got.status === 200 && decodePayload(got.body, eio).some((p) => answersConnect(p, namespace));
      const polled = exchangeOf(`GET (poll for ${namespace})`, got, answered);
      exchanges.push(polled);
      if (got.status !== 200) break;
    }
    if (!answered) break;
  }
  return exchanges;
}

export interface Upgrade {
  /** How far it got: "handshake" (101 refused), "probe" (no 3probe), "namespace" (no answer over it), "done". */
  reached: 'open' | 'handshake' | 'probe' | 'namespace' | 'done';
  /** The HTTP status of the upgrade request (101 when the WebSocket opened). */
  status: number;
  worker: string | null;
  detail: string;
  /** Closes the WebSocket; a no-op where none opened. */
  close: () => void;
}

interface RawSocket {
  socket: Socket | null;
  status: number;
  worker: string | null;
  body: string;
  head: Buffer;
}

/** The HTTP Upgrade request for a WebSocket at `url` (http://127.0.0.1:port/…): the socket on a 101, else the
 * answer's status and body. */
function upgradeRequest(url: string, timeoutMs: number): Promise<RawSocket> {
  const target = new URL(url);
  const key = randomBytes(16).toString('base64');
  return new Promise((resolve) => {
    const request = http.request({
      host: target.hostname,
      port: target.port,
      path: `${target.pathname}${target.search}`,
      headers: {
        Connection: 'Upgrade',
        Upgrade: 'websocket',
        'Sec-WebSocket-Version': '13',
        'Sec-WebSocket-Key': key,
      },
      timeout: timeoutMs,
    });
    const worker = (headers: http.IncomingHttpHeaders) => {
      const value = headers['x-http-test-worker'];
      return Array.isArray(value) ? (value[0] ?? null) : (value ?? null);
    };
    request.on('upgrade', (response, socket, head) => {
      const accepted = response.headers['sec-websocket-accept'] === acceptFor(key);
      resolve({
        socket: accepted ? socket : null,
        status: response.statusCode ?? 0,
        worker: worker(response.headers),
        body: accepted ? '' : 'a 101 without the right Sec-WebSocket-Accept',
        head,
      });
      if (!accepted) socket.destroy();
    });
    request.on('response', (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (c: Buffer) => chunks.push(c));
      response.on('end', () =>
        resolve({
          socket: null,
          status: response.statusCode ?? 0,
          worker: worker(response.headers),
          body: Buffer.concat(chunks).toString('utf8').slice(0, 200),
          head: Buffer.alloc(0),
        }),
      );
    });
    request.on('timeout', () => request.destroy(new Error(`no answer to the upgrade within ${timeoutMs} ms`)));
    request.on('error', (error) =>
      resolve({ socket: null, status: 0, worker: null, body: error.message, head: Buffer.alloc(0) }),
    );
    request.end();
  });
}

/** Waits for a text frame for which `wanted` holds (answering pings and skipping other packets), or null. */
function nextMessage(
  socket: Socket,
  state: { buffer: Buffer },
  wanted: (text: string) => boolean,
  timeoutMs: number,
): Promise<string | null> {
  return new Promise((resolve) => {
    const done = (value: string | null) => {
      clearTimeout(timer);
      socket.off('data', onData);
      socket.off('close', onClose);
      resolve(value);
    };
    const look = (): boolean => {
      const { frames, rest } = decodeFrames(state.buffer);
      state.buffer = Buffer.from(rest);
      for (const frame of frames) {
        if (frame.opcode === 8) {
          done(null);
          return true;
        }
        if (frame.opcode !== 1) continue;
        const text = frame.payload.toString('utf8');
        // Engine.IO's own ping, answered as a client does, so the session lives while the check waits.
        if (text === '2') socket.write(encodeClientFrame('3'));
        if (wanted(text)) {
          done(text);
          return true;
        }
      }
      return false;
    };
    const onData = (chunk: Buffer) => {
      state.buffer = Buffer.concat([state.buffer, chunk]);
      look();
    };
    const onClose = () => done(null);
    const timer = setTimeout(() => done(null), timeoutMs);
    socket.on('data', onData);
    socket.on('close', onClose);
    look();
  });
}

/**
 * What a Socket.IO client does after its polling handshake when the server offers "websocket": the upgrade
 * request naming the sid, `2probe` answered by `3probe`, `5` (upgrade), then a namespace connected over the
 * WebSocket and its answer. The WebSocket stays open until `close` is called.
 */
export async function upgradeSession(client: AppClient, origin: string, path = socketIoPath): Promise<Upgrade> {
  const none = () => undefined;
  const handshake = await openSession(client, path);
  if (!handshake) return { reached: 'open', status: 0, worker: null, detail: 'no polling handshake', close: none };
  const { eio, open } = handshake;
  const url = `${origin}${path}?EIO=${eio}&transport=websocket&sid=${encodeURIComponent(open.sid)}`;
  const raw = await upgradeRequest(url, 15_000);
  if (!raw.socket)
    return {
      reached: 'handshake',
      status: raw.status,
      worker: raw.worker,
      detail: `${raw.status || 'no answer'}${raw.body ? `: ${raw.body.trim().slice(0, 120)}` : ''}${upgradeRefusal(raw.status, raw.body) ? ` (${upgradeRefusal(raw.status, raw.body)})` : ''}`,
      close: none,
    };
  const socket = raw.socket;
  socket.on('error', none);
  const close = () => socket.destroy();
  const state = { buffer: Buffer.from(raw.head) };
  const base = { status: raw.status, worker: raw.worker ?? handshake.answer.worker, close };
  socket.write(encodeClientFrame('2probe'));
  if ((await nextMessage(socket, state, (t) => t === '3probe', 10_000)) === null)
    return { ...base, reached: 'probe', detail: 'the WebSocket opened, but 2probe got no 3probe' };
  socket.write(encodeClientFrame('5'));
  const namespace = '/http-test-ws';
  socket.write(encodeClientFrame(connectPacket(namespace)));
  const answer = await nextMessage(socket, state, (t) => answersConnect(t, namespace), 10_000);
  if (answer === null)
    return { ...base, reached: 'namespace', detail: `upgraded, but ${namespace} got no answer over the WebSocket` };
  return { ...base, reached: 'done', detail: `upgraded; ${namespace} answered ${answer.slice(0, 40)}` };
}
