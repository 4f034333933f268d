"""What an import has done so far, and storing one item with every failure turned into a
count or a refusal (one bad item must never stop the others)."""
import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import TypeVar

from sqlalchemy.exc import OperationalError

from ..interop.anchoring import APPROXIMATE, CODE_POINTS, QUOTE, UTF16
from ..services.errors import DomainError, Duplicate

log = logging.getLogger("claimtrail.imports")
MAX_REFUSED_LISTED = 1000
ANCHORED_BY = (CODE_POINTS, UTF16, QUOTE, APPROXIMATE)     # the summary's order: the order they are tried
T = TypeVar("T")


@dataclass
class Outcome:
    """What became of one annotation that was not refused: its claim, and how it anchored (or
    why it was already imported)."""
    counted: str                    # "stored" or "skipped"
    claim_id: int | None            # None: a claim the importing person may not see
    how: str                        # "position (UTF-16 units)", "already imported (same id)", ...
    by: str = ""                    # the way it anchored, counted in the summary ("quote")


class Tally:
    """The counts and refusals so far; saved in the job's report at each commit."""

    def __init__(self, labels: tuple[str, str], saved: dict | None = None):
        saved = saved or {}
        self.labels = labels
        self.position = int(saved.get("position", 0))
        self.counts = dict(saved.get("counts") or {"stored": 0, "skipped": 0, "refused": 0})
        self.refused_list = list(saved.get("refused", []))
        self.refused_more = int(saved.get("refused_more", 0))
        self.imported = list(saved.get("imported", []))
        self.imported_more = int(saved.get("imported_more", 0))
        self.anchored = dict(saved.get("anchored") or {})
        self.revised = list(saved.get("revised", []))
        self.revised_more = int(saved.get("revised_more", 0))

    def note(self, where: str, outcome: Outcome) -> None:
        """An annotation made into a claim, or found already imported: counted and listed."""
        self.counts[outcome.counted] += 1
        if outcome.by:
            self.anchored[outcome.by] = self.anchored.get(outcome.by, 0) + 1
        if len(self.imported) < MAX_REFUSED_LISTED:
            self.imported.append({"where": where, "claim_id": outcome.claim_id, "how": outcome.how})
        else:
            self.imported_more += 1

    def revision(self, where: str, article_id: int, title: str, number: int, claims: str) -> None:
        """A row that became a new revision of an article the project has at its address:
        counted apart from the new articles, and listed."""
        self.counts["revised"] = self.counts.get("revised", 0) + 1
        if len(self.revised) < MAX_REFUSED_LISTED:
            self.revised.append({"where": where, "article_id": article_id, "title": title[:200],
                                 "revision": number, "claims": claims})
        else:
            self.revised_more += 1

    def refuse(self, where: str, reason: str) -> None:
        self.counts["refused"] += 1
        if len(self.refused_list) < MAX_REFUSED_LISTED:
            self.refused_list.append({"where": where, "reason": reason[:1000]})
        else:
            self.refused_more += 1

    def report(self, file_summary: dict, finished: bool) -> dict:
        stored, skipped = self.labels
        summary = {**file_summary, stored: self.counts["stored"],
                   **({"New revisions": self.counts["revised"]} if "revised" in self.counts else {}),
                   **{f"Anchored by {by}": self.anchored[by] for by in ANCHORED_BY if by in self.anchored},
                   skipped: self.counts["skipped"], "Refused": self.counts["refused"]}
        report = {"summary": summary, "refused": self.refused_list,
                  "counts": self.counts, "position": self.position}
        if self.imported or self.anchored:
            report.update(imported=self.imported, anchored=self.anchored)
        if self.revised:
            report["revised"] = self.revised
        for key in ("refused_more", "imported_more", "revised_more"):
            if getattr(self, key):
                report[key] = getattr(self, key)
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
