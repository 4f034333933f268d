"""The import job: store each item in its own savepoint, commit with the progress count.

Every commit also saves a checkpoint in the job's report (how far the file has been read and
the counts so far), in the same transaction as the articles it counts. A job whose worker was
killed therefore resumes exactly where its last commit ended when it is run again; and were a
checkpoint ever lost, the content hash still turns the articles already stored into
"duplicates" rather than copies. Claims made from annotations carry a submission id per job
and annotation, so they are never made twice either.
"""
import logging
import time
from collections.abc import Callable

from flask import current_app
from sqlalchemy.exc import OperationalError

from ..extensions import db
from ..models import Job
from ..services import jobs as job_service
from ..services.errors import DomainError, Duplicate
from . import claims as claim_import
from .articles import store_article
from .formats import FORMATS, Opened, open_input
from .readers import FormatError
from .zips import Limits

log = logging.getLogger("claimtrail.imports")
MAX_REFUSED_LISTED = 1000
COMMIT_EVERY = 20            # items per commit at most (IMPORT_COMMIT_EVERY) ...
COMMIT_SECONDS = 0.5         # ... and at least this often
Progress = Callable[[int, int], None]


class Tally:
    """The counts and refusals so far; saved in the job's report at each commit."""

    def __init__(self, labels: tuple[str, str], saved: dict | None = None):
        saved = saved or {}
        self.labels = labels
        self.position = int(saved.get("position", 0))
        self.counts = dict(saved.get("counts") or {"stored": 0, "skipped": 0, "refused": 0})
        self.refused_list = list(saved.get("refused", []))
        self.refused_more = int(saved.get("refused_more", 0))

    def refuse(self, where: str, reason: str) -> None:
        self.counts["refused"] += 1
        if len(self.refused_list) < MAX_REFUSED_LISTED:
            self.refused_list.append({"where": where, "reason": reason[:500]})
        else:
            self.refused_more += 1

    def report(self, file_summary: dict, finished: bool) -> dict:
        stored, skipped = self.labels
        summary = {**file_summary, stored: self.counts["stored"], skipped: self.counts["skipped"],
                   "Refused": self.counts["refused"]}
        report = {"summary": summary, "refused": self.refused_list,
                  "counts": self.counts, "position": self.position}
        if self.refused_more:
            report["refused_more"] = self.refused_more
        if finished:
            del report["position"]
        return report


def zip_limits() -> Limits:
    config = current_app.config
    return Limits(entries=config.get("IMPORT_ZIP_MAX_ENTRIES", Limits.entries),
                  total_bytes=config.get("IMPORT_ZIP_MAX_BYTES", Limits.total_bytes),
                  ratio=config.get("IMPORT_ZIP_MAX_RATIO", Limits.ratio),
                  member_bytes=config.get("IMPORT_ZIP_MAX_MEMBER_BYTES", Limits.member_bytes))


def run(job: Job, on_progress: Progress | None = None) -> None:
    """The ``import`` job's handler (the worker's, and the command line's)."""
    opened = _open(job)
    store = claim_import.Importer(job) if opened.fmt == "annotations" else None
    labels = ("Claims created", "Already imported") if store else ("Imported", "Duplicates skipped")
    saved = job.report if isinstance(job.report, dict) and "position" in job.report else None
    tally = Tally(labels, saved)     # a run again resumes at the last commit's checkpoint
    summary = {"File": job.input_name, **opened.summary,
               ("Annotations" if store else "Articles in the file"): opened.total}
    _save(job, tally, summary, opened.total, on_progress)
    last_commit, pending = time.monotonic(), 0
    every = int(current_app.config.get("IMPORT_COMMIT_EVERY", COMMIT_EVERY))
    for item in opened.items(tally.position):
        _one(job, item, tally, store)
        tally.position += 1
        pending += 1
        if pending >= every or time.monotonic() - last_commit >= COMMIT_SECONDS:
            _save(job, tally, summary, opened.total, on_progress, time.monotonic() - last_commit)
            last_commit, pending = time.monotonic(), 0
    job_service.progress(job, opened.total, opened.total)
    job_service.finish(job, tally.report(summary, finished=True), _message(tally))
    if on_progress:
        on_progress(opened.total, opened.total)


def _open(job: Job) -> Opened:
    fmt = job.params.get("format", "")
    if fmt not in FORMATS:
        raise job_service.JobFailed("This job does not say what format its file is in.")
    try:
        return open_input(fmt, job_service.input_path(job).read_bytes(), zip_limits())
    except FormatError as exc:
        raise job_service.JobFailed(exc.message) from None
    except (DomainError, OSError):
        raise job_service.JobFailed("The uploaded file is no longer there; upload it again.") from None


def _one(job: Job, item, tally: Tally, store) -> None:
    if getattr(item, "problem", ""):
        tally.refuse(item.where, item.problem)
        return
    try:
        with db.session.begin_nested():   # a refused item leaves no trace
            store.add(item) if store else store_article(job, item)
    except OperationalError:
        raise                              # the database is gone: stop, resumable
    except Duplicate:                      # same content hash; a claim made by an earlier run
        tally.counts["skipped"] += 1
    except DomainError as exc:
        tally.refuse(item.where, exc.message)
    except Exception as exc:  # noqa: BLE001 - one bad item must not stop the others
        log.exception("import job %s: %s could not be stored", job.id, item.where)
        tally.refuse(item.where, f"Could not be stored ({type(exc).__name__}); the error was logged.")
    else:
        tally.counts["stored"] += 1


def _save(job: Job, tally: Tally, summary: dict, total: int, on_progress: Progress | None,
          batch_seconds: float = 0.0) -> None:
    job.report = tally.report(summary, finished=False)
    job_service.progress(job, tally.position, total)
    db.session.commit()
    if db.engine.dialect.name == "sqlite":
        # SQLite has one write lock, and the next batch would take it back at once: leave a
        # moment for a person's save waiting on it (at most 5% of the time, 20 ms a batch).
        time.sleep(min(0.02, batch_seconds * 0.05))
    if on_progress:
        on_progress(tally.position, total)


def _message(tally: Tally) -> str:
    stored, skipped = tally.labels
    return (f"{stored}: {tally.counts['stored']:,}; {skipped.lower()}: {tally.counts['skipped']:,}; "
            f"refused: {tally.counts['refused']:,}.")
