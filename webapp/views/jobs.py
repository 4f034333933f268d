"""Background jobs of a project: their progress bar, their report, run again, download."""
from flask import Blueprint, flash, g, redirect, render_template, send_file, url_for
from flask_login import current_user

from .. import tasks
from ..access import project_role
from ..extensions import db
from ..models import Job, Project
from ..services import jobs as job_service

bp = Blueprint("jobs", __name__, url_prefix="/projects/<int:project_id>/jobs")


def _visible_job(project_id: int, job_id: int) -> Job:
    """Every member sees a project's jobs and their progress; only the person who started a
    job downloads what it prepared (an export follows that person's view of the claims)."""
    return job_service.get_job(project_id, job_id)


@bp.route("/")
@project_role("viewer")
def index(project_id: int):
    """The project's recent background jobs, newest first."""
    jobs = job_service.recent_jobs(project_id, 50)
    return render_template("jobs/index.html", project=db.session.get(Project, project_id),
                           jobs=jobs, stalled=job_service.stalled)


@bp.route("/<int:job_id>")
@project_role("viewer")
def show(project_id: int, job_id: int):
    """A job's progress bar (kept up to date by jobs.js) and, once done, its report."""
    job = _visible_job(project_id, job_id)
    return render_template("jobs/show.html", project=db.session.get(Project, project_id),
                           job=job, stalled=job_service.stalled(job))


@bp.route("/<int:job_id>.json")
@project_role("viewer")
def status(project_id: int, job_id: int):
    """The job's progress for the page's poller."""
    return job_service.as_json(_visible_job(project_id, job_id))


@bp.route("/<int:job_id>/rerun", methods=["POST"])
@project_role("viewer", write="annotator")
def rerun(project_id: int, job_id: int):
    """Run a failed or stalled job again on the same input; finished work is recognised."""
    job = _visible_job(project_id, job_id)
    if job.created_by_id != current_user.id and g.role != "lead":
        flash("Only the person who started this job, or a lead, can run it again.", "error")
    elif not (job.status == "failed" or job_service.stalled(job)):
        flash("This job is not stopped; it cannot be run again yet.", "error")
    else:
        job_service.rerun(job)
        db.session.commit()
        tasks.enqueue(job)
    return redirect(url_for(".show", project_id=project_id, job_id=job_id))


@bp.route("/<int:job_id>/download")
@project_role("viewer")
def download(project_id: int, job_id: int):
    """The file a job prepared (an export), for the person who asked for it."""
    job = _visible_job(project_id, job_id)
    path = job_service.output_path(job)
    if path is None or job.created_by_id != current_user.id:
        flash("Only the person who asked for this file can download it." if path else
              "This job has no file to download (yet).", "error")
        return redirect(url_for(".show", project_id=project_id, job_id=job_id))
    response = send_file(path, mimetype=job.output_type, as_attachment=True,
                         download_name=job.output_name, max_age=0)
    response.headers["Cache-Control"] = "no-store"
    return response
