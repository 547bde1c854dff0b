"""examples/api-key-header with the fix: the header is named with hyphens, X-Api-Key, in the page's script and
in the app. Every server maps it into the environ (HTTP_X_API_KEY) and nginx passes it on, so the page's
calls answer 200 on every stack. (The other fix, nginx's `underscores_in_headers on;` in the server block,
leaves the app broken under Werkzeug 2.3+ and Gunicorn 22+, which drop such headers themselves.)
"""
import os

from flask import Flask, jsonify, render_template_string, request

app = Flask(__name__)

# A key for the page's own calls, as a prototype ships it; a real one comes from the environment.
API_KEY = os.environ.get("NOTES_API_KEY", "notes-demo-key-2f9c")

NOTES = ["Bread: flour, water, salt, time.", "Call the plumber on Monday."]

PAGE = """<!doctype html>
<title>Notes</title>
<h1>Notes</h1>
<ul id="notes"><li>loading…</li></ul>
<script>
  fetch("/api/notes", { headers: { "X-Api-Key": "{{ key }}" } })
    .then((r) => (r.ok ? r.json() : Promise.reject(new Error("API answered " + r.status))))
    .then((data) => {
      document.getElementById("notes").innerHTML = data.notes.map((n) => "<li>" + n + "</li>").join("");
    })
    .catch((e) => {
      document.getElementById("notes").innerHTML = "<li>" + e.message + "</li>";
    });
</script>
"""


@app.get("/")
def page():
    return render_template_string(PAGE, key=API_KEY)


@app.get("/api/notes")
def notes():
    if request.headers.get("X-Api-Key") != API_KEY:
        return jsonify(error="missing or wrong API key"), 401
    return jsonify(notes=NOTES)
