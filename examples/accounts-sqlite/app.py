"""Accounts and posts in a SQLite file inside the app's folder, written the way Flask's tutorial writes them:
register, log in, write a post, all through HTML forms. Gunicorn's workers share the one file; nginx's two
replicas each have their own, so an account made through one is unknown to the other: the user-journey
row is red behind nginx only. The fix is a database both replicas reach (PostgreSQL, MySQL): the fixed twin
(accounts-sqlite-fixed) keeps them in the PostgreSQL server the suite runs with HTTP_TEST_APP_DATABASE=postgres.
"""
import os
import sqlite3

from flask import Flask, g, redirect, request, session
from werkzeug.security import check_password_hash, generate_password_hash

app = Flask(__name__)
# One key for every process: a deployment sets SECRET_KEY; the stacks give each run one as HTTP_TEST_SECRET_KEY.
app.secret_key = os.environ.get("SECRET_KEY") or os.environ.get("HTTP_TEST_SECRET_KEY")
DATABASE = os.path.join(app.root_path, "accounts.sqlite")


def db():
    if "db" not in g:
        g.db = sqlite3.connect(DATABASE)
        g.db.execute("CREATE TABLE IF NOT EXISTS user (name TEXT UNIQUE, password TEXT)")
        g.db.execute("CREATE TABLE IF NOT EXISTS post (author TEXT, title TEXT)")
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
            "INSERT INTO user VALUES (?, ?)",
            (request.form["username"], generate_password_hash(request.form["password"])),
        )
        db().commit()
        return redirect("/login")
    return "<form method=post><input name=username><input name=password type=password><button>Register</button></form>"


@app.route("/login", methods=["GET", "POST"])
def login():
    error = ""
    if request.method == "POST":
        row = db().execute("SELECT password FROM user WHERE name = ?", (request.form["username"],)).fetchone()
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
