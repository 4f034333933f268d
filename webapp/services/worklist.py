"""A project's article list as a lead works it: filters from the query string (checked against
an allowlist), and each article's assignees and states, in a fixed number of queries."""
from collections import defaultdict
from dataclasses import dataclass
from datetime import date

from sqlalchemy import ColumnElement, exists, func, select
from sqlalchemy.orm import joinedload

from ..extensions import db
from ..models import Article, Assignment, Claim, Membership, User
from ..models.assignment import ASSIGNMENT_STATES
from . import visibility
from ..corroboration import groups
from .claim_filters import article_conditions
from .assignments import MAX_BULK
from .errors import Invalid

FILTERS = ("assignee", "state", "unassigned", "q", "outlet", "published_from", "published_to", "copies")
ALLOWED_ARGS = FILTERS + ("page",)
STATE_FILTERS = {"open": "Not done", **ASSIGNMENT_STATES}
MAX_SEARCH = 200
# Copies (issue 11): copies of an earlier article or republications, or every other article.
COPY_FILTERS = {"copies": "Copies only", "originals": "Originals only"}


@dataclass(frozen=True)
class ArticleFilters:
    assignee: User | None = None
    state: str = ""
    unassigned: bool = False
    q: str = ""
    outlet: str = ""                  # site name or original outlet
    published_from: date | None = None
    published_to: date | None = None
    copies: str = ""                  # "copies", "originals" or "" (all)

    def args(self) -> dict[str, str]:
        """The filters as query parameters (for page links and hidden form fields)."""
        values = {"assignee": self.assignee.username if self.assignee else "", "state": self.state,
                  "unassigned": "1" if self.unassigned else "", "q": self.q, "outlet": self.outlet,
                  "published_from": self.published_from.isoformat() if self.published_from else "",
                  "published_to": self.published_to.isoformat() if self.published_to else "",
                  "copies": self.copies}
        return {k: v for k, v in values.items() if v}

    @property
    def active(self) -> bool:
        return bool(self.args())


def _refuse(message: str):
    raise Invalid({"filter": message})


def parse_filters(project_id: int, args) -> ArticleFilters:
    """Filters from a request's query string (a MultiDict); unknown names or values → Invalid."""
    unknown = sorted(set(args) - set(ALLOWED_ARGS))
    if unknown:
        _refuse(f"Unknown filter “{unknown[0][:40]}”. Articles can be filtered by: "
                + ", ".join(FILTERS) + ".")
    for name in args:
        if len(args.getlist(name)) > 1:
            _refuse(f"The filter “{name}” is given more than once.")
    username = args.get("assignee", "").strip().lower()
    state = args.get("state", "")
    unassigned = args.get("unassigned", "")
    q = args.get("q", "").strip()
    if state not in ("", *STATE_FILTERS):
        _refuse("Unknown state “" + state[:40] + "”. States: " + ", ".join(STATE_FILTERS) + ".")
    if unassigned not in ("", "1"):
        _refuse("The filter “unassigned” takes the value 1.")
    if unassigned and (username or state):
        _refuse("“unassigned” cannot be combined with an assignee or a state.")
    if len(q) > MAX_SEARCH:
        _refuse(f"Search for at most {MAX_SEARCH} characters.")
    assignee = None
    if username:
        assignee = db.session.scalar(select(User).join(Membership, Membership.user_id == User.id)
                                     .where(Membership.project_id == project_id,
                                            User.username == username))
        if assignee is None:
            _refuse("No member of this project has the username “" + username[:64] + "”.")
    copies = args.get("copies", "")
    if copies not in ("", *COPY_FILTERS):
        _refuse("The filter “copies” takes copies or originals.")
    outlet = args.get("outlet", "").strip()
    if len(outlet) > MAX_SEARCH:
        _refuse(f"Give an outlet of at most {MAX_SEARCH} characters.")
    return ArticleFilters(assignee, state, bool(unassigned), q, outlet,
                          _date(args, "published_from"), _date(args, "published_to"), copies)


def _date(args, name: str) -> date | None:
    raw = args.get(name, "").strip()
    try:
        return date.fromisoformat(raw) if raw else None
    except ValueError:
        _refuse(f"Give “{name}” as a date, YYYY-MM-DD.")


def _like(text: str) -> str:
    return "%" + text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"


def conditions(project_id: int, f: ArticleFilters) -> list[ColumnElement[bool]]:
    where = [Article.project_id == project_id]
    if f.unassigned:
        where.append(~exists(select(Assignment.id).where(Assignment.article_id == Article.id)))
    if f.assignee or f.state:
        sub = select(Assignment.id).where(Assignment.article_id == Article.id)
        if f.assignee:
            sub = sub.where(Assignment.assignee_id == f.assignee.id)
        if f.state == "open":
            sub = sub.where(Assignment.state != "done")
        elif f.state:
            sub = sub.where(Assignment.state == f.state)
        where.append(exists(sub))
    where.extend(article_conditions(f))
    if f.copies:
        where.append(groups.is_copy() if f.copies == "copies" else ~groups.is_copy())
    if f.q:
        where.append(Article.title.ilike(_like(f.q), escape="\\"))
    return where


def fetch_worklist(project_id: int, f: ArticleFilters, page: int, per_page: int, user: User,
                   role: str) -> tuple[list, int]:
    """A page of matching articles, newest first: (article, claims the person may see in it,
    its assignments with their assignees), and how many articles match."""
    where = conditions(project_id, f)
    total = db.session.scalar(select(func.count(Article.id)).where(*where))
    articles = list(db.session.scalars(
        select(Article).where(*where).order_by(Article.captured_at.desc(), Article.id.desc())
        .limit(per_page).offset((page - 1) * per_page)))
    ids = [a.id for a in articles]
    counts = dict(db.session.execute(   # counted for this page's articles only
        select(Claim.article_id, func.count()).where(
            Claim.article_id.in_(ids), Claim.project_id == project_id,
            visibility.live_and_seen_by(user, role)).group_by(Claim.article_id)).all()) if ids else {}
    work = fetch_assignments(ids)
    linked = groups.count_links(ids)
    return [(a, counts.get(a.id, 0), work[a.id], linked.get(a.id, 0)) for a in articles], total


def fetch_assignments(article_ids: list[int]) -> dict[int, list[Assignment]]:
    """Each article's assignments with their assignees, in one query."""
    found: dict[int, list[Assignment]] = defaultdict(list)
    if article_ids:
        for assignment in db.session.scalars(
                select(Assignment).where(Assignment.article_id.in_(article_ids))
                .options(joinedload(Assignment.assignee)).order_by(Assignment.id)):
            found[assignment.article_id].append(assignment)
    return found


def matching_article_ids(project_id: int, f: ArticleFilters) -> list[int]:
    """Every matching article's id (for "spread all matching articles"), at most MAX_BULK + 1
    so that the assigning service can refuse a selection that is too large."""
    return list(db.session.scalars(select(Article.id).where(*conditions(project_id, f))
                                   .order_by(Article.id).limit(MAX_BULK + 1)))
