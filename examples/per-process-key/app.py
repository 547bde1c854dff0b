"""Logging in with a secret key made when the process starts, as tutorials sometimes show it:
`app.secret_key = os.urandom(24)`. On the dev server (one process) it works. Under Gunicorn every worker
makes its own key, so a session cookie signed by one worker is garbage to the next: users are logged out
at random. The porting check flags it (session-key); the fix is one SECRET_KEY from the environment.
"""
import os

from flask import Flask, redirect, request, session

app = Flask(__name__)
app.secret_key = os.urandom(24)  # a different key in every process


@app.get("/")
def home():
    user = session.get("user")
    return f"<h1>Hello {user or 'stranger'}</h1><form method=post action=/login><input name=name><button>Log in</button></form>"


@app.post("/login")
def login():
    session["user"] = request.form.get("name", "").strip() or "someone"
    return redirect("/")


@app.get("/me")
def me():
    return {"user": session.get("user")}
