"""A prototype run with `flask --app app run --debug`, which logs what it does with app.logger.info: the lines
show in debug mode only. Under Gunicorn (and flask run without --debug) app.logger lets WARNING and above
through, and the lines vanish: the app-logs row is red everywhere but dev-debug.
"""
from flask import Flask, jsonify

app = Flask(__name__)
notes = ["buy milk", "call Ann"]


@app.get("/")
def home():
    app.logger.info("home page shown with %d notes", len(notes))
    return f"<h1>Notes</h1><p>{len(notes)} notes</p>"


@app.get("/api/notes")
def list_notes():
    app.logger.info("listed %d notes", len(notes))
    return jsonify(notes=notes)
