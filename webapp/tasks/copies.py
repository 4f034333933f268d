"""Copy detection in the worker: queued after every import (single or bulk), never inside it,
so an import runs as fast as before. It keeps no job row (the import has its own); what it
finds shows on the article pages, and the log says what it did."""
import logging

from . import app_context
from .queue import huey

log = logging.getLogger("claimtrail.tasks")


@huey.task()
def find_copies(project_id: int) -> None:
    from ..corroboration import copies
    from ..extensions import db
    with app_context():
        # Each batch of signatures is committed as it is made: a run stopped half-way
        # leaves them for the next run, which hashes only the rest.
        outcome = copies.find_copies(project_id, lambda done, total, message: db.session.commit())
        db.session.commit()
        log.info("copies project_id=%s %s", project_id, copies.message(outcome))
