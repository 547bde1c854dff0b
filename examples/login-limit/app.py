"""A login form with a rate limit, as a prototype adds one: Flask-Limiter with its default storage
(memory://, a dict inside the process) and its default key (request.remote_addr). On the dev server (one
process, clients connecting to it directly) it does what it says. Under Gunicorn each worker counts on its
own, so 2 workers let twice the attempts through; behind nginx every client arrives from nginx's address, so
one client's failed logins lock out everybody. The porting check flags both (rate-limit-per-process,
client-address); examples/login-limit-fixed is the twin with what can be fixed here.
A real login limit would say "5 per minute"; 15 seconds keeps the example's check quick.
"""
from flask import Flask, request
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address

app = Flask(__name__)
limiter = Limiter(get_remote_address, app=app, headers_enabled=True)

USERS = {"alice": "correct horse battery staple"}


@app.get("/")
def home():
    return "<h1>Shop</h1><a href=/login>Log in</a>"


@app.route("/login", methods=["GET", "POST"])
@limiter.limit("5 per 15 seconds")
def login():
    if request.method == "GET":
        return "<form method=post><input name=user><input name=password type=password><button>Log in</button></form>"
    user = request.form.get("user", "")
    if user in USERS and USERS[user] == request.form.get("password"):
        return "welcome"
    return "wrong user or password", 401
