"""Assignments: who works on which article, how far they are, and who may mark claims where.

Every change (assigned, reassigned, unassigned, started, done, reopened) writes one
``ArticleEvent`` in the same transaction; the services flush and the caller commits once.

States: ``assigned`` → ``in_progress`` → ``done``. An assignment becomes ``in_progress`` when
its assignee (or a lead) starts it explicitly, or by itself when the assignee saves a claim in
the article (``note_claim_saved``). ``done`` means the assignee has marked every claim in it;
reopening puts it back to ``in_progress``. Reassigning moves the row to the new assignee with
its state: the claims belong to the article, so nothing already done is lost.
"""
from dataclasses import dataclass, field

from sqlalchemy import bindparam, exists, func, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import joinedload, selectinload

from ..extensions import db
from ..models import Article, ArticleEvent, Assignment, Membership, Project, User
from ..models._time import utcnow
from ..models.assignment import ASSIGNMENT_STATES
from .errors import Duplicate, Invalid, NotAllowed, NotFound

ASSIGNABLE_ROLES = ("annotator", "lead")
MAX_BULK = 5000
NOT_ASSIGNED_MESSAGE = ("In this project annotators mark and edit claims only in the articles "
                        "assigned to them, and this article is not assigned to you. "
                        "Ask a lead to assign it to you.")


def record(article: Article, actor: User, action: str, changes: dict, reason: str = "") -> ArticleEvent:
    event = ArticleEvent(project_id=article.project_id, article_id=article.id, actor_id=actor.id,
                         action=action, changes=changes, reason=reason.strip())
    db.session.add(event)
    db.session.flush()
    return event


def assignable_member(project_id: int, user_id: int | None) -> User:
    """The member ``user_id`` if work can be given to them (annotators and leads)."""
    row = db.session.execute(select(User, Membership.role).join(
        Membership, Membership.user_id == User.id).where(
        Membership.project_id == project_id, User.id == user_id)).first() if user_id else None
    if row is None:
        raise Invalid({"assignee": "Work can only be assigned to a member of this project."})
    if row.role not in ASSIGNABLE_ROLES:
        raise Invalid({"assignee": f"{row.User.username} is a viewer in this project; "
                                   "only annotators and leads can be assigned articles."})
    return row.User


def fetch_assignable_members(project_id: int) -> list[User]:
    return list(db.session.scalars(select(User).join(Membership, Membership.user_id == User.id).where(
        Membership.project_id == project_id, Membership.role.in_(ASSIGNABLE_ROLES))
        .order_by(User.username)))


def has_assignments(project_id: int) -> bool:
    """Whether any article of the project is assigned to anyone."""
    return bool(db.session.scalar(select(exists().where(Assignment.project_id == project_id))))


def _check_article(project: Project, article: Article) -> None:
    if article.project_id != project.id:
        raise NotFound("No such article.")


def _find(article_id: int, assignee_id: int, lock: bool = False) -> Assignment | None:
    query = select(Assignment).where(Assignment.article_id == article_id,
                                     Assignment.assignee_id == assignee_id)
    return db.session.scalar(query.with_for_update() if lock else query)


def _add(project: Project, article: Article, assignee: User, actor: User) -> Assignment:
    assignment = Assignment(project_id=project.id, article_id=article.id, assignee_id=assignee.id,
                            assigned_by_id=actor.id, state="assigned")
    try:
        with db.session.begin_nested():
            db.session.add(assignment)
    except IntegrityError:  # the same assignment committed a moment ago
        raise Duplicate(f"{article.title} is already assigned to {assignee.username}.") from None
    record(article, actor, "assigned", {"assignee": [None, assignee.username],
                                        "state": [None, "assigned"]})
    return assignment


def assign_article(project: Project, article: Article, assignee: User, actor: User) -> Assignment:
    """Give one article to one member (an article may have several assignees)."""
    _check_article(project, article)
    assignee = assignable_member(project.id, assignee.id)
    if _find(article.id, assignee.id):
        raise Duplicate(f"This article is already assigned to {assignee.username}.")
    return _add(project, article, assignee, actor)


def _articles(project: Project, article_ids) -> list[Article]:
    ids = sorted(set(article_ids))
    if not ids:
        raise Invalid({"article_ids": "Choose at least one article."})
    if len(ids) > MAX_BULK:
        raise Invalid({"article_ids": f"Assign at most {MAX_BULK} articles at once."})
    articles = list(db.session.scalars(select(Article).where(
        Article.id.in_(ids), Article.project_id == project.id).order_by(Article.id)))
    if len(articles) != len(ids):
        raise NotFound("Some of the chosen articles are not in this project.")
    return articles


def _assigned_pairs(article_ids: list[int]) -> set[tuple[int, int]]:
    rows = db.session.execute(select(Assignment.article_id, Assignment.assignee_id).where(
        Assignment.article_id.in_(article_ids)))
    return {(article_id, assignee_id) for article_id, assignee_id in rows}


def bulk_assign(project: Project, article_ids, assignee: User, actor: User) -> tuple[list[Assignment], int]:
    """Give the chosen articles to one member. Articles already theirs are left as they are;
    returns the new assignments and how many were skipped."""
    assignee = assignable_member(project.id, assignee.id)
    articles = _articles(project, article_ids)
    taken = _assigned_pairs([a.id for a in articles])
    made = [_add(project, a, assignee, actor) for a in articles if (a.id, assignee.id) not in taken]
    return made, len(articles) - len(made)


def open_load(project_id: int, user_ids) -> dict[int, int]:
    """How many articles each member has in this project that are not done."""
    rows = db.session.execute(select(Assignment.assignee_id, func.count()).where(
        Assignment.project_id == project_id, Assignment.assignee_id.in_(list(user_ids)),
        Assignment.state != "done").group_by(Assignment.assignee_id))
    return {user_id: 0 for user_id in user_ids} | {user_id: n for user_id, n in rows}


def round_robin(project: Project, article_ids, assignees: list[User], actor: User) -> tuple[list[Assignment], int]:
    """Spread the chosen articles over the chosen members: each article (in id order) goes to
    the member with the fewest open articles in the project, ties going to the earlier name in
    alphabetical order; nobody gets an article twice. Returns the new assignments and how many
    articles were skipped (every chosen member already had them)."""
    members = sorted({m.id: assignable_member(project.id, m.id) for m in assignees}.values(),
                     key=lambda u: u.username)
    if not members:
        raise Invalid({"members": "Choose at least one member to spread the articles over."})
    articles = _articles(project, article_ids)
    taken = _assigned_pairs([a.id for a in articles])
    load = open_load(project.id, [m.id for m in members])
    made = []
    for article in articles:
        free = [m for m in members if (article.id, m.id) not in taken]
        if not free:
            continue
        member = min(free, key=lambda m: load[m.id])   # min() keeps the first of equals
        made.append(_add(project, article, member, actor))
        load[member.id] += 1
    return made, len(articles) - len(made)


def get_assignment(article: Article, assignee_id: int | None, lock: bool = True) -> Assignment:
    assignment = _find(article.id, assignee_id, lock) if assignee_id else None
    if assignment is None:
        raise Invalid({"assignee": "That person has no assignment on this article."})
    return assignment


def reassign(project: Project, article: Article, from_id: int | None, to: User, actor: User,
             reason: str = "") -> Assignment:
    """Move an assignment to another member. Its state and the claims already made stay."""
    _check_article(project, article)
    assignment = get_assignment(article, from_id)
    to = assignable_member(project.id, to.id)
    before = assignment.assignee
    if to.id == before.id:
        raise Invalid({"to": f"The article is already assigned to {to.username}."})
    if _find(article.id, to.id):
        raise Duplicate(f"This article is already assigned to {to.username}.")
    assignment.assignee, assignment.assigned_by_id = to, actor.id
    assignment.updated_at = utcnow()
    db.session.flush()
    record(article, actor, "reassigned", {"assignee": [before.username, to.username]}, reason)
    return assignment


def unassign(project: Project, article: Article, assignee_id: int | None, actor: User,
             reason: str = "") -> None:
    """Take an article back; its claims stay, and its trail records who had it."""
    _check_article(project, article)
    assignment = get_assignment(article, assignee_id)
    changes = {"assignee": [assignment.assignee.username, None], "state": [assignment.state, None]}
    db.session.delete(assignment)
    db.session.flush()
    record(article, actor, "unassigned", changes, reason)


# action: (states it may start from, state it leads to, event, what the refusal calls it)
TRANSITIONS = {
    "start": ({"assigned"}, "in_progress", "started", "started"),
    "done": ({"assigned", "in_progress"}, "done", "done", "marked done"),
    "reopen": ({"done"}, "in_progress", "reopened", "reopened"),
}


def change_state(article: Article, assignee_id: int | None, action: str, actor: User,
                 actor_role: str, reason: str = "") -> Assignment:
    """Start, finish or reopen one assignment: by its assignee, or by a lead."""
    if action not in TRANSITIONS:
        raise Invalid({"action": "Choose start, done or reopen."})
    assignment = get_assignment(article, assignee_id)
    if assignment.assignee_id != actor.id and actor_role != "lead":
        raise NotAllowed("Only the assignee or a lead can change the state of this assignment.")
    sources, target, event, verb = TRANSITIONS[action]
    if assignment.state not in sources:
        raise Invalid({"action": f"This assignment is {ASSIGNMENT_STATES[assignment.state].lower()}; "
                                 f"it cannot be {verb}."})
    return _set_state(article, assignment, target, event, actor, reason)


def _set_state(article, assignment, target, event, actor, reason="") -> Assignment:
    # The assignee is named (unchanged) so that the trail says whose work changed state.
    name = assignment.assignee.username
    changes = {"state": [assignment.state, target], "assignee": [name, name]}
    assignment.state, assignment.updated_at = target, utcnow()
    db.session.flush()
    record(article, actor, event, changes, reason)
    return assignment


# Every claim saved runs it: a plain UPDATE of the table, built once.
_START = (update(Assignment.__table__)
          .where(Assignment.__table__.c.article_id == bindparam("article"),
                 Assignment.__table__.c.assignee_id == bindparam("assignee"),
                 Assignment.__table__.c.state == "assigned")
          .values(state="in_progress", updated_at=bindparam("now")))


def note_claim_saved(article: Article, user: User) -> None:
    """A claim saved by the assignee starts their assignment (assigned → in progress): one
    UPDATE that changes it only if it is still assigned, so two saves at once start it once."""
    started = db.session.execute(_START, {"article": article.id, "assignee": user.id,
                                          "now": utcnow()}).rowcount
    if started:
        for held in [o for o in db.session.identity_map.values() if isinstance(o, Assignment)]:
            db.session.expire(held)   # an assignment this request read is no longer current
        record(article, user, "started", {"state": ["assigned", "in_progress"],
                                          "assignee": [user.username, user.username]})


def may_edit_article(user: User, role: str | None, article: Article) -> bool:
    """Leads always; annotators in every article when the project allows it
    (``annotators_edit_all``), else only in the articles assigned to them; viewers never."""
    if role == "lead":
        return True
    if role != "annotator":
        return False
    if db.session.get(Project, article.project_id).annotators_edit_all:
        return True
    return bool(db.session.scalar(select(exists().where(
        Assignment.article_id == article.id, Assignment.assignee_id == user.id))))


def editable_articles(user: User, role: str | None, project_id: int, article_ids) -> set[int]:
    """Which of these articles the person may edit, by the rule above (at most one query)."""
    ids = set(article_ids)
    if role == "lead" or (role == "annotator" and db.session.get(Project, project_id).annotators_edit_all):
        return ids
    if role != "annotator" or not ids:
        return set()
    return set(db.session.scalars(select(Assignment.article_id).where(
        Assignment.article_id.in_(ids), Assignment.assignee_id == user.id)))


def check_may_edit(user: User, role: str | None, article: Article) -> None:
    if not may_edit_article(user, role, article):
        raise NotAllowed(NOT_ASSIGNED_MESSAGE)


def check_may_edit_claim(user: User, role: str | None, project_id: int, claim_id: int) -> None:
    """The same rule for a claim's article (a claim the person cannot see is NotFound)."""
    from .claims import get_claim
    check_may_edit(user, role, get_claim(project_id, claim_id, user, role).article)


@dataclass
class ArticleWork:
    """What the reading view shows about an article's work."""

    assignments: list[Assignment]
    mine: Assignment | None
    may_edit: bool
    members: list[User] = field(default_factory=list)   # whom a lead can give it to


def article_work(article: Article, user: User, role: str | None) -> ArticleWork:
    assignments = list(db.session.scalars(
        select(Assignment).where(Assignment.article_id == article.id)
        .options(joinedload(Assignment.assignee)).order_by(Assignment.id)))
    mine = next((a for a in assignments if a.assignee_id == user.id), None)
    may_edit = role == "lead" or (role == "annotator" and (
        mine is not None or db.session.get(Project, article.project_id).annotators_edit_all))
    members = fetch_assignable_members(article.project_id) if role == "lead" else []
    return ArticleWork(assignments, mine, may_edit, members)


def fetch_history(article_id: int) -> list[ArticleEvent]:
    return list(db.session.scalars(
        select(ArticleEvent).where(ArticleEvent.article_id == article_id)
        .options(selectinload(ArticleEvent.actor)).order_by(ArticleEvent.id)))


def update_settings(project: Project, annotators_edit_all: bool, second_review_required: bool) -> dict:
    """A lead's project settings; returns what changed ``{setting: [before, after]}``."""
    wanted = {"annotators_edit_all": bool(annotators_edit_all),
              "second_review_required": bool(second_review_required)}
    changes = {k: [getattr(project, k), v] for k, v in wanted.items() if getattr(project, k) != v}
    for key, (_before, after) in changes.items():
        setattr(project, key, after)
    db.session.flush()
    return changes
