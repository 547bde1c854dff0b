# Flask-SocketIO's deployment docs: one worker (an Engine.IO session lives in the process that opened it),
# threads for the connections it holds (a WebSocket keeps its thread while it is open).
workers = 1
worker_class = "gthread"
threads = 100
