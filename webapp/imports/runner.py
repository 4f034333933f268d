"""The import job: store the items a batch at a time, commit each batch with the progress count.

Every commit also saves a checkpoint in the job's report (how far the file has been read and
the counts so far), in the same transaction as the articles it counts: a batch lands whole
with its progress or not at all. A job whose worker was killed therefore resumes exactly where
its last commit ended when it is run again; and were a checkpoint ever lost, the content hash
still turns the articles already stored into "duplicates" rather than copies. Annotations
already made into claims are recognised by their id or span ("already imported"), so they are
never made twice either.
"""
import time
from collections.abc import Callable

from flask import current_app

from ..corroboration import copies
from ..extensions import db
from ..models import Job
from ..services import jobs as job_service
from ..services.errors import DomainError
from ..suggestions import store as suggestion_store
from . import claims as claim_import
from .articles import Rows, ZipFiles
from .formats import CLAIMS, FORMATS, Opened, open_input
from .readers import FormatError
from .tally import Outcome, Tally, attempt
from .zips import Limits

COMMIT_EVERY = 500           # items per commit at most (IMPORT_COMMIT_EVERY) ...
COMMIT_SECONDS = 0.5         # ... and at least this often
Progress = Callable[[int, int], None]


def zip_limits() -> Limits:
    config = current_app.config
    return Limits(entries=config.get("IMPORT_ZIP_MAX_ENTRIES", Limits.entries),
                  total_bytes=config.get("IMPORT_ZIP_MAX_BYTES", Limits.total_bytes),
                  ratio=config.get("IMPORT_ZIP_MAX_RATIO", Limits.ratio),
                  member_bytes=config.get("IMPORT_ZIP_MAX_MEMBER_BYTES", Limits.member_bytes))


def run(job: Job, on_progress: Progress | None = None, opened: Opened | None = None) -> None:
    """The ``import`` job's handler (the worker's, and the command line's, which passes the
    file it has just read)."""
    opened = _open(job) if opened is None else opened
    store = _store(job, opened.fmt)
    claims = opened.fmt in CLAIMS
    labels = ("Claims created", "Already imported") if claims else ("Imported", "Duplicates skipped")
    if not claims and "suggest_after" not in job.params:   # kept with the first commit, for a resume
        job.params = {**job.params, "suggest_after": suggestion_store.last_article_id()}
    saved = job.report if isinstance(job.report, dict) and "position" in job.report else None
    tally = Tally(labels, saved)     # a run again resumes at the last commit's checkpoint
    in_file = {"annotations": "Annotations", "claims-jsonl": "Claims in the file",
               "claims-csv": "Claims in the file"}.get(opened.fmt, "Articles in the file")
    summary = {"File": job.input_name, **opened.summary, in_file: opened.total}
    report = Report(tally, summary, store, opened.preview)
    _save(job, report, opened.total, on_progress)
    last_commit, pending = time.monotonic(), 0
    every = int(current_app.config.get("IMPORT_COMMIT_EVERY", COMMIT_EVERY))
    for item in opened.items(tally.position):
        if getattr(item, "problem", ""):
            tally.refuse(item.where, item.problem)
        else:
            store.add(item, tally)
        tally.position += 1
        pending += 1
        if pending >= every or time.monotonic() - last_commit >= COMMIT_SECONDS:
            store.flush(tally)
            _save(job, report, opened.total, on_progress, time.monotonic() - last_commit)
            last_commit, pending = time.monotonic(), 0
    store.flush(tally)
    job_service.progress(job, opened.total, opened.total)
    job_service.finish(job, report(finished=True), _message(tally))
    if on_progress:
        on_progress(opened.total, opened.total)
    if not claims and tally.counts["stored"]:
        copies.after_import(job.project_id)   # queued for the worker, after this job
        suggestion_store.hand_over_imported(job.project_id, job.params["suggest_after"])


class Report:
    """The job's report so far: the tally, the file's summary, and the lines that show how its
    text was decoded (the zip's come from its files as they are read)."""

    def __init__(self, tally: Tally, summary: dict, store, preview: list[str]):
        self.tally, self.summary, self.store, self.preview = tally, summary, store, preview

    def __call__(self, finished: bool = False) -> dict:
        notes, lines = self.store.notes() if hasattr(self.store, "notes") else ({}, [])
        report = self.tally.report({**self.summary, **notes}, finished=finished)
        if self.preview or lines:
            report["preview"] = self.preview or lines
        return report


def _open(job: Job) -> Opened:
    fmt = job.params.get("format", "")
    if fmt not in FORMATS:
        raise job_service.JobFailed("This job does not say what format its file is in.")
    try:
        return open_input(fmt, job_service.input_path(job).read_bytes(), zip_limits(),
                          job.params.get("encoding", ""))
    except FormatError as exc:
        raise job_service.JobFailed(exc.message) from None
    except (DomainError, OSError):
        raise job_service.JobFailed("The uploaded file is no longer there; upload it again.") from None


def _store(job: Job, fmt: str):
    """Rows of articles go in batches; zip members, annotations and claims one at a time."""
    if fmt in CLAIMS:
        return OneAtATime(job.id, claim_import.Importer(job).add)   # each says how it anchored
    if fmt == "zip":
        files = ZipFiles(job)
        return OneAtATime(job.id, files.store, files.notes)
    return Rows(job)


class OneAtATime:
    """Items stored as they come, each in its own savepoint so a refused one leaves no trace;
    their own work (HTML extraction, anchoring) outweighs the savepoint by far."""

    def __init__(self, job_id: int, store_one: Callable, notes: Callable | None = None):
        self.job_id, self.store_one = job_id, store_one
        if notes is not None:
            self.notes = notes

    def add(self, item, tally: Tally) -> None:
        result = attempt(self.job_id, item.where, tally, lambda: self._saved(item))
        if isinstance(result, Outcome):
            tally.note(item.where, result)
        elif result is not None:
            tally.counts["stored"] += 1

    def _saved(self, item):
        with db.session.begin_nested():
            return self.store_one(item)

    def flush(self, tally: Tally) -> None:
        """Nothing waits: every item was stored by ``add``."""


def _save(job: Job, report: Report, total: int, on_progress: Progress | None,
          batch_seconds: float = 0.0) -> None:
    job.report = report()
    job_service.progress(job, report.tally.position, total)
    db.session.commit()
    if db.engine.dialect.name == "sqlite":
        # SQLite has one write lock, and the next batch would take it back at once: leave a
        # moment for a person's save waiting on it (at most 5% of the time, 20 ms a batch).
        time.sleep(min(0.02, batch_seconds * 0.05))
    if on_progress:
        on_progress(report.tally.position, total)


def _message(tally: Tally) -> str:
    stored, skipped = tally.labels
    revised = f"new revisions: {tally.counts['revised']:,}; " if "revised" in tally.counts else ""
    return (f"{stored}: {tally.counts['stored']:,}; {revised}{skipped.lower()}: "
            f"{tally.counts['skipped']:,}; refused: {tally.counts['refused']:,}.")
