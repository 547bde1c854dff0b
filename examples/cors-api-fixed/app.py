"""The fixed twin of examples/cors-api: the same API, deployed with the limits it needs, a gunicorn.conf.py
(limit_request_line) and an nginx site (client_max_body_size), so what a page of another origin sends
reaches the app, and every error it meets is the app's own, with Access-Control-Allow-Origin.
"""
from flask import Flask, jsonify, request
from flask_cors import CORS

app = Flask(__name__)
CORS(app, resources={r"/api/*": {"origins": ["http://localhost:5173", "https://books.example"]}})
app.config["MAX_CONTENT_LENGTH"] = 8 * 1024 * 1024  # covers up to 8 MiB

BOOKS = [{"id": 1, "title": "Dune"}, {"id": 2, "title": "Emma"}]


@app.get("/api/books")
def books():
    q = request.args.get("q", "").lower()
    return jsonify([b for b in BOOKS if q in b["title"].lower()])


@app.post("/api/books")
def add_cover():
    data = request.get_data()
    if not data:
        return jsonify({"error": "empty cover"}), 400
    return jsonify({"stored": len(data)}), 201
