"""A chat room with Flask-SocketIO, written the way its quick start writes one: `socketio = SocketIO(app)`,
the async mode left to Flask-SocketIO (threading here: neither eventlet nor gevent is installed) and
`socketio.run(app)` under __main__. On the dev server it works: one process holds every Engine.IO session.
Under Gunicorn's 2 sync workers, and behind nginx's round robin over 2 replicas, the polls of one session
land in a process that never opened it ("Session ID unknown", 400), and a sync worker cannot hold a
WebSocket; nginx without the Upgrade headers cannot pass one either. examples/socketio-chat-fixed is the
same app deployed with one gevent worker and a sticky nginx upstream that passes the upgrade.
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
