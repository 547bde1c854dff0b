"""The fixed twin of examples/ticket-desk: the booking is committed before the slow mail goes out, so a
write holds SQLite's lock for milliseconds, not 2 s, and ten bookings at once all land, on every server.
"""
import os
import sqlite3
import time

from flask import Flask, g, redirect, request

app = Flask(__name__)
DB = os.path.join(os.path.dirname(os.path.abspath(__file__)), "tickets.db")


def get_db():
    if "db" not in g:
        g.db = sqlite3.connect(DB)
    return g.db


@app.teardown_appcontext
def close_db(exception):
    db = g.pop("db", None)
    if db is not None:
        db.close()


with sqlite3.connect(DB) as setup:
    setup.execute("CREATE TABLE IF NOT EXISTS bookings (id INTEGER PRIMARY KEY, name TEXT NOT NULL)")


def send_confirmation(name):
    # The mail server answers slowly.
    time.sleep(2)


@app.get("/")
def index():
    rows = get_db().execute("SELECT name FROM bookings ORDER BY id DESC LIMIT 20").fetchall()
    booked = "".join(f"<li>{name}</li>" for (name,) in rows)
    return (
        "<!doctype html><title>Ticket desk</title><h1>Book a seat</h1>"
        "<form method=post action=/book><input name=name required><button>Book</button></form>"
        f"<ul>{booked}</ul>"
    )


@app.post("/book")
def book():
    name = request.form["name"]
    db = get_db()
    db.execute("INSERT INTO bookings (name) VALUES (?)", (name,))
    db.commit()  # before the slow part: the write lock is released here
    send_confirmation(name)
    return redirect("/")
