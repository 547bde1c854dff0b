"""Photos uploaded through a form, saved in uploads/ beside app.py and served back from there, as Flask's
"Uploading Files" pattern writes it. Under Gunicorn every worker reads the one folder; behind nginx each of
the two replicas has its own disk, so a photo uploaded through one is a 404 on the other about every other
time: the uploaded-files row is red behind nginx only. The fix is storage every replica reaches: a shared
volume (examples/photo-uploads-fixed declares uploads/ one: HTTP_TEST_SHARED_DIRS=uploads) or object storage.
"""
import os

from flask import Flask, abort, redirect, request, send_from_directory, url_for
from werkzeug.utils import secure_filename

app = Flask(__name__)
UPLOAD_FOLDER = os.path.join(app.root_path, "uploads")
ALLOWED_EXTENSIONS = {"png", "jpg", "jpeg", "gif"}
os.makedirs(UPLOAD_FOLDER, exist_ok=True)


def allowed(filename):
    return "." in filename and filename.rsplit(".", 1)[1].lower() in ALLOWED_EXTENSIONS


@app.get("/")
def index():
    names = sorted(os.listdir(UPLOAD_FOLDER))
    items = "".join(
        f"<li><a href='{url_for('uploaded_file', name=n)}'>{n}</a>"
        f"<img src='{url_for('uploaded_file', name=n)}' width=32></li>"
        for n in names
    )
    return f"<h1>Photos</h1><a href='{url_for('upload')}'>Upload a photo</a><ul>{items}</ul>"


@app.route("/upload", methods=["GET", "POST"])
def upload():
    if request.method == "POST":
        photo = request.files.get("photo")
        if photo is None or photo.filename == "" or not allowed(photo.filename):
            abort(400, "choose a photo (png, jpg, gif)")
        photo.save(os.path.join(UPLOAD_FOLDER, secure_filename(photo.filename)))
        return redirect(url_for("index"))
    return (
        "<h1>Upload a photo</h1><form method=post enctype=multipart/form-data>"
        "<input type=file name=photo accept='image/png,image/jpeg,image/gif'><button>Upload</button></form>"
    )


@app.get("/uploads/<name>")
def uploaded_file(name):
    return send_from_directory(UPLOAD_FOLDER, name)
