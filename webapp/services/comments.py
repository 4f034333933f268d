"""Discussion on a claim: comments, replies, and the members they mention.

A comment is a claim event (action "commented"; the text, verbatim, in ``reason``; the comment
it answers in ``changes["reply_to"]``), written by ``services.claims.record_comment``. It
changes nothing on the claim, so it does not bump the claim's version: someone editing the
claim while others discuss it is not refused as stale. Like every event it is never edited.

``@username`` names a member of the claim's project: each one named gets a ``Mention`` that
shows in their queue until they open the claim. Names of non-members (and one's own name) are
left as plain text, without an error, so a comment never tells who has an account.
"""
import re
from dataclasses import dataclass, field

from sqlalchemy import select, update

from ..extensions import db
from ..models import Claim, ClaimEvent, Membership, Mention, User
from ..models._time import utcnow
from . import claims as claim_service
from .errors import Invalid
from .text_checks import check_storable

MAX_COMMENT = 5000
MAX_MENTIONS = 20
MAX_DEPTH = 4  # deeper replies show at this depth, still in order
# A username (letters, digits, dots, dashes, underscores) after an @ that is not part of a word
# or an e-mail address; a trailing dot is punctuation, not part of the name.
MENTION = re.compile(r"(?<![\w.@-])@([\w.-]{1,64})", re.ASCII)


def mentioned_usernames(text: str) -> list[str]:
    """The usernames written as @name, lowercased, in order, each once."""
    names = (m.group(1).rstrip(".-").lower() for m in MENTION.finditer(text))
    return list(dict.fromkeys(n for n in names if n))


def _check(text: str) -> str:
    text = (text or "").replace("\r\n", "\n")
    check_storable("text", text)
    if not text.strip():
        raise Invalid({"text": "Write a comment first."})
    if len(text) > MAX_COMMENT:
        raise Invalid({"text": f"Keep a comment to at most {MAX_COMMENT} characters."})
    return text


def _parent(claim: Claim, event_id: int | None) -> int | None:
    if event_id is None:
        return None
    parent = db.session.get(ClaimEvent, event_id)
    if parent is None or parent.claim_id != claim.id or parent.action != "commented":
        raise Invalid({"reply_to": "You can only reply to a comment on this claim."})
    return parent.id


def add_comment(claim: Claim, user: User, text: str,
                reply_to_event_id: int | None = None) -> ClaimEvent:
    """Comment on a claim (or reply to one of its comments) and notify the members it names."""
    text = _check(text)
    reply_to = _parent(claim, reply_to_event_id)
    event = claim_service.record_comment(claim, user, text, reply_to)
    names = [n for n in mentioned_usernames(text) if n != user.username][:MAX_MENTIONS]
    if names:
        members = db.session.scalars(
            select(User.id).join(Membership, Membership.user_id == User.id)
            .where(Membership.project_id == claim.project_id, User.username.in_(names)))
        db.session.add_all(Mention(event_id=event.id, user_id=user_id, project_id=claim.project_id)
                           for user_id in members)
        db.session.flush()
    return event


def mark_mentions_seen(claim_id: int, user_id: int) -> int:
    """The person opened the claim: its comments naming them leave their queue. Takes ids, so
    that a caller may start a fresh transaction without loading the claim again (see the
    claim page's view)."""
    of_claim = select(ClaimEvent.id).where(ClaimEvent.claim_id == claim_id)
    result = db.session.execute(
        update(Mention).where(Mention.user_id == user_id, Mention.seen_at.is_(None),
                              Mention.event_id.in_(of_claim))
        .values(seen_at=utcnow()).execution_options(synchronize_session=False))
    return result.rowcount


def has_unseen_mentions(claim: Claim, user: User) -> bool:
    return db.session.scalar(
        select(Mention.id).join(ClaimEvent, ClaimEvent.id == Mention.event_id)
        .where(ClaimEvent.claim_id == claim.id, Mention.user_id == user.id,
               Mention.seen_at.is_(None)).limit(1)) is not None


def fetch_mentions(events: list[ClaimEvent]) -> dict[int, list[User]]:
    """Who each of these comments mentions (one query for all)."""
    ids = [e.id for e in events if e.action == "commented"]
    found: dict[int, list[User]] = {}
    if ids:
        for mention, user in db.session.execute(
                select(Mention, User).join(User, User.id == Mention.user_id)
                .where(Mention.event_id.in_(ids)).order_by(Mention.id)):
            found.setdefault(mention.event_id, []).append(user)
    return found


@dataclass
class Entry:
    """One event of the history; a comment carries the replies to it."""

    event: ClaimEvent
    depth: int = 0
    parent: "Entry | None" = None
    replies: list["Entry"] = field(default_factory=list)


def reply_to_of(event: ClaimEvent) -> int | None:
    value = (event.changes or {}).get("reply_to") if event.action == "commented" else None
    return value if isinstance(value, int) else None


def thread(events: list[ClaimEvent]) -> list[Entry]:
    """The history in order, with each reply under the comment it answers (replies nested
    deeper than ``MAX_DEPTH`` join their ancestor's replies at that depth)."""
    top: list[Entry] = []
    comments: dict[int, Entry] = {}
    for event in events:
        entry = Entry(event)
        parent = comments.get(reply_to_of(event))
        while parent is not None and parent.depth >= MAX_DEPTH:
            parent = parent.parent
        if parent is None:
            top.append(entry)
        else:
            entry.parent, entry.depth = parent, parent.depth + 1
            parent.replies.append(entry)
        if event.action == "commented":
            comments[event.id] = entry
    return top


def comment_count(entries: list[Entry]) -> int:
    return sum(1 + comment_count(e.replies) for e in entries if e.event.action == "commented")
