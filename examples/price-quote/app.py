"""A small tea room's quote page. The price list is an API its Vue page calls (/api/prices), and the quote
page reuses that API the quick way: over HTTP, from the server itself, at the address its author runs the
app on (port 8000, which is Gunicorn's default too, so the same address works under both). On the threaded
dev server another thread answers the inner call and nobody notices. A server with one thread has nobody to
answer it (the quote waits out its 5 s time-out, then fails); two sync workers answer one quote at a time
(one waits on the other), and ten quotes at once have every worker waiting on a call no worker is free to
take. The fixed twin calls the function behind the API.
"""
import json
import os
import urllib.request

from flask import Flask, jsonify

app = Flask(__name__)
API = os.environ.get("TEAROOM_API", "http://127.0.0.1:8000")
PRICES = {"tea": 3.5, "scone": 2.75, "cake": 4.0}


@app.get("/api/prices")
def prices():
    return jsonify(PRICES)


@app.get("/quote")
def quote():
    with urllib.request.urlopen(f"{API}/api/prices", timeout=5) as answer:
        prices = json.load(answer)
    total = prices["tea"] + prices["scone"]
    return f"<!doctype html><title>Quote</title><p>Tea and a scone: {total:.2f}</p>"


@app.get("/")
def index():
    return '<!doctype html><title>Tea room</title><h1>Tea room</h1><a href="/quote">A quote</a>'


if __name__ == "__main__":
    app.run(port=8000)
