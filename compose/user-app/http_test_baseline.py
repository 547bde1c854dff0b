"""The dev baseline: a user's app as its author runs it, in a throw-away container before any stack starts
(lib/porting/baseline.ts). Prints one JSON line:

  how       "python app.py" when the module starts the server under __main__ (the call as written), else
            "flask --app app run --debug", the way Flask's tutorial runs an app (.flaskenv and .env loaded)
  state     what the app is once started that way (http_test_state.state_of)
  env       names of environment variables that way set (load_dotenv, a .env the flask command reads)
  logs      for each GET route without arguments, the lines the app wrote while answering it that way

The server itself is not started: the author's `app.run(...)` is caught as it is called, with the app as the
__main__ block left it, and its routes are asked through Flask's test client, with debug mode as the call asks.
"""
import contextlib
import io
import json
import logging
import os
import runpy
import sys

import flask

import http_test_state

_target = os.environ.get("HTTP_TEST_USER_APP", "")
_module_name, _, _attr = _target.partition(":")
_factory = _attr.endswith("()")
_name = _attr[:-2] if _factory else _attr
_paths = json.loads(os.environ.get("HTTP_TEST_GET_PATHS", "[]"))


class _Capture(logging.Handler):
    """Every record the app's loggers let through, by its message: whatever handlers and streams the app set up
    at import (a basicConfig handler holds the stream of that moment), a record that was made reached the root."""

    def __init__(self):
        super().__init__(logging.NOTSET)
        self.lines = []

    def emit(self, record):
        message = record.getMessage().split("\n")[0].strip()
        if message:
            self.lines.append(message)


class _Caught(Exception):
    def __init__(self, app, kwargs):
        super().__init__("caught")
        self.app = app
        self.kwargs = kwargs


def _as_main(path):
    original = flask.Flask.run

    def caught(self, host=None, port=None, debug=None, load_dotenv=True, **options):
        raise _Caught(self, {"debug": debug, **options})

    flask.Flask.run = caught
    # Flask-SocketIO's socketio.run(app) starts a server of its own in its eventlet and gevent modes, and
    # refuses Werkzeug without a terminal in its threading mode before it calls app.run: caught as it is called.
    try:
        import flask_socketio
    except ImportError:
        flask_socketio = None
    if flask_socketio is not None:
        socketio_run = flask_socketio.SocketIO.run

        def caught_socketio(self, app, host=None, port=None, **kwargs):
            raise _Caught(app, {"debug": kwargs.get("debug")})

        flask_socketio.SocketIO.run = caught_socketio
    try:
        runpy.run_path(path, run_name="__main__")
    except _Caught as c:
        return c.app, c.kwargs
    finally:
        flask.Flask.run = original
        if flask_socketio is not None:
            flask_socketio.SocketIO.run = socketio_run
    return None, {}


def _as_flask_command():
    # What `flask run` does before it imports the app: .flaskenv, then .env, where python-dotenv is installed.
    try:
        import dotenv

        for name in (".flaskenv", ".env"):
            if os.path.exists(name):
                dotenv.load_dotenv(name, override=False)
    except ImportError:
        pass
    os.environ["FLASK_DEBUG"] = "1"  # as --debug sets it, before the app is made
    module = __import__(_module_name)
    app = getattr(module, _name)() if _factory else getattr(module, _name)
    return app, {"debug": True}


def _imported_state():
    """The app's state in a process of its own that imports it as Gunicorn does (the stamp's state line)."""
    import subprocess

    done = subprocess.run([sys.executable, "-m", "http_test_stamp", "routes"], capture_output=True, text=True, timeout=60)
    for line in done.stderr.splitlines():
        if line.startswith("[http-test] app state: "):
            return json.loads(line[len("[http-test] app state: "):])
    return None


def _unstable():
    """What differs between two processes that import the app the same way: values made per process (a random
    key, a uuid). They differ from any baseline too, so they are not what the __main__ block or .env left out;
    a key made per process is session-key's finding."""
    first, second = _imported_state(), _imported_state()
    if not first or not second:
        return {"config": [], "secret_key": False}
    keys = set(first["config"]) | set(second["config"])
    return {
        "config": sorted(k for k in keys if first["config"].get(k) != second["config"].get(k)),
        "secret_key": first["secret_key"] != second["secret_key"],
    }


def main():
    sys.path.insert(0, os.getcwd())
    before = set(os.environ)
    block = http_test_state.main_block(os.path.join(os.getcwd(), f"{_module_name}.py"))
    out = io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(out):
        if block["run"]:
            app, kwargs = _as_main(f"{_module_name}.py")
            how = f"python {_module_name}.py ({block['run']})"
        else:
            app, kwargs = None, {}
        if app is None:
            app, kwargs = _as_flask_command()
            how = f"flask --app {_module_name} run --debug"
        if kwargs.get("debug") is not None:
            # What app.run(debug=...) and `flask run --debug` do before the first request.
            app.debug = bool(kwargs["debug"])
    env = sorted(set(os.environ) - before - {"FLASK_DEBUG"})
    # Before any request, as each process's stamp line is: Flask 2.2 writes SESSION_COOKIE_DOMAIN back into the
    # config when it first saves a session (False, where no SERVER_NAME is set), which no stack has at load.
    state = http_test_state.state_of(app)
    logs = {}
    client = app.test_client()
    capture = _Capture()
    logging.getLogger().addHandler(capture)
    for path in _paths:
        captured = io.StringIO()
        capture.lines = []
        with contextlib.redirect_stdout(captured), contextlib.redirect_stderr(captured):
            try:
                failed = client.get(path).status_code >= 500
            except Exception:  # pylint: disable=broad-except
                failed = True
        # A route that fails here (one that raises; one that calls the app's own HTTP API, which no server
        # answers in this container) is route-parity's finding, and its traceback no line the app logs.
        if failed:
            logs[path] = []
            continue
        printed = [line for line in captured.getvalue().splitlines() if line.strip()]
        # A record once, by its message, however many handlers wrote it; printed lines the records do not explain.
        lines = capture.lines + [p for p in printed if not any(p.endswith(m) for m in capture.lines)]
        logs[path] = lines[:20]
    logging.getLogger().removeHandler(capture)
    print(json.dumps({"how": how, "main_block": block, "state": state, "env": env, "logs": logs, "unstable": _unstable()}))


if __name__ == "__main__":
    main()
