"""A prototype that starts its cleanup job when the module is imported, as APScheduler's and Flask-APScheduler's
quick starts show: one process on the dev server, one job. Under Gunicorn every worker imports the module,
so every worker runs the job (2 on the gunicorn stack, 4 behind nginx), and Flask's reloader runs it twice in
debug mode: the import-time-work row is red on dev-debug, gunicorn and nginx.
"""
from apscheduler.schedulers.background import BackgroundScheduler
from flask import Flask, jsonify

app = Flask(__name__)
expired = {"removed": 0}


def remove_expired_sessions():
    expired["removed"] += 1
    app.logger.warning("cleanup: removed expired sessions (%d runs)", expired["removed"])


scheduler = BackgroundScheduler()
scheduler.add_job(remove_expired_sessions, "interval", seconds=30)
scheduler.start()


@app.get("/")
def home():
    return "<h1>Sessions</h1><p>Expired sessions are removed every 30 s.</p>"


@app.get("/api/health")
def health():
    return jsonify(ok=True)
