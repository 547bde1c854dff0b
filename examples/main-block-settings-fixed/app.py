"""The fixed twin of main-block-settings: every setting is made at import, and load_dotenv() runs there too, so
Gunicorn, flask run and `python app.py` all serve the same app. The __main__ block only starts the server.
"""
import os

from dotenv import load_dotenv
from flask import Flask, jsonify

load_dotenv()
app = Flask(__name__)
app.config["NOTES_PER_PAGE"] = 5
app.config["MAX_CONTENT_LENGTH"] = 1024 * 1024


@app.get("/")
def home():
    return f"<h1>{os.environ.get('NOTES_TITLE', 'Notes')}</h1><p>{app.config.get('NOTES_PER_PAGE', 20)} a page</p>"


@app.get("/api/settings")
def settings():
    return jsonify(per_page=app.config.get("NOTES_PER_PAGE", 20), upload_limit=app.config.get("MAX_CONTENT_LENGTH"))


if __name__ == "__main__":
    app.run(port=5001)
