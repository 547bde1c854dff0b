"""The tea room of examples/price-quote with its quote page fixed: it calls the function behind the price
API instead of the API over HTTP, so a quote needs no second worker, and ten at once are answered as one is.
"""
from flask import Flask, jsonify

app = Flask(__name__)
PRICES = {"tea": 3.5, "scone": 2.75, "cake": 4.0}


def price_list():
    return dict(PRICES)


@app.get("/api/prices")
def prices():
    return jsonify(price_list())


@app.get("/quote")
def quote():
    prices = price_list()
    total = prices["tea"] + prices["scone"]
    return f"<!doctype html><title>Quote</title><p>Tea and a scone: {total:.2f}</p>"


@app.get("/")
def index():
    return '<!doctype html><title>Tea room</title><h1>Tea room</h1><a href="/quote">A quote</a>'


if __name__ == "__main__":
    app.run(port=8000)
