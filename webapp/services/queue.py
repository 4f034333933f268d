"""My queue: the work waiting for one person, across every project they are a member of.

Four sections, each capped at ``limit`` items (the page size) with the full count beside it, each read in two
queries (items and count) whatever its size:

- articles assigned to me and not done, oldest assignment first;
- claims waiting for my second review: pending, made by someone else and not last reviewed by
  me, in projects where I annotate or lead;
- my claims sent back to me;
- comments that mention me and that I have not seen yet, newest first;
- articles whose page changed or was removed (issue 12) and nobody has looked yet: in every
  project I lead, and those assigned to me elsewhere; newest first.

Every claim section applies the visibility rule with my role in the claim's project.
"""
from collections import defaultdict
from dataclasses import dataclass

from sqlalchemy import ColumnElement, Select, and_, exists, false, func, or_, select
from sqlalchemy.orm import aliased

from ..extensions import db
from ..models import Article, Assignment, Claim, ClaimEvent, Membership, Mention, Project, User
from ..models.revision import ArticleRevision
from . import visibility


@dataclass
class Section:
    items: list
    total: int


def project_roles(user: User) -> dict[int, str]:
    """My role in each project I am a member of (instance admins act as leads)."""
    rows = db.session.execute(select(Membership.project_id, Membership.role)
                              .where(Membership.user_id == user.id))
    return {project_id: "lead" if user.is_admin else role for project_id, role in rows}


def visible_claims(user: User, roles: dict[int, str]) -> ColumnElement[bool]:
    """Claims in these projects that I may see, by my role in each one's project."""
    projects_by_role = defaultdict(list)
    for project_id, role in roles.items():
        projects_by_role[role].append(project_id)
    clauses = [and_(Claim.project_id.in_(ids), visibility.live_and_seen_by(user, role))
               for role, ids in sorted(projects_by_role.items())]
    return or_(*clauses) if clauses else false()


def _section(query: Select, limit: int) -> Section:
    total = db.session.scalar(select(func.count()).select_from(query.order_by(None).subquery()))
    items = db.session.execute(query.limit(limit)).all() if total else []
    return Section(items, total)


def assigned_articles(user: User, roles: dict[int, str], limit: int) -> Section:
    query = (select(Assignment, Article.title, Project.name.label("project_name"))
             .join(Article, Article.id == Assignment.article_id)
             .join(Project, Project.id == Assignment.project_id)
             .where(Assignment.assignee_id == user.id, Assignment.state != "done",
                    Assignment.project_id.in_(list(roles)))
             .order_by(Assignment.created_at, Assignment.id))
    return _section(query, limit)


def _claims(user: User, roles: dict[int, str], *where) -> Select:
    author = aliased(User)
    return (select(Claim, Article.title, Project.name.label("project_name"),
                   author.display_name.label("author_name"))
            .join(Article, Article.id == Claim.article_id)
            .join(Project, Project.id == Claim.project_id)
            .join(author, author.id == Claim.created_by_id)
            .where(visible_claims(user, roles), *where)
            .order_by(Claim.updated_at, Claim.id))


def claims_to_review(user: User, roles: dict[int, str], limit: int) -> Section:
    reviewing = {p: r for p, r in roles.items() if r in ("annotator", "lead")}
    return _section(_claims(user, reviewing, Claim.review_state == "pending",
                            Claim.created_by_id != user.id,
                            or_(Claim.last_reviewed_by_id.is_(None),
                                Claim.last_reviewed_by_id != user.id)), limit)


def claims_sent_back(user: User, roles: dict[int, str], limit: int) -> Section:
    return _section(_claims(user, roles, Claim.review_state == "sent_back",
                            Claim.created_by_id == user.id), limit)


def mentions(user: User, roles: dict[int, str], limit: int) -> Section:
    """Unseen comments naming me; the comment is the claim event's ``reason``."""
    actor = aliased(User)
    query = (select(Mention, ClaimEvent, Claim.quote, Claim.project_id, Article.title,
                    Project.name.label("project_name"), actor.display_name.label("author_name"))
             .join(ClaimEvent, ClaimEvent.id == Mention.event_id)
             .join(Claim, Claim.id == ClaimEvent.claim_id)
             .join(Article, Article.id == Claim.article_id)
             .join(Project, Project.id == Claim.project_id)
             .join(actor, actor.id == ClaimEvent.actor_id)
             .where(Mention.user_id == user.id, Mention.seen_at.is_(None),
                    visible_claims(user, roles))
             .order_by(ClaimEvent.id.desc()))
    return _section(query, limit)


def changed_articles(user: User, roles: dict[int, str], limit: int) -> Section:
    """Articles needing attention ("changed", "removed"), with when: the latest revision's
    capture, or the removal."""
    leading = [p for p, r in roles.items() if r == "lead"]
    mine = exists().where(Assignment.article_id == Article.id, Assignment.assignee_id == user.id)
    when = func.coalesce(Article.removed_at, ArticleRevision.captured_at, Article.captured_at)
    query = (select(Article.id, Article.project_id, Article.title, Article.attention,
                    Article.revision, Project.name.label("project_name"), when.label("when"))
             .join(Project, Project.id == Article.project_id)
             .outerjoin(ArticleRevision, and_(ArticleRevision.article_id == Article.id,
                                              ArticleRevision.number == Article.revision))
             .where(Article.attention.in_(("changed", "removed")),
                    Article.project_id.in_(list(roles)),
                    or_(Article.project_id.in_(leading), mine) if leading else mine)
             .order_by(when.desc(), Article.id.desc()))
    return _section(query, limit)


def fetch_queue(user: User, limit: int) -> dict[str, Section]:
    roles = project_roles(user)
    return {"changed": changed_articles(user, roles, limit),
            "articles": assigned_articles(user, roles, limit),
            "reviews": claims_to_review(user, roles, limit),
            "sent_back": claims_sent_back(user, roles, limit),
            "mentions": mentions(user, roles, limit)}
