"""orders-postgres fixed: a connection per request (flask.g, closed when the request ends), so every
worker talks to the server over sockets of its own, whatever Gunicorn forked. The table is still made at
import, over a connection closed at once; `preload_app = True` stays: it was never the fault.
"""
import os

import psycopg2
from flask import Flask, g, jsonify, redirect, request

app = Flask(__name__)


def connect():
    connection = psycopg2.connect(os.environ["DATABASE_URL"])
    connection.autocommit = True
    return connection


setup = connect()
with setup.cursor() as cursor:
    # Two replicas start at once, and CREATE TABLE IF NOT EXISTS is no lock: the second would fail on the
    # table's sequence the first is making. One at a time, under an advisory lock.
    cursor.execute("SELECT pg_advisory_lock(1)")
    cursor.execute(
        "CREATE TABLE IF NOT EXISTS orders (id SERIAL PRIMARY KEY, item TEXT NOT NULL, quantity INTEGER NOT NULL)"
    )
    cursor.execute("SELECT pg_advisory_unlock(1)")
setup.close()


@app.teardown_appcontext
def close(_error):
    connection = g.pop("db", None)
    if connection is not None:
        connection.close()


def query(sql, *args):
    if "db" not in g:
        g.db = connect()
    with g.db.cursor() as cursor:
        cursor.execute(sql, args)
        return cursor.fetchall() if cursor.description else []


@app.get("/")
def home():
    return (
        '<!doctype html><title>Orders</title><h1>Orders</h1><p><a href="/orders">All orders</a></p>'
        '<form method="post" action="/orders"><input name="item" required>'
        '<input name="quantity" type="number" value="1"><button>Order</button></form>'
    )


@app.get("/orders")
def orders():
    return jsonify(orders=[{"item": item, "quantity": quantity} for item, quantity in query("SELECT item, quantity FROM orders ORDER BY id")])


@app.post("/orders")
def add_order():
    item = request.form.get("item", "").strip()
    if not item:
        return jsonify(error="item is required"), 400
    query("INSERT INTO orders (item, quantity) VALUES (%s, %s)", item, int(request.form.get("quantity") or 1))
    return redirect("/", code=303)
