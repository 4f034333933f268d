"""Bulk import: upload one file of many articles (or annotations); a background job imports it."""
from flask import Blueprint, current_app, redirect, render_template, request, url_for
from flask_login import current_user

from .. import tasks
from ..access import project_role
from ..errors import render_error
from ..extensions import db
from ..forms.imports import BulkImportForm
from ..imports import jobs as import_jobs
from ..imports.readers import FormatError
from ..models import Project

bp = Blueprint("imports", __name__, url_prefix="/projects/<int:project_id>/imports")


@bp.url_value_preprocessor
def _body_limit(endpoint, _values):
    # Runs before the CSRF check reads the form, so the larger limit applies from the start;
    # Werkzeug refuses a larger Content-Length before reading, and stops a chunked body at it.
    if endpoint == "imports.new" and request.method == "POST":
        request.max_content_length = import_jobs.max_bytes()


@bp.errorhandler(413)
def _too_large(_exc):
    limit = import_jobs.max_bytes() // (1024 * 1024)
    return render_error(413, f"The file is too large for an import (the limit is {limit} MB). "
                             "Nothing was saved: split it into smaller files.")


@bp.route("/new", methods=["GET", "POST"])
@project_role("annotator")
def new(project_id: int):
    """Import many articles at once (JSON Lines, CSV, a zip of files), or another tool's
    annotations as claims; the import runs in the background and ends with a report."""
    form, status = BulkImportForm(), 200
    if form.validate_on_submit():
        upload = form.file.data
        try:
            job = import_jobs.start(project_id, current_user, upload.filename or "",
                                    upload.read(), form.format.data, form.encoding.data)
        except FormatError as exc:
            form.file.errors.append(exc.message)
            status = 400
        else:
            db.session.commit()
            tasks.enqueue(job)
            return redirect(url_for("jobs.show", project_id=project_id, job_id=job.id))
    elif form.is_submitted():
        status = 400
    return render_template("imports/new.html", project=db.session.get(Project, project_id),
                           form=form, max_mb=import_jobs.max_bytes() // (1024 * 1024),
                           max_article=current_app.config["MAX_ARTICLE_CHARS"]), status
