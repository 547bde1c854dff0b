"""examples/login-limit with what can be fixed on this machine.

Fixed: the client's address. Behind nginx, request.remote_addr is nginx's address; ProxyFix with x_for=1
takes the client's from the X-Forwarded-For entry that the one proxy in front (nginx) appended, and trusts no
more entries than that, so a client cannot pick its own address by sending the header itself.

Not fixed here: the count itself. The limit must live in a storage every process shares, e.g.
RATELIMIT_STORAGE_URI=redis://redis:6379 with a Redis server all replicas reach. The stacks have no Redis
service and nothing may be fetched (Debian packages redis-server, but each replica is a container of its own,
and a Redis inside one of them is not shared by the other), so this twin keeps memory:// unless the variable
is set, and stays red on rate-limit-per-process under Gunicorn and nginx (expected-red.txt).
"""
import os

from flask import Flask, request
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from werkzeug.middleware.proxy_fix import ProxyFix

app = Flask(__name__)
app.wsgi_app = ProxyFix(app.wsgi_app, x_for=1)
limiter = Limiter(
    get_remote_address,
    app=app,
    headers_enabled=True,
    storage_uri=os.environ.get("RATELIMIT_STORAGE_URI", "memory://"),
)

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
