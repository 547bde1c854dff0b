/**
 * What a red porting check means for the user's app, one entry per spec file of specs/porting/: the fact, what
 * happens to the app's users, the fix as a snippet, and the public threads where people hit it. The one source
 * of truth for both reports: the matrix page of a user's app opens with these (reports/app-findings.ts), and
 * each failed test carries its entry in Allure (lib/evidence/test-reporting.ts). `npm run test:unit` fails when
 * a spec file of specs/porting/ has no entry here (unit/app-findings.unit.ts).
 *
 * `rank` orders the findings, most often hit first: it is the pitfall's number in the public ranking
 * (../shared/porting-pitfalls.md, collected from issue threads, 2026-12), where that ranking lists it; checks
 * of pitfalls it does not list come after it (from 17 on), the ones that break users' sessions or expose the
 * server first. A spec with no entry comes last of all.
 */

export interface Fix {
  /** How the snippet is highlighted and what it is: `python` (the app), `nginx` (a site), `gunicorn.conf.py`. */
  language: 'python' | 'nginx' | 'javascript';
  text: string;
}

export interface Reference {
  title: string;
  url: string;
}

/** What one failing test means; a spec file whose tests mean different things has one per test (`tests`). */
export interface FindingText {
  /** A fact, said as one: "Links behind nginx lose the client's port and TLS". */
  title: string;
  /** What happens to the app and its users, one sentence. */
  happens: string;
  fix: Fix;
  /** Public threads where people hit it (../shared/porting-pitfalls.md, or found like them). */
  references: readonly Reference[];
}

export interface PortingFinding extends FindingText {
  /** Most often hit first: the pitfall's number in ../shared/porting-pitfalls.md, or 17 and up (see above). */
  rank: number;
  /** Where the ranking lists it: that pitfall's number, so the rank can be checked against the list. */
  pitfall?: number;
  /**
   * Per test of the spec file, by the start of its title, where its tests mean different things
   * (refused-requests: a slow route, an upload, a cookie); a test none names has the entry's own text.
   */
  tests?: readonly (FindingText & { titleStart: string })[];
}

const flaskProxyDocs: Reference = {
  title: 'Flask docs: Tell Flask it is behind a proxy',
  url: 'https://flask.palletsprojects.com/en/stable/deploying/proxy_fix/',
};

/** Keyed by the spec file's name (`absolute-urls.spec.ts`), as the matrix's rows name it. */
export const portingFindings: Readonly<Record<string, PortingFinding>> = {
  'absolute-urls.spec.ts': {
    rank: 1,
    pitfall: 1,
    title: 'Absolute URLs the app writes name an address the client did not use',
    happens:
      "Behind a proxy Flask builds url_for(…, _external=True) links and redirects from the proxy's own request, so they lose the client's port or HTTPS (http://127.0.0.1/…) and lead nowhere.",
    fix: {
      language: 'python',
      text: `from werkzeug.middleware.proxy_fix import ProxyFix

# Trust the one proxy in front: build URLs from its X-Forwarded-Proto / X-Forwarded-Host.
app.wsgi_app = ProxyFix(app.wsgi_app, x_for=1, x_proto=1, x_host=1)`,
    },
    references: [
      flaskProxyDocs,
      { title: 'pallets/flask#1503', url: 'https://github.com/pallets/flask/issues/1503' },
      { title: 'briantist/galactory#27', url: 'https://github.com/briantist/galactory/issues/27' },
    ],
  },
  'app-logs.spec.ts': {
    rank: 2,
    pitfall: 2,
    title: "The app's log lines vanish outside debug mode",
    happens:
      'app.logger lets INFO through only in debug mode, so app.logger.info(…) lines seen under flask run --debug are missing from the log of the deployed server.',
    fix: {
      language: 'python',
      text: `import logging

# At import, not by debug mode: every server then logs what flask run --debug showed.
logging.basicConfig(level=logging.INFO)`,
    },
    references: [
      {
        title: "benoitc/gunicorn#379: Log messages from Flask's app.logger",
        url: 'https://github.com/benoitc/gunicorn/issues/379',
      },
      { title: 'benoitc/gunicorn#1124', url: 'https://github.com/benoitc/gunicorn/issues/1124' },
      { title: 'pallets/flask#2407', url: 'https://github.com/pallets/flask/issues/2407' },
    ],
  },
  'websockets.spec.ts': {
    rank: 3,
    pitfall: 3,
    title: 'A Socket.IO session breaks when its requests reach another process',
    happens:
      "Engine.IO keeps each session in the process that opened it, so under several Gunicorn workers or replicas without sticky sessions a client's next poll reaches a process that answers 400 Invalid session, and the client reconnects again and again.",
    fix: {
      language: 'python',
      text: `# gunicorn.conf.py: one worker holds every session; threads (or gevent) hold the connections
workers = 1
worker_class = "gthread"
threads = 100
# More than one server: a sticky nginx upstream (ip_hash) and a queue between them,
# SocketIO(app, message_queue=os.environ["SOCKETIO_MESSAGE_QUEUE"])  # redis://…`,
    },
    references: [
      {
        title: 'Flask-SocketIO docs: Deployment (Gunicorn, nginx, sticky sessions)',
        url: 'https://flask-socketio.readthedocs.io/en/latest/deployment.html',
      },
      {
        title: 'miguelgrinberg/Flask-SocketIO#35: not working with multiple workers in gunicorn',
        url: 'https://github.com/miguelgrinberg/Flask-SocketIO/issues/35',
      },
      {
        title: 'miguelgrinberg/Flask-SocketIO#248',
        url: 'https://github.com/miguelgrinberg/Flask-SocketIO/issues/248',
      },
      {
        title: 'miguelgrinberg/Flask-SocketIO#439',
        url: 'https://github.com/miguelgrinberg/Flask-SocketIO/issues/439',
      },
    ],
    tests: [
      {
        titleStart: 'A Socket.IO session upgrades to a WebSocket',
        title: "A Socket.IO client's WebSocket does not get through the stack",
        happens:
          "nginx passes no Upgrade header unless told (and speaks HTTP/1.0 to the app), a sync worker holding a WebSocket answers nothing else, and an upgrade that reaches another process than the session's is refused: clients stay on polling, or lose their session.",
        fix: {
          language: 'nginx',
          text: `upstream app {
    ip_hash;                                    # each client to one replica
    server app1:8000;
    server app2:8000;
}
location / {
    proxy_pass http://app;
    proxy_http_version 1.1;                     # the upgrade needs HTTP/1.1
    proxy_set_header Upgrade $http_upgrade;     # hop-by-hop: nginx drops both unless told
    proxy_set_header Connection "upgrade";
}`,
        },
        references: [
          {
            title: 'nginx docs: WebSocket proxying',
            url: 'https://nginx.org/en/docs/http/websocket.html',
          },
          {
            title: 'miguelgrinberg/Flask-SocketIO#1211: Error during WebSocket handshake: 400',
            url: 'https://github.com/miguelgrinberg/Flask-SocketIO/issues/1211',
          },
          {
            title: 'miguelgrinberg/python-socketio#686: 400 "Unsupported upgrade request" through nginx',
            url: 'https://github.com/miguelgrinberg/python-socketio/issues/686',
          },
        ],
      },
    ],
  },
  'import-time-work.spec.ts': {
    rank: 4,
    pitfall: 4,
    title: 'Work started at import runs once in every process',
    happens:
      "A scheduler or a loop started when the module is imported starts again in every Gunicorn worker and replica (and twice under Flask's reloader), so a job meant to run once a minute runs once a minute in each.",
    fix: {
      language: 'python',
      text: `# jobs.py: the scheduler as a process of its own, started once beside Gunicorn
from apscheduler.schedulers.blocking import BlockingScheduler

scheduler = BlockingScheduler()
scheduler.add_job(remove_expired_sessions, "interval", minutes=1)
scheduler.start()          # and nothing in app.py starts one at import`,
    },
    references: [
      {
        title: 'viniciuschiele/flask-apscheduler#51: one scheduler per forked process runs the job many times',
        url: 'https://github.com/viniciuschiele/flask-apscheduler/issues/51',
      },
      {
        title: 'viniciuschiele/flask-apscheduler#139: debug mode makes the jobs run twice',
        url: 'https://github.com/viniciuschiele/flask-apscheduler/issues/139',
      },
      { title: 'agronholm/apscheduler#766', url: 'https://github.com/agronholm/apscheduler/issues/766' },
    ],
  },
  'rate-limit-per-process.spec.ts': {
    rank: 6,
    pitfall: 6,
    title: 'A rate limit kept in memory is counted in each process',
    happens:
      "Flask-Limiter's default memory:// storage (and Flask-Caching's simple cache) lives in one process, so under W workers and replicas about W times the limit gets through before a 429.",
    fix: {
      language: 'python',
      text: `limiter = Limiter(get_remote_address, app=app, storage_uri=os.environ["RATELIMIT_STORAGE_URI"])
# RATELIMIT_STORAGE_URI=redis://redis:6379: one count every worker and replica shares`,
    },
    references: [
      { title: 'alisaifee/flask-limiter#40', url: 'https://github.com/alisaifee/flask-limiter/issues/40' },
      { title: 'alisaifee/flask-limiter#190', url: 'https://github.com/alisaifee/flask-limiter/issues/190' },
    ],
  },
  'client-address.spec.ts': {
    rank: 7,
    pitfall: 7,
    title: "Behind the proxy every client has the proxy's address",
    happens:
      "request.remote_addr is nginx's address behind it, so whatever is keyed on it (a rate limit, an audit line) is shared by every client: one client's login attempts lock out everyone.",
    fix: {
      language: 'python',
      text: `from werkzeug.middleware.proxy_fix import ProxyFix

# Exactly one proxy in front: trust the one X-Forwarded-For entry it adds.
app.wsgi_app = ProxyFix(app.wsgi_app, x_for=1)`,
    },
    references: [
      { title: 'alisaifee/flask-limiter#278', url: 'https://github.com/alisaifee/flask-limiter/issues/278' },
      flaskProxyDocs,
    ],
  },
  'user-journey.spec.ts': {
    rank: 11,
    pitfall: 11,
    title: 'An account or a post made through one replica is unknown to the other',
    happens:
      'Users and content in a SQLite file or a dict inside each replica: a user who registered through one replica is refused at the next login served by another, and half the page views lack their post.',
    fix: {
      language: 'python',
      text: `# One database every replica reaches, not a file inside one:
app.config["DATABASE_URL"] = os.environ["DATABASE_URL"]   # postgresql://app@db/app`,
    },
    references: [
      { title: 'zulip/zulip#12157', url: 'https://github.com/zulip/zulip/issues/12157' },
      { title: 'pulibrary/dpul#570', url: 'https://github.com/pulibrary/dpul/issues/570' },
    ],
  },
  'uploaded-files.spec.ts': {
    rank: 11,
    pitfall: 11,
    title: 'A file uploaded through one replica is missing on the other',
    happens:
      "Uploads saved on the container's own disk (f.save(os.path.join(app.root_path, 'uploads', name))) exist on the replica that took them only: behind a load balancer about every other GET of the file is a 404, and a page listing the folder lacks it on the other replica.",
    fix: {
      language: 'python',
      text: `# One folder every replica reads: a volume or NFS share mounted at the upload folder of each replica
# (docker compose: volumes: [uploads:/srv/app/uploads] on every replica; HTTP_TEST_SHARED_DIRS=uploads here),
UPLOAD_FOLDER = os.environ.get("UPLOAD_FOLDER", os.path.join(app.root_path, "uploads"))
# or object storage every replica reaches, and the file's URL from it:
s3 = boto3.client("s3")
s3.upload_fileobj(photo, os.environ["UPLOAD_BUCKET"], name)`,
    },
    references: [
      { title: 'zulip/zulip#12157', url: 'https://github.com/zulip/zulip/issues/12157' },
      { title: 'pulibrary/dpul#570', url: 'https://github.com/pulibrary/dpul/issues/570' },
      {
        title: 'Flask docs: Uploading Files',
        url: 'https://flask.palletsprojects.com/en/stable/patterns/fileuploads/',
      },
    ],
  },
  'process-state.spec.ts': {
    rank: 6,
    pitfall: 6,
    title: 'State kept in one process is not seen by the others',
    happens:
      'Each worker and replica has its own module globals, dict caches and local files, so a write through one process is missing from reads served by another and answers depend on which process serves them.',
    fix: {
      language: 'python',
      text: `import os, redis

# One store every worker and replica shares, not a module-level list or dict.
store = redis.Redis.from_url(os.environ["REDIS_URL"])
store.rpush("items", item)          # instead of ITEMS.append(item)
items = store.lrange("items", 0, -1)`,
    },
    references: [
      {
        title: 'benoitc/gunicorn#1990: a variable changed through one worker only',
        url: 'https://github.com/benoitc/gunicorn/issues/1990',
      },
      { title: 'alisaifee/flask-limiter#40', url: 'https://github.com/alisaifee/flask-limiter/issues/40' },
      { title: 'pallets-eco/flask-caching#192', url: 'https://github.com/pallets-eco/flask-caching/issues/192' },
    ],
  },
  'startup-code.spec.ts': {
    rank: 8,
    pitfall: 8,
    title: 'Settings made under if __name__ == "__main__" are missing where the module is imported',
    happens:
      'Gunicorn and flask run import the module and never run its __main__ block, and only the flask command reads .env, so config values, the secret key and environment variables set there are missing.',
    fix: {
      language: 'python',
      text: `from dotenv import load_dotenv

load_dotenv()                        # at import: Gunicorn never runs the __main__ block
app = Flask(__name__)
app.config["NOTES_PER_PAGE"] = 5     # every setting here, or in create_app()

if __name__ == "__main__":
    app.run(port=5001)               # nothing else in this block`,
    },
    references: [
      {
        title: 'pallets/flask#2416: Add .env support (loaded by the flask command only)',
        url: 'https://github.com/pallets/flask/pull/2416',
      },
      { title: 'theskumar/python-dotenv#271', url: 'https://github.com/theskumar/python-dotenv/issues/271' },
    ],
  },
  'concurrent-requests.spec.ts': {
    rank: 9,
    pitfall: 9,
    title: 'Requests at once break what one at a time did not: the database layer under concurrency',
    happens:
      'With several users at once a write that keeps its SQLite transaction open across slow work makes the others wait past the 5 s busy timeout ("database is locked", a 500), a connection shared by threads or opened before the fork mixes requests, and a route that calls the app\'s own HTTP API waits for a worker as busy as itself, where the author alone on the threaded dev server never sent two requests at once.',
    fix: {
      language: 'python',
      text: `def book():
    db = get_db()                      # a connection per request (flask.g), closed on teardown
    db.execute("INSERT INTO bookings (name) VALUES (?)", (name,))
    db.commit()                        # commit first: the write lock is held until here
    send_confirmation(name)            # then the slow part, outside the transaction
# and for several processes: sqlite3.connect(path, timeout=30), or PostgreSQL;
# engines made before the fork: engine.dispose() in gunicorn.conf.py's post_fork
# a route that calls the app's own API: call the function behind it, not the URL
#   prices = price_list()              # not urlopen("http://127.0.0.1:8000/api/prices")`,
    },
    references: [
      {
        title: 'nautobot/nautobot#127: database connections shared across forked workers',
        url: 'https://github.com/nautobot/nautobot/issues/127',
      },
      {
        title: 'pallets-eco/flask-sqlalchemy#656',
        url: 'https://github.com/pallets-eco/flask-sqlalchemy/issues/656',
      },
      {
        title: "benoitc/gunicorn#1878: a request to the app's own API from a sync worker hangs",
        url: 'https://github.com/benoitc/gunicorn/issues/1878',
      },
      {
        title: 'Python docs: sqlite3.connect timeout (how long a connection waits for a lock)',
        url: 'https://docs.python.org/3/library/sqlite3.html#sqlite3.connect',
      },
    ],
  },
  'https-forms.spec.ts': {
    rank: 12,
    pitfall: 12,
    title: 'Over HTTPS behind the proxy, the app refuses the form posts it takes over HTTP',
    happens:
      'Once the app trusts the proxy\'s X-Forwarded-Proto (ProxyFix), request.is_secure is true and Flask-WTF checks the Referer of every POST (WTF_CSRF_SSL_STRICT): a page sent with `Referrer-Policy: no-referrer` makes the browser send none, and every login and form post over HTTPS is refused, 400 "The referrer header is missing.", where the dev server over HTTP took it.',
    fix: {
      language: 'python',
      text: `# Keep the referrer from other sites, send it to the app's own pages (browsers' default is
# strict-origin-when-cross-origin, which works too); never no-referrer on pages with a form
@app.after_request
def security_headers(response):
    response.headers["Referrer-Policy"] = "same-origin"
    return response

# (in the nginx site too: add_header Referrer-Policy same-origin;)
# An app that redirects to HTTPS itself loops unless the scheme reaches it: nginx
# proxy_set_header X-Forwarded-Proto $scheme; and the app trusting it (Flask-Talisman reads the header itself)
app.wsgi_app = ProxyFix(app.wsgi_app, x_for=1, x_proto=1, x_host=1)`,
    },
    references: [
      {
        title: 'pallets-eco/flask-wtf#288: "The referrer header is missing." with CSRF behind nginx and SSL',
        url: 'https://github.com/pallets-eco/flask-wtf/issues/288',
      },
      {
        title:
          'pallets-eco/flask-security#829: production doesn\'t log in, "The referrer header is missing." (no-referrer)',
        url: 'https://github.com/pallets-eco/flask-security/issues/829',
      },
      {
        title: 'pallets-eco/flask-security#842: Referrer-Policy no-referrer reverted (it breaks Flask-WTF over HTTPS)',
        url: 'https://github.com/pallets-eco/flask-security/pull/842',
      },
      {
        title:
          "pallets-eco/flask-wtf#223: referrer check behind nginx and Gunicorn, the Host without the browser's port",
        url: 'https://github.com/pallets-eco/flask-wtf/issues/223',
      },
      {
        title: 'Flask-WTF docs: WTF_CSRF_SSL_STRICT',
        url: 'https://flask-wtf.readthedocs.io/en/stable/config/',
      },
      flaskProxyDocs,
    ],
  },
  'slow-route-blocking.spec.ts': {
    rank: 10,
    pitfall: 10,
    title: "A slow route holds a sync worker, and the app's other pages wait",
    happens:
      "A sync Gunicorn worker serves one request at a time: with one slow request (a report, a call to another service, a route calling the app's own API) per worker, every other page of the app waits until one ends, where the threaded dev server answered at once.",
    fix: {
      language: 'python',
      text: `# gunicorn.conf.py: threads per worker, so a slow request holds one thread, not the process
workers = 2
worker_class = "gthread"
threads = 8
# and the slow work out of the request where it can go (a job queue), never a call to the app's own API`,
    },
    references: [
      {
        title: 'benoitc/gunicorn#1878: a request to the same app from within a request hangs',
        url: 'https://github.com/benoitc/gunicorn/issues/1878',
      },
      { title: 'benoitc/gunicorn#134', url: 'https://github.com/benoitc/gunicorn/issues/134' },
      {
        title: 'Gunicorn docs: Design (sync workers handle a single request at a time)',
        url: 'https://docs.gunicorn.org/en/stable/design.html',
      },
    ],
  },
  'refused-requests.spec.ts': {
    rank: 10,
    pitfall: 10,
    title: 'The server in front refuses or cuts a request the dev server took',
    happens:
      'Gunicorn kills a worker busy past its timeout, and nginx refuses bodies over client_max_body_size and headers over its buffers, where the dev server took them.',
    fix: {
      language: 'python',
      text: `# gunicorn.conf.py: raise a limit on purpose, or move the work out of the request
timeout = 60`,
    },
    references: [{ title: 'benoitc/gunicorn#1801', url: 'https://github.com/benoitc/gunicorn/issues/1801' }],
    tests: [
      {
        titleStart: "The app's slowest route",
        title: "A route takes most of Gunicorn's timeout",
        happens:
          "Gunicorn kills a sync worker that is busy longer than its timeout (30 s by default): the request ends in a cut connection or nginx's 502, where the dev server waited.",
        fix: {
          language: 'python',
          text: `# Move the slow work out of the request: a job queue (RQ, Celery) and a status route.
job = queue.enqueue(build_report, report_id)
return {"job": job.id}, 202

# Or, on purpose, in gunicorn.conf.py:
timeout = 120`,
        },
        references: [
          {
            title: 'benoitc/gunicorn#1801: CRITICAL WORKER TIMEOUT',
            url: 'https://github.com/benoitc/gunicorn/issues/1801',
          },
          { title: 'benoitc/gunicorn#1878', url: 'https://github.com/benoitc/gunicorn/issues/1878' },
        ],
      },
      {
        titleStart: 'An upload the app accepts',
        title: 'nginx refuses uploads over 1 MiB',
        happens:
          'nginx answers 413 Request Entity Too Large to a body over client_max_body_size (1m by default) before the app sees it, where the dev server took any size.',
        fix: {
          language: 'nginx',
          text: `# in the server or location that proxies to the app
client_max_body_size 20m;`,
        },
        references: [
          {
            title: 'nginx-proxy/nginx-proxy#809: 413 in front of a Flask app',
            url: 'https://github.com/nginx-proxy/nginx-proxy/issues/809',
          },
          { title: 'lucyparsons/OpenOversight#190', url: 'https://github.com/lucyparsons/OpenOversight/issues/190' },
        ],
      },
      {
        titleStart: 'The cookies the app sets',
        title: 'The cookies the app sets are too large for the server in front',
        happens:
          "A Cookie header over the server's header limit (Gunicorn: 8190 bytes a header; nginx: its header buffers) is refused with a 400 before it reaches the app, so the user is stuck until the cookies are cleared.",
        fix: {
          language: 'python',
          text: `# Keep data server-side and only its id in the cookie.
session["cart_id"] = cart.id         # not session["cart"] = cart.to_dict()`,
        },
        references: [
          {
            title: 'tjcsl/ion#304: Request Header Or Cookie Too Large',
            url: 'https://github.com/tjcsl/ion/issues/304',
          },
        ],
      },
    ],
  },
  'request-limits.spec.ts': {
    rank: 13,
    pitfall: 13,
    title: 'A request the dev server took is refused, or loses a header, on the way to the app',
    happens:
      'Gunicorn refuses a request line over limit_request_line (4094 bytes) with its own 400, and nginx drops request headers whose names have "_", where the dev server took both.',
    fix: {
      language: 'python',
      text: `# gunicorn.conf.py beside the app: a long GET form's URL fits (8190 is Gunicorn's maximum)
limit_request_line = 8190
# and a header the app reads named with hyphens: request.headers.get("X-Api-Key")`,
    },
    references: [
      { title: 'benoitc/gunicorn#376', url: 'https://github.com/benoitc/gunicorn/issues/376' },
      { title: 'nginx-proxy/nginx-proxy#2260', url: 'https://github.com/nginx-proxy/nginx-proxy/issues/2260' },
    ],
    tests: [
      {
        titleStart: 'A long entry',
        title: "Gunicorn refuses a long entry in the app's GET forms with 400",
        happens:
          "A GET form puts what the user typed into the URL; past Gunicorn's limit_request_line (4094 bytes by default) Gunicorn answers its own 400 Bad Request, not even a 414, before the app sees it, where the dev server read up to 64 KiB.",
        fix: {
          language: 'python',
          text: `# gunicorn.conf.py, beside app.py (Gunicorn reads it from the folder it starts in)
limit_request_line = 8190    # its maximum; nginx's large_client_header_buffers take 8 KiB too
workers = 2                  # a file of your own replaces every default: keep what you ran with

# Or keep long text out of the URL: <form method="post" action="/search">`,
        },
        references: [
          {
            title: 'benoitc/gunicorn#376: Increase request related max limits or stop enforcing them',
            url: 'https://github.com/benoitc/gunicorn/issues/376',
          },
          {
            title: "benoitc/gunicorn#2487: limit-request-line doesn't trigger 414 but 400",
            url: 'https://github.com/benoitc/gunicorn/issues/2487',
          },
          {
            title: 'Gunicorn docs: limit_request_line',
            url: 'https://docs.gunicorn.org/en/stable/settings.html#limit-request-line',
          },
        ],
      },
      {
        titleStart: 'A request header with',
        title: 'nginx drops the request headers whose names have "_"',
        happens:
          'nginx ignores a request header named with an underscore (underscores_in_headers off, its default), so request.headers.get("X_API_KEY") finds nothing behind it and every call the page makes is refused as if it sent no key.',
        fix: {
          language: 'python',
          text: `# Name it with hyphens, in the app and in every client: every server maps it to HTTP_X_API_KEY.
key = request.headers.get("X-Api-Key")
# fetch("/api/notes", { headers: { "X-Api-Key": key } })

# Or let nginx pass it (server block): underscores_in_headers on;
# (Werkzeug 2.3+ and Gunicorn 22+ drop such names themselves: hyphens are the fix that holds.)`,
        },
        references: [
          {
            title: 'nginx-proxy/nginx-proxy#2260: headers with underscores are dropped',
            url: 'https://github.com/nginx-proxy/nginx-proxy/issues/2260',
          },
          {
            title: 'nginx docs: underscores_in_headers',
            url: 'https://nginx.org/en/docs/http/ngx_http_core_module.html#underscores_in_headers',
          },
          { title: 'pallets/werkzeug#2622', url: 'https://github.com/pallets/werkzeug/pull/2622' },
        ],
      },
    ],
  },
  'cors-errors.spec.ts': {
    rank: 15,
    pitfall: 15,
    title: 'A front end on another origin cannot read the errors the server in front makes',
    happens:
      "The app's answers carry its Access-Control-Allow-Origin, but nginx's 413 for a body over client_max_body_size and Gunicorn's 400 for a request line over 4094 bytes never go through the app: the page's fetch sees no status, only \"Failed to fetch\" and a CORS error in the console, where on the dev server the app answered every request itself.",
    fix: {
      language: 'nginx',
      text: `# Best: the page and the API from one origin (the page's calls to /api/… behind the same nginx): no CORS.
# Otherwise, the limits the API needs, so its requests reach the app:
client_max_body_size 8m;             # nginx's default is 1m
# gunicorn.conf.py: limit_request_line = 8190   (its default is 4094)
# and nginx's own errors with the header too (the app's answers keep theirs):
# proxy_hide_header Access-Control-Allow-Origin;
# add_header Access-Control-Allow-Origin $allowed_origin always;   # from a map of the origins you allow`,
    },
    references: [
      { title: 'corydolphin/flask-cors#210', url: 'https://github.com/corydolphin/flask-cors/issues/210' },
      {
        title: 'nginx docs: add_header (always: on error answers too)',
        url: 'https://nginx.org/en/docs/http/ngx_http_headers_module.html#add_header',
      },
      {
        title: 'MDN: CORS errors (the script sees a network error, not the status)',
        url: 'https://developer.mozilla.org/en-US/docs/Web/HTTP/Guides/CORS/Errors',
      },
    ],
  },
  'front-end.spec.ts': {
    rank: 15,
    pitfall: 15,
    title: 'The built front end fails to load through the stack',
    happens:
      'The page makes a request that fails or logs a console error, typically an API URL written for the dev machine (http://localhost:5000/…) that answers only where the dev server runs.',
    fix: {
      language: 'javascript',
      text: `// Relative URLs: the page asks whoever served it.
const items = await fetch("/api/items").then((r) => r.json());   // not http://localhost:5000/api/items`,
    },
    references: [
      { title: 'vuejs/vue#4735', url: 'https://github.com/vuejs/vue/issues/4735' },
      { title: 'corydolphin/flask-cors#210', url: 'https://github.com/corydolphin/flask-cors/issues/210' },
    ],
  },
  'client-routes.spec.ts': {
    rank: 15,
    pitfall: 15,
    title: "The front end's own pages 404 on a reload",
    happens:
      "A single-page app's router shows /books without asking the server; a reload, a bookmark or a shared link asks the server for /books, and a server that does not answer it with index.html gives a 404, or the API's own route of that path, instead of the page.",
    fix: {
      language: 'nginx',
      text: `root /var/www/shop/dist;
location /api/ { proxy_pass http://127.0.0.1:8000; }   # the API under a prefix of its own
location /     { try_files $uri $uri/ /index.html; }   # every other path: a file of the build, or the page`,
    },
    references: [
      { title: 'vuejs/vue#4735', url: 'https://github.com/vuejs/vue/issues/4735' },
      {
        title: 'Vue Router docs: HTML5 mode, example server configurations',
        url: 'https://router.vuejs.org/guide/essentials/history-mode.html#Example-Server-Configurations',
      },
    ],
  },
  'session-key.spec.ts': {
    rank: 17,
    title: 'The processes sign sessions with different secret keys, or a well-known one',
    happens:
      'A key made per process (app.secret_key = os.urandom(24)) makes every worker reject the session cookies the others signed, so users are logged out at random; a tutorial key lets anybody sign sessions.',
    fix: {
      language: 'python',
      text: `import os

# One key for every worker and replica, from the environment (never os.urandom at import).
app.secret_key = os.environ["SECRET_KEY"]`,
    },
    references: [
      { title: 'maxcountryman/flask-login#388', url: 'https://github.com/maxcountryman/flask-login/issues/388' },
      { title: 'CTFd/CTFd#65: Issue with Gunicorn workers', url: 'https://github.com/CTFd/CTFd/issues/65' },
    ],
  },
  'debug-mode.spec.ts': {
    rank: 18,
    title: 'Debug mode is on where the app is served',
    happens:
      "Werkzeug's debugger answers any exception with its traceback, the app's source and a Python console for whoever reaches the server.",
    fix: {
      language: 'python',
      text: `import os

# No app.debug = True / DEBUG = True at import; debug only on your own machine.
if __name__ == "__main__":
    app.run(debug=os.environ.get("FLASK_DEBUG") == "1")`,
    },
    references: [
      { title: 'Azareal/SajuukBot#63', url: 'https://github.com/Azareal/SajuukBot/issues/63' },
      {
        title: 'aws-samples/amazon-ecs-fargate-cdk-cicd#10',
        url: 'https://github.com/aws-samples/amazon-ecs-fargate-cdk-cicd/issues/10',
      },
    ],
  },
  'stream-buffering.spec.ts': {
    rank: 5,
    pitfall: 5,
    title: "nginx holds a stream's events back and passes them on together",
    happens:
      "nginx buffers what the app sends (proxy_buffering on, the default) and passes it on when its buffer fills or the answer ends: a progress feed's events reach the page together at the end, a quiet feed's (a heartbeat) not at all, where the dev server and Gunicorn sent each event as it was made.",
    fix: {
      language: 'python',
      text: `# the stream says so itself: nginx passes an answer with this header on as it comes
return Response(generate(), mimetype="text/event-stream",
                headers={"X-Accel-Buffering": "no", "Cache-Control": "no-cache"})
# or, in the nginx location that serves it:  proxy_buffering off;`,
    },
    references: [
      { title: 'singingwolfboy/flask-sse#34', url: 'https://github.com/singingwolfboy/flask-sse/issues/34' },
      { title: 'singingwolfboy/flask-sse#3', url: 'https://github.com/singingwolfboy/flask-sse/issues/3' },
      { title: 'nginx/nginx#1505', url: 'https://github.com/nginx/nginx/issues/1505' },
      {
        title: 'nginx docs: proxy_buffering (and X-Accel-Buffering)',
        url: 'https://nginx.org/en/docs/http/ngx_http_proxy_module.html#proxy_buffering',
      },
    ],
  },
  'stream-timeout.spec.ts': {
    rank: 5,
    pitfall: 5,
    title: "An endless stream is cut at Gunicorn's timeout",
    happens:
      "A sync Gunicorn worker tells the master it is alive only between requests: one busy with an endless stream (a feed, a log tail) past its timeout (30 s by default) is killed, the stream ends there and the browser's EventSource reconnects every half minute; the worker is also held from every other page meanwhile (slow-route-blocking).",
    fix: {
      language: 'python',
      text: `# gunicorn.conf.py: a stream holds a thread, and the worker answers the master from its own loop
workers = 2
worker_class = "gthread"
threads = 8
# (or worker_class = "gevent"); keep a heartbeat on the stream, e.g. yield ": heartbeat\\n\\n" every few seconds`,
    },
    references: [
      { title: 'singingwolfboy/flask-sse#1', url: 'https://github.com/singingwolfboy/flask-sse/issues/1' },
      {
        title: 'Gunicorn docs: timeout (workers silent for more than this many seconds are killed)',
        url: 'https://docs.gunicorn.org/en/stable/settings.html#timeout',
      },
      {
        title: 'Gunicorn docs: Design (sync workers; async workers for long requests)',
        url: 'https://docs.gunicorn.org/en/stable/design.html',
      },
    ],
  },
  'route-parity.spec.ts': {
    rank: 19,
    title: 'A route answers with a server error or a cut connection on this stack',
    happens:
      "A route that answers on the dev server answers 5xx or not at all here: behind nginx, for one route only, usually a response header (a big Set-Cookie) over nginx's proxy_buffer_size; otherwise the traceback is in this stack's log.",
    fix: {
      language: 'nginx',
      text: `# A 502 behind nginx for one route ("upstream sent too big header"): room for its headers
proxy_buffer_size 16k;
proxy_buffers 8 16k;`,
    },
    references: [
      { title: 'code-dot-org/code-dot-org#12301', url: 'https://github.com/code-dot-org/code-dot-org/pull/12301' },
      { title: 'GSA/api.data.gov#461', url: 'https://github.com/GSA/api.data.gov/issues/461' },
    ],
  },
};

/** The rank of a spec no entry names: after every entry. */
export const unknownRank = Number.MAX_SAFE_INTEGER;

/** What a failing test of this spec file means, by its title: the test's own text where the entry has one. */
export function findingFor(spec: string, title: string): (FindingText & { rank: number }) | undefined {
  const entry = portingFindings[spec];
  if (!entry) return undefined;
  const own = entry.tests?.find((t) => title.startsWith(t.titleStart));
  return own
    ? { rank: entry.rank, title: own.title, happens: own.happens, fix: own.fix, references: own.references }
    : { rank: entry.rank, title: entry.title, happens: entry.happens, fix: entry.fix, references: entry.references };
}

/**
 * A finding as Markdown lines: what happens, the evidence where there is some, the fix, where it applies, the
 * public threads. The matrix of a user's app (reports/app-findings.ts) and Allure's description of a failed test
 * (lib/evidence/test-reporting.ts) both write it so.
 */
export function findingMarkdown(
  finding: Pick<FindingText, 'happens' | 'references'> & { fix?: Fix },
  more: { evidence?: readonly string[]; appliesTo?: string } = {},
): string[] {
  const evidence = more.evidence ?? [];
  return [
    `**What happens:** ${finding.happens}`,
    '',
    ...(evidence.length ? ['**Evidence:**', '', ...evidence.map((e) => `- ${e}`), ''] : []),
    ...(finding.fix ? ['**Fix:**', '', `\`\`\`${finding.fix.language}`, finding.fix.text, '```', ''] : []),
    ...(more.appliesTo ? [`**Applies to:** ${more.appliesTo}`, ''] : []),
    ...(finding.references.length
      ? [`**Public threads:** ${finding.references.map((r) => `[${r.title}](${r.url})`).join(', ')}`, '']
      : []),
  ];
}
