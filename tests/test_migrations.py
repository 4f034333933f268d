"""T45: the migrations build exactly the schema the models describe, on both databases, and
the review trail's append-only triggers come with them."""
from contextlib import contextmanager

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import text

from webapp.extensions import db


def test_models_match_the_migrated_schema(app):
    with app.app_context(), db.engine.connect() as conn:
        context = MigrationContext.configure(conn, opts={"compare_type": True})
        assert compare_metadata(context, db.metadata) == []


def test_migrated_schema_refuses_to_rewrite_the_trail(app):
    from tests.factories import make_article, make_claim, make_project, make_user
    with app.app_context():
        lead = make_user("lena")
        make_claim(make_article(make_project(lead), lead), lead, "26 ISIS militants")
        for statement in ("UPDATE claim_events SET reason = 'rewritten'", "DELETE FROM claim_events"):
            with pytest.raises(Exception, match="append-only"):
                db.session.execute(text(statement))
                db.session.flush()
            db.session.rollback()
        assert db.session.scalar(text("SELECT count(*) FROM claim_events WHERE reason = ''")) == 1


def _down_and_up(url, instance):
    from flask_migrate import downgrade, upgrade
    from tests.conftest import make_app
    app = make_app(url, instance)
    with app.app_context():
        downgrade(revision="base")
        assert "claims" not in db.inspect(db.engine).get_table_names()
        upgrade()
        assert "claim_events" in db.inspect(db.engine).get_table_names()
        db.engine.dispose()


def test_downgrade_and_upgrade_again_on_sqlite(sqlite_template, tmp_path):
    import shutil
    shutil.copy(sqlite_template, tmp_path / "m.db")
    _down_and_up(f"sqlite:///{tmp_path / 'm.db'}", tmp_path / "inst")


def test_downgrade_and_upgrade_again_on_postgresql(postgres_database, tmp_path):
    import psycopg
    from tests.conftest import PG_ADMIN_URL
    name = postgres_database.rsplit("/", 1)[1].replace("claimtrail_test_", "claimtrail_migrations_")
    with psycopg.connect(PG_ADMIN_URL, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')
    url = postgres_database.rsplit("/", 1)[0] + "/" + name
    try:
        from flask_migrate import upgrade
        from tests.conftest import make_app
        app = make_app(url, tmp_path / "up")
        with app.app_context():
            upgrade()
            db.engine.dispose()
        _down_and_up(url, tmp_path / "inst")
    finally:
        with psycopg.connect(PG_ADMIN_URL, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@contextmanager
def emptied_at(db_url, tmp_path, revision: str):
    """An app context on the test database, emptied and downgraded to ``revision``."""
    from flask_migrate import downgrade
    from tests.conftest import make_app
    app = make_app(db_url, tmp_path / "inst")
    with app.app_context():
        if db.engine.dialect.name == "postgresql":
            tables = ", ".join(t.name for t in db.metadata.sorted_tables)
            db.session.execute(text(f"TRUNCATE {tables} RESTART IDENTITY CASCADE"))
            db.session.commit()
        downgrade(revision=revision)
        yield app


def test_upgrade_from_0001_keeps_claims_and_their_history(db_url, tmp_path):
    """T45: a database made by the first release, with data, upgrades without losing any."""
    from flask_migrate import upgrade
    from webapp.models import Claim, ClaimEvent
    with emptied_at(db_url, tmp_path, "0001"):
        now = "2017-05-11 17:19:00"
        for sql in (
            f"INSERT INTO users (id, username, display_name, password_hash, is_admin, active, created_at) "
            f"VALUES (1, 'lena', 'Léna Ødegård', 'x', false, true, '{now}')",
            f"INSERT INTO projects (id, name, description, created_at) VALUES (1, 'Raqqa', '', '{now}')",
            f"INSERT INTO articles (id, project_id, title, site_name, original_outlet, url, author, captured_at, "
            f"imported_by_id, text, content_hash, body_start, body_end) VALUES (1, 1, 'مقاتل', '', '', '', '', "
            f"'{now}', 1, 'مقاتل قال 26 😀', 'h', 0, 14)",
            f"INSERT INTO claims (id, project_id, article_id, quote, start_offset, end_offset, prefix, suffix, "
            f"statement, kind, figures, attribution_text, source_type, named, party, access, hedging, "
            f"independent_sources, attribution_chain, credibility, status, rationale, created_by_id, created_at, "
            f"updated_at, version) VALUES (1, 1, 1, 'قال 26', 6, 12, '', '', 'é', '', '', '', '', '', '', '', "
            f"'', '', '', '6', 'unreviewed', '', 1, '{now}', '{now}', 1)",
            f"INSERT INTO claim_events (id, claim_id, project_id, actor_id, created_at, action, version, changes, "
            f"reason) VALUES (1, 1, 1, 1, '{now}', 'created', 1, '{{\"quote\": [null, \"قال 26\"]}}', 'première')",
        ):
            db.session.execute(text(sql))
        db.session.commit()
        upgrade()
        claim = db.session.get(Claim, 1)
        assert (claim.quote, claim.statement, claim.review_state, claim.second_reviewer_id) == ("قال 26", "é", "", None)
        [event] = db.session.scalars(db.select(ClaimEvent)).all()
        assert event.changes == {"quote": [None, "قال 26"]} and event.reason == "première"
        assert db.session.scalar(text("SELECT annotators_edit_all FROM projects")) in (True, 1)
        db.session.remove()
        db.engine.dispose()
