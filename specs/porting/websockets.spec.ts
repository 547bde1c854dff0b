// Behaviour: a Socket.IO app (Flask-SocketIO, python-socketio) keeps its sessions wherever it runs: Engine.IO's
// polling transport makes several HTTP requests per session, each naming its sid, and only the process that
// opened the session knows it, so under Gunicorn's 2 workers or nginx's round robin over 2 replicas the polls
// land in a process that answers 400 "Invalid session". Then the upgrade to a WebSocket, as the JS client
// makes it (the sid named, 2probe, 5, a namespace connected over it), must pass through the stack: nginx without
// `Upgrade`/`Connection` headers and HTTP/1.1 cannot, a sync worker held by a WebSocket answers nothing else.
// Found by asking /socket.io/ for an Engine.IO open packet; judged from outside, each answer's process named
// (X-Http-Test-Worker). Fix: one worker per server that holds many connections (gthread with threads, or
// gevent), a sticky upstream (`ip_hash`) and the Upgrade headers in nginx.
import { expect, test } from '../../fixtures/test.js';
import { appProcesses } from '../../lib/stacks/definitions.js';
import {
  type Exchange,
  openSession,
  pollingSession,
  socketIoPath,
  type Upgrade,
  upgradeSession,
} from '../../lib/porting/socketio.js';

const notSocketIo = `the app serves no Socket.IO endpoint at ${socketIoPath} (no Engine.IO open packet for EIO=4 or EIO=3 polling)`;
const fix =
  'Fix: one worker per server, one that holds many connections (gunicorn.conf.py: workers = 1, worker_class = "gthread", threads = 100; or gevent: worker_class = "geventwebsocket.gunicorn.workers.GeventWebSocketWorker"); more servers behind a sticky nginx upstream (ip_hash) with a message queue between them (SocketIO(app, message_queue="redis://…")); and nginx passing the upgrade on (proxy_http_version 1.1; proxy_set_header Upgrade $http_upgrade; proxy_set_header Connection "upgrade")';

/** "open: 200 from app2/10; POST 40: 400 from app1/10 (session unknown)": where one session's exchanges went. */
function sessionTrail(exchanges: Exchange[]): string {
  return exchanges
    .map(
      (e) =>
        `${e.step}: ${e.status || 'no answer'} from ${e.worker ?? 'the server in front'}${e.unknownSession ? ' (session unknown)' : ''}`,
    )
    .join('; ');
}

test('A Socket.IO session keeps working whichever process each of its polls reaches', async ({
  app,
  stackDefinition,
  evidence,
}) => {
  test.setTimeout(180_000);
  const found = await test.step(`ask ${socketIoPath} for an Engine.IO handshake`, () => openSession(app));
  test.skip(found === null, notSocketIo);
  evidence.record('Engine.IO', `EIO=${found!.eio}, upgrades offered: ${JSON.stringify(found!.open.upgrades)}`);
  const processes = appProcesses(stackDefinition);
  // Enough sessions that two processes, chosen at random or in turn, would each have been asked.
  const sessions = 4;
  const rounds = 3;
  const results: Exchange[][] = [];
  for (let s = 1; s <= sessions; s += 1)
    results.push(
      await test.step(`polling session ${s}: handshake, namespace "/", then ${rounds} namespaces more, each polled`, () =>
        pollingSession(app, rounds)),
    );
  const all = results.flat();
  const unknown = all.filter((e) => e.unknownSession).length;
  const broken = results.filter((r) => r.some((e) => !e.ok));
  const workers = new Set(all.map((e) => e.worker ?? '(the server in front)'));
  evidence.record('exchanges made', all.length, 'requests');
  evidence.record('processes that answered', [...workers].sort().join(', '));
  evidence.record('sessions broken', `${broken.length} of ${sessions}`);
  for (const [i, r] of results.entries()) evidence.record(`session ${i + 1}`, sessionTrail(r));
  evidence.key('polls refused as an unknown session', unknown, { unit: 'requests', id: 'unknown-session' });
  const first = broken[0];
  const failed = first?.find((e) => !e.ok);
  expect(
    broken.length,
    `${broken.length} of ${sessions} Socket.IO polling sessions broke on ${stackDefinition.name} (${processes} process${processes === 1 ? '' : 'es'}): ${unknown} of ${all.length} requests were refused as an unknown session; the first: ${failed ? `${failed.step} → ${failed.status || 'no answer'} ${failed.body.slice(0, 80)} from ${failed.worker ?? 'the server in front'}` : '?'} (${first ? sessionTrail(first) : ''}). Engine.IO keeps a session in the process that opened it, so each poll must reach that process. ${fix}`,
  ).toBe(0);
});

test('A Socket.IO session upgrades to a WebSocket through the stack, and open WebSockets leave the app answering', async ({
  app,
  stack,
  stackDefinition,
  evidence,
}) => {
  test.setTimeout(180_000);
  const found = await test.step(`ask ${socketIoPath} for an Engine.IO handshake`, () => openSession(app));
  test.skip(found === null, notSocketIo);
  test.skip(
    !found!.open.upgrades.includes('websocket'),
    `the app offers no WebSocket on this server (its open packet lists upgrades ${JSON.stringify(found!.open.upgrades)}, as Flask-SocketIO's threading mode does without simple-websocket, which Debian 12 lacks); only its polling is judged`,
  );
  const origin = new URL(stack.baseURL).origin;
  const processes = appProcesses(stackDefinition);
  // As many WebSockets as the stack has processes: a sync worker holding one answers nothing else.
  const upgrades: Upgrade[] = [];
  try {
    for (let i = 1; i <= processes; i += 1)
      upgrades.push(
        await test.step(`WebSocket ${i} of ${processes}: polling handshake, upgrade naming the sid, 2probe/3probe, 5, a namespace over it`, () =>
          upgradeSession(app, origin)),
      );
    const held = upgrades.filter((u) => u.reached === 'done').length;
    const meanwhile =
      await test.step(`with ${held} WebSocket${held === 1 ? '' : 's'} open: a new polling handshake`, () =>
        openSession(app, socketIoPath, [], [found!.eio]));
    for (const [i, u] of upgrades.entries())
      evidence.record(
        `WebSocket ${i + 1}`,
        `${u.reached}: ${u.status || 'no answer'} from ${u.worker ?? 'the server in front'}; ${u.detail}`,
      );
    evidence.record(
      'a new handshake while they were open',
      meanwhile ? `answered by ${meanwhile.answer.worker ?? '?'}` : 'no answer',
    );
    evidence.key('WebSockets upgraded', `${held} of ${processes}`, { id: 'upgraded' });
    const failed = upgrades.find((u) => u.reached !== 'done');
    expect(
      failed ? `${failed.reached}: ${failed.detail}` : 'upgraded',
      `a Socket.IO client's upgrade to a WebSocket fails on ${stackDefinition.name}: ${held} of ${processes} upgraded; the first failure stopped at the ${failed?.reached} step (${failed?.status || 'no answer'} from ${failed?.worker ?? 'the server in front'}: ${failed?.detail}), so clients stay on polling or lose their session. ${fix}`,
    ).toBe('upgraded');
    expect(
      meanwhile !== null,
      `with ${held} WebSocket${held === 1 ? '' : 's'} open on ${stackDefinition.name} (${processes} process${processes === 1 ? '' : 'es'}) a new client got no handshake within 15 s: a process that serves one request at a time (a sync worker, a server without threads) is held by the WebSocket it serves for as long as it is open. ${fix}`,
    ).toBe(true);
  } finally {
    for (const u of upgrades) u.close();
  }
});
