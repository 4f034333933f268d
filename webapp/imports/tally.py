"""What an import has done so far, and storing one item with every failure turned into a
count or a refusal (one bad item must never stop the others)."""
import logging
from collections.abc import Callable
from typing import TypeVar

from sqlalchemy.exc import OperationalError

from ..services.errors import DomainError, Duplicate

log = logging.getLogger("claimtrail.imports")
MAX_REFUSED_LISTED = 1000
T = TypeVar("T")


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
            self.refused_list.append({"where": where, "reason": reason[:1000]})
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


def attempt(job_id: int, where: str, tally: Tally, work: Callable[[], T]) -> T | None:
    """``work()``'s result, or None when the item was a duplicate (counted as skipped) or was
    refused (listed with its reason). A lost database is not the item's fault: it stops the
    job, which resumes from its last commit."""
    try:
        return work()
    except OperationalError:
        raise
    except Duplicate:                      # same content hash; a claim made by an earlier run
        tally.counts["skipped"] += 1
    except DomainError as exc:
        tally.refuse(where, exc.message)
    except Exception as exc:  # noqa: BLE001 - one bad item must not stop the others
        log.exception("import job %s: %s could not be stored", job_id, where)
        tally.refuse(where, f"Could not be stored ({type(exc).__name__}); the error was logged.")
    return None
