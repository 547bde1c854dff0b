"""An app that ports cleanly: no state in the process, no secret key made per process (it uses no sessions;
one that did would read SECRET_KEY from the environment), fast routes, relative redirects. It passes the
porting check on every stack.
"""
import os

from flask import Flask, jsonify, redirect, request

app = Flask(__name__)
app.secret_key = os.environ.get("SECRET_KEY")  # the same for every process, or none


@app.get("/")
def home():
    return "<h1>Clean</h1><p>Nothing here depends on which process answers.</p>"


@app.get("/api/hello")
def hello():
    return jsonify(message="hello")


@app.get("/old-home")
def old_home():
    return redirect("/")


@app.post("/api/echo")
def echo():
    return jsonify(received=request.get_json(silent=True))
