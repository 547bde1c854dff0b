# The one Gunicorn configuration, read by the gunicorn stack and by both replicas of the nginx stack.
# fixtures/stacks.ts describes the same numbers; the specs check the running servers against it.

wsgi_app = "app:app"
chdir = "/srv/app"
bind = "0.0.0.0:8000"

# Sync workers: one request at a time per process. Two of them is what makes the difference visible
# on a 2-core machine (CPU work runs in parallel, a third concurrent request waits).
workers = 2
worker_class = "sync"

# Logs go to the container's stdout/stderr so `docker logs` (and the specs) can read them.
accesslog = "-"
errorlog = "-"
loglevel = "info"
