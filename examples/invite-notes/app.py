"""A team's notes: joining needs the team's invitation code and ticking the terms, so the porting check cannot
guess its way in (it would type the user name into the code and leave the box empty: refused). The app's
scenario file (http-test-scenario.yml beside it) says what a user types, and the user journey follows it:
register, log in, write a note, read it back. Accounts and notes live in a SQLite file inside the app's
folder: Gunicorn's workers share it, nginx's two replicas each have their own, so the journey is red behind
nginx only. The fix is a database both replicas reach, which the stacks here do not run: no fixed twin.
"""
import os
import sqlite3

from flask import Flask, g, redirect, request, session
from werkzeug.security import check_password_hash, generate_password_hash

app = Flask(__name__)
app.secret_key = os.environ.get("SECRET_KEY") or os.environ.get("HTTP_TEST_SECRET_KEY")
# Not a secret: what the team lead hands out; a wrong one is refused.
INVITATION = "team-2026"
DATABASE = os.path.join(app.root_path, "notes.sqlite")


def db():
    if "db" not in g:
        g.db = sqlite3.connect(DATABASE)
        g.db.execute("CREATE TABLE IF NOT EXISTS member (name TEXT UNIQUE, password TEXT)")
        g.db.execute("CREATE TABLE IF NOT EXISTS note (author TEXT, title TEXT, body TEXT)")
    return g.db


@app.teardown_appcontext
def close(_error):
    if "db" in g:
        g.pop("db").close()


def page(body):
    return f"<!doctype html><title>Team notes</title><nav><a href='/'>Notes</a> <a href='/join'>Join</a> <a href='/signin'>Sign in</a> <a href='/notes/new'>New note</a></nav>{body}"


@app.get("/")
def index():
    if "member" not in session:
        return page("<p>Sign in to read the team's notes.</p>")
    notes = db().execute("SELECT author, title, body FROM note").fetchall()
    return page("<ul>" + "".join(f"<li><b>{t}</b> by {a}: {b}</li>" for a, t, b in notes) + "</ul>")


@app.route("/join", methods=["GET", "POST"])
def join():
    error = ""
    if request.method == "POST":
        form = request.form
        if form.get("invitation") != INVITATION:
            error = "<p class=error>That is not the team's invitation code.</p>"
        elif form.get("terms") != "yes":
            error = "<p class=error>Please accept the terms.</p>"
        else:
            db().execute("INSERT INTO member VALUES (?, ?)", (form["name"], generate_password_hash(form["secret"])))
            db().commit()
            return redirect("/signin")
    return page(
        f"{error}<form method=post><label>Name <input name=name required></label>"
        "<label>Password <input name=secret type=password required></label>"
        "<label>Invitation code <input name=invitation required></label>"
        "<label><input type=checkbox name=terms value=yes> I accept the terms</label><button>Join</button></form>"
    )


@app.route("/signin", methods=["GET", "POST"])
def signin():
    error = ""
    if request.method == "POST":
        row = db().execute("SELECT password FROM member WHERE name = ?", (request.form["name"],)).fetchone()
        if row and check_password_hash(row[0], request.form["secret"]):
            session["member"] = request.form["name"]
            return redirect("/")
        error = "<p class=error>Unknown name or wrong password.</p>"
    return page(
        f"{error}<form method=post><input name=name><input name=secret type=password><button>Sign in</button></form>"
    )


@app.route("/notes/new", methods=["GET", "POST"])
def new_note():
    if "member" not in session:
        return redirect("/signin")
    if request.method == "POST":
        db().execute(
            "INSERT INTO note VALUES (?, ?, ?)", (session["member"], request.form["title"], request.form["body"])
        )
        db().commit()
        return redirect("/")
    return page("<form method=post><input name=title><textarea name=body></textarea><button>Save</button></form>")
