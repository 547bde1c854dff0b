# Threads per worker: a slow request holds one thread, not the whole process.
workers = 2
worker_class = "gthread"
threads = 8
