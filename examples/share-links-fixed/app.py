"""examples/share-links with one change: the app trusts the one proxy in front (Werkzeug's ProxyFix), so
behind nginx it builds its links from X-Forwarded-Proto and X-Forwarded-Host (the client's scheme, host and
port) instead of nginx's own request. Every absolute URL it writes is then the address the client used, on
every stack. ProxyFix believes those headers from whoever sends them: only where exactly one proxy you run
stands in front (on the dev stacks nobody sends them, and a client that did could choose the links' host).
"""
from flask import Flask, abort, jsonify, redirect, render_template_string, url_for
from werkzeug.middleware.proxy_fix import ProxyFix

app = Flask(__name__)
app.wsgi_app = ProxyFix(app.wsgi_app, x_for=1, x_proto=1, x_host=1)

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
