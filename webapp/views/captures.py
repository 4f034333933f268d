"""Proof of capture on an article: fetch its address again (a background job, which may make a
new revision), and download any fetch as the WARC record it was kept as."""
import base64

from flask import Blueprint, Response, abort, g, redirect, url_for
from flask_login import current_user
from flask_wtf import FlaskForm

from .. import tasks
from ..access import project_role
from ..extensions import db
from ..revisions import capture
from ..security_headers import ATTACHMENT_CSP
from ..services import articles as article_service
from ..services import assignments as assignment_service
from ..services import jobs as job_service

bp = Blueprint("captures", __name__,
               url_prefix="/projects/<int:project_id>/articles/<int:article_id>/captures")


@bp.route("/fetch", methods=["POST"])
@project_role("annotator")
def fetch_again(project_id: int, article_id: int):
    """Fetch the article's address again in the background; the job's page says what it found."""
    article = article_service.get_article(project_id, article_id)
    if not assignment_service.may_edit_article(current_user, g.role, article):
        abort(403)
    if not FlaskForm().validate_on_submit():
        abort(400)
    if not article.url:
        abort(400)
    job = job_service.create_job(project_id, current_user, "refetch", f"Fetch again: {article.url}",
                                 params={"article_id": article.id})
    db.session.commit()
    tasks.enqueue(job)
    return redirect(url_for("jobs.show", project_id=project_id, job_id=job.id))


@bp.route("/<int:capture_id>.warc.gz")
@project_role("viewer")
def download(project_id: int, article_id: int, capture_id: int):
    """One fetch as received — request and response, headers and body — as a gzipped WARC file."""
    article = article_service.get_article(project_id, article_id)
    found = capture.get_capture(article.id, capture_id)
    if found is None:
        abort(404)
    return Response(found.warc, mimetype=capture.MEDIA_TYPE, headers={
        "Content-Disposition": f'attachment; filename="{capture.filename(article, found)}"',
        "Content-Security-Policy": ATTACHMENT_CSP, "Digest": f"sha-256={_b64(found.warc_sha256)}"})


def _b64(hex_digest: str) -> str:
    return base64.b64encode(bytes.fromhex(hex_digest)).decode("ascii")
