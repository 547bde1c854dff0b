"""The same export page, deployed so that it streams: each stream says X-Accel-Buffering: no, which tells nginx
to pass it on as it comes (whatever proxy_buffering says), and gunicorn.conf.py beside the app runs gthread
workers, whose timeout is not the length of one request, so the endless feed stays open. (Below: the broken
twin's description, examples/progress-stream.)

A photo shop's export page that shows its progress live, as Flask's "Streaming Contents" pattern and the
SSE tutorials write it: /export/progress is a generator response (text/event-stream) of six events over
about 3 s, and /events an endless feed of the shop's news with a heartbeat every second, so that a browser's
EventSource stays connected. On the dev server each event reaches the page as it is made. Behind nginx, with
its proxy_buffering on (the default), the events wait in nginx's buffer and arrive together at the end; under
Gunicorn's sync workers the endless feed holds a worker until Gunicorn's timeout kills it (30 s by default),
and holds it from the shop's other pages meanwhile. The fixed twin sends X-Accel-Buffering: no and runs gthread
workers (examples/progress-stream-fixed).
"""
import json
import time

from flask import Flask, Response, jsonify

app = Flask(__name__)

PAGE = """<!doctype html><title>Export</title><h1>Export your photos</h1>
<button id="export">Export</button> <progress id="bar" max="100" value="0"></progress> <span id="step">waiting</span>
<h2>News</h2> <button id="follow">Follow the news</button>
<ul id="news"></ul>
<script>
  document.getElementById("export").onclick = () => {
  const progress = new EventSource("/export/progress");
  progress.onmessage = (e) => {
    const d = JSON.parse(e.data);
    document.getElementById("bar").value = d.percent;
    document.getElementById("step").textContent = d.step;
    if (d.percent === 100) progress.close();
  };
  };
  document.getElementById("follow").onclick = () => {
  const news = new EventSource("/events");
  news.addEventListener("news", (e) => {
    const li = document.createElement("li");
    li.textContent = e.data;
    document.getElementById("news").append(li);
  });
  };
</script>"""

# nginx passes a response with this header on as it comes, whatever proxy_buffering says.
NO_PROXY_BUFFERING = {"X-Accel-Buffering": "no", "Cache-Control": "no-cache"}

STEPS = ["started", "collecting photos", "resizing", "packing", "uploading", "done"]


@app.get("/")
def page():
    return PAGE


@app.get("/api/status")
def status():
    return jsonify({"exports": "ready"})


@app.get("/export/progress")
def export_progress():
    def generate():
        for i, step in enumerate(STEPS):
            if i:
                time.sleep(0.6)  # the work of one step
            yield f"data: {json.dumps({'percent': i * 20, 'step': step})}\n\n"

    return Response(generate(), mimetype="text/event-stream", headers=NO_PROXY_BUFFERING)


@app.get("/events")
def events():
    def generate():
        yield "event: news\ndata: new frames in stock\n\n"
        while True:
            time.sleep(1)
            yield ": heartbeat\n\n"  # a comment line: keeps the connection (and proxies) from idling out

    return Response(generate(), mimetype="text/event-stream", headers=NO_PROXY_BUFFERING)
