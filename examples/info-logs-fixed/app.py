"""The fixed twin of info-logs: the level is set at import (logging.basicConfig), not by debug mode, so
every server logs the same lines as `flask run --debug`.
"""
import logging

from flask import Flask, jsonify

logging.basicConfig(level=logging.INFO)

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
