# Written after a slow page held both sync workers: threads per worker, so a slow request holds one thread.
workers = 2
worker_class = "gthread"
threads = 8
