"""A reading list: a Flask JSON API under /api and a Vue 3 page with vue-router's history mode (client/, built
into client/dist), the way Flask + Vue tutorials make it. On the author's machine Vite's dev server answers
every address with the page, so /books and /about open fine, typed in, reloaded or bookmarked. Deployed
behind nginx, a path that is no file of the build goes to the app, which has no such route: 404 on reload.
The fixed twin (examples/books-spa-fixed) deploys it with a site that falls back to index.html.
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
