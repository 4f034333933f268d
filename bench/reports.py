"""Independent reports of the same incidents among generated articles, with their attribution
chains, structured figures and clusters (issue 11), in proportions a project of scraped war
reporting shows.

- **Incidents.** About one original article in five reports an incident in a sentence of its
  own ("At least 26 civilians were killed in an airstrike on Raqqa, the Syrian Observatory for
  Human Rights said"): a new one, or one another article dated within a week already reported.
  Each report gives its own figure: the same number (half of them), a bound ("at least 26"), a
  close one (within the grade's tolerance), a far one (the contested kind), or a vague "dozens".
  Half the reports cite the incident's first speaker (one origin however many outlets carry
  it), half a speaker of their own; a few are marked as the admission of the party concerned.
  Planted copies (bench/planting.py) carry the sentence too: a copy's report collapses into the
  origin of the article it copies.
- **Clusters.** The first claim each article marks on an incident's sentence is a report of it;
  an incident with reports in two or more articles is a cluster, graded by the published rule
  (``webapp.corroboration.grades``) over what was generated, its links events in each trail.
- **Chains.** Every incident report, and three in ten other claims that rest on a registry
  source, carry a stored chain: the outlet (republished from the original outlet, when the page
  is a republication), citing the source.
- **Figures.** Every casualty claim's quote is read by the application's own figure parser
  (``webapp.corroboration.figures.parse``); what it reads as one figure is stored as one.
- **Copies.** Each planted copy whose body shares at least half of its 5-word shingles with the
  article it copies is a copy relation found by text (as the worker's detection would store it).
"""
import random
from collections import defaultdict

from webapp.corroboration import chains, grades
from webapp.corroboration import figures as figure_rules
from webapp.corroboration.shingles import body_of, jaccard, shingles
from webapp.corroboration.unions import DisjointSets
from webapp.corroboration.vague_terms import ACLED_DEFAULTS

INCIDENT_SHARE = 0.2      # of the original articles, reporting an incident
NEW_INCIDENT = 0.45       # of those reports, the first of a new incident
WINDOW = 7                # days: another article's incident is reported within a week of it
SAME_SPEAKER = 0.5        # reports citing the incident's first speaker (one origin)
ADMISSION = 0.03
CHAIN_SHARE = 0.3         # of the other claims resting on a registry source
COPY_THRESHOLD = 0.5
VARIANTS = {"same": 50, "at least": 15, "close": 10, "far": 15, "dozens": 10}
WHO = [("civilians", "civilians"), ("residents", "civilians"), ("ISIS militants", "combatants"),
       ("SDF fighters", "combatants"), ("soldiers", "combatants"), ("children", "children")]
WHAT = [("were killed", "killed"), ("were wounded", "injured"), ("died", "killed")]
EVENTS = ["in an airstrike on", "in shelling of", "in clashes near", "when a car bomb exploded in",
          "in a drone strike outside"]
SPEAKER_KINDS = {"person": ("official", "named_person"), "unit": ("armed_group", "named_organisation"),
                 "organisation": ("monitor", "named_organisation"), "account": ("social_media", "unnamed"),
                 "other": ("combatant", "unnamed")}   # registry kind → (source type, named)
NUMBER_WORDS = {2: "two", 3: "three", 4: "four", 5: "five", 6: "six", 7: "seven", 8: "eight",
                9: "nine", 10: "ten", 12: "twelve", 15: "fifteen", 20: "twenty"}


class Reporter:
    """Decides which articles report which incident, and keeps what the clusters, chains,
    figures and copies need; a random generator of its own."""

    def __init__(self, seed: int, project_id: int, registry: list[dict], places: list[str]):
        self.rng = random.Random(seed * 104729 + 3)
        self.project_id, self.places = project_id, places
        self.registry = registry                        # {"id", "name", "entry_kind"}
        self.speakers = [s for s in registry if s["entry_kind"] != "outlet"] or registry
        self.outlets = {s["name"]: s["id"] for s in registry if s["entry_kind"] == "outlet"}
        self._names = {s["id"]: s["name"] for s in registry}
        self.by_week: dict[int, list[dict]] = defaultdict(list)
        self.incidents: list[dict] = []
        self.members: dict[int, list[dict]] = defaultdict(list)   # incident → its reports
        self.copies: list[dict] = []
        self._bodies: dict[int, str] = {}
        self._parsed: dict[str, dict | None] = {}

    # --- articles ---------------------------------------------------------------------------
    def report(self, article: tuple, day: int) -> tuple:
        """The article (text, body_start, body_end, spans), with an incident's sentence added
        at the end of its body for about one in five; its span carries the incident (7th)."""
        rng = self.rng
        if rng.random() >= INCIDENT_SHARE:
            return article
        near = [i for w in (day // WINDOW - 1, day // WINDOW, day // WINDOW + 1)
                for i in self.by_week.get(w, []) if abs(i["day"] - day) <= WINDOW]
        if near and rng.random() >= NEW_INCIDENT:
            incident = rng.choice(near)
        else:
            who, who_code = rng.choice(WHO)
            what, counts = rng.choice(WHAT)
            incident = {"key": len(self.incidents), "day": day, "value": rng.choice(
                [2, 3, 5, 7, 9, 12, 15, 17, 20, 26, 31, 40, 48, 75, 120, 200, 350]),
                "who": who, "what": what, "event": rng.choice(EVENTS),
                "place": rng.choice(self.places), "speaker": rng.choice(self.speakers)}
            self.incidents.append(incident)
            self.by_week[day // WINDOW].append(incident)
        speaker = incident["speaker"] if rng.random() < SAME_SPEAKER else rng.choice(self.speakers)
        claim = (f"{self._figure(incident['value'])} {incident['who']} {incident['what']} "
                 f"{incident['event']} {incident['place']}")
        said = f"{speaker['name'].split(' #')[0]} said"
        text, body_start, body_end, spans = article
        lead = " " if text[body_end - 1:body_end] != " " else ""
        sentence = f"{lead}{claim[:1].upper()}{claim[1:]}, {said}. "
        start = body_end + len(lead)
        text = text[:body_end] + sentence + text[body_end:]
        source_type, named = SPEAKER_KINDS.get(speaker["entry_kind"], ("other", "unnamed"))
        span = (start, start + len(claim), "casualty_figure", said, source_type, named,
                {"incident": incident["key"], "speaker": speaker["id"],
                 "admission": rng.random() < ADMISSION})
        return text, body_start, body_end + len(sentence), [*spans, span]

    def _figure(self, value: int) -> str:
        variant = self.rng.choices(list(VARIANTS), list(VARIANTS.values()))[0]
        if variant == "at least":
            return f"at least {value}"
        if variant == "close":
            return str(value + max(1, round(value * 0.05)))
        if variant == "far":
            return str(value * 3 + 10)
        if variant == "dozens" and 12 <= value <= 60:
            return "dozens of"
        return NUMBER_WORDS.get(value, str(value)) if self.rng.random() < 0.2 else str(value)

    def remember_body(self, aid: int, text: str, body_start: int, body_end: int) -> None:
        self._bodies[aid] = body_of(text, body_start, body_end)
        if len(self._bodies) > 600:
            self._bodies.pop(next(iter(self._bodies)))

    def copied(self, original: int, copy: int, decided_by: int, at) -> None:
        """A planted copy: a copy relation where the bodies share enough of their shingles."""
        if original not in self._bodies or copy not in self._bodies:
            return
        share = jaccard(shingles(self._bodies[original]), shingles(self._bodies[copy]))
        if share >= COPY_THRESHOLD:
            self.copies.append({"project_id": self.project_id, "original_id": original,
                                "copy_id": copy, "share": round(share, 4), "found_by": "text",
                                "state": "suggested", "found_at": at, "decided_by_id": None,
                                "decided_at": None})

    # --- claims -----------------------------------------------------------------------------
    def figures(self, claim_id: int, kind: str, quote: str) -> list[dict]:
        """The claim's stored figure, as the application's parser reads its quote."""
        if kind != "casualty_figure":
            return []
        if quote not in self._parsed:
            if len(self._parsed) > 50_000:
                self._parsed.clear()
            self._parsed[quote] = figure_rules.parse(quote, ACLED_DEFAULTS)
        figure = self._parsed[quote]
        if figure is None:
            return []
        return [{"claim_id": claim_id, "position": 0, **{k: figure[k] for k in figure_rules.KEYS}}]

    def chain(self, claim_id: int, site: str, outlet: str, source_id: int | None,
              source_kind: str, incident: bool) -> list[dict]:
        """The claim's stored chain (hops), or none (it reads its provenance's)."""
        if source_id is None or not (incident or self.rng.random() < CHAIN_SHARE):
            return []
        hops = [(self.outlets.get(site), "outlet", "republished" if outlet else "citing")]
        if outlet:
            hops.append((self.outlets.get(outlet), "outlet", "citing"))
        hops.append((source_id, source_kind, ""))
        return [{"claim_id": claim_id, "position": i, "source_id": sid, "entry_kind": kind,
                 "relation": relation} for i, (sid, kind, relation) in enumerate(hops)]

    def chain_text(self, hops: list[dict]) -> str:
        """The chain in one line, as the trail shows it."""
        return chains.chain_text([chains.Hop(self._names[h["source_id"]] if h["source_id"] else "",
                                             h["entry_kind"], h["relation"], h["source_id"])
                                  for h in hops])

    def joined(self, span_extra: dict, claim: dict, site: str, origin: tuple[str, str],
               figures: list[dict], taken: set) -> bool:
        """The claim is a report of the incident its span is about (the first such claim of
        the article): kept for its cluster."""
        key = (span_extra["incident"], claim["article_id"])
        if key in taken:
            return False
        taken.add(key)
        self.members[span_extra["incident"]].append({
            "claim": claim, "site": site, "origin": origin, "figures": figures,
            "admission": span_extra["admission"]})
        return True

    # --- clusters, at the end ----------------------------------------------------------------
    def clusters(self, next_cluster: int, next_event: int, linked_by: list[int]) -> dict[str, list]:
        """The clusters (incidents reported in two or more articles), their members and the
        link events, graded by the published rule."""
        groups = self._copy_groups()
        rows = {"claim_clusters": [], "cluster_members": [], "claim_events": []}
        for incident in self.incidents:
            members = self.members.get(incident["key"], [])
            if len({m["claim"]["article_id"] for m in members}) < 2:
                continue
            cid = next_cluster
            next_cluster += 1
            members.sort(key=lambda m: m["claim"]["created_at"])
            reports = [grades.Report(
                m["claim"]["id"], m["claim"]["article_id"], m["site"], m["origin"][0],
                m["origin"][1], m["claim"]["status"], m["admission"], self._grade_figures(m["figures"]))
                for m in members]
            assessment = grades.assess(reports, {r.article_id: groups[r.article_id]
                                                 for r in reports if r.article_id in groups})
            linked_at = members[1]["claim"]["created_at"]
            who = self.rng.choice(linked_by)
            rows["claim_clusters"].append({
                "id": cid, "project_id": self.project_id, "created_by_id": who,
                "created_at": linked_at, "updated_at": members[-1]["claim"]["created_at"],
                "grade": assessment.grade, "grade_reason": assessment.reason,
                "reports": len(reports), "origins": len(assessment.origins)})
            for m in members:
                claim = m["claim"]
                at = max(linked_at, claim["created_at"])
                rows["cluster_members"].append({
                    "claim_id": claim["id"], "cluster_id": cid, "admission": m["admission"],
                    "linked_by_id": who, "linked_at": at})
                rows["claim_events"].append({
                    "id": next_event, "claim_id": claim["id"], "project_id": self.project_id,
                    "actor_id": who, "created_at": at, "action": "cluster_linked",
                    "version": claim["version"], "changes": {"cluster": [None, cid]}, "reason": ""})
                next_event += 1
                if m["admission"]:
                    rows["claim_events"].append({
                        "id": next_event, "claim_id": claim["id"], "project_id": self.project_id,
                        "actor_id": who, "created_at": at, "action": "admission_marked",
                        "version": claim["version"], "changes": {"admission": [False, True]},
                        "reason": ""})
                    next_event += 1
        return rows

    @staticmethod
    def _grade_figures(stored: list[dict]) -> list[grades.Figure]:
        found = []
        for shape in stored:
            low, high = figure_rules.comparable(shape, ACLED_DEFAULTS)
            if low is None and high is None:
                continue
            counts, who = figure_rules.category(shape)
            found.append(grades.Figure(f"{counts or 'counted'} · {who or 'unknown'}", low, high,
                                       figure_rules.describe(shape, ACLED_DEFAULTS)))
        return found

    def _copy_groups(self) -> dict[int, int]:
        sets = DisjointSets()
        for pair in self.copies:
            sets.join(pair["original_id"], pair["copy_id"])
        return sets.roots()


def origin(hops: list[dict], registry: dict[int, dict], site: str) -> tuple[str, str]:
    """The report's origin (label, key) from its stored hops, as the cluster page reads it."""
    chain = [chains.Hop(registry[h["source_id"]]["name"] if h["source_id"] else "",
                        h["entry_kind"], h["relation"], h["source_id"]) for h in hops]
    hop = chains.origin_of(chain)
    if hop is None:
        return site or "no outlet named", ""
    if hop.name.casefold() == site.strip().casefold():
        return hop.name, ""
    return hop.name, f"source:{hop.source_id}" if hop.source_id else f"name:{hop.name.casefold()}"
