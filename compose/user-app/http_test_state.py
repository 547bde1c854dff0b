"""What a user's app is once its process has loaded it, told without its secrets, so that the same app started two
ways can be compared: `python app.py` as its author runs it, and `flask run` or Gunicorn, which import the module
and never run its `if __name__ == "__main__":` block.

  state_of(app)     each config key with a digest of its value (never the value), a digest of the secret key, the
                    level app.logger lets through, debug mode, the names of the threads it started
  main_block(path)  whether the module starts the server itself under __main__, with the call as written

The stamp (http_test_stamp.py) prints one line per process, "[http-test] app state: {...}", which the porting
check reads from the container's log; the baseline (http_test_baseline.py) computes the author's.
"""
import ast
import hashlib
import logging
import os
import re
import threading

_address = re.compile(r" at 0x[0-9a-fA-F]+")


def _canonical(value) -> str:
    # A repr names an object's address, which differs between processes: it is not part of the value. A set's repr
    # lists its members in hash order, which string hashing randomises per process (PYTHONHASHSEED): sorted, the
    # same set is the same text everywhere (Flask-WTF's WTF_CSRF_METHODS, a set of strings).
    if isinstance(value, (set, frozenset)):
        return "{" + ", ".join(sorted(_canonical(v) for v in value)) + "}"
    if isinstance(value, (list, tuple)):
        return ("[%s]" if isinstance(value, list) else "(%s)") % ", ".join(_canonical(v) for v in value)
    if isinstance(value, dict):
        return "{" + ", ".join(f"{_canonical(k)}: {_canonical(v)}" for k, v in value.items()) + "}"
    return _address.sub("", repr(value))


def _digest(value) -> str:
    text = value.decode("latin-1") if isinstance(value, bytes) else _canonical(value)
    return hashlib.sha256(text.encode("utf-8", "replace")).hexdigest()[:12]


def state_of(app) -> dict:
    key = app.secret_key
    return {
        "config": {name: _digest(value) for name, value in sorted(app.config.items()) if name != "SECRET_KEY"},
        "secret_key": _digest(key) if key else "none",
        "log_level": logging.getLevelName(app.logger.getEffectiveLevel()),
        "debug": bool(app.debug),
        # Names only: which settings reached the process through its environment (a .env, load_dotenv).
        "env": sorted(name for name in os.environ if not name.startswith("HTTP_TEST_")),
        # Threads alive once the app is loaded, before any request: work the app started at import.
        # A threading.Timer fires once (a library's expiry housekeeping, Flask-Limiter's memory storage): it comes and
        # goes, so whether it is alive at this moment is chance, and it is no job of the app's.
        "threads": sorted(
            t.name for t in threading.enumerate() if t is not threading.main_thread() and not isinstance(t, threading.Timer)
        ),
    }


def _is_main_test(node) -> bool:
    test = node.test
    if not isinstance(test, ast.Compare) or len(test.ops) != 1 or not isinstance(test.ops[0], ast.Eq):
        return False
    sides = [test.left, *test.comparators]
    names = [s.id for s in sides if isinstance(s, ast.Name)]
    texts = [s.value for s in sides if isinstance(s, ast.Constant)]
    return names == ["__name__"] and texts == ["__main__"]


def main_block(path: str) -> dict:
    """The module's `if __name__ == "__main__":` block: the server call it makes (`app.run(debug=True)`) and the
    statements before it, as written (what Gunicorn will never run)."""
    try:
        with open(path, encoding="utf-8") as file:
            tree = ast.parse(file.read(), path)
    except (OSError, SyntaxError):
        return {"present": False, "run": None, "setup": []}
    for node in tree.body:
        if isinstance(node, ast.If) and _is_main_test(node):
            run = None
            setup = []
            for statement in node.body:
                call = statement.value if isinstance(statement, ast.Expr) else None
                if isinstance(call, ast.Call) and isinstance(call.func, ast.Attribute) and call.func.attr == "run":
                    run = ast.unparse(call)
                    break
                setup.append(ast.unparse(statement).split("\n")[0][:120])
            return {"present": True, "run": run, "setup": setup}
    return {"present": False, "run": None, "setup": []}
