"""The chat room of examples/socketio-chat, deployed as Flask-SocketIO's deployment docs say: the app is the
same (threading mode, `socketio.run(app)` under __main__ for the dev server); gunicorn.conf.py beside it runs
one gthread worker with 100 threads, so every Engine.IO session lives in the one process and a WebSocket
holds a thread, not the worker; nginx.conf sends each client to one replica (ip_hash) and passes the
WebSocket upgrade (HTTP/1.1, Upgrade and Connection headers). More replicas than one need a message queue
between them (SocketIO(app, message_queue="redis://…")) for a broadcast to reach every client.
"""
import os

from flask import Flask, render_template_string
from flask_socketio import SocketIO, emit

app = Flask(__name__)
app.config["SECRET_KEY"] = os.environ.get("SECRET_KEY", "c6d1f0e2a9b84f3e8e1d5a7c2b9f4e60")
socketio = SocketIO(app)

PAGE = """<!doctype html>
<title>Chat</title>
<h1>Chat</h1>
<p>Messages arrive over Socket.IO (event "message", namespace "/").</p>
<ul id="messages"></ul>
"""


@app.get("/")
def index():
    return render_template_string(PAGE)


@socketio.on("connect")
def on_connect():
    emit("message", {"text": "welcome"})


@socketio.on("message")
def on_message(data):
    # Back to everyone in the room, the sender too.
    emit("message", data, broadcast=True)


if __name__ == "__main__":
    socketio.run(app)
