"""Build a realistic Claimtrail project of any size, fast (issue 5, "At scale").

    .venv/bin/python bench/generate.py --database-url sqlite:////tmp/big.db --articles 100000 --claims 1000000
    .venv/bin/python bench/generate.py --database-url postgresql://postgres@127.0.0.1:5432/claimtrail_bench_x \
        --articles 100000 --claims 1000000 --seed 1

The schema is built by the real migrations; the project, its members and its default lists are
made through the services; everything else (sources, articles, claims with their sourcing
records and statuses, evidence, the review trail, assignments and their trail) is inserted in
bulk: SQLAlchemy Core ``insert()`` executemany in chunks of 5,000 rows on SQLite, ``COPY`` on
PostgreSQL. Ids are given explicitly (and the PostgreSQL sequences moved past them afterwards),
so nothing is read back row by row.

Importable: ``generate(engine_or_url, articles, claims, seed) -> dict`` returns the ids a
benchmark or a test needs (project, users, the article with the most claims, ...).

What the data looks like (see ../shared/DOMAIN.md):
- articles of ~3,000 characters of news-like text from sentence templates, with Arabic names
  ("عبد الرحمن"), accented places ("Aïn Issa", "Ménard"), emoji outside the BMP, site chrome
  around the body; several outlets and sites, republications, authors, published dates over
  two years;
- claims whose quote is an exact span of their article text (offsets in code points, prefix and
  suffix of 32), a quarter of the articles unread (no claims), the rest with skewed counts; the
  first article carries 500 claims when there are enough (the "article with 500 claims");
- statuses: about 45% unreviewed, 20% in progress, 35% final; every final status has a
  rationale, and confirmed / partly confirmed / disputed / false have evidence;
- unnamed sources and parties to the conflict common; Admiralty grades skewed towards F / 3-6;
- the review trail: a ``created`` event for every claim, ``edited`` and ``status_changed``
  events with the claim's versions, ``evidence_added`` events;
- assignments to six annotators (assigned / in progress / done) with their article events;
- copies (``planting.py``): about one article in eight copies an earlier one (wire copy,
  boilerplate added, a paragraph dropped or added, a light or heavy rewrite, figures kept);
  ``planted_copies`` lists (copied article, copy, how).
"""
from __future__ import annotations

import argparse
import hashlib
import json
import os
import random
import secrets
import sys
import tempfile
import time
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))
os.environ.setdefault("CLAIMTRAIL_TASKS_IMMEDIATE", "1")
from planting import Planter  # noqa: E402  (issue 11: planted copies)
from reports import Reporter, origin  # noqa: E402  (issue 11: reports of one incident)

PASSWORD = "bench password 12345"
CHUNK = 5000
CONTEXT = 32
BIG_ARTICLE_CLAIMS = 500

# --- the vocabulary --------------------------------------------------------------------------
PEOPLE = ["عبد الرحمن الحسن", "Abu Muhammad al-Shami", "محمد الأحمد", "Ahmad Hamo", "Jean-Luc Ménard",
          "Hêvîn Ehmed", "Zeynep Çelik", "Khaled al-Raqqawi", "نور الهدى", "Dr. Amélie Roussel",
          "Rêzan Hiso", "Talal Silo", "Mustafa Bali", "Şervan Derwîş", "Ibrahim Ḥaddād"]
PLACES = ["Raqqa", "Tabqa", "Aïn Issa", "Manbij", "Deir ez-Zor", "al-Ḥasakah", "Kobanî",
          "Tell Abyad", "Al-Bab", "Hajin", "Qamişlo", "Mayadin", "Ménagh", "الرقة", "الطبقة"]
GROUPS = ["the SDF", "ISIS", "the Syrian Arab Army", "the YPG", "the coalition", "Ahrar al-Sham",
          "the Turkish army", "قوات سوريا الديمقراطية", "local tribal fighters"]
UNITS = ["the Euphrates Wrath operations room", "a Raqqa Military Council unit", "the 17th Division",
         "Liwa Thuwar al-Raqqa", "the Manbij Military Council"]
MONITORS = ["the Syrian Observatory for Human Rights", "Airwaves monitor", "UN OCHA",
            "Raqqa is Being Slaughtered Silently", "Médecins Sans Frontières", "Amnesty International"]
OUTLETS = [("ANHA", "Hawar News Agency"), ("Islamic Invitation Turkey", "Al-Masdar News"),
           ("Al-Masdar News", "Al-Masdar News"), ("Enab Baladi", "Enab Baladi"),
           ("Syria Direct", "Syria Direct"), ("Rûdaw", "Rûdaw"), ("SANA", "SANA"),
           ("Kurdistan 24", "ANHA"), ("North Press Agency", "North Press Agency"),
           ("Le Monde", "AFP"), ("Al Jazeera", "Reuters"), ("Zaman al-Wasl", "Zaman al-Wasl")]
AUTHORS = ["Leith Fadel", "Hisham Arafat", "Wladimir van Wilgenburg", "Staff writer", "",
           "Chloé Bérard", "محمود الحسين", "Lars Åkesson", "Newsdesk", ""]
EMOJI = ["🔴", "📍", "⚡️", "🇸🇾", "💥", "🚨", "📸"]
NUMBERS = ["26", "dozens of", "over 500", "three", "12", "at least 40", "some 200", "two",
           "nearly 1,000", "17", "أكثر من 30", "a dozen"]
HEDGES = ["reportedly", "allegedly", "according to", "claimed", "is said to", ""]

# kind -> claim templates (the span a researcher marks)
CLAIMS = {
    "casualty_figure": ["{n} ISIS militants have been killed and dozens more injured near {p}",
                        "{n} civilians were killed in an airstrike on {p}",
                        "{n} fighters of {g} died in clashes west of {p}"],
    "event_occurrence": ["an explosion hit the market in {p} on Tuesday morning",
                         "a car bomb went off at a checkpoint outside {p}",
                         "drones struck a convoy on the road from {p} to {p2}"],
    "territorial_control": ["{g} took full control of {p} after two days of fighting",
                            "{g} withdrew from the villages south of {p}",
                            "the road between {p} and {p2} is now held by {g}"],
    "responsibility": ["{g} was behind the shelling of {p}",
                       "the attack on {p} was carried out by {g}"],
    "intention": ["{g} plans to advance on {p} within weeks",
                  "{g} intends to open a corridor for civilians leaving {p}"],
    "quantity": ["{n} families have fled {p} since Friday",
                 "{n} tonnes of aid reached {p} this month"],
    "quotation": ["“we will not leave {p} until it is free”",
                  "“the situation in {p} is catastrophic”"],
    "other": ["the water station serving {p} is out of service",
              "schools in {p} reopened for the first time in years"],
}
KIND_WEIGHTS = {"casualty_figure": 30, "event_occurrence": 18, "territorial_control": 15,
                "responsibility": 8, "intention": 5, "quantity": 10, "quotation": 7, "other": 7}
# attribution templates: (text around the claim, source_type, named)
ATTRIBUTIONS = [
    ("{c}, a Swedish foreign fighter operating in SDF ranks said", "combatant", "unnamed"),
    ("{c}, {person} told reporters", "official", "named_person"),
    ("According to {monitor}, {c}", "monitor", "named_organisation"),
    ("{c}, a resident of {p} said by phone", "eyewitness", "unnamed"),
    ("Sources close to {g} said {c}", "armed_group", "unnamed"),
    ("{c}, {unit} announced in a statement", "armed_group", "named_organisation"),
    ("Activists on Telegram claimed {c} {e}", "social_media", "unnamed"),
    ("{c}, the local council's records show", "document", "named_organisation"),
    ("{c}, said {person}, an analyst at the Institute for the Study of War", "expert", "named_person"),
    ("Reportedly, {c}", "none", "no_source"),
    ("{c}, a military source told the agency", "military", "unnamed"),
    ("{c}, the outlet's correspondent in {p} reported", "media", "unnamed"),
]
FILLER = [
    "The {g} offensive, launched in November, has moved slowly through farmland along the Euphrates.",
    "Residents of {p} described long queues for bread and fuel.",
    "{person} could not be reached for comment on Monday.",
    "The road to {p} remains closed to traffic, and humanitarian groups say access is limited.",
    "Earlier this month {g} said it had cleared most of the countryside around {p}.",
    "Photos shared online {e} showed columns of smoke over the eastern districts of {p}.",
    "The claims could not be independently verified.",
    "Both sides have accused each other of targeting civilians in {p} and {p2}.",
    "Aid workers in {p2} said the situation was “extremely difficult”.",
]
CHROME_HEAD = ["Menu ☰ Home | News | Syria | Iraq | Opinion\nSubscribe to our newsletter\n\n",
               "Skip to content\nالرئيسية | أخبار | تقارير\n\n", "BREAKING 🔴 Live updates\n\n"]
CHROME_TAIL = ["\n\nShare this: Facebook Twitter WhatsApp\nScroll Up",
               "\n\nRelated articles\n© All rights reserved\nScroll Up", "\n\nTags: Syria, Raqqa\nScroll Up"]

STATUS_WEIGHTS = {"unreviewed": 45, "in_progress": 20, "confirmed": 8, "partly_confirmed": 5,
                  "unconfirmed": 9, "disputed": 4, "false": 3, "unverifiable": 6}
FINAL = {"confirmed", "partly_confirmed", "unconfirmed", "disputed", "false", "unverifiable"}
NEEDS_EVIDENCE = {"confirmed", "partly_confirmed", "disputed", "false"}
RATIONALES = {
    "confirmed": "Two independent outlets with their own reporters on the ground report the same figure.",
    "partly_confirmed": "The event is confirmed by satellite imagery; the figure is not.",
    "unconfirmed": "Searched local pages, monitors and wire services: nothing either way.",
    "disputed": "The monitoring group gives a figure half as large; the armed group's stands alone.",
    "false": "Footage dated by its shadows shows the town was still held by the other side.",
    "unverifiable": "An intention stated by a party; it cannot be checked in principle.",
}
NAMED_W = {"unnamed": 40, "named_person": 20, "named_organisation": 25, "no_source": 15}
PARTY_W = {"party": 45, "aligned": 20, "independent": 20, "unknown": 15}
ACCESS_W = {"firsthand": 35, "secondhand": 40, "unknown": 25}
CRED_W = {"1": 8, "2": 20, "3": 25, "4": 10, "5": 7, "6": 30}
RELIABILITY_W = {"A": 5, "B": 15, "C": 20, "D": 12, "E": 8, "F": 40}
INDEPENDENT_W = {"0": 45, "1": 40, "2+": 15}
MEMBERS = [("lead", "Lead Researcher", "lead"), ("lead2", "Second Lead", "lead"),
           ("amira", "أميرة حداد", "annotator"), ("jonas", "Jonas Åberg", "annotator"),
           ("chloe", "Chloé Ménard", "annotator"), ("karim", "Karim عبد الرحمن", "annotator"),
           ("sara", "Sara Lindqvist", "annotator"), ("omar", "Omar Ḥaddād", "annotator"),
           ("viewer", "Guest Viewer", "viewer")]


def _weighted(rng: random.Random, weights: dict, k: int) -> list:
    return rng.choices(list(weights), list(weights.values()), k=k)


class Writer:
    """Bulk rows into tables: Core executemany on SQLite, COPY on PostgreSQL."""

    def __init__(self, engine, tables):
        self.engine, self.tables = engine, tables
        self.pg = engine.dialect.name == "postgresql"
        self.counts: dict[str, int] = {}

    def write(self, conn, name: str, rows: list[dict]) -> None:
        if not rows:
            return
        table = self.tables[name]
        self.counts[name] = self.counts.get(name, 0) + len(rows)
        if self.pg:
            cols = list(rows[0])
            json_cols = {c for c in cols if table.c[c].type.__class__.__name__ == "JSON"}
            raw = conn.connection.driver_connection
            with raw.cursor() as cur:
                with cur.copy(f"COPY {name} ({', '.join(cols)}) FROM STDIN") as copy:
                    for row in rows:
                        copy.write_row([json.dumps(row[c]) if c in json_cols else row[c] for c in cols])
            return
        for i in range(0, len(rows), CHUNK):
            conn.execute(table.insert(), rows[i:i + CHUNK])


def _app_for(url: str, instance: str):
    from webapp import create_app
    return create_app({"SQLALCHEMY_DATABASE_URI": url, "SECRET_KEY": secrets.token_hex(32),
                       "PASSWORD_HASH_METHOD": "pbkdf2:sha256:1000"}, instance_path=instance)


def _url_of(engine_or_url) -> str:
    if isinstance(engine_or_url, str):
        url = engine_or_url
    else:
        url = engine_or_url.url.render_as_string(hide_password=False)
    if url.startswith("postgresql://"):
        url = "postgresql+psycopg://" + url.removeprefix("postgresql://")
    return url


def generate(engine_or_url, articles: int, claims: int, seed: int = 1, progress: bool = False,
             project_name: str = "Generated project") -> dict:
    """Migrate the database, then build one project of ``articles`` articles and ``claims``
    claims in it. Returns the ids: project_id, users {username: id}, password, big_article_id
    (the article with the most claims), article_ids [first, last], counts per table."""
    from flask_migrate import upgrade
    from sqlalchemy import func, select, text as sql

    from webapp.extensions import db
    from webapp.services import projects, users

    url = _url_of(engine_or_url)
    rng = random.Random(seed)
    with tempfile.TemporaryDirectory() as instance:
        app = _app_for(url, instance)
        with app.app_context():
            upgrade()
            suffix = "" if seed == 1 else f"_{seed}"
            taken = {u.username for u in users.list_users()}
            if any(m[0] + suffix in taken for m in MEMBERS):   # a second project in one database
                suffix += "_" + secrets.token_hex(3)
            people = {}
            for username, display, _role in MEMBERS:
                people[username] = users.create_user(username + suffix, display, PASSWORD)
            project = projects.create_project(project_name, people["lead"])
            for username, _display, role in MEMBERS[1:]:
                projects.add_member(project, username + suffix, role)
            db.session.commit()
            ids = {"project_id": project.id, "password": PASSWORD,
                   "users": {u.username: u.id for u in people.values()},
                   "lead": people["lead"].username}
            role_names = {key: people[key].username for key in people}
            db.session.commit()
            db.session.close()   # no lock held while the bulk inserts run
            engine = db.engine
            tables = db.metadata.tables
            with engine.connect() as conn:
                start_ids = {t: (conn.scalar(select(func.max(tables[t].c.id))) or 0) + 1
                             for t in ("articles", "claims", "claim_events", "evidence",
                                       "claim_evidence", "assignments", "article_events",
                                       "sources", "source_grades", "claim_clusters")}
            started = time.perf_counter()
            counts, planted = _build(engine, tables, rng, ids["project_id"], ids["users"], role_names, start_ids,
                            articles, claims, progress, started)
            with engine.begin() as conn:
                if engine.dialect.name == "postgresql":
                    for t in start_ids:
                        conn.execute(sql(f"SELECT setval(pg_get_serial_sequence('{t}', 'id'), "
                                         f"(SELECT COALESCE(MAX(id), 1) FROM {t}))"))
            with engine.connect() as conn:   # fresh statistics, as autovacuum / a DBA would
                conn.execute(sql("ANALYZE"))
                conn.commit()
            elapsed = time.perf_counter() - started
            if progress:
                total = sum(counts.values())
                print(f"done: {total:,} rows in {elapsed:.1f} s ({total / max(elapsed, 1e-9):,.0f} rows/s)",
                      flush=True)
            ids.update(counts=counts, seconds=elapsed, planted_copies=planted,
                       big_article_id=start_ids["articles"] if articles else None,
                       big_article_claims=_allocation_first(articles, claims),
                       article_ids=[start_ids["articles"], start_ids["articles"] + articles - 1])
            db.session.remove()
            engine.dispose()
    return ids


def _allocation_first(articles: int, claims: int) -> int:
    if not articles:
        return 0
    return min(BIG_ARTICLE_CLAIMS, claims) if claims >= 2 * BIG_ARTICLE_CLAIMS or articles == 1 else 0


def _allocate(rng: random.Random, articles: int, claims: int) -> list[int]:
    """Claims per article: a quarter unread; the first article gets 500 if there are enough."""
    counts = [0] * articles
    if not articles or not claims:
        return counts
    first = _allocation_first(articles, claims)
    counts[0] = first
    rest = claims - first
    read = [i for i in range(1 if first else 0, articles) if rng.random() < 0.75] or [articles - 1]
    weights = [rng.expovariate(1.0) + 0.15 for _ in read]
    for i in rng.choices(read, weights, k=rest):
        counts[i] += 1
    return counts


class _Slots(dict):
    """Template values drawn only when a template asks for them (cheap for big runs)."""

    POOLS = {"n": NUMBERS, "p": PLACES, "g": GROUPS, "person": PEOPLE, "monitor": MONITORS,
             "unit": UNITS, "e": EMOJI}

    def __init__(self, rng):
        super().__init__(c="{c}")
        self.rng = rng

    def __missing__(self, key):
        if key == "p2":
            value = self.rng.choice([p for p in PLACES if p != self.get("p")])
        else:
            value = self.rng.choice(self.POOLS[key])
        self[key] = value
        return value


def _fill(rng: random.Random, template: str) -> str:
    return template.format_map(_Slots(rng))


def _article(rng: random.Random, index: int, spans_wanted: int):
    """(text, body_start, body_end, [(start, end, kind, attribution, source_type, named)])."""
    head = rng.choice(CHROME_HEAD)
    parts, spans, pos = [head], [], len(head)
    place = rng.choice(PLACES)
    dateline = f"{place.upper()} ({rng.choice(EMOJI)} Report {index:06d}) — "
    parts.append(dateline)
    pos += len(dateline)
    body_start = len(head)
    kinds = list(KIND_WEIGHTS)
    kind_w = list(KIND_WEIGHTS.values())
    while pos - body_start < 2900:
        if rng.random() < 0.55:
            kind = rng.choices(kinds, kind_w)[0]
            claim = _fill(rng, rng.choice(CLAIMS[kind]))
            frame, source_type, named = rng.choice(ATTRIBUTIONS)
            frame = _fill(rng, frame)
            before, after = frame.split("{c}")
            sentence = before + claim + after
            if sentence[0].islower():
                sentence = sentence[0].upper() + sentence[1:]
                if not before:
                    claim = sentence[:len(claim)]
            start = pos + len(before)
            spans.append((start, start + len(claim), kind, (before + after).strip(" ,"),
                          source_type, named))
            sentence += ". "
        else:
            sentence = _fill(rng, rng.choice(FILLER)) + " "
        parts.append(sentence)
        pos += len(sentence)
        if rng.random() < 0.15:
            parts.append("\n\n")
            pos += 2
    body_end = pos
    parts.append(rng.choice(CHROME_TAIL))
    text = "".join(parts)
    if not spans:  # always something to mark
        claim = "26 ISIS militants have been killed"
        text = text[:body_end] + claim + ". " + text[body_end:]
        spans.append((body_end, body_end + len(claim), "casualty_figure", "", "none", "no_source"))
        body_end += len(claim) + 2
    return text, body_start, body_end, spans


def _build(engine, tables, rng, project_id, user_ids, people, start_ids, n_articles, n_claims,
           progress, started) -> dict:
    annotators = [user_ids[name] for k, name in people.items() if k not in ("viewer", "lead2", "lead")]
    leads = [user_ids[people["lead"]], user_ids[people["lead2"]]]
    names = {uid: name for name, uid in user_ids.items()}
    writer = Writer(engine, tables)
    planter = Planter(project_id)   # its own random stream: the rest is as before
    now = datetime(2026, 11, 1, 12, 0, tzinfo=timezone.utc)
    first_day = date(2024, 11, 1)
    # The source registry (a few hundred entries, graded with history).
    n_sources = max(5, min(400, n_claims // 200 + 5))
    source_ids = list(range(start_ids["sources"], start_ids["sources"] + n_sources))
    with engine.begin() as conn:
        sources, grades = [], []
        for i, sid in enumerate(source_ids):
            grade = _weighted(rng, RELIABILITY_W, 1)[0]
            kind = rng.choice(["person", "unit", "organisation", "outlet", "account", "other"])
            name = {"person": rng.choice(PEOPLE), "unit": rng.choice(UNITS),
                    "organisation": rng.choice(MONITORS), "outlet": rng.choice(OUTLETS)[0],
                    "account": "@" + rng.choice(PLACES).replace(" ", "") + "_now",
                    "other": "unnamed Swedish foreign fighter in SDF ranks"}[kind]
            sources.append({"id": sid, "project_id": project_id, "name": f"{name} #{i}",
                            "entry_kind": kind, "affiliation": rng.choice(GROUPS),
                            "notes": "", "sensitive": rng.random() < 0.05, "reliability": grade,
                            "created_at": now - timedelta(days=700)})
            if grade != "F":
                grades.append({"id": start_ids["source_grades"] + len(grades), "source_id": sid,
                               "grade": grade, "reason": "Track record over the past year.",
                               "graded_by_id": leads[0], "graded_at": now - timedelta(days=600)})
        # The outlets, as registry entries named like the pages' sites (the chains' first hops).
        outlet_names = sorted({name for pair in OUTLETS for name in pair})
        for k, name in enumerate(outlet_names):
            sources.append({"id": start_ids["sources"] + n_sources + k, "project_id": project_id,
                            "name": name, "entry_kind": "outlet", "affiliation": "", "notes": "",
                            "sensitive": False, "reliability": "F",
                            "created_at": now - timedelta(days=700)})
        writer.write(conn, "sources", sources)
        writer.write(conn, "source_grades", grades)
    registry = {s["id"]: s for s in sources}
    reporter = Reporter(project_id, project_id, list(registry.values()), PLACES)
    in_cluster: set = set()

    per_article = _allocate(rng, n_articles, n_claims)
    next_id = dict(start_ids)
    batch_articles = 1000
    made_claims = 0
    statuses_all = list(STATUS_WEIGHTS)
    status_w = list(STATUS_WEIGHTS.values())
    last_report = time.perf_counter()
    for base in range(0, n_articles, batch_articles):
        rows = {t: [] for t in ("articles", "claims", "claim_events", "evidence", "claim_evidence",
                                "assignments", "article_events", "claim_figures", "claim_hops")}
        for index in range(base, min(n_articles, base + batch_articles)):
            aid = next_id["articles"]
            next_id["articles"] += 1
            generated = _article(rng, index, per_article[index])
            site, outlet = rng.choice(OUTLETS)
            published = first_day + timedelta(days=rng.randrange(730))
            captured = datetime(published.year, published.month, published.day, 8,
                                tzinfo=timezone.utc) + timedelta(hours=rng.randrange(24 * 20))
            importer = rng.choice(leads)
            title = (f"{rng.choice(PLACES)}: "
                     f"{_fill(rng, rng.choice(CLAIMS['event_occurrence']))[:120]} ({index})")
            generated = reporter.report(generated, (published - first_day).days)
            planted_before = len(planter.truth)
            (text, body_start, body_end, spans), title = planter.plant(aid, index, generated, title, site)
            reporter.remember_body(aid, text, body_start, body_end)
            if len(planter.truth) > planted_before:
                reporter.copied(planter.truth[-1][0], aid, None, captured + timedelta(hours=1))
            incident_spans = [s for s in spans if len(s) > 6]
            rows["articles"].append({
                "id": aid, "project_id": project_id, "title": title,
                "site_name": site, "original_outlet": outlet if outlet != site else "",
                "url": f"https://{site.lower().replace(' ', '-')}.example/{published:%Y/%m}/report-{index}",
                "author": rng.choice(AUTHORS), "published_on": published, "captured_at": captured,
                "imported_by_id": importer, "text": text,
                "content_hash": hashlib.sha256(text.encode("utf-8")).hexdigest(),
                "body_start": body_start, "body_end": body_end, "double_review": False})
            n_here = per_article[index]
            # Assignments: most read articles, a few unread ones (assigned, not started).
            assignees = []
            if n_here or rng.random() < 0.2:
                assignees = rng.sample(annotators, 2 if rng.random() < 0.08 else 1)
            for who in assignees:
                state = ("assigned" if not n_here else
                         rng.choices(["in_progress", "done"], [45, 55])[0])
                asg_at = captured + timedelta(hours=rng.randrange(1, 72))
                done_at = asg_at + timedelta(hours=rng.randrange(1, 200))
                rows["assignments"].append({
                    "id": next_id["assignments"], "project_id": project_id, "article_id": aid,
                    "assignee_id": who, "state": state, "assigned_by_id": importer,
                    "created_at": asg_at, "updated_at": done_at if state != "assigned" else asg_at})
                next_id["assignments"] += 1
                events = [("assigned", {"assignee": [None, names[who]]}, asg_at, importer)]
                if state != "assigned":
                    events.append(("started", {"state": ["assigned", "in_progress"],
                                               "assignee": [names[who]] * 2}, asg_at + timedelta(minutes=30), who))
                if state == "done":
                    events.append(("done", {"state": ["in_progress", "done"],
                                            "assignee": [names[who]] * 2}, done_at, who))
                for action, changes, at, actor in events:
                    rows["article_events"].append({
                        "id": next_id["article_events"], "project_id": project_id,
                        "article_id": aid, "actor_id": actor, "created_at": at,
                        "action": action, "changes": changes, "reason": ""})
                    next_id["article_events"] += 1
            authors = assignees or annotators
            statuses = rng.choices(statuses_all, status_w, k=n_here)
            draws = {name: _weighted(rng, w, n_here) for name, w in (
                ("party", PARTY_W), ("access", ACCESS_W), ("independent", INDEPENDENT_W),
                ("credibility", CRED_W), ("named", NAMED_W))}
            for j, status in enumerate(statuses):
                span = incident_spans[0] if j == 0 and incident_spans else rng.choice(spans)
                start, end, kind, attribution, source_type, named = span[:6]
                incident = span[6] if len(span) > 6 else None
                if incident is None and n_here > 40 and rng.random() < 0.6:   # sub-spans
                    cut = text.find(" ", start + (end - start) // 2, end)
                    if cut > start:
                        end = cut
                cid = next_id["claims"]
                next_id["claims"] += 1
                author = rng.choice(authors)
                created = captured + timedelta(hours=rng.randrange(2, 24 * 30))
                quote = text[start:end]
                if incident is None and rng.random() < 0.3:
                    named = draws["named"][j]
                    source_type = rng.choice(["official", "armed_group", "combatant", "eyewitness",
                                              "media", "monitor", "social_media", "document",
                                              "expert", "none"])
                if named == "no_source":
                    source_type = "none"
                source_id = rng.choice(source_ids) if named != "no_source" and rng.random() < 0.7 else None
                if incident is not None:
                    source_id = incident["speaker"]
                claim = {
                    "id": cid, "project_id": project_id, "article_id": aid, "quote": quote,
                    "start_offset": start, "end_offset": end,
                    "prefix": text[max(0, start - CONTEXT):start], "suffix": text[end:end + CONTEXT],
                    "statement": f"{quote[:1].upper()}{quote[1:]} (as of {published:%-d %B %Y}).",
                    "kind": kind, "figures": next((w for w in NUMBERS if w in quote), ""),
                    "attribution_text": attribution, "source_type": source_type, "named": named,
                    "party": draws["party"][j], "access": draws["access"][j],
                    "hedging": rng.choice(HEDGES), "independent_sources": draws["independent"][j],
                    "source_id": source_id, "attribution_chain": f"{site} → {outlet}" if outlet != site else "",
                    "credibility": draws["credibility"][j], "status": status,
                    "rationale": RATIONALES.get(status, ""), "created_by_id": author,
                    "created_at": created, "updated_at": created, "last_reviewed_by_id": None,
                    "review_state": "", "second_reviewer_id": None, "merged_into_id": None,
                    "deleted_at": None, "version": 1, "submission_id": None}
                events = rows["claim_events"]
                created_changes = {f: [None, claim[f]] for f in (
                    "quote", "start_offset", "end_offset", "statement", "kind", "source_type", "named")
                    if claim[f] not in (None, "")}
                if status == "unreviewed":
                    created_changes["status"] = [None, "unreviewed"]
                stored_figures = reporter.figures(cid, kind, quote)
                hops = reporter.chain(cid, site, outlet if outlet != site else "", source_id,
                                      registry[source_id]["entry_kind"] if source_id else "",
                                      incident is not None)
                rows["claim_figures"] += stored_figures
                rows["claim_hops"] += hops
                if hops:
                    created_changes["chain"] = [None, reporter.chain_text(hops)]
                if incident is not None:
                    reporter.joined(incident, claim, site, origin(hops, registry, site),
                                    stored_figures, in_cluster)
                events.append({"id": next_id["claim_events"], "claim_id": cid, "project_id": project_id,
                               "actor_id": author, "created_at": created, "action": "created",
                               "version": 1, "changes": created_changes, "reason": ""})
                next_id["claim_events"] += 1
                version, at = 1, created
                if rng.random() < 0.25:   # an edit of the sourcing record
                    version += 1
                    at += timedelta(minutes=rng.randrange(5, 600))
                    events.append({"id": next_id["claim_events"], "claim_id": cid, "project_id": project_id,
                                   "actor_id": author, "created_at": at, "action": "edited",
                                   "version": version, "changes": {"hedging": ["", claim["hedging"]],
                                                                   "party": ["unknown", claim["party"]]},
                                   "reason": "Read the attribution again."})
                    next_id["claim_events"] += 1
                steps = [] if status == "unreviewed" else (
                    ["in_progress"] if status == "in_progress" else ["in_progress", status])
                reviewer = author
                previous = "unreviewed"
                if status in NEEDS_EVIDENCE:
                    links = ["supports"] if status in ("confirmed", "partly_confirmed") else (
                        ["contradicts"] if status == "false" else ["supports", "contradicts"])
                    for stance in links:
                        if rows["evidence"] and rng.random() < 0.3:   # reuse an item
                            ev = rng.choice(rows["evidence"])
                            if any(l["evidence_id"] == ev["id"] and l["claim_id"] == cid
                                   for l in rows["claim_evidence"][-3:]):
                                ev = None
                        else:
                            ev = None
                        if ev is None:
                            ev = {"id": next_id["evidence"], "project_id": project_id,
                                  "url": f"https://archive.example/{cid}-{stance}",
                                  "reference": rng.choice(["Satellite image", "UN OCHA situation report",
                                                           "Local council statement", "Video, geolocated"]),
                                  "summary": f"{stance.capitalize()} the claim about {rng.choice(PLACES)}.",
                                  "created_by_id": reviewer, "created_at": at,
                                  # where the item's information comes from: mostly not the claim's source
                                  "origin_source_id": rng.choice([s for s in source_ids[:40] if s != source_id])
                                  if rng.random() < 0.8 else None}
                            next_id["evidence"] += 1
                            rows["evidence"].append(ev)
                        rows["claim_evidence"].append({"id": next_id["claim_evidence"], "claim_id": cid,
                                                       "evidence_id": ev["id"], "stance": stance})
                        next_id["claim_evidence"] += 1
                        version += 1
                        at += timedelta(minutes=rng.randrange(5, 300))
                        events.append({"id": next_id["claim_events"], "claim_id": cid,
                                       "project_id": project_id, "actor_id": reviewer, "created_at": at,
                                       "action": "evidence_added", "version": version,
                                       "changes": {"evidence": [None, {"id": ev["id"], "stance": stance,
                                                                       "url": ev["url"]}]}, "reason": ""})
                        next_id["claim_events"] += 1
                for step in steps:
                    version += 1
                    at += timedelta(hours=rng.randrange(1, 240))
                    changes = {"status": [previous, step]}
                    if step in FINAL:
                        changes["rationale"] = ["", claim["rationale"]]
                    events.append({"id": next_id["claim_events"], "claim_id": cid, "project_id": project_id,
                                   "actor_id": reviewer, "created_at": at, "action": "status_changed",
                                   "version": version, "changes": changes, "reason": ""})
                    next_id["claim_events"] += 1
                    previous = step
                if steps:
                    claim["last_reviewed_by_id"] = reviewer
                if status in FINAL and rng.random() < 0.4:   # a second review
                    second = rng.choice([u for u in annotators + leads if u != author])
                    state = rng.choices(["accepted", "changed", "pending"], [70, 10, 20])[0]
                    claim["review_state"], claim["second_reviewer_id"] = state, second
                    if state != "pending":
                        version += 1
                        at += timedelta(hours=rng.randrange(1, 100))
                        events.append({"id": next_id["claim_events"], "claim_id": cid,
                                       "project_id": project_id, "actor_id": second, "created_at": at,
                                       "action": f"second_review_{state}", "version": version,
                                       "changes": {"review_state": ["pending", state]}, "reason": ""})
                        next_id["claim_events"] += 1
                claim["version"], claim["updated_at"] = version, at
                rows["claims"].append(claim)
            made_claims += n_here
        with engine.begin() as conn:
            for table in ("articles", "evidence", "claims", "claim_evidence", "claim_events",
                          "assignments", "article_events", "claim_figures", "claim_hops"):
                writer.write(conn, table, rows[table])
        if progress and (time.perf_counter() - last_report > 2 or base + batch_articles >= n_articles):
            last_report = time.perf_counter()
            elapsed = last_report - started
            total = sum(writer.counts.values())
            print(f"  {min(n_articles, base + batch_articles):>9,} articles {made_claims:>10,} claims "
                  f"{total:>11,} rows  {elapsed:6.1f} s  {total / elapsed:>9,.0f} rows/s "
                  f"({made_claims / elapsed:,.0f} claims/s)", flush=True)
    # The clusters (incidents reported in two or more articles) and the copies found by text.
    made = reporter.clusters(start_ids["claim_clusters"], next_id["claim_events"], annotators + leads)
    with engine.begin() as conn:
        writer.write(conn, "article_copies", reporter.copies)
        for table in ("claim_clusters", "cluster_members", "claim_events"):
            writer.write(conn, table, made[table])
    return writer.counts, planter.truth


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", required=True,
                        help="sqlite:////path/file.db or postgresql://user@host:port/database")
    parser.add_argument("--articles", type=int, default=10_000)
    parser.add_argument("--claims", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--project-name", default="Generated project")
    args = parser.parse_args()
    ids = generate(args.database_url, args.articles, args.claims, args.seed, progress=True,
                   project_name=args.project_name)
    print(json.dumps({k: v for k, v in ids.items() if k not in ("password", "planted_copies")}, default=str))


if __name__ == "__main__":
    main()
