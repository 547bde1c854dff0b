// Behaviour: what each server says about itself. The dev server warns in its own log that it is not for
// production; Gunicorn does not. WSGI's environ tells the app whether it runs in threads or processes.
// Gunicorn's settings in force (logged by the config's when_ready hook) match the stack description.
import { expect, test } from '../fixtures/test.js';

interface Info {
  server_software: string;
  wsgi_multithread: boolean;
  wsgi_multiprocess: boolean;
}

test('Only the dev server warns in its log that it is a development server', async ({ stack, stackDefinition, evidence }) => {
  const warned = (await stack.appLogs()).map((log) => /WARNING: This is a development server\. Do not use it in a production deployment/.test(log));
  evidence.key('warning in the log', warned.some(Boolean) ? 'yes' : 'no');
  expect(warned, 'every app replica').toEqual(stackDefinition.appReplicas.map(() => stackDefinition.appServer === 'werkzeug'));
});

test('The app can tell threads from processes, and Gunicorn runs with the documented settings', async ({ request, stack, stackDefinition, evidence }) => {
  const info = (await (await request.get('/api/info')).json()) as Info;
  evidence.key('SERVER_SOFTWARE', info.server_software);
  evidence.record('wsgi.multithread', info.wsgi_multithread);
  evidence.record('wsgi.multiprocess', info.wsgi_multiprocess);
  expect(info.wsgi_multithread, 'wsgi.multithread').toBe(stackDefinition.threadPerRequest);
  expect(info.wsgi_multiprocess, 'wsgi.multiprocess').toBe(stackDefinition.processesPerReplica > 1);

  if (!stackDefinition.gunicorn) return;
  const documented = stackDefinition.gunicorn;
  for (const service of stackDefinition.appReplicas) {
    const line = (await stack.logs(service)).split('\n').find((l) => l.includes('effective config: '));
    expect(line, `${service} logged its effective config`).toBeTruthy();
    const effective = JSON.parse(line?.split('effective config: ')[1] ?? '{}') as Record<string, number | string>;
    evidence.record(`${service} effective config`, effective);
    expect(effective).toEqual({
      workers: documented.workers,
      worker_class: documented.workerClass,
      timeout: documented.timeoutSeconds,
      graceful_timeout: documented.gracefulTimeoutSeconds,
      max_requests: documented.maxRequests,
    });
  }
});
