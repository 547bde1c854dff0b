"""A reading list's JSON API for a Vue front end served by another server (Vite's dev server on
http://localhost:5173 while building, a static host later), allowed with Flask-CORS as its docs show. On the
dev server every error is the app's own, with Access-Control-Allow-Origin, so the page shows "413: too
large" or "404". Behind nginx a cover image over 1 MiB gets nginx's own 413, and under Gunicorn a long
search its own 400: neither went through the app, neither has the header, and the page's fetch only says
"Failed to fetch". The fixed twin gives the API the limits it needs (examples/cors-api-fixed).
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
