"""The shop of examples/report-export, the same code, deployed with threads per Gunicorn worker (its
gunicorn.conf.py beside it, which Gunicorn reads from the folder it starts in): a report holds one thread,
the other threads serve the shop meanwhile. The dev server started --without-threads still has one request
at a time: dev-nothreads stays red, as it is for any app with a slow route.
"""
import time

from flask import Flask, jsonify

app = Flask(__name__)
PRODUCTS = [{"id": 1, "name": "mug", "price": 8}, {"id": 2, "name": "shirt", "price": 20}]


@app.get("/")
def shop():
    items = "".join(f"<li>{p['name']}: {p['price']} EUR</li>" for p in PRODUCTS)
    return f"<!doctype html><title>Shop</title><h1>Shop</h1><ul>{items}</ul><a href='/report'>Monthly report</a>"


@app.get("/api/products")
def products():
    return jsonify(PRODUCTS)


@app.get("/report")
def report():
    # The figures come from another service that takes its time.
    time.sleep(2)
    return jsonify({"month": "2026-11", "orders": 42, "revenue": 1234})
