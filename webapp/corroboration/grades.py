"""The grade of a claim cluster: a short rule anyone can recompute from what was recorded
(DOMAIN.md, "One claim, many reports"; Airwars' and Iraq Body Count's grading, the Every
Casualty standards). Pure functions over plain data: ``webapp.corroboration.clusters`` reads
the reports, this module decides.

**Independent origins.** Two reports share one origin when any of these holds (and so does
every report joined to them that way):
1. they are in the same article, or their articles are copies of one another (a copy group a
   lead has not split) — "copy of article 12";
2. their attribution chains end at the same original source (the last hop that names an
   entry) — "same original source: unnamed fighter in SDF ranks";
3. the same outlet published them — "same outlet: ANHA".
The origins are what is left: groups of reports no rule joins.

**Figures agree** when, for each thing counted (killed combatants, injured civilians …) that
two origins both give, their ranges overlap once each is widened by TOLERANCE (10 %, at least
FLOOR = 2): "26" and "at least 25" agree, "26" and "over 500" do not.

**The grade**, first rule that holds:
- *admitted*: a report is marked as the admission of the party concerned;
- *contested*: independent origins disagree on a figure, or analysts' verdicts conflict (one
  report confirmed or partly confirmed, another false or disputed);
- *corroborated*: two or more independent origins (whose figures, where given, agree);
- *single origin*: everything else.

**The range**: the lowest figure (the most conservative, ACLED's rule), the highest, and
which report gave each, per thing counted.
"""
from collections import defaultdict
from dataclasses import dataclass, field

from .unions import DisjointSets

TOLERANCE, FLOOR = 0.10, 2
CONFIRMING = {"confirmed", "partly_confirmed"}
DENYING = {"false", "disputed"}


@dataclass(frozen=True)
class Figure:
    """One figure of a report: what it counts (``category``, e.g. "killed · combatants") and
    the range it allows (``high`` None: no upper bound, "at least 26")."""
    category: str
    low: int | None
    high: int | None
    text: str = ""


@dataclass
class Report:
    claim_id: int
    article_id: int
    outlet: str                    # the outlet that published it (the article's site)
    origin: str                    # the chain's original source, as shown
    origin_key: str                # the same, comparable ("source:12" or "name:anha")
    status: str = "unreviewed"
    admission: bool = False
    figures: list[Figure] = field(default_factory=list)


@dataclass
class Origin:
    reports: list[Report]
    reasons: list[str]             # why these reports count as one ("copy of article 12", …)

    @property
    def label(self) -> str:
        return self.reports[0].origin


@dataclass
class Assessment:
    grade: str
    reason: str
    origins: list[Origin]
    ranges: dict[str, dict]        # category → {"min", "max", "conservative", by which reports}


def independent_origins(reports: list[Report], copies: dict[int, int]) -> list[Origin]:
    """The reports grouped by origin. ``copies``: article id → its copy group's id (articles
    outside any group are absent)."""
    union, reasons = DisjointSets([r.claim_id for r in reports]), defaultdict(list)

    def join_by(key, reason):
        first: dict = {}
        for report in reports:
            value = key(report)
            if value is None:
                continue
            if value in first:
                if union.join(first[value].claim_id, report.claim_id):
                    reasons[(first[value].claim_id, report.claim_id)].append(reason(first[value], report))
            else:
                first[value] = report

    join_by(lambda r: ("article", r.article_id), lambda a, b: f"same article ({a.article_id})")
    join_by(lambda r: ("copies", copies[r.article_id]) if r.article_id in copies else None,
            lambda a, b: f"copy of article {a.article_id}")
    join_by(lambda r: r.origin_key or None, lambda a, b: f"same original source: {a.origin}")
    join_by(lambda r: ("outlet", r.outlet.strip().casefold()) if r.outlet.strip() else None,
            lambda a, b: f"same outlet: {a.outlet}")
    groups: dict[int, list[Report]] = defaultdict(list)
    for report in reports:
        groups[union.find(report.claim_id)].append(report)
    origins = []
    for members in groups.values():
        ids = {r.claim_id for r in members}
        why = [reason for (a, b), found in reasons.items() if a in ids for reason in found]
        origins.append(Origin(members, sorted(set(why))))
    return sorted(origins, key=lambda o: min(r.claim_id for r in o.reports))


def _widened(figure: Figure) -> tuple[float, float]:
    low = figure.low if figure.low is not None else 0
    high = figure.high if figure.high is not None else float("inf")
    return (low - max(low * TOLERANCE, FLOOR), high + max(high * TOLERANCE, FLOOR)
            if high != float("inf") else high)


def agree(a: Figure, b: Figure) -> bool:
    (alo, ahi), (blo, bhi) = _widened(a), _widened(b)
    return alo <= bhi and blo <= ahi


def figure_disagreement(origins: list[Origin]) -> str | None:
    """Why independent origins disagree on a figure (None if they do not)."""
    for i, first in enumerate(origins):
        for second in origins[i + 1:]:
            for a in (f for r in first.reports for f in r.figures):
                for b in (f for r in second.reports for f in r.figures):
                    if a.category == b.category and not agree(a, b):
                        return (f"{a.category}: “{a.text or a.low}” ({first.label}) against "
                                f"“{b.text or b.low}” ({second.label})")
    return None


def ranges(reports: list[Report]) -> dict[str, dict]:
    found: dict[str, dict] = {}
    for report in reports:
        for figure in report.figures:
            entry = found.setdefault(figure.category, {"min": None, "max": None, "min_by": [],
                                                       "max_by": []})
            low = figure.low if figure.low is not None else figure.high
            high = figure.high if figure.high is not None else figure.low
            if low is not None and (entry["min"] is None or low <= entry["min"]):
                entry["min_by"] = ([] if entry["min"] != low else entry["min_by"]) + [report.claim_id]
                entry["min"] = low
            if high is not None and (entry["max"] is None or high >= entry["max"]):
                entry["max_by"] = ([] if entry["max"] != high else entry["max_by"]) + [report.claim_id]
                entry["max"] = high
    for entry in found.values():
        entry["conservative"], entry["conservative_by"] = entry["min"], entry["min_by"]
    return found


def assess(reports: list[Report], copies: dict[int, int]) -> Assessment:
    origins = independent_origins(reports, copies)
    spread = ranges(reports)
    n = len(origins)
    statuses = {r.status for r in reports}
    if any(r.admission for r in reports):
        who = next(r for r in reports if r.admission)
        return Assessment("admitted", f"report {who.claim_id} is the admission of the party "
                                      "concerned", origins, spread)
    if statuses & CONFIRMING and statuses & DENYING:
        return Assessment("contested", "analysts' verdicts conflict (confirmed against false "
                                       "or disputed)", origins, spread)
    if n >= 2:
        disagreement = figure_disagreement(origins)
        if disagreement:
            return Assessment("contested", f"independent origins disagree on the figure: "
                                           f"{disagreement}", origins, spread)
        return Assessment("corroborated", f"{n} independent origins"
                          + (" whose figures agree" if spread else ""), origins, spread)
    return Assessment("single_origin", "every report rests on one origin"
                      + (f": {origins[0].label}" if origins else ""), origins, spread)
