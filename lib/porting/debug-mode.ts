/**
 * Debug mode, checked from outside: Werkzeug's debugger serves its own script under any path of the app it
 * wraps (`?__debugger__=yes&cmd=resource&f=debugger.js`), whether or not a route fails. An app that answers
 * it runs with `debug=True` (or `flask run --debug`): its tracebacks and console are open to whoever reaches it.
 */
import { DebuggerClient } from '../clients/werkzeug-debugger.js';

export interface DebugModeVerdict {
  on: boolean;
  /** What was seen: the script's size, or what answered instead. */
  detail: string;
}

export async function debugModeOf(origin: () => string): Promise<DebugModeVerdict> {
  const answer = await new DebuggerClient(origin).resource('debugger.js');
  const script = answer.status === 200 && /javascript/.test(answer.headers['content-type'] ?? '');
  return {
    on: script,
    detail: script
      ? `debugger.js served (${answer.body.length} bytes)`
      : `no debugger (${answer.status} ${answer.headers['content-type'] ?? ''})`.trim(),
  };
}
