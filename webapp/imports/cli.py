"""``flask --app webapp import-articles PROJECT_ID FILE --user NAME``: the bulk import from a
terminal, with a progress bar and the same report as the job page (the job is listed there too).
"""
import sys
from pathlib import Path

import click
from flask.cli import with_appcontext
from sqlalchemy import select

from .. import tasks
from ..extensions import db
from ..models import Project, User
from ..services import jobs as job_service
from ..services import projects as project_service
from . import jobs as import_jobs
from . import runner
from .encodings import BY_KEY
from .formats import FORMATS, Opened
from .readers import FormatError


@click.command("import-articles")
@click.argument("project_id", type=int)
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--user", "username", required=True, help="Who imports (a lead or annotator of the project).")
@click.option("--format", "fmt", type=click.Choice(sorted(FORMATS)), default=None,
              help="The file's format; by default told from its name (.jsonl, .csv, .zip, .json).")
@click.option("--encoding", type=click.Choice(sorted(BY_KEY), case_sensitive=False), default=None,
              help="The file's character encoding; by default detected, and the file refused if "
                   "that is not certain.")
@click.option("--background", is_flag=True, help="Hand the import to the worker and return at once.")
@with_appcontext
def import_articles(project_id: int, file: Path, username: str, fmt: str | None, encoding: str | None,
                    background: bool):
    """Import many articles (JSON Lines, CSV, zip of .txt/.html), or claims: W3C annotations, or
    a CSV or JSON Lines file of claims (Claimtrail's export)."""
    user = _importer(project_id, username)
    if file.stat().st_size > import_jobs.max_bytes():
        raise click.ClickException(f"{file.name} is larger than IMPORT_MAX_BYTES "
                                   f"({import_jobs.max_bytes():,} bytes); split it or raise the limit.")
    try:
        job, opened = import_jobs.start_opened(project_id, user, file.name, file.read_bytes(), fmt or "",
                                               (encoding or "").lower())
    except FormatError as exc:
        raise click.ClickException(exc.message) from None
    db.session.commit()
    if background:
        tasks.enqueue(job)
        click.echo(f"Queued as job {job.id}; follow it at /projects/{project_id}/jobs/{job.id}.")
        return
    _run_here(job, opened)


def _importer(project_id: int, username: str) -> User:
    user = db.session.scalar(select(User).where(User.username == username))
    if db.session.get(Project, project_id) is None:
        raise click.ClickException(f"There is no project {project_id}.")
    role = project_service.role_in(project_id, user) if user else None
    if user is None or role is None or not project_service.has_role(role, "annotator"):
        raise click.ClickException(f"{username!r} is not a lead or annotator of project {project_id}.")
    return user


def _run_here(job, opened: Opened) -> None:
    bar = _Bar()
    try:
        job_service.run(job.id, {"import": lambda j: runner.run(j, on_progress=bar.update, opened=opened)})
    finally:
        bar.close()
    db.session.refresh(job)
    _echo_report(job)
    if job.status != "done":
        raise click.ClickException(job.message or "The import failed.")


class _Bar:
    """click's progress bar, made once the total is known; in a log (not a terminal), a line
    per tenth of the work instead."""

    def __init__(self):
        self.bar = None
        self.shown = 0
        self.logged = -1
        self.tty = sys.stdout.isatty()

    def update(self, done: int, total: int) -> None:
        if self.bar is None:
            self.bar = click.progressbar(length=total, label="Importing", show_pos=True)
            self.bar.__enter__()
        self.bar.update(done - self.shown)
        self.shown = done
        tenth = done * 10 // max(total, 1)
        if not self.tty and tenth > self.logged:
            self.logged = tenth
            click.echo(f"  {done}/{total}")

    def close(self) -> None:
        if self.bar is not None:
            self.bar.__exit__(None, None, None)


def _echo_report(job) -> None:
    report = job.report or {}
    for label, value in (report.get("summary") or {}).items():
        click.echo(f"{label}: {value}")
    for line in report.get("preview", []):
        click.echo(f"  as read: {line}")
    for item in report.get("imported", []):
        claim = f"claim {item['claim_id']}, " if item.get("claim_id") else ""
        click.echo(f"  {item['where']}: {claim}{item['how']}")
    for item in report.get("revised", []):
        click.echo(f"  {item['where']}: revision {item['revision']} of article {item['article_id']} "
                   f"({item['title']}): {item['claims']}")
    for item in report.get("refused", []):
        click.echo(f"  refused {item['where']}: {item['reason']}")
    if report.get("refused_more"):
        click.echo(f"  ... and {report['refused_more']:,} more refused (see the job page).")
    click.echo(job.message)
