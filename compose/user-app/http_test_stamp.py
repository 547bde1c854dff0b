"""Loads a user's Flask app (HTTP_TEST_USER_APP: "module:attr" or "module:factory()") the way Flask and
Gunicorn do, and wraps its WSGI callable (app.wsgi_app, Flask's own place for middleware) so that every
answer says which process made it, without touching the app's code or its answers' bodies:

  X-Http-Test-Worker       host name and pid of the process that answered
  X-Http-Test-Session-Key  the first 12 hex digits of SHA-256 of the app's secret key ("none" if unset):
                           processes that would sign sessions differently show different values, and the
                           key itself never leaves the process.
  X-Http-Test-Remote-Addr  the client address the app saw (request.remote_addr, after the app's own
                           middleware such as ProxyFix, which rewrites it in the WSGI environ): whether two
                           clients are told apart, or all arrive as the proxy in front.

Both servers import this module: `flask --app http_test_stamp:app run` and Gunicorn's
wsgi_app = "http_test_stamp:app" (HTTP_TEST_WSGI_APP). `python3 -m http_test_stamp routes` prints the app's
url_map as JSON, for the porting check.
"""
import hashlib
import importlib
import json
import os
import socket
import sys

import http_test_state

_target = os.environ.get("HTTP_TEST_USER_APP", "")
_module_name, _, _attr = _target.partition(":")
if not _module_name or not _attr:
    raise SystemExit(f"http_test_stamp: HTTP_TEST_USER_APP={_target!r} is not module:attr or module:factory()")
_host = socket.gethostname()
_as_main = __name__ == "__main__" and sys.argv[1:] == ["main"]


def _load():
    module = importlib.import_module(_module_name)
    factory = _attr.endswith("()")
    name = _attr[:-2] if factory else _attr
    if not hasattr(module, name):
        raise SystemExit(f"http_test_stamp: module {_module_name!r} has no attribute {name!r}")
    loaded = getattr(module, name)() if factory else getattr(module, name)
    if not hasattr(loaded, "wsgi_app"):
        raise SystemExit(f"http_test_stamp: {_target} is a {type(loaded).__name__}, not a Flask app")
    return loaded


def _key_id() -> str:
    key = app.secret_key
    if not key:
        return "none"
    return hashlib.sha256(key if isinstance(key, bytes) else str(key).encode()).hexdigest()[:12]


def _stamp(target):
    """Wraps the app's WSGI callable so that every answer names its process, and says once, in this process's
    log, what the app is now that it is loaded (http_test_state)."""
    inner = target.wsgi_app

    def stamped(environ, start_response):
        def start(status, headers, exc_info=None):
            stamp = [
                ("X-Http-Test-Worker", f"{_host}/{os.getpid()}"),
                ("X-Http-Test-Session-Key", _key_id()),
                # Read when the app answers: a ProxyFix inside the app has set it in this same environ by then.
                ("X-Http-Test-Remote-Addr", str(environ.get("REMOTE_ADDR", ""))),
            ]
            return start_response(status, list(headers) + stamp, exc_info) if exc_info else start_response(status, list(headers) + stamp)

        return inner(environ, start)

    target.wsgi_app = stamped
    state = json.dumps({"host": _host, "pid": os.getpid(), **http_test_state.state_of(target)}, sort_keys=True)
    # One write of the whole line: the workers share the stream, and print() writes the newline apart, so another
    # process's line could land inside this one.
    os.write(2, f"[http-test] app state: {state}\n".encode())


def _catch_socketio_run():
    """Flask-SocketIO's `socketio.run(app)` starts the server itself: its threading mode calls app.run (caught
    above), its eventlet and gevent modes start their own server, on 127.0.0.1:5000 by default. Served on the
    container's port 8000 the same way. Flask-SocketIO 5.3 and later refuse Werkzeug where stdin is no terminal
    ("The Werkzeug web server is not designed to run in production"): its author runs `python app.py` in one,
    the container has none, so the run is let through as their terminal lets it, and said."""
    try:
        import flask_socketio
    except ImportError:
        return
    original = flask_socketio.SocketIO.run

    def run(self, target, host=None, port=None, **kwargs):
        global app
        app = target
        _stamp(target)
        target.run = _run_stamped
        mode = self.server.eio.async_mode
        asked = f"host={host!r}, port={port!r}" if host or port else "the default 127.0.0.1:5000"
        print(f"[http-test] {_module_name}.py runs Flask-SocketIO's server itself ({mode}, {asked}): serving on 0.0.0.0:8000 for the stack", file=sys.stderr, flush=True)
        kwargs["use_reloader"] = False
        if mode == "threading" and not (sys.stdin and sys.stdin.isatty()) and "allow_unsafe_werkzeug" not in kwargs:
            print("[http-test] no terminal here: allow_unsafe_werkzeug=True, as your terminal allows python app.py", file=sys.stderr, flush=True)
            kwargs["allow_unsafe_werkzeug"] = True
        return original(self, target, host="0.0.0.0", port=8000, **kwargs)

    flask_socketio.SocketIO.run = run


def _run_stamped(host=None, port=None, debug=None, load_dotenv=True, **options):
    """The app's own run once socketio.run has stamped it (its threading mode calls it): on port 8000, the
    reloader off, as the patched Flask.run below, without a second stamp."""
    if debug is not None:
        app.debug = bool(debug)
    options["use_reloader"] = False
    return _original_flask_run(app, host="0.0.0.0", port=8000, debug=debug, load_dotenv=load_dotenv, **options)


_original_flask_run = None


def _run_as_main():
    """`python app.py`, as the author runs it, made reachable: the module runs as __main__, and its own
    `app.run(...)` serves on the container's port 8000 with the author's other arguments. The reloader stays
    off: the container runs a copy of the code that nothing edits, and a second process would double every
    process count."""
    import flask
    import runpy

    global _original_flask_run
    original = _original_flask_run = flask.Flask.run

    def run(self, host=None, port=None, debug=None, load_dotenv=True, **options):
        global app
        app = self
        if debug is not None:
            self.debug = bool(debug)
        _stamp(self)
        asked = f"host={host!r}, port={port!r}" if host or port else "the default 127.0.0.1:5000"
        print(f"[http-test] {_module_name}.py runs the server itself ({asked}): serving on 0.0.0.0:8000 for the stack", file=sys.stderr, flush=True)
        options["use_reloader"] = False
        return original(self, host="0.0.0.0", port=8000, debug=debug, load_dotenv=load_dotenv, **options)

    flask.Flask.run = run
    _catch_socketio_run()
    sys.argv = [f"{_module_name}.py"]
    runpy.run_path(f"{_module_name}.py", run_name="__main__")
    raise SystemExit(f"http_test_stamp: {_module_name}.py ran its __main__ block without starting the server")


if not _as_main:
    app = _load()
    _stamp(app)


def _reads_files(endpoint: str) -> bool:
    """Whether the view's source reads uploaded files (request.files): where an upload limit matters."""
    import inspect

    try:
        return "request.files" in inspect.getsource(app.view_functions[endpoint])
    except (KeyError, OSError, TypeError):
        return False


def routes() -> list:
    return [
        {
            "rule": r.rule,
            "endpoint": r.endpoint,
            "methods": sorted(r.methods or []),
            "arguments": sorted(r.arguments or []),
            "reads_files": _reads_files(r.endpoint),
        }
        for r in app.url_map.iter_rules()
    ]


if __name__ == "__main__" and sys.argv[1:] == ["routes"]:
    print(json.dumps(routes()))
elif _as_main:
    _run_as_main()
