"""accounts-sqlite fixed: the same accounts and posts in PostgreSQL (DATABASE_URL; the suite runs one server
per stack with HTTP_TEST_APP_DATABASE=postgres), which both of nginx's replicas reach, as a deployment's
database is. Still a connection per request (flask.g), as the tutorial has it.
"""
import os

import psycopg2
from flask import Flask, g, redirect, request, session
from werkzeug.security import check_password_hash, generate_password_hash

app = Flask(__name__)
# One key for every process: a deployment sets SECRET_KEY; the stacks give each run one as HTTP_TEST_SECRET_KEY.
app.secret_key = os.environ.get("SECRET_KEY") or os.environ.get("HTTP_TEST_SECRET_KEY")


def connect():
    return psycopg2.connect(os.environ["DATABASE_URL"])


# The tables, once, when the module is imported; two replicas start at once, so one after the other.
with connect() as setup, setup.cursor() as cursor:
    cursor.execute("SELECT pg_advisory_xact_lock(1)")
    cursor.execute("CREATE TABLE IF NOT EXISTS users (name TEXT UNIQUE, password TEXT)")
    cursor.execute("CREATE TABLE IF NOT EXISTS post (author TEXT, title TEXT)")
setup.close()


class Db:
    """sqlite3's connection.execute(...).fetchall() over a psycopg2 connection, so the views read the same."""

    def __init__(self):
        self.connection = connect()

    def execute(self, sql, args=()):
        cursor = self.connection.cursor()
        cursor.execute(sql.replace("?", "%s"), args)
        return cursor

    def commit(self):
        self.connection.commit()

    def close(self):
        self.connection.close()


def db():
    if "db" not in g:
        g.db = Db()
    return g.db


@app.teardown_appcontext
def close(_error):
    if "db" in g:
        g.pop("db").close()


@app.get("/")
def index():
    posts = db().execute("SELECT author, title FROM post").fetchall()
    items = "".join(f"<li>{title} by {author}</li>" for author, title in posts)
    return f"<h1>Posts</h1><a href='/register'>Register</a> <a href='/login'>Log in</a><ul>{items}</ul>"


@app.route("/register", methods=["GET", "POST"])
def register():
    if request.method == "POST":
        db().execute(
            "INSERT INTO users VALUES (?, ?)",
            (request.form["username"], generate_password_hash(request.form["password"])),
        )
        db().commit()
        return redirect("/login")
    return "<form method=post><input name=username><input name=password type=password><button>Register</button></form>"


@app.route("/login", methods=["GET", "POST"])
def login():
    error = ""
    if request.method == "POST":
        row = db().execute("SELECT password FROM users WHERE name = ?", (request.form["username"],)).fetchone()
        if row and check_password_hash(row[0], request.form["password"]):
            session["user"] = request.form["username"]
            return redirect("/")
        error = "<p>Incorrect username or password.</p>"
    return f"{error}<form method=post><input name=username><input name=password type=password><button>Log in</button></form>"


@app.route("/create", methods=["GET", "POST"])
def create():
    if "user" not in session:
        return redirect("/login")
    if request.method == "POST":
        db().execute("INSERT INTO post VALUES (?, ?)", (session["user"], request.form["title"]))
        db().commit()
        return redirect("/")
    return "<form method=post><input name=title><button>Post</button></form>"
