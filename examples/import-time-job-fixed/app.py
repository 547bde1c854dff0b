"""The fixed twin of import-time-job: the web app starts no scheduler. The job runs in a process of its own,
started once beside the web server (`python jobs.py`), however many workers and replicas serve requests.
"""
from flask import Flask, jsonify

app = Flask(__name__)


@app.get("/")
def home():
    return "<h1>Sessions</h1><p>Expired sessions are removed every 30 s, by jobs.py.</p>"


@app.get("/api/health")
def health():
    return jsonify(ok=True)
