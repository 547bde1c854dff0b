"""One Flask app for every stack, built for probing server behaviour.

Every response says who made it (process, thread, host) so a spec can tell workers, replicas and
cache hits apart by content rather than by timing. Runs unchanged on Flask 2.2 (Debian) and Flask 3.
"""
import itertools
import os
import socket
import sys
import threading
import time
import uuid

import flask
import werkzeug
from flask import Flask, jsonify, redirect, request, send_from_directory, session, url_for
from werkzeug.middleware.proxy_fix import ProxyFix

HERE = os.path.dirname(os.path.abspath(__file__))
STATIC_DIR = os.path.join(HERE, "static")
# The built Vue page (web/ → `npm run build:web`). nginx serves the same directory from disk.
WEB_DIST = os.environ.get("HTTP_TEST_WEB_DIST") or os.path.join(HERE, "..", "..", "web", "dist")
app = Flask(__name__, static_folder=STATIC_DIR, static_url_path="/static")

# Every process of every replica must sign sessions with the same key, so it comes from outside (the suite
# generates one per run). Without it each process invents its own and a session works on that process only.
app.secret_key = os.environ.get("HTTP_TEST_SECRET_KEY") or os.urandom(32)

# Behind a reverse proxy the WSGI server sees the proxy, not the client. ProxyFix believes the last N
# X-Forwarded-For/-Proto/-Host entries, exactly as many as there are proxies we run: a client can put
# anything in front of them, so trusting more hops would let it forge its address.
TRUSTED_PROXY_HOPS = int(os.environ.get("HTTP_TEST_TRUSTED_PROXY_HOPS", "0"))
if TRUSTED_PROXY_HOPS > 0:
    app.wsgi_app = ProxyFix(app.wsgi_app, x_for=TRUSTED_PROXY_HOPS, x_proto=TRUSTED_PROXY_HOPS, x_host=TRUSTED_PROXY_HOPS)

# Per-process counters: each Gunicorn worker has its own, which is the point.
_origin_hits = itertools.count(1)
_requests = itertools.count(1)
_lock = threading.Lock()

MAX_SLEEP_S = 120.0
MAX_CPU_MS = 10_000


def _flask_version() -> str:
    try:
        from importlib.metadata import version
        return version("flask")
    except Exception:  # metadata missing in some distro builds: the attribute still exists on Flask 2.2
        return getattr(flask, "__version__", "unknown")


def _werkzeug_version() -> str:
    try:
        from importlib.metadata import version
        return version("werkzeug")
    except Exception:
        return getattr(werkzeug, "__version__", "unknown")


def _who() -> dict:
    """Who is answering: enough to count processes, threads and replicas."""
    return {
        "pid": os.getpid(),
        "thread": threading.get_ident(),
        # Never reused within a process ("Thread-12 (process_request_thread)"), unlike get_ident(), which a
        # new thread may take over from one that ended: tells a thread per request from a reused one.
        "thread_name": threading.current_thread().name,
        "hostname": socket.gethostname(),
    }


def _bounded_float(name: str, default: float, upper: float) -> float:
    raw = request.args.get(name, str(default))
    try:
        value = float(raw)
    except ValueError:
        flask.abort(400, f"{name} must be a number, got {raw!r}")
    if not 0 <= value <= upper:
        flask.abort(400, f"{name} must be between 0 and {upper}")
    return value


@app.after_request
def mark_app_response(response):
    # Tells "the WSGI app made this" apart from "nginx answered on its own" (static files, cache).
    response.headers["X-Served-By"] = "flask"
    with _lock:
        next(_requests)
    return response


@app.get("/api/health")
def health():
    return jsonify(status="ok", **_who())


@app.get("/api/info")
def info():
    env = request.environ
    return jsonify(
        **_who(),
        server_software=env.get("SERVER_SOFTWARE"),
        wsgi_multithread=env.get("wsgi.multithread"),
        wsgi_multiprocess=env.get("wsgi.multiprocess"),
        remote_addr=request.remote_addr,
        # What the WSGI server itself saw, before ProxyFix (the proxy's address behind nginx).
        raw_remote_addr=env.get("werkzeug.proxy_fix.orig", {}).get("REMOTE_ADDR", env.get("REMOTE_ADDR")),
        trusted_proxy_hops=TRUSTED_PROXY_HOPS,
        host=request.host,
        # The Host header the WSGI server received (nginx sets it; its default would be the upstream's name).
        raw_host=env.get("werkzeug.proxy_fix.orig", {}).get("HTTP_HOST", env.get("HTTP_HOST")),
        scheme=request.scheme,
        forwarded={
            "x_forwarded_for": request.headers.get("X-Forwarded-For"),
            "x_forwarded_proto": request.headers.get("X-Forwarded-Proto"),
            "x_forwarded_host": request.headers.get("X-Forwarded-Host"),
            "x_real_ip": request.headers.get("X-Real-IP"),
            # A proxy's own name and version (squid adds it; nginx does not).
            "via": request.headers.get("Via"),
        },
        python=sys.version.split()[0],
        flask=_flask_version(),
        werkzeug=_werkzeug_version(),
    )


@app.get("/api/sleep")
def sleep():
    """I/O-bound work: the process waits without holding the GIL."""
    seconds = _bounded_float("s", 0.5, MAX_SLEEP_S)
    started = time.time()
    time.sleep(seconds)
    return jsonify(**_who(), slept=seconds, started=started, finished=time.time())


@app.get("/api/cpu")
def cpu():
    """CPU-bound pure Python work: `ms` of this thread's own CPU time, so threads that take turns on
    the GIL each still do the full amount (a wall-clock deadline would hide the GIL). `clock=wall`: computing
    for `ms` of wall-clock time instead, however much CPU the machine grants (a handler that never waits, for
    as long as a test needs one, on a busy machine too)."""
    ms = _bounded_float("ms", 200, MAX_CPU_MS)
    clock = time.monotonic if request.args.get("clock") == "wall" else time.thread_time
    started = time.time()
    deadline = clock() + ms / 1000
    rounds = 0
    while clock() < deadline:
        sum(i * i for i in range(200))
        rounds += 1
    return jsonify(**_who(), busy_ms=ms, rounds=rounds, started=started, finished=time.time())


@app.get("/api/cores")
def cores():
    """How much CPU this container is granted right now: `n` child processes each burn `ms` of their own CPU
    time at once, and n × ms / wall is the parallelism the machine gave them (less than n on a busy machine,
    whatever the core count says). Children, not threads, so the GIL does not count."""
    n = int(_bounded_float("n", 2, 8))
    ms = _bounded_float("ms", 200, 2000)
    started = time.time()
    children = []
    for _ in range(n):
        pid = os.fork()
        if pid == 0:
            deadline = time.process_time() + ms / 1000
            while time.process_time() < deadline:
                sum(i * i for i in range(200))
            os._exit(0)
        children.append(pid)
    for pid in children:
        os.waitpid(pid, 0)
    wall = time.time() - started
    return jsonify(**_who(), children=n, busy_ms=ms, wall_s=wall, parallelism=n * ms / 1000 / wall)


@app.get("/api/url")
def external_url():
    """The absolute URL the app builds for itself, as it would in a redirect or an e-mail link, and the one
    it would build from what the WSGI server saw, had it not trusted the proxy's X-Forwarded-* headers."""
    built = url_for("info", _external=True)
    orig = request.environ.get("werkzeug.proxy_fix.orig")
    untrusted = built
    if orig is not None:
        host = orig.get("HTTP_HOST") or f"{orig.get('SERVER_NAME')}:{orig.get('SERVER_PORT')}"
        untrusted = f"{orig.get('wsgi.url_scheme')}://{host}{url_for('info')}"
    return jsonify(**_who(), external_url=built, external_url_without_proxy_fix=untrusted)


@app.get("/api/redirect")
def absolute_redirect():
    """A redirect with an absolute Location, as `redirect(url_for(..., _external=True))` makes one."""
    return redirect(url_for("info", _external=True))


@app.post("/api/login")
def login():
    """Starts a session for `user` (no password: a probe, not an auth system). Login is the classic target of
    password guessing, hence nginx's rate limit on this route."""
    user = request.args.get("user", "")
    if not user:
        flask.abort(400, "user is required")
    session["user"] = user
    return jsonify(**_who(), user=user)


@app.get("/api/session")
def session_user():
    """Who the session cookie says is logged in, or null: a cookie this process cannot verify (a forged one,
    or one signed with another process's key) reads as no session at all."""
    return jsonify(**_who(), user=session.get("user"))


@app.post("/api/echo")
def echo():
    """Reads the whole request body: a client that sends it slowly keeps this worker (or thread) waiting."""
    body = request.get_data()
    return jsonify(**_who(), received_bytes=len(body))


@app.route("/api/crash", methods=["GET", "POST"])
def crash():
    """The worker process dies mid-request, as a segfault or an OOM kill would end it: no response at all.
    `only_on=HOSTNAME` limits the crash to one replica (the others answer 200)."""
    only_on = request.args.get("only_on")
    if only_on is None or only_on == socket.gethostname():
        os._exit(1)
    return jsonify(**_who(), crashed=False)


@app.get("/api/fail")
def fail():
    """A bug, as any route may have one: an unhandled exception (ZeroDivisionError unless `items` is given).
    Under `flask run --debug` the answer is Werkzeug's interactive traceback page; every other server answers a
    plain 500 and writes the traceback to its log only."""
    order_total = 0
    items = int(request.args.get("items", "0"))
    return jsonify(**_who(), average=order_total / items)


@app.route("/api/cacheable", methods=["GET", "POST"])
@app.get("/api/cacheable/<variant>")
def cacheable(variant: str = "public"):
    """An answer a cache may or may not keep. `origin_id` is new on every origin hit, so an identical id
    means a cache hit, and `made_for` is the URL the app saw (scheme, host, query), so a cached answer shows
    which request it was made for. Variants: public (max-age `ttl`, default 30 s), private, no-store, cookie
    (public but with Set-Cookie), session (public, but reads the session: Flask adds `Vary: Cookie`),
    unmarked (no Cache-Control at all: the app allows nothing). `delay` makes the origin slow, so that
    concurrent misses overlap."""
    if variant not in ("public", "private", "no-store", "cookie", "session", "unmarked"):
        flask.abort(404)
    ttl = int(_bounded_float("ttl", 30, 3600))
    time.sleep(_bounded_float("delay", 0, 5))
    with _lock:
        hits = next(_origin_hits)
    response = jsonify(
        **_who(),
        key=request.args.get("key", ""),
        made_for=request.url,
        origin_id=uuid.uuid4().hex,
        origin_hits_in_this_process=hits,
        generated_at=time.time(),
        user=session.get("user") if variant == "session" else None,
    )
    cache_control = {
        "public": f"public, max-age={ttl}",
        "private": f"private, max-age={ttl}",
        "no-store": "no-store",
        "cookie": f"public, max-age={ttl}",
        "session": f"public, max-age={ttl}",
        "unmarked": None,
    }[variant]
    if cache_control:
        response.headers["Cache-Control"] = cache_control
    if variant == "cookie":
        response.set_cookie("session", uuid.uuid4().hex, httponly=True)
    return response


@app.errorhandler(404)
def not_found(error):
    # The API answers in JSON, so a client (or a spec) can tell the app's 404 from the proxy's HTML page.
    if request.path.startswith("/api/"):
        # Read whatever body the client is still sending: closing on an unread body makes the kernel reset
        # the connection, and a client busy uploading sees EPIPE instead of this 404 (the dev server did).
        # In pieces, so a large body is discarded as it comes rather than held in memory.
        while request.stream.read(64 * 1024):
            pass
        return jsonify(error="not found", path=request.path), 404
    return error


@app.route("/api/<path:rest>", methods=["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"])
def api_not_found(rest: str):
    """Any other path under /api/, whatever the method, is the API's 404 (not the page's 405)."""
    flask.abort(404)


@app.get("/assets/<path:name>")
def web_asset(name: str):
    return send_from_directory(WEB_DIST, os.path.join("assets", name))


@app.get("/")
@app.get("/<path:route>")
def web_page(route: str = ""):
    """The Vue page, for `/` and for any client-side route (the SPA fallback); /api/ paths never get here."""
    if not os.path.isfile(os.path.join(WEB_DIST, "index.html")):
        return "The Vue page is not built: run `npm run build:web`.\n", 404, {"Content-Type": "text/plain"}
    return send_from_directory(WEB_DIST, "index.html")


if __name__ == "__main__":
    # `flask run` is how the dev stack starts; this is only for a quick local look.
    app.run(host="127.0.0.1", port=8000)
