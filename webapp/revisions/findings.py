"""Findings as pages say them: "Removed in revision 3 on 6 Dec 2026", "Changed in revision 3:
“26” became “23”" (recorded by ``webapp.revisions.orphans``). The words before are the claim's
anchor in the last revision before its own where they were found (``claim_anchors``)."""
from __future__ import annotations

from dataclasses import dataclass
from difflib import SequenceMatcher
from datetime import datetime

from sqlalchemy import select

from ..extensions import db
from ..models import Claim
from ..models.revision import ArticleRevision, ClaimAnchor


def earlier_words_query(claim_id, revision):
    """The claim's words in the last revision before ``revision`` where they were found."""
    return (select(ClaimAnchor.quote).where(
        ClaimAnchor.claim_id == claim_id, ClaimAnchor.revision < revision,
        ClaimAnchor.start_offset.is_not(None))
        .order_by(ClaimAnchor.revision.desc()).limit(1))


def earlier_words(claim: Claim, before: int | None = None) -> str:
    """The claim's words before revision ``before`` (by default its current one; its quote, if
    none is recorded)."""
    return db.session.scalar(earlier_words_query(claim.id, before or claim.revision)) or claim.quote


def changed_words(old: str, new: str) -> tuple[str, str]:
    """The words that differ between two quotes, each side joined: ("26", "23"), ("4,000",
    "about 3,000"); words differing only in the punctuation around them count as the same, and
    the whole quotes are given when they share less than half of their words."""
    if not old or not new or old == new:
        return old, new
    before, after = old.split(), new.split()
    matcher = SequenceMatcher(None, [_bare(w) for w in before], [_bare(w) for w in after],
                              autojunk=False)
    kept = sum(size for _a, _b, size in matcher.get_matching_blocks())
    if kept * 2 < min(len(before), len(after)):
        return old, new
    spans = [(i1, i2, j1, j2) for op, i1, i2, j1, j2 in matcher.get_opcodes() if op != "equal"]
    if not spans:
        return old, new
    return (" … ".join(" ".join(before[i1:i2]) for i1, i2, _j1, _j2 in spans if i2 > i1),
            " … ".join(" ".join(after[j1:j2]) for _i1, _i2, j1, j2 in spans if j2 > j1))


def _bare(word: str) -> str:
    return word.strip(".,;:!?\"'“”‘’()[]") or word


def day(moment: datetime | None) -> str:
    """A date as people write it: 6 Dec 2026."""
    return f"{moment.day} {moment:%b %Y}" if moment else ""


@dataclass(frozen=True)
class Finding:
    """A claim's recorded finding, with the capture time of the revision it names."""
    finding: str            # removed or changed
    revision: int
    captured_at: datetime | None
    old: str                # the words before
    new: str                # changed: the words after ("" when removed)

    @property
    def words(self) -> tuple[str, str]:
        return changed_words(self.old, self.new)

    @property
    def text(self) -> str:
        if self.finding == "removed":
            return f"Removed in revision {self.revision} on {day(self.captured_at)}"
        before, after = self.words
        what = (f"“{before}” became “{after}”" if before and after else
                f"“{after}” added" if after else f"“{before}” left out")
        return f"Changed in revision {self.revision}: {what}"


def finding_of(claim: Claim) -> Finding | None:
    """The claim's finding, or None (no query for a claim without one; two with one)."""
    if not claim.anchor_finding:
        return None
    captured = db.session.scalar(select(ArticleRevision.captured_at).where(
        ArticleRevision.article_id == claim.article_id,
        ArticleRevision.number == claim.anchor_finding_revision))
    changed = claim.anchor_finding == "changed"
    return Finding(claim.anchor_finding, claim.anchor_finding_revision, captured,
                   earlier_words(claim, claim.anchor_finding_revision) if changed else claim.quote,
                   claim.quote if changed else "")
