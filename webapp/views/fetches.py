"""Import by URL: a form whose page is fetched, extracted and stored by a background job."""
from flask import Blueprint, redirect, render_template, url_for
from flask_login import current_user

from .. import tasks
from ..access import project_role
from ..extensions import db
from ..forms.fetches import FetchArticleForm
from ..models import Project
from ..services import jobs as job_service
from ..services import url_imports

bp = Blueprint("fetches", __name__, url_prefix="/projects/<int:project_id>/fetches")


@bp.route("/new", methods=["GET", "POST"])
@project_role("annotator")
def new(project_id: int):
    """Import an article from its web address; the page is fetched in the background and the
    job's page shows how it went."""
    form = FetchArticleForm()
    if form.validate_on_submit():
        params = {name: (getattr(form, name).data or "").strip()
                  for name in ("url", "title", "site_name", "original_outlet", "encoding")}
        job = job_service.create_job(project_id, current_user, "fetch",
                                     f"Import from {params['url']}", params=params)
        db.session.commit()
        tasks.enqueue(job)
        return redirect(url_for("jobs.show", project_id=project_id, job_id=job.id))
    return render_template("fetches/new.html", project=db.session.get(Project, project_id),
                           form=form, fetches=url_imports.recent_fetches(project_id),
                           ), 400 if form.errors else 200
