"""Share links, written the way a prototype writes them: every absolute URL built with
url_for(..., _external=True) (a page's share link and its copy box, a JSON API's "self" and "url", a redirect),
and nothing that tells Flask it may sit behind a proxy. On the dev server and under Gunicorn published
directly, the request Flask sees is the client's own, so the links are right. Behind nginx, Flask sees
nginx's request: Host without the published port (`$host`), plain http after TLS ends; every link loses the
port, and over HTTPS the TLS too. examples/share-links-fixed is the same app with ProxyFix.
"""
from flask import Flask, abort, jsonify, redirect, render_template_string, url_for

app = Flask(__name__)

NOTES = {"welcome": "Welcome to the notes.", "recipes": "Bread: flour, water, salt, time."}

PAGE = """<!doctype html>
<title>Notes</title>
<h1>Notes</h1>
<ul>
{% for slug in notes %}
  <li><a href="{{ url_for('note', slug=slug) }}">{{ slug }}</a>
      (share: <a class="share" href="{{ url_for('note', slug=slug, _external=True) }}">link</a>)</li>
{% endfor %}
</ul>
<p>Copy this link to share the first note:
  <input readonly value="{{ url_for('note', slug='welcome', _external=True) }}"></p>
<p>Built with <a href="https://flask.palletsprojects.com/">Flask</a>.</p>
"""


@app.get("/")
def home():
    return render_template_string(PAGE, notes=NOTES)


@app.get("/notes/<slug>")
def note(slug):
    if slug not in NOTES:
        abort(404)
    return f"<h1>{slug}</h1><p>{NOTES[slug]}</p><p><a href='{url_for('home')}'>all notes</a></p>"


@app.get("/api/notes")
def api_notes():
    return jsonify(
        {
            "self": url_for("api_notes", _external=True),
            "notes": [{"slug": s, "url": url_for("note", slug=s, _external=True)} for s in NOTES],
            "docs": "https://flask.palletsprojects.com/en/latest/api/#flask.url_for",
        }
    )


@app.get("/latest")
def latest():
    return redirect(url_for("note", slug="recipes", _external=True))
