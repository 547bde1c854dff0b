"""Loads Gunicorn's configuration for a user's app as the stacks will (gunicorn.conf.py beside this module, which
runs the user's own file), loads the worker class it names and imports the app, then prints the values in force
as JSON. Run once in a throw-away container before any stack starts (lib/porting/gunicorn-conf.ts): a broken
file is one line there, not a container that exits during start-up. A failure is printed as
"http-test-check: <what>" on the last line, exit status 1."""
import json
import sys

from gunicorn.app.wsgiapp import WSGIApplication

sys.argv = ["gunicorn", "--config", "/srv/http-test/gunicorn.conf.py"]
# Gunicorn's own loading: a file that does not run, or a value it refuses, ends the process with its message.
application = WSGIApplication("%(prog)s [OPTIONS] [APP_MODULE]")
cfg = application.cfg
try:
    cfg.worker_class
except Exception as error:  # Gunicorn's message spans lines: say what failed, and why, in one.
    cause = error.__cause__ or error.__context__
    why = f" ({type(cause).__name__}: {cause})" if cause else ""
    print(f"http-test-check: worker_class {cfg.worker_class_str!r} cannot be loaded{why}", file=sys.stderr)
    sys.exit(1)
application.load()
shown = ["workers", "worker_class", "threads", "timeout", "graceful_timeout", "max_requests", "preload_app", "keepalive"]
print(json.dumps({name: cfg.settings[name].get() for name in shown}, default=str))
