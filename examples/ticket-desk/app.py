"""A small ticket desk: people book a seat for a talk, the app stores it in SQLite and mails a confirmation.
The mail server takes its time (2 s, here a sleep), and the booking is committed after the mail went out,
inside the same transaction, as prototypes do. Its author, booking alone on the dev server, waits 2 s and
sees the seat. With ten people booking at once, each write holds SQLite's write lock for 2 s, the others
wait, and those that wait past the connection's 5 s busy timeout get "database is locked" and a 500: on the
threaded dev server, and under Gunicorn with threads (the gunicorn.conf.py beside it, written after a slow
page held its sync workers); under sync workers less often, but too. The fixed twin commits before mailing.
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
    send_confirmation(name)
    db.commit()
    return redirect("/")
