/**
 * A cross-origin front end (a Vue page on another origin calling the app's API, the app allowing it with
 * Flask-CORS) reads an answer only when it carries Access-Control-Allow-Origin. The app's own answers carry it;
 * an error the server in front makes by itself (nginx's 413 for a body over client_max_body_size, Gunicorn's
 * 400 for a request line over limit_request_line) never passes through the app and has none: the page's
 * fetch sees no status, only "Failed to fetch" and a CORS error in the console. Pure: the spec
 * (specs/porting/cors-errors.spec.ts) sends the requests.
 */

/** The origin of a front end served by another server (Vite's dev server's default), as the app is asked with. */
export const foreignOrigin = 'http://localhost:5173';

/** Whether an Access-Control-Allow-Origin value lets a page of `origin` read the answer. */
export function allows(allowOrigin: string | null, origin = foreignOrigin): boolean {
  if (!allowOrigin) return false;
  const value = allowOrigin.trim();
  return value === '*' || value === origin;
}

/** One request a cross-origin page sends that the app, or the server in front, answers with an error. */
export interface ErrorRequest {
  /** "POST /api/books with a 2 MiB body", as the evidence says it. */
  label: string;
  method: 'GET' | 'POST';
  path: string;
  /** A text/plain body of this many bytes (a "simple" request: no preflight, as a form post or a plain fetch). */
  bodyBytes?: number;
}

/**
 * The errors a page meets on the API route that allowed the other origin, so the app's CORS rules cover
 * them: a path the app lacks (its own 404), a body over nginx's 1 MiB, a request line over Gunicorn's 4094 bytes.
 */
export function errorRequests(corsPath: string, id: string): ErrorRequest[] {
  const base = corsPath.slice(0, corsPath.lastIndexOf('/') + 1);
  const query = `q=${'x'.repeat(6000)}`;
  return [
    { label: `GET ${base}http-test-missing-${id}`, method: 'GET', path: `${base}http-test-missing-${id}` },
    { label: `POST ${corsPath} with a 2 MiB body`, method: 'POST', path: corsPath, bodyBytes: 2 * 1024 * 1024 },
    {
      label: `GET ${corsPath}?q=… (a ${corsPath.length + query.length + 1}-byte path and query)`,
      method: 'GET',
      path: `${corsPath}?${query}`,
    },
  ];
}

/** One error request as a cross-origin page would send it, and its answer. */
export interface ErrorCase {
  /** "POST /api/books with a 2 MiB body". */
  request: string;
  status: number;
  /** The app process that answered; null when the server in front answered by itself. */
  worker: string | null;
  allowOrigin: string | null;
}

export interface CorsVerdict {
  /** Errors the server in front made without the header: what the page cannot read. */
  unreadable: string[];
  /** Errors the app made without the header: its own CORS rules, the same on every server. */
  appsOwn: string[];
}

const said = (c: ErrorCase) => `${c.request}: ${c.status || 'no answer'} from ${c.worker ?? 'the server in front'}`;

/** Only what the server in front made counts against the stack: the app's own answers are the same anywhere. */
export function judgeCors(cases: ErrorCase[], origin = foreignOrigin): CorsVerdict {
  const lacking = cases.filter((c) => c.status > 0 && !allows(c.allowOrigin, origin));
  return {
    unreadable: lacking.filter((c) => c.worker === null).map(said),
    appsOwn: lacking.filter((c) => c.worker !== null).map(said),
  };
}
