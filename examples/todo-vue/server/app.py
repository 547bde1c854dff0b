"""A Flask + Vue to-do list, as a prototype is often written: the list lives in a module-level Python list.
On the dev server (one process) every request sees every item. Under Gunicorn each worker has its own list,
and behind nginx each replica too: an item added through one is missing from reads served by another.
The porting check flags it (process-state); the fix is to keep the items in a database every process shares.
"""
import os

from flask import Flask, abort, jsonify, request, send_from_directory
from flask_cors import CORS

DIST = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "client", "dist")

app = Flask(__name__, static_folder=None)
CORS(app)

ITEMS: list[str] = []  # the state that lives in one process


@app.get("/api/items")
def list_items():
    return jsonify(items=ITEMS)


@app.post("/api/items")
def add_item():
    data = request.get_json(silent=True) or {}
    text = str(data.get("text", "")).strip()
    if not text:
        abort(400)
    ITEMS.append(text)
    return jsonify(items=ITEMS), 201


# The built Vue page, served by the app itself (on the dev server there is nothing else to serve it).
@app.get("/")
def page():
    return send_from_directory(DIST, "index.html")


@app.get("/assets/<path:name>")
def assets(name: str):
    return send_from_directory(os.path.join(DIST, "assets"), name)
