# The shop's Gunicorn settings: the app imported once, in the master, before the workers are forked.
preload_app = True
workers = 2
