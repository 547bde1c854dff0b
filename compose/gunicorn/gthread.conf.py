# Stack "gunicorn-gthread": Gunicorn as in gunicorn.conf.py beside this file (the same workers, timeouts and
# hooks), each worker with a pool of threads. Edit the numbers here and re-run: the suite reads the values in
# force from the running server, as for gunicorn.conf.py.
import os

# Everything gunicorn.conf.py sets, hooks included; the settings below win.
with open(os.path.join(os.path.dirname(os.path.abspath(__file__)), "gunicorn.conf.py")) as _base:
    exec(compile(_base.read(), "gunicorn.conf.py", "exec"))

# Threads per worker: a thread takes a request while the worker's main loop goes on accepting connections,
# keeping idle ones (keepalive) and telling the master it is alive. Requests that wait (I/O, sleep) run side by
# side, up to threads per worker; computing, a worker's threads take turns on one interpreter lock.
# A worker accepts connections whether or not a thread is free: 8 threads, so that a burst the specs send to
# 2 workers fits in either worker alone.
worker_class = "gthread"
threads = 8
# How long a worker keeps an idle client connection open (Gunicorn's default; a sync worker never keeps one).
keepalive = 2
