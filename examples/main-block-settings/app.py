"""A prototype that works as its author runs it, `python app.py`, and loses its settings under Gunicorn: they
are made in the __main__ block, and its .env is read there too (load_dotenv), which Gunicorn never runs.
The porting check's startup-code row is red on every stack that imports the module instead (flask run,
Gunicorn, nginx's replicas), green on dev, which runs `python app.py` as the author does.
"""
import os

from dotenv import load_dotenv
from flask import Flask, jsonify

app = Flask(__name__)


@app.get("/")
def home():
    return f"<h1>{os.environ.get('NOTES_TITLE', 'Notes')}</h1><p>{app.config.get('NOTES_PER_PAGE', 20)} a page</p>"


@app.get("/api/settings")
def settings():
    return jsonify(per_page=app.config.get("NOTES_PER_PAGE", 20), upload_limit=app.config.get("MAX_CONTENT_LENGTH"))


if __name__ == "__main__":
    load_dotenv()
    app.config["NOTES_PER_PAGE"] = 5
    app.config["MAX_CONTENT_LENGTH"] = 1024 * 1024
    app.run(port=5001)
