"""Fixtures: a real database per test (SQLite file or PostgreSQL), an app, signed-in clients.

Every request-level test runs twice, on SQLite and on PostgreSQL. The schema is built once per
worker by the real migrations; each test then gets its own copy (SQLite: a copy of the migrated
file; PostgreSQL: the worker's database, emptied with TRUNCATE, which the append-only trigger on
the review trail does not block).
"""
pytest_plugins = ["tests.socket_guard"]  # no connection beyond loopback (T31)

import os
import re
import secrets
import shutil

# Background jobs run at once, in the test's own process, unless a test starts a real worker
# (tests/tasks/worker.py points the queue at that worker's storage).
os.environ.setdefault("CLAIMTRAIL_TASKS_IMMEDIATE", "1")

import psycopg  # noqa: E402
import pytest  # noqa: E402
from sqlalchemy import text  # noqa: E402

from webapp import create_app  # noqa: E402
from webapp.extensions import db  # noqa: E402

PG_ADMIN_URL = os.environ.get("TEST_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432/postgres")
REQUIRE_PG = os.environ.get("CLAIMTRAIL_REQUIRE_POSTGRES") == "1" or os.environ.get("CI") == "true"
TEST_SETTINGS = {
    "TESTING": True,
    "PASSWORD_HASH_METHOD": "pbkdf2:sha256:1000",  # fast hashing in tests only
}


def _pg_reachable() -> bool:
    try:
        psycopg.connect(PG_ADMIN_URL, connect_timeout=3).close()
        return True
    except psycopg.OperationalError:
        return False


def make_app(db_url: str, instance_path, **extra):
    return create_app({**TEST_SETTINGS, "SQLALCHEMY_DATABASE_URI": db_url,
                       "SECRET_KEY": secrets.token_hex(32), **extra},
                      instance_path=str(instance_path))


def _migrate(db_url: str, instance_path) -> None:
    from flask_migrate import upgrade
    app = make_app(db_url, instance_path)
    with app.app_context():
        upgrade()
        db.engine.dispose()


@pytest.fixture(scope="session")
def worker_id_str(request):
    return getattr(request.config, "workerinput", {}).get("workerid", "main")


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory):
    base = tmp_path_factory.mktemp("sqlite-template")
    path = base / "template.db"
    _migrate(f"sqlite:///{path}", base)
    return path


@pytest.fixture(scope="session")
def postgres_database(worker_id_str, tmp_path_factory):
    if not _pg_reachable():
        if REQUIRE_PG:
            pytest.fail(f"PostgreSQL is required here but not reachable at {PG_ADMIN_URL}")
        pytest.skip("PostgreSQL is not reachable (CI requires it)")
    # Unique per run as well as per worker, so two runs on one machine never share a database.
    run = os.environ.get("PYTEST_XDIST_TESTRUNUID", str(os.getpid()))[:8]
    name = f"claimtrail_test_{run}_{worker_id_str}"
    with psycopg.connect(PG_ADMIN_URL, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')
    url = PG_ADMIN_URL.rsplit("/", 1)[0].replace("postgresql://", "postgresql+psycopg://") + "/" + name
    _migrate(url, tmp_path_factory.mktemp("pg-instance"))
    yield url
    with psycopg.connect(PG_ADMIN_URL, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def database_for(request, engine: str, tmp_path) -> str:
    """A migrated, empty database of this engine for one test."""
    if engine == "sqlite":
        path = tmp_path / "claimtrail.db"
        shutil.copy(request.getfixturevalue("sqlite_template"), path)
        return f"sqlite:///{path}"
    return request.getfixturevalue("postgres_database")


@pytest.fixture(params=["sqlite", "postgresql"])
def db_url(request, tmp_path):
    return database_for(request, request.param, tmp_path)


@pytest.fixture
def app(db_url, tmp_path):
    app = make_app(db_url, tmp_path / "instance")
    with app.app_context():
        if db.engine.dialect.name == "postgresql":
            tables = ", ".join(t.name for t in db.metadata.sorted_tables)
            db.session.execute(text(f"TRUNCATE {tables} RESTART IDENTITY CASCADE"))
            db.session.commit()
    yield app
    with app.app_context():
        db.session.remove()
        db.engine.dispose()


@pytest.fixture
def ctx(app):
    """An application context for calling services directly."""
    with app.app_context():
        yield


CSRF_RE = re.compile(r'name="csrf_token" type="hidden" value="([^"]+)"|name="csrf_token" value="([^"]+)"')


def csrf_from(html: str) -> str:
    match = CSRF_RE.search(html)
    assert match, "page has no CSRF token"
    return match.group(1) or match.group(2)


class Browser:
    """A test client that behaves like a person's browser: reads the form's CSRF token first."""

    def __init__(self, client):
        self.client = client

    def get(self, url, **kw):
        return self.client.get(url, **kw)

    def token(self, url="/login"):
        return csrf_from(self.client.get(url).get_data(as_text=True))

    def post(self, url, data=None, form_url=None, **kw):
        data = dict(data or {})
        data.setdefault("csrf_token", self.token(form_url or url))
        return self.client.post(url, data=data, **kw)

    def login(self, username, password):
        return self.post("/login", {"username": username, "password": password})


@pytest.fixture
def browser(app):
    return Browser(app.test_client())


@pytest.fixture
def other_browser(app):
    return Browser(app.test_client())
