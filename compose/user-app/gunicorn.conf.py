# Gunicorn's configuration for a user's app (HTTP_TEST_APP), on the gunicorn stack and on both replicas of the
# nginx stack. The suite's own compose/gunicorn/gunicorn.conf.py has teaching numbers (timeout 4 s, a worker
# recycled every 300 requests) that would make a user's app look broken where their deployment is not; here:
#   - the user's own file (HTTP_TEST_GUNICORN_CONF, or the gunicorn.conf.py beside their app, which Gunicorn
#     itself reads from the folder it starts in) runs first, as Gunicorn would run it;
#   - without one, Gunicorn's own defaults, except `workers = 2`: its default of 1 would hide every pitfall
#     of several processes, and its docs advise (2 x cores) + 1 for production.
# Then the few settings the suite cannot do without are put back, each override printed (see _forced).
import json
import os

_user_conf = os.environ.get("HTTP_TEST_USER_GUNICORN_CONF_PATH", "")
_shown = os.environ.get("HTTP_TEST_USER_GUNICORN_CONF_SHOWN") or _user_conf
_user = {}
if _user_conf:
    with open(_user_conf, encoding="utf-8") as _file:
        # Compiled under the name the user knows, so a traceback names their file and line.
        _code = compile(_file.read(), _shown, "exec")
    _user = {"__file__": _user_conf, "__name__": "gunicorn_conf"}
    _cwd = os.getcwd()
    os.chdir(os.path.dirname(_user_conf))
    try:
        exec(_code, _user)
    finally:
        os.chdir(_cwd)
    for _name, _value in list(_user.items()):
        if not _name.startswith("_"):
            globals()[_name] = _value
else:
    workers = 2


def _say(text):
    # One write of the whole line: two workers printing at once (print writes the text and the newline
    # apart) ran their ready lines together on one line, and the stack waited for a line it had.
    os.write(2, f"[http-test] {text}\n".encode())


# What the stack needs whatever the user's file says: their app wrapped so that each answer names its
# process, a port the stack publishes (on 127.0.0.1 only), a foreground server, its log on the container's
# stderr (the suite reads readiness and crashes there).
_forced = {
    "wsgi_app": os.environ.get("HTTP_TEST_WSGI_APP") or "http_test_stamp:app",
    "bind": "0.0.0.0:8000",
    "chdir": "/srv/app",
    "daemon": False,
    "errorlog": "-",
}
for _name, _value in _forced.items():
    _theirs = _user.get(_name)
    if _user_conf and _theirs is not None and _theirs != _value and _name not in ("wsgi_app", "chdir"):
        _say(f"{_shown}: {_name} = {_theirs!r} replaced by {_value!r} for the stack")
    globals()[_name] = _value

_their_when_ready = _user.get("when_ready")
_their_post_worker_init = _user.get("post_worker_init")


def when_ready(server):
    """The user's hook first; then the values in force, which the suite derives its expectations from. Printed,
    not logged: a user's `loglevel = "warning"` must not hide them."""
    if callable(_their_when_ready):
        _their_when_ready(server)
    cfg = server.cfg
    effective = {
        "workers": cfg.workers,
        "worker_class": cfg.worker_class_str,
        "timeout": cfg.timeout,
        "graceful_timeout": cfg.graceful_timeout,
        "max_requests": cfg.max_requests,
        # How many requests a worker takes at once (threads: gthread; worker_connections: gevent, eventlet),
        # and how long it keeps an idle connection (keepalive: not a sync worker's).
        "threads": cfg.threads,
        "worker_connections": cfg.worker_connections,
        "keepalive": cfg.keepalive,
        # The request limits (the porting check's request-limits spec): the longest request line it reads, and
        # what it does with a header name that has "_" (the setting exists since Gunicorn 22: None before).
        "limit_request_line": cfg.limit_request_line,
        "header_map": getattr(cfg, "header_map", None),
    }
    _say(f"effective config: {json.dumps(effective, sort_keys=True)}")


def post_worker_init(worker):
    if callable(_their_post_worker_init):
        _their_post_worker_init(worker)
    _say(f"worker ready (pid: {worker.pid})")
