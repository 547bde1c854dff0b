"""Team notes with a CSRF-protected form (Flask-WTF), hardened as the guides say: ProxyFix, because it runs
behind nginx that ends TLS (Flask's docs, "Tell Flask it is behind a proxy"), and a strict Referrer-Policy
among its security headers. On the dev server and under Gunicorn (plain HTTP) the note form works. Behind
nginx over HTTPS, ProxyFix makes `request.is_secure` true, so Flask-WTF adds its referrer check
(WTF_CSRF_SSL_STRICT, on by default), and the browser, told `Referrer-Policy: no-referrer`, sends no Referer
with the POST: every note is refused, 400 "The referrer header is missing." (pallets-eco/flask-wtf#223,
#288). The porting check flags it (https-forms); examples/csrf-notes-fixed is the twin with
`Referrer-Policy: same-origin`, which keeps the referrer from other sites and sends it to the app itself.
The notes are in a SQLite file in data/, which the example shares between replicas (HTTP_TEST_SHARED_DIRS).
"""
import os
import sqlite3

from flask import Flask, redirect, render_template_string, url_for
from flask_wtf import FlaskForm
from flask_wtf.csrf import CSRFProtect
from werkzeug.middleware.proxy_fix import ProxyFix
from wtforms import TextAreaField
from wtforms.validators import DataRequired, Length

app = Flask(__name__)
app.config["SECRET_KEY"] = os.environ.get("NOTES_SECRET_KEY", "csrf-notes-example-4b1d7e90c2")
app.wsgi_app = ProxyFix(app.wsgi_app, x_for=1, x_proto=1, x_host=1)
csrf = CSRFProtect(app)

DB = os.path.join(os.path.dirname(os.path.abspath(__file__)), "data", "notes.db")

PAGE = """<!doctype html><title>Team notes</title>
<h1>Team notes</h1>
<form method="post" action="{{ url_for('add_note') }}">
  {{ form.csrf_token }}
  <label>Note {{ form.body(rows=3) }}</label>
  <button>Save</button>
</form>
<ul>{% for body in notes %}<li>{{ body }}</li>{% endfor %}</ul>
"""


class NoteForm(FlaskForm):
    body = TextAreaField("Note", validators=[DataRequired(), Length(max=500)])


def db():
    connection = sqlite3.connect(DB, timeout=5)
    connection.execute("CREATE TABLE IF NOT EXISTS notes (id INTEGER PRIMARY KEY, body TEXT NOT NULL)")
    return connection


@app.after_request
def security_headers(response):
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Referrer-Policy"] = "no-referrer"
    return response


@app.get("/")
def home():
    with db() as connection:
        notes = [row[0] for row in connection.execute("SELECT body FROM notes ORDER BY id DESC LIMIT 20")]
    return render_template_string(PAGE, form=NoteForm(), notes=notes)


@app.post("/notes")
def add_note():
    form = NoteForm()
    if not form.validate_on_submit():
        return render_template_string(PAGE, form=form, notes=[]), 422
    with db() as connection:
        connection.execute("INSERT INTO notes (body) VALUES (?)", (form.body.data,))
    return redirect(url_for("home"))
