"""Background jobs: create, run, report progress, finish; their input and output files.

A handler (registered in ``webapp.tasks`` for a job kind) does its work in small transactions
and calls ``progress(job, done, total)`` before each commit, so the job row always counts
what is stored. It ends by calling ``finish(job, report, message)``; raising ``JobFailed``
ends the job with that message; any other exception is logged and the job fails with a
generic message (never a traceback on a page).

Running a job again (after a worker was killed, say) calls the same handler on the same
input; handlers are written so that work already done is recognised (content hashes) rather
than repeated.
"""
import logging
import os
import secrets
from datetime import datetime, timedelta, timezone
from pathlib import Path

from flask import current_app
from sqlalchemy import select

from ..extensions import db
from ..models import Job, User
from .articles import safe_filename
from .errors import DomainError, NotFound

log = logging.getLogger("claimtrail.tasks")
STALLED_AFTER = timedelta(minutes=2)   # a running job with no progress for this long


class JobFailed(DomainError):
    """Ends a job with a message for the person who started it."""


def _folder() -> Path:
    folder = Path(current_app.instance_path) / "jobs"
    folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    return folder


def file_path(key: str) -> Path:
    if not key or not key.isalnum():  # keys are ours (token_hex); never a name from outside
        raise NotFound("No such file.")
    return _folder() / key


def create_job(project_id: int, user: User, kind: str, title: str, params: dict | None = None,
               input_data: bytes | None = None, input_name: str = "") -> Job:
    """A queued job; the caller commits, then ``tasks.enqueue(job)``."""
    job = Job(project_id=project_id, created_by_id=user.id, kind=kind, title=title[:300],
              params=params or {}, report={}, status="queued", heartbeat_at=datetime.now(timezone.utc),
              input_name=safe_filename(input_name) if input_name else "")
    if input_data is not None:
        job.input_key = secrets.token_hex(16)
        path = file_path(job.input_key)
        with open(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600), "wb") as out:
            out.write(input_data)
    db.session.add(job)
    db.session.flush()
    return job


def input_path(job: Job) -> Path:
    return file_path(job.input_key or "")


def new_output(job: Job, name: str, media_type: str) -> Path:
    """Where a handler writes the job's result (a prepared export, say)."""
    job.output_key = secrets.token_hex(16)
    job.output_name = safe_filename(name)
    job.output_type = media_type
    return file_path(job.output_key)


def output_path(job: Job) -> Path | None:
    if not job.output_key or job.status != "done":
        return None
    path = file_path(job.output_key)
    return path if path.exists() else None


def progress(job: Job, done: int, total: int | None = None, message: str | None = None) -> None:
    """Count finished work; persisted with the caller's next commit."""
    job.done = done
    if total is not None:
        job.total = total
    if message is not None:
        job.message = message
    job.heartbeat_at = datetime.now(timezone.utc)


def finish(job: Job, report: dict, message: str) -> None:
    job.status, job.report, job.message = "done", report, message
    job.finished_at = job.heartbeat_at = datetime.now(timezone.utc)
    if job.total is not None:
        job.done = job.total
    db.session.commit()


def _fail(job_id: int, message: str) -> None:
    db.session.rollback()
    job = db.session.get(Job, job_id)
    job.status, job.message = "failed", message
    job.finished_at = datetime.now(timezone.utc)
    db.session.commit()


def run(job_id: int, handlers: dict) -> None:
    """The worker's side: mark the job running, call its handler, record how it ended."""
    job = db.session.get(Job, job_id)
    if job is None:
        log.warning("job %s vanished before it ran", job_id)
        return
    fn = handlers.get(job.kind)
    if fn is None:
        _fail(job_id, f"This worker cannot run {job.kind!r} jobs; restart it with this version.")
        return
    job.status, job.attempts, job.message = "running", job.attempts + 1, ""
    job.started_at = job.heartbeat_at = datetime.now(timezone.utc)
    job.finished_at = None
    db.session.commit()
    try:
        fn(job)
        if job.status != "done":
            finish(job, job.report or {}, job.message or "Done.")
    except JobFailed as failure:
        _fail(job_id, failure.message)
    except Exception:  # a bug or an outage: logged with its traceback, told plainly
        log.exception("job %s (%s) failed", job_id, job.kind)
        _fail(job_id, "The job stopped because of an internal error; it was logged. "
                      "Nothing half-done was kept; you can run it again.")


def get_job(project_id: int, job_id: int) -> Job:
    job = db.session.scalar(select(Job).where(Job.id == job_id, Job.project_id == project_id))
    if job is None:
        raise NotFound("No such job in this project.")
    return job


def stalled(job: Job, now: datetime | None = None) -> bool:
    """Running, but no progress for a while: its worker was probably stopped."""
    if job.status not in ("running", "queued") or job.heartbeat_at is None:
        return False
    moment = job.heartbeat_at
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=timezone.utc)
    return (now or datetime.now(timezone.utc)) - moment > STALLED_AFTER


def rerun(job: Job) -> None:
    """Queue the same job again on the same input; the caller commits and enqueues."""
    job.status, job.message, job.done = "queued", "", 0
    job.heartbeat_at = datetime.now(timezone.utc)
    job.finished_at = None


def recent_jobs(project_id: int, limit: int = 20) -> list[Job]:
    return list(db.session.scalars(select(Job).where(Job.project_id == project_id)
                                   .order_by(Job.id.desc()).limit(limit)))


def as_json(job: Job) -> dict:
    return {"id": job.id, "kind": job.kind, "title": job.title, "status": job.status,
            "done": job.done, "total": job.total, "percent": job.percent,
            "message": job.message, "report": job.report, "stalled": stalled(job),
            "download": bool(job.output_key and job.status == "done")}
