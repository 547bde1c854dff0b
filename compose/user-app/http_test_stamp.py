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

_target = os.environ.get("HTTP_TEST_USER_APP", "")
_module_name, _, _attr = _target.partition(":")
if not _module_name or not _attr:
    raise SystemExit(f"http_test_stamp: HTTP_TEST_USER_APP={_target!r} is not module:attr or module:factory()")
_module = importlib.import_module(_module_name)
_factory = _attr.endswith("()")
_name = _attr[:-2] if _factory else _attr
if not hasattr(_module, _name):
    raise SystemExit(f"http_test_stamp: module {_module_name!r} has no attribute {_name!r}")
app = getattr(_module, _name)() if _factory else getattr(_module, _name)
if not hasattr(app, "wsgi_app"):
    raise SystemExit(f"http_test_stamp: {_target} is a {type(app).__name__}, not a Flask app")

_host = socket.gethostname()


def _key_id() -> str:
    key = app.secret_key
    if not key:
        return "none"
    return hashlib.sha256(key if isinstance(key, bytes) else str(key).encode()).hexdigest()[:12]


_inner = app.wsgi_app


def _stamped(environ, start_response):
    def start(status, headers, exc_info=None):
        stamp = [
            ("X-Http-Test-Worker", f"{_host}/{os.getpid()}"),
            ("X-Http-Test-Session-Key", _key_id()),
            # Read when the app answers: a ProxyFix inside the app has set it in this same environ by then.
            ("X-Http-Test-Remote-Addr", str(environ.get("REMOTE_ADDR", ""))),
        ]
        return start_response(status, list(headers) + stamp, exc_info) if exc_info else start_response(status, list(headers) + stamp)

    return _inner(environ, start)


app.wsgi_app = _stamped


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
