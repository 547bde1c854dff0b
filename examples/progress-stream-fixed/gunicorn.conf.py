# Threads per worker: a stream holds one thread, not the whole process, and a gthread worker tells the master
# it is alive from its main loop, so Gunicorn's timeout does not end an open stream.
workers = 2
worker_class = "gthread"
threads = 8
