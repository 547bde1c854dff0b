"""A notes API that wants an API key in a request header, named the way environment variables are named:
`X_API_KEY`. Its page's script sends it with fetch. Werkzeug before 2.3 and Gunicorn before 22 map the header
into the environ (HTTP_X_API_KEY), where request.headers.get("X_API_KEY") finds it; nginx drops every request
header whose name has an underscore (`underscores_in_headers off`, its default), so behind nginx the key never
arrives and every call answers 401. (Werkzeug 2.3 and Gunicorn 22 drop such headers too: on those the key
reaches the app on no server at all.) examples/api-key-header-fixed names the header X-Api-Key.
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
  fetch("/api/notes", { headers: { "X_API_KEY": "{{ key }}" } })
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
    if request.headers.get("X_API_KEY") != API_KEY:
        return jsonify(error="missing or wrong API key"), 401
    return jsonify(notes=NOTES)
