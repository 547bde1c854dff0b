"""A shop's back office whose monthly report asks a slow service for the figures (2 s, here a sleep) inside
the request, as prototypes do. On the threaded dev server nobody notices: the report has a thread, the shop's
pages have others. Under Gunicorn's two sync workers, two people opening the report hold both workers and
every page of the shop waits until one report ends; nginx's four processes, four reports. The fixed twin
gives each worker threads (examples/report-export-fixed/gunicorn.conf.py).
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
