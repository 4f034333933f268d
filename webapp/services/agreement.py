"""How far the reviewers of blind double reviews agree (the project's agreement page).

What counts. Articles under double review whose blind phase is over (every assignment done);
their reviewers are the assignees. A reviewer's judgements are their claims in the article as
they left them: live claims, and claims a lead settled in adjudication (merged or dropped),
but not claims the reviewer deleted themselves. A claim kept in adjudication counts with the
values its reviewer gave it, read from its "adjudicated" event (the lead's final values are
not a reviewer's judgement). Source reliability is the claim's source's current grade.

Spans. Two reviewers' claims match when ``match_spans`` pairs them (the rule the comparison
page uses too): every couple of spans overlapping by at least one character is a candidate;
candidates are taken greedily by the largest Jaccard ratio (shared characters / characters
covered by either), ties by the larger overlap, then the earlier span, then the lower claim
ids; each claim joins at most one pair — a lenient "overlap" match. Exact matches (same start and end) are counted too. For reviewers X and Y
(in name order) Y is measured against X: precision = matches / Y's claims, recall = matches /
X's claims, F1 = 2 · matches / (X's claims + Y's claims).

Categorical fields (status, source type, named, party, access, kind, source reliability,
information credibility), over matched claims only — a claim one reviewer alone found has
nothing to agree with. An item where a reviewer left the field empty is left out, so each
figure has its own n.
- Cohen's kappa for each pair of reviewers: n = matched claims where both filled the field.
- Krippendorff's alpha (nominal), from the ``krippendorff`` package, over all double-reviewed
  work, with any number of reviewers per article: a unit is a group of overlapping claims with
  at most one per reviewer (the same greedy rule); n = units with at least two values.
A figure is None where it is undefined: no items, or no variation at all (every value the
same, so chance agreement is already perfect).

Four queries whatever the number of claims; pairing and tallies run in memory.
"""
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from itertools import combinations
from typing import Any

from sqlalchemy import and_, exists, or_, select
from sqlalchemy.orm import aliased

from ..extensions import db
from ..models import Article, Assignment, Claim, ClaimEvent, Source, User

FIELDS = {
    "status": "Verification status", "source_type": "Source type", "named": "Named?",
    "party": "Party to the events?", "access": "Access", "kind": "Claim kind",
    "source_reliability": "Source reliability", "credibility": "Information credibility",
}


# --- pairing spans ----------------------------------------------------------------------------------

Span = tuple[int, int, int]  # (claim id, start, end)


def _edges(spans_by_reviewer: dict[Any, list[Span]]) -> list[tuple]:
    """Every overlapping couple of spans of two different reviewers, best first."""
    reviewers = list(spans_by_reviewer)
    edges = []
    for i, r in enumerate(reviewers):
        for s in reviewers[i + 1:]:
            for a in spans_by_reviewer[r]:
                for b in spans_by_reviewer[s]:
                    overlap = min(a[2], b[2]) - max(a[1], b[1])
                    if overlap > 0:
                        union = max(a[2], b[2]) - min(a[1], b[1])
                        edges.append((-overlap / union, -overlap, min(a[1], b[1]),
                                      min(a[0], b[0]), max(a[0], b[0]), (r, a[0]), (s, b[0])))
    return sorted(edges, key=lambda e: e[:5])


def cluster_spans(spans_by_reviewer: dict[Any, list[Span]]) -> list[dict[Any, int]]:
    """Units of agreement: ``{reviewer: claim id}`` with at most one claim per reviewer, made
    by joining overlapping spans greedily by Jaccard (see the module docstring). Claims that
    join nothing are units of their own."""
    unit_of = {(r, s[0]): {r: s[0]} for r, spans in spans_by_reviewer.items() for s in spans}
    for *_rank, left, right in _edges(spans_by_reviewer):
        a, b = unit_of[left], unit_of[right]
        if a is b or set(a) & set(b):
            continue
        a.update(b)
        for key in b.items():
            unit_of[key] = a
    units, seen = [], set()
    for unit in unit_of.values():
        if id(unit) not in seen:
            seen.add(id(unit))
            units.append(unit)
    return units


def match_spans(a: list[Span], b: list[Span]) -> list[tuple[int, int]]:
    """One-to-one pairs ``(a claim id, b claim id)`` of two reviewers' spans."""
    units = cluster_spans({"a": a, "b": b})
    return [(u["a"], u["b"]) for u in units if len(u) == 2]


def span_of(claim) -> Span:
    return (claim.id, claim.start_offset, claim.end_offset)


# --- the statistics ---------------------------------------------------------------------------

def cohens_kappa(items: list[tuple[str, str]]) -> float | None:
    """Cohen's kappa of two raters over ``(first's value, second's value)`` items:
    (p_o − p_e) / (1 − p_e), p_e from each rater's own distribution of values. Written out
    rather than imported: the libraries offering it (statsmodels, scikit-learn) bring SciPy."""
    n = len(items)
    if n == 0:
        return None
    observed = sum(a == b for a, b in items) / n
    first, second = Counter(a for a, _ in items), Counter(b for _, b in items)
    expected = sum(first[v] * second[v] for v in first) / (n * n)
    return None if expected == 1 else (observed - expected) / (1 - expected)


def krippendorff_alpha(units: list[list[str]]) -> float | None:
    """Krippendorff's alpha, nominal, of units holding the values their coders gave (any
    number per unit; units with fewer than two values are not pairable and left out)."""
    import krippendorff  # numpy behind it: loaded when a figure is asked for

    units = [u for u in units if len(u) >= 2]
    domain = sorted({v for u in units for v in u})
    if len(domain) < 2:
        return None
    counts = [[u.count(v) for v in domain] for u in units]
    return float(krippendorff.alpha(value_counts=counts, level_of_measurement="nominal"))


def f1(first: int, second: int, matched: int) -> float | None:
    return 2 * matched / (first + second) if first + second else None


# --- the figures ------------------------------------------------------------------------------

@dataclass
class Figure:
    value: float | None
    n: int


@dataclass
class SpanAgreement:
    first: str
    second: str
    first_claims: int = 0
    second_claims: int = 0
    matched: int = 0
    exact: int = 0

    @property
    def precision(self) -> float | None:
        return self.matched / self.second_claims if self.second_claims else None

    @property
    def recall(self) -> float | None:
        return self.matched / self.first_claims if self.first_claims else None

    @property
    def f1(self) -> float | None:
        return f1(self.first_claims, self.second_claims, self.matched)

    @property
    def exact_f1(self) -> float | None:
        return f1(self.first_claims, self.second_claims, self.exact)


@dataclass
class FieldAgreement:
    field: str
    label: str
    alpha: Figure
    kappas: dict[tuple[str, str], Figure]


@dataclass
class ProjectAgreement:
    articles: int
    spans: list[SpanAgreement]
    fields: list[FieldAgreement] = field(default_factory=list)

    @property
    def pairs(self) -> list[tuple[str, str]]:
        return [(s.first, s.second) for s in self.spans]

    @property
    def total(self) -> SpanAgreement:
        total = SpanAgreement("all", "all")
        for s in self.spans:
            total.first_claims += s.first_claims
            total.second_claims += s.second_claims
            total.matched += s.matched
            total.exact += s.exact
        return total


@dataclass
class Judgement:
    id: int
    reviewer: str
    start: int
    end: int
    values: dict[str, str]


def project_agreement(project_id: int) -> ProjectAgreement:
    reviewers, judgements = fetch_judgements(project_id)
    spans: dict[tuple[str, str], SpanAgreement] = {}
    items: dict[tuple[str, str], dict[str, list]] = defaultdict(lambda: defaultdict(list))
    units: dict[str, list[list[str]]] = defaultdict(list)
    articles = 0
    for article_id, names in reviewers.items():
        if len(names) < 2:
            continue
        articles += 1
        mine = {name: [j for j in judgements[article_id] if j.reviewer == name] for name in names}
        by_id = {j.id: j for j in judgements[article_id]}
        for x, y in combinations(sorted(names), 2):
            tally = spans.setdefault((x, y), SpanAgreement(x, y))
            _tally_pair(tally, items[(x, y)], mine[x], mine[y], by_id)
        for unit in cluster_spans({n: [(j.id, j.start, j.end) for j in mine[n]] for n in names}):
            for name in FIELDS:
                units[name].append([v for i in unit.values() if (v := by_id[i].values[name])])
    pairs = sorted(spans)
    return ProjectAgreement(articles, [spans[p] for p in pairs], [
        FieldAgreement(name, label,
                       Figure(krippendorff_alpha(units[name]), sum(len(u) >= 2 for u in units[name])),
                       {p: Figure(cohens_kappa(items[p][name]), len(items[p][name])) for p in pairs})
        for name, label in FIELDS.items()])


def _tally_pair(tally: SpanAgreement, items: dict, xs: list[Judgement], ys: list[Judgement],
                by_id: dict[int, Judgement]) -> None:
    tally.first_claims += len(xs)
    tally.second_claims += len(ys)
    for i, j in match_spans([(c.id, c.start, c.end) for c in xs], [(c.id, c.start, c.end) for c in ys]):
        a, b = by_id[i], by_id[j]
        tally.matched += 1
        tally.exact += (a.start, a.end) == (b.start, b.end)
        for name in FIELDS:
            if a.values[name] and b.values[name]:
                items[name].append((a.values[name], b.values[name]))


# --- the data ---------------------------------------------------------------------------------

def _finished(project_id: int):
    """Ids of the project's double-reviewed articles whose blind phase is over."""
    article, pending = aliased(Article), aliased(Assignment)
    return select(article.id).where(
        article.project_id == project_id, article.double_review.is_(True),
        ~exists().where(pending.article_id == article.id, pending.state != "done"))


def fetch_judgements(project_id: int) -> tuple[dict[int, list[str]], dict[int, list[Judgement]]]:
    """Reviewers (usernames) per finished article, and their judgements (three queries)."""
    finished = _finished(project_id)
    reviewers: dict[int, list[str]] = defaultdict(list)
    for article_id, name in db.session.execute(
            select(Assignment.article_id, User.username).join(User, User.id == Assignment.assignee_id)
            .where(Assignment.article_id.in_(finished)).order_by(Assignment.article_id, Assignment.id)):
        reviewers[article_id].append(name)
    dropped = exists().where(ClaimEvent.claim_id == Claim.id, ClaimEvent.action == "dropped")
    columns = [getattr(Claim, name) for name in FIELDS if name != "source_reliability"]
    rows = db.session.execute(
        select(Claim.id, Claim.article_id, User.username, Claim.start_offset, Claim.end_offset,
               Source.reliability, *columns)
        .join(User, User.id == Claim.created_by_id)
        .join(Assignment, and_(Assignment.article_id == Claim.article_id,
                               Assignment.assignee_id == Claim.created_by_id))
        .outerjoin(Source, Source.id == Claim.source_id)
        .where(Claim.article_id.in_(finished),
               or_(Claim.deleted_at.is_(None), Claim.merged_into_id.is_not(None), dropped))
        .order_by(Claim.id))
    originals = _originals(finished)
    judgements: dict[int, list[Judgement]] = defaultdict(list)
    for claim_id, article_id, name, start, end, reliability, *values in rows:
        current = dict(zip([n for n in FIELDS if n != "source_reliability"], values),
                       source_reliability=reliability)
        judgements[article_id].append(Judgement(claim_id, name, start, end, {
            k: str(v or "") for k, v in originals.get(claim_id, current).items()}))
    return reviewers, judgements


def _originals(finished) -> dict[int, dict[str, str]]:
    """For claims kept in adjudication: the values their reviewer gave, from the event."""
    found = {}
    for claim_id, changes in db.session.execute(
            select(ClaimEvent.claim_id, ClaimEvent.changes).join(Claim, Claim.id == ClaimEvent.claim_id)
            .where(ClaimEvent.action == "adjudicated", Claim.article_id.in_(finished))):
        sides = list(changes.get("claim_id", []))[:2]   # [A's claim, B's claim]
        if claim_id in sides:
            side = sides.index(claim_id)
            found[claim_id] = {name: (changes.get(name) or ["", ""])[side] for name in FIELDS}
    return found
