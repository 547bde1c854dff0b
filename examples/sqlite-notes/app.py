"""Notes in a SQLite file next to the app, created by a setup command before the server starts:
HTTP_TEST_APP_SETUP="python3 -m flask --app app init-db". Under Gunicorn every worker opens the same file,
so it works; behind nginx each replica (each container) has a file of its own, and a note written through
one replica is missing from reads served by the other. The porting check flags it on nginx (process-state);
the fix is a database server every replica reaches (PostgreSQL, MySQL), or one shared volume with care.
"""
import os
import sqlite3

import click
from flask import Flask, g, jsonify, request

app = Flask(__name__)
DATABASE = os.path.join(app.root_path, "notes.db")


def db() -> sqlite3.Connection:
    if "db" not in g:
        g.db = sqlite3.connect(DATABASE)
    return g.db


@app.teardown_appcontext
def close(_error):
    connection = g.pop("db", None)
    if connection is not None:
        connection.close()


@app.cli.command("init-db")
def init_db():
    """Creates the notes table (the step an app needs before it serves)."""
    with sqlite3.connect(DATABASE) as connection:
        connection.execute("CREATE TABLE IF NOT EXISTS notes (id INTEGER PRIMARY KEY, text TEXT NOT NULL)")
    click.echo(f"initialised {DATABASE}")


@app.get("/notes")
def list_notes():
    return jsonify(notes=[row[0] for row in db().execute("SELECT text FROM notes ORDER BY id")])


@app.post("/notes")
def add_note():
    data = request.get_json(silent=True) or request.form
    text = str(data.get("text", "")).strip()
    if not text:
        return jsonify(error="text is required"), 400
    db().execute("INSERT INTO notes (text) VALUES (?)", (text,))
    db().commit()
    return jsonify(ok=True), 201
