/**
 * The dev baseline: a user's app as its author runs it (compose/user-app/http_test_baseline.py), taken once in a
 * throw-away container before any stack starts, and what each stack's processes say they are (the stamp's
 * "[http-test] app state" line, one per process), so that the porting check can name what a server lost:
 *   - startup code Gunicorn and `flask run` never run: settings, a secret key, load_dotenv() under
 *     `if __name__ == "__main__":`; a .env that only the flask command reads;
 *   - the lines the app logs on the dev server that vanish under another (app.logger's INFO shows only in
 *     debug mode).
 * When the module starts the server itself, the dev stack runs it that way too (`python app.py`, made
 * reachable: compose/user-app/dev-as-main.yml); dev-nothreads and dev-debug keep `flask run`.
 */
import { SettingsError } from '../run/settings.js';
import type { StackDefinition, StackDescription } from '../stacks/definitions.js';
import { lastLineOf, runInAppContainer } from './app-container.js';
import type { UserApp } from './target.js';

/** What a loaded app is, without its secrets (compose/user-app/http_test_state.py state_of). */
export interface AppState {
  /** Each config key with a digest of its value (SECRET_KEY aside). */
  config: Record<string, string>;
  /** A digest of the secret key, or "none". */
  secret_key: string;
  /** The level app.logger lets through ("DEBUG", "WARNING"). */
  log_level: string;
  debug: boolean;
  /** Names of the process's environment variables. */
  env: string[];
  /** Names of the threads alive once the app was loaded, before any request. */
  threads: string[];
  /** Only in a stack's line: the process. */
  host?: string;
  pid?: number;
}

export interface AppBaseline {
  /** "python app.py (app.run(debug=True))" or "flask --app app run --debug". */
  how: string;
  main_block: { present: boolean; run: string | null; setup: string[] };
  state: AppState;
  /** Environment variables the author's way set (load_dotenv, .flaskenv/.env). */
  env: string[];
  /** Per GET route without arguments: the lines the app wrote while answering it the author's way. */
  logs: Record<string, string[]>;
  /** What differs between two processes importing the app alike (a random key, a uuid): made per process. */
  unstable?: { config: string[]; secret_key: boolean };
}

/** Whether the module starts the server itself: then the dev stack runs `python app.py`. */
export function runsItself(baseline: AppBaseline | null): boolean {
  return Boolean(baseline?.main_block.run);
}

export async function takeBaseline(app: UserApp, image: string, getPaths: string[]): Promise<AppBaseline> {
  const { code, stdout, out } = await runInAppContainer(
    app,
    image,
    ['python3', '/srv/http-test/http_test_baseline.py'],
    {
      // The app's own setup first (its tables), as on every stack: the entrypoint runs it in the copy.
      env: { HTTP_TEST_GET_PATHS: JSON.stringify(getPaths), ...(app.setup ? { HTTP_TEST_APP_SETUP: app.setup } : {}) },
    },
  );
  if (code !== 0)
    throw new SettingsError(
      `HTTP_TEST_APP=${app.spec}: started as its author would (python ${app.module}.py or flask run) it failed: ${lastLineOf(out)}: fix the app, or its __main__ block`,
    );
  try {
    return JSON.parse(lastLineOf(stdout)) as AppBaseline;
  } catch {
    throw new SettingsError(
      `HTTP_TEST_APP=${app.spec}: the dev baseline printed no JSON (last line: ${lastLineOf(out).slice(0, 200)})`,
    );
  }
}

/** The baseline global setup took (HTTP_TEST_RUN_APP_BASELINE), or null for the probe app. */
export function baselineOfRun(env: NodeJS.ProcessEnv = process.env): AppBaseline | null {
  const raw = env.HTTP_TEST_RUN_APP_BASELINE;
  return raw ? (JSON.parse(raw) as AppBaseline) : null;
}

/** The compose file over dev.yml that runs `python app.py`, the author's way. */
const asAuthorRunsIt = 'user-app/dev-as-main.yml';

/** Whether this stack runs the app as its author does (`python app.py`), not through `flask run` or Gunicorn. */
export function runsAsAuthorRunsIt(definition: Pick<StackDefinition, 'overrideFiles'>): boolean {
  return definition.overrideFiles?.includes(asAuthorRunsIt) === true;
}

/** A stack as it runs a user's app: the dev stack as its author runs it when the module starts the server. */
export function forUserApp(definition: StackDescription, baseline: AppBaseline | null): StackDescription {
  const asMain = definition.name === 'dev' && runsItself(baseline);
  // A user's app runs under its own gunicorn.conf.py (or Gunicorn's defaults): whatever class that names.
  const { workerClass: _probeAppsClass, ...forAnyClass } = definition;
  return {
    ...forAnyClass,
    userApp: true,
    ...(asMain
      ? {
          overrideFiles: [asAuthorRunsIt],
          title: `the dev server as you start it: ${baseline!.how}`,
        }
      : {}),
  };
}

/** How this stack starts the app, for messages: "python app.py (…)", "flask run", "Gunicorn". */
export function startedHereAs(definition: StackDefinition, baseline = baselineOfRun()): string {
  if (runsAsAuthorRunsIt(definition)) return `${baseline?.how.split(' (')[0] ?? 'python app.py'}, as you run it`;
  return definition.gunicorn ? 'Gunicorn' : `flask run${definition.interactiveDebugger ? ' --debug' : ''}`;
}

const stateMark = '[http-test] app state: ';

/** The JSON object that starts at `from` (its closing brace found by nesting, strings skipped), or null. */
function objectAt(text: string, from: number): string | null {
  let depth = 0;
  let inString = false;
  for (let i = from; i < text.length; i += 1) {
    const c = text[i];
    if (inString) {
      if (c === '\\') i += 1;
      else if (c === '"') inString = false;
    } else if (c === '"') inString = true;
    else if (c === '{') depth += 1;
    else if (c === '}' && --depth === 0) return text.slice(from, i + 1);
    else if (c === '\n') return null;
  }
  return null;
}

/**
 * Every process's state line in a log (one per process that loaded the app). Workers write to one stream: a
 * line written at the same moment as another may end up inside it, so each object is read by its own braces,
 * and one cut by another's text is left out rather than misread.
 */
export function appStatesIn(log: string): AppState[] {
  const states: AppState[] = [];
  for (let at = log.indexOf(stateMark); at >= 0; at = log.indexOf(stateMark, at + stateMark.length)) {
    const json = objectAt(log, at + stateMark.length);
    if (!json) continue;
    try {
      states.push(JSON.parse(json) as AppState);
    } catch {
      // Another process's text inside this one's line: not a state to compare.
    }
  }
  return states;
}

/** Config keys that follow debug mode itself: a server without --debug differs there on purpose. */
const followsDebug = new Set([
  'DEBUG',
  'ENV',
  'TEMPLATES_AUTO_RELOAD',
  'PROPAGATE_EXCEPTIONS',
  'EXPLAIN_TEMPLATE_LOADING',
]);

/** What the app had when started the author's way and lacks in this process (one phrase each). */
export function startupDifferences(author: AppBaseline, here: AppState): string[] {
  const found: string[] = [];
  // A value made per process differs from the baseline in every process: session-key's finding, or no loss.
  const perProcess = new Set(author.unstable?.config ?? []);
  if (author.state.secret_key !== 'none' && here.secret_key === 'none') found.push('the secret key (none here)');
  else if (
    !author.unstable?.secret_key &&
    author.state.secret_key !== here.secret_key &&
    here.secret_key !== 'none' &&
    author.state.secret_key !== 'none'
  )
    found.push('the secret key (another one here)');
  for (const [key, digest] of Object.entries(author.state.config)) {
    if (followsDebug.has(key) || perProcess.has(key)) continue;
    if (!(key in here.config)) found.push(`config ${key} (missing here)`);
    else if (here.config[key] !== digest) found.push(`config ${key} (another value here)`);
  }
  for (const name of author.env) if (!here.env.includes(name)) found.push(`environment variable ${name} (unset here)`);
  return found;
}

/** A log line as compared between servers: without timestamps, addresses, process ids and other numbers. */
export function normalizeLogLine(line: string): string {
  return line
    .replace(/^\[[^\]]*\]\s*/, '')
    .replace(/\b\d[\d:.,\-T/]*\b/g, '#')
    .replace(/\s+/g, ' ')
    .trim();
}

/** The author's log lines, route by route, that this stack's log (every replica together) lacks. */
export function missingLogLines(author: AppBaseline, log: string): { path: string; line: string }[] {
  const here = new Set(log.split('\n').map(normalizeLogLine));
  const missing: { path: string; line: string }[] = [];
  for (const [path, lines] of Object.entries(author.logs))
    for (const line of lines) {
      const wanted = normalizeLogLine(line);
      if (wanted && ![...here].some((l) => l.endsWith(wanted))) missing.push({ path, line });
    }
  return missing;
}

/**
 * Threads the app started at import that run in more than one process of a stack, with those processes
 * ("app1/8"): a scheduler or a loop started so does its work once per process.
 */
export function threadsInSeveralProcesses(states: AppState[]): Record<string, string[]> {
  const where = new Map<string, Set<string>>();
  for (const s of states)
    for (const name of new Set(s.threads ?? []))
      where.set(name, new Set([...(where.get(name) ?? []), `${s.host ?? '?'}/${s.pid ?? '?'}`]));
  return Object.fromEntries([...where].filter(([, at]) => at.size > 1).map(([name, at]) => [name, [...at].sort()]));
}
