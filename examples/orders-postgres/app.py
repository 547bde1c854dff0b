"""A small shop's orders in PostgreSQL (DATABASE_URL), the way a prototype opens its database: one
connection when the module is imported, and the table made there too. Its gunicorn.conf.py has
`preload_app = True` (the app is imported once, in the master, and the workers are forked from it: a quicker
start and less memory). On the dev server one process owns the connection and psycopg2 takes its threads in
turn. Under Gunicorn every worker inherits the master's one connection, the same socket to the server: two
workers' queries at once interleave on it and each may read the other's answer: rows of another query (an
IndexError, a 500), or none, and the worker waits until Gunicorn's timeout kills it. Requests one at a time
never show it, nor does the page at /, which asks no query. The fixed twin opens a connection per request,
after the fork.
"""
import os

import psycopg2
from flask import Flask, jsonify, redirect, request

app = Flask(__name__)
db = psycopg2.connect(os.environ["DATABASE_URL"])
db.autocommit = True
with db.cursor() as cursor:
    # Two replicas start at once, and CREATE TABLE IF NOT EXISTS is no lock: the second would fail on the
    # table's sequence the first is making. One at a time, under an advisory lock.
    cursor.execute("SELECT pg_advisory_lock(1)")
    cursor.execute(
        "CREATE TABLE IF NOT EXISTS orders (id SERIAL PRIMARY KEY, item TEXT NOT NULL, quantity INTEGER NOT NULL)"
    )
    cursor.execute("SELECT pg_advisory_unlock(1)")


def query(sql, *args):
    with db.cursor() as cursor:
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
