"""The reading list of examples/books-spa, the same app and the same built page, deployed with the site a
single-page app needs (books.conf beside it): a file of the build from disk, the API from the app, and every
other path answered with index.html, so the router opens /books and /about on a reload or from a bookmark.
"""
from flask import Flask, jsonify

app = Flask(__name__)
BOOKS = (
    {"id": 1, "title": "On the Road", "author": "Jack Kerouac"},
    {"id": 2, "title": "Green Eggs and Ham", "author": "Dr. Seuss"},
)


@app.get("/api/books")
def books():
    return jsonify(list(BOOKS))


@app.get("/api/health")
def health():
    return jsonify(status="ok")
