# The one Gunicorn configuration, read by the gunicorn stack and by both replicas of the nginx stack.
# Edit any number here and re-run: the suite reads the values in force from the line `when_ready` logs
# (lib/stacks/readiness.ts), so every expectation follows this file. Keep the two hooks at the end.

# The probe app by default; a user's app (HTTP_TEST_APP) through http_test_stamp, which wraps it.
import os

wsgi_app = os.environ.get("HTTP_TEST_WSGI_APP") or "app:app"
chdir = "/srv/app"
bind = "0.0.0.0:8000"

# Sync workers: one request at a time per process. Two of them is what makes the difference visible
# on a 2-core machine (CPU work runs in parallel, a third concurrent request waits).
workers = 2
worker_class = "sync"

# Short limits so the specs that cross them stay fast (Gunicorn's defaults: 30 s, 30 s, no recycling).
# A sync worker silent for longer than `timeout` is killed and replaced ("WORKER TIMEOUT").
timeout = 4
# On SIGTERM (and on HUP for old workers) in-flight requests get this long to finish.
graceful_timeout = 5
# Each worker is replaced after this many requests (no jitter, so the count is exact).
max_requests = 300
max_requests_jitter = 0

# Logs go to the container's stdout/stderr so `docker logs` (and the specs) can read them.
accesslog = "-"
errorlog = "-"
loglevel = "info"


def when_ready(server):
    """Logs the values in force (before any worker starts): the suite derives its expectations from them."""
    import json

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
    }
    server.log.info("effective config: %s", json.dumps(effective, sort_keys=True))


def post_worker_init(worker):
    """Logged once a worker has loaded the app and is about to accept requests ("Booting worker" comes before
    the app is imported): the suite waits for one such line per worker before it sends anything."""
    worker.log.info("worker ready (pid: %s)", worker.pid)
