"""0011: existing free-text figures are read into structured rows where every line reads one
way, the text stays on every claim, and every project gets ACLED's vague quantities."""
from sqlalchemy import text

from tests.test_migrations import emptied_at
from webapp.extensions import db

NOW = "2017-05-11 17:19:00"
FREE_TEXT = {
    1: "26 — ISIS militants killed\ndozens — injured",       # the demo's, read
    2: "over 500 civilians",                                  # read
    3: "10-15 killed",                                        # read
    4: "26 killed and dozens injured",                        # two figures on a line: kept as text
    5: "26 killed\nsome more, a fighter said",                # one line does not read: kept as text
    6: "",
}


def _claim_sql(claim_id: int, figures: str) -> str:
    figures = figures.replace("'", "''")
    return (
        "INSERT INTO claims (id, project_id, article_id, quote, start_offset, end_offset, prefix, suffix, "
        "statement, kind, figures, attribution_text, source_type, named, party, access, hedging, "
        "independent_sources, attribution_chain, credibility, status, rationale, created_by_id, created_at, "
        f"updated_at, version, review_state) VALUES ({claim_id}, 1, 1, 'Thus', 0, 4, '', '', '', '', "
        f"'{figures}', '', '', '', '', '', '', '', '', '6', 'unreviewed', '', 1, '{NOW}', '{NOW}', 3, '')")


def test_upgrade_reads_free_text_figures_and_keeps_the_text(db_url, tmp_path):
    from flask_migrate import upgrade
    with emptied_at(db_url, tmp_path, "0008_blind_sources"):
        for sql in (
            f"INSERT INTO users (id, username, display_name, password_hash, is_admin, active, created_at) "
            f"VALUES (1, 'lena', 'Lena', 'x', false, true, '{NOW}')",
            f"INSERT INTO projects (id, name, description, created_at) VALUES (1, 'Raqqa', '', '{NOW}')",
            f"INSERT INTO projects (id, name, description, created_at) VALUES (2, 'Mosul', '', '{NOW}')",
            f"INSERT INTO articles (id, project_id, title, site_name, original_outlet, url, author, captured_at, "
            f"imported_by_id, text, content_hash, body_start, body_end) VALUES (1, 1, 'Report', '', '', '', '', "
            f"'{NOW}', 1, 'Thus far', 'h', 0, 8)",
            *(_claim_sql(i, figures) for i, figures in FREE_TEXT.items()),
        ):
            db.session.execute(text(sql))
        db.session.commit()
        upgrade()
        rows = db.session.execute(text(
            "SELECT claim_id, position, kind, low, high, term, counts, who, text FROM claim_figures "
            "ORDER BY claim_id, position")).all()
        assert [tuple(r) for r in rows] == [
            (1, 0, "exact", 26, 26, "", "killed", "combatants", "26 — ISIS militants killed"),
            (1, 1, "vague", None, None, "dozens", "injured", "unknown", "dozens — injured"),
            (2, 0, "more_than", 500, None, "", "", "civilians", "over 500 civilians"),
            (3, 0, "range", 10, 15, "", "killed", "unknown", "10-15 killed"),
        ]
        kept = dict(db.session.execute(text("SELECT id, figures FROM claims")).all())
        assert kept == FREE_TEXT   # the text stays on every claim, read or not
        assert db.session.scalar(text("SELECT max(version) FROM claims")) == 3
        terms = db.session.execute(text(
            "SELECT project_id, term, value FROM project_vague_terms ORDER BY project_id, term")).all()
        assert [tuple(t) for t in terms] == [
            (p, t, v) for p in (1, 2) for t, v in sorted({"dozens": 12, "hundreds": 100, "tens": 10,
                                                           "thousands": 1000}.items())]
        from webapp.models import Claim
        assert db.session.get(Claim, 1).structured_figures[1]["term"] == "dozens"
        db.session.remove()
        db.engine.dispose()
