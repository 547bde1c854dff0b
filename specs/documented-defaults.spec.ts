// Behaviour: what each server says about itself. The dev server warns in its own log that it is not for
// production; Gunicorn does not. WSGI's environ tells the app whether it runs in threads or processes.
// Gunicorn runs with the settings written in its stack's file (compose/gunicorn/; nothing on its command line
// overrides them), and starts exactly `workers` worker processes per replica, of the worker class its stack is
// named for (sync, gthread, gevent).
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { composeDir } from '../lib/run/settings.js';
import { multithreaded } from '../lib/stacks/definitions.js';
import { expect, test } from '../fixtures/test.js';

test('Only the dev server warns in its log that it is a development server', async ({
  stack,
  stackDefinition,
  evidence,
}) => {
  const warned = (await stack.appLogs()).map((log) =>
    /WARNING: This is a development server\. Do not use it in a production deployment/.test(log),
  );
  evidence.key('warning in the log', warned.some(Boolean) ? 'yes' : 'no');
  expect(warned, 'every app replica').toEqual(
    stackDefinition.appReplicas.map(() => stackDefinition.appServer === 'werkzeug'),
  );
});

/** The plain `name = number` settings of the config file; an expression (`cpu_count() * 2`) is left to the running
 * value. */
function writtenSettings(files: readonly string[]): Record<string, number> {
  const written: Record<string, number> = {};
  // Each file over the one before, as Gunicorn reads them (gthread.conf.py, gevent.conf.py run gunicorn.conf.py first).
  for (const file of files) {
    const text = readFileSync(path.join(composeDir, file), 'utf8');
    for (const match of text.matchAll(
      /^(workers|threads|timeout|graceful_timeout|max_requests|keepalive)\s*=\s*(\d+)\s*(?:#.*)?$/gm,
    ))
      written[match[1] ?? ''] = Number(match[2]);
  }
  return written;
}

test('The app can tell threads from processes, and Gunicorn runs with the settings of its config file', async ({
  probe,
  stack,
  stackDefinition,
  evidence,
}) => {
  const info = (await probe.info()).data;
  evidence.key('SERVER_SOFTWARE', info.server_software);
  evidence.record('wsgi.multithread', info.wsgi_multithread);
  evidence.record('wsgi.multiprocess', info.wsgi_multiprocess);
  expect(info.wsgi_multithread, 'wsgi.multithread').toBe(multithreaded(stackDefinition));
  expect(info.wsgi_multiprocess, 'wsgi.multiprocess').toBe(stackDefinition.processesPerReplica > 1);

  if (!stackDefinition.gunicorn) return;
  const running = stackDefinition.gunicorn;
  const inForce: Record<string, number> = {
    workers: running.workers,
    timeout: running.timeoutSeconds,
    graceful_timeout: running.gracefulTimeoutSeconds,
    max_requests: running.maxRequests,
    threads: running.threads,
    keepalive: running.keepAliveSeconds,
  };
  const files = stackDefinition.gunicornConfig ?? [];
  const written = writtenSettings(files);
  evidence.record('in force', inForce);
  evidence.record(`written in ${files.join(' + ')}`, written);
  expect(Object.keys(written).length, `${files.join(' + ')} set its numbers as plain assignments`).toBeGreaterThan(0);
  for (const [name, value] of Object.entries(written))
    expect(inForce[name], `${name} in force (the file says ${value}; a command-line flag would override it)`).toBe(
      value,
    );

  for (const service of stackDefinition.appReplicas) {
    // Gunicorn without setproctitle: the master and its workers share one command line (the init in front, PID 1, names
    // it too).
    const gunicornProcesses = (await stack.processes(service)).filter(
      (command) => /gunicorn/.test(command) && !/docker-init/.test(command),
    ).length;
    evidence.record(`${service} worker processes`, gunicornProcesses - 1);
    expect(gunicornProcesses - 1, `${service}: worker processes beside the master`).toBe(running.workers);
  }
});

test('Each Gunicorn stack runs the worker class it is named for', async ({ stackDefinition, evidence }) => {
  test.skip(!stackDefinition.gunicorn, 'No Gunicorn here: the dev server has no worker classes.');
  const running = stackDefinition.gunicorn!.workerClass;
  evidence.key('worker class in force', running);
  const file = stackDefinition.gunicornConfig?.at(-1) ?? 'its Gunicorn file';
  expect(
    running,
    `the ${stackDefinition.name} stack is for ${stackDefinition.workerClass} workers (lib/stacks/definitions.ts), yet compose/${file} runs ${running}: its specs would show ${running}'s behaviour under this stack's name`,
  ).toBe(stackDefinition.workerClass);
});
