"""A notes search with a GET form, the way search forms are written: the query in the URL, so that a search
can be bookmarked and shared. Its box is a textarea ("paste a paragraph to find notes like it"): a user who
pastes a long text sends a long request line. The dev server reads request lines up to 64 KiB; Gunicorn's
`limit_request_line` is 4094 bytes by default, and it answers a longer one with its own 400 Bad Request
before the app sees it (nginx in front passes up to its 8 KiB header buffers on to Gunicorn, which refuses it
the same). examples/long-search-fixed raises the limit in a gunicorn.conf.py beside the app.
"""
from flask import Flask, render_template_string, request

app = Flask(__name__)

NOTES = [
    "Bread: flour, water, salt and time; fold the dough every half hour.",
    "Flask's url_for builds links from the request it serves.",
    "Gunicorn runs several worker processes, each with its own memory.",
    "nginx buffers the request before it passes it on to the app.",
]

HOME = """<!doctype html>
<title>Notes search</title>
<h1>Search the notes</h1>
<form action="{{ url_for('search') }}">
  <p><textarea name="q" rows="6" cols="70" placeholder="Paste a paragraph to find notes like it"></textarea></p>
  <p><label>Sort by <select name="sort"><option>relevance</option><option>length</option></select></label>
  <button>Search</button></p>
</form>
<p>Or try: <a href="{{ url_for('search', q='flask links') }}">flask links</a></p>
"""

RESULTS = """<!doctype html>
<title>Search results</title>
<h1>{{ hits|length }} notes like "{{ shown }}"</h1>
<ul>{% for note in hits %}<li>{{ note }}</li>{% endfor %}</ul>
<p><a href="{{ url_for('home') }}">Search again</a></p>
"""


def words(text):
    return {w.strip(".,;:'\"").lower() for w in text.split() if len(w) > 3}


@app.get("/")
def home():
    return render_template_string(HOME)


@app.get("/search")
def search():
    query = request.args.get("q", "")
    wanted = words(query)
    hits = [note for note in NOTES if wanted & words(note)]
    if request.args.get("sort") == "length":
        hits.sort(key=len)
    shown = query if len(query) <= 60 else query[:57] + "..."
    return render_template_string(RESULTS, hits=hits, shown=shown)
