# Stack "gunicorn-gevent": Gunicorn as in gunicorn.conf.py beside this file (the same workers, timeouts and
# hooks), each worker running requests as greenlets (gevent). Edit the numbers here and re-run: the suite reads
# the values in force from the running server, as for gunicorn.conf.py.
import os

# Everything gunicorn.conf.py sets, hooks included; the settings below win.
with open(os.path.join(os.path.dirname(os.path.abspath(__file__)), "gunicorn.conf.py")) as _base:
    exec(compile(_base.read(), "gunicorn.conf.py", "exec"))

# Greenlets: the worker patches the standard library (sockets, sleep, locks) so that a request that waits
# yields to the others; one thread, one interpreter loop. Requests that wait run side by side, up to
# worker_connections per worker; a request that computes holds the whole worker, its heartbeat included, so
# `timeout` kills a worker whose handler computes longer than that (and not one whose handler waits).
worker_class = "gevent"
worker_connections = 100
# How long a worker keeps an idle client connection open (Gunicorn's default; a sync worker never keeps one).
keepalive = 2
