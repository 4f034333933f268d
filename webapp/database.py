"""Engine set-up per database: SQLite pragmas, PostgreSQL sessions in UTC, write
transactions that cannot lose updates, and ``insert_row`` for the hottest single-row writes.

On SQLite a transaction that reads and then writes must upgrade its lock, and SQLite answers that
upgrade with "database is locked" at once instead of waiting. So every transaction that may write
starts with ``BEGIN IMMEDIATE``, which takes the write lock up front and lets ``busy_timeout``
apply. Page views (GET/HEAD) start a plain deferred transaction so readers never queue behind
writers (WAL lets them read while a write is under way).

A request may instead read first and write briefly at the end (``reads_first`` and ``writing``,
used by the API): everything it reads, checks and renders runs in deferred read transactions,
and only its ``writing`` block holds the write lock. SQLite has one writer at a time, and a
waiting writer sleeps in growing steps (1, 2, 5, 10 … ms), so the shorter the lock is held the
less often anyone waits, and the shorter the waits are.
"""
import functools
from contextlib import contextmanager
from typing import TypeVar

from flask import g, has_app_context, has_request_context, request
from sqlalchemy import event, insert, inspect
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session
from sqlalchemy.orm.attributes import set_committed_value
from sqlalchemy.orm.session import make_transient_to_detached

from .extensions import db

T = TypeVar("T")
READ_METHODS = {"GET", "HEAD", "OPTIONS"}
_BEGIN = "sqlite_begin"   # in ``g``: how the next transaction begins, where a view decided
DEFERRED, IMMEDIATE = "BEGIN", "BEGIN IMMEDIATE"


def configure_engine(engine: Engine, busy_timeout_ms: int) -> None:
    if engine.dialect.name == "postgresql":
        event.listen(engine, "connect", _in_utc)
    if engine.dialect.name != "sqlite":
        return

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_conn, _record):
        dbapi_conn.isolation_level = None  # SQLAlchemy emits BEGIN itself, below
        cur = dbapi_conn.cursor()
        cur.execute("PRAGMA journal_mode=WAL")
        cur.execute(f"PRAGMA busy_timeout={int(busy_timeout_ms)}")
        cur.execute("PRAGMA foreign_keys=ON")
        cur.execute("PRAGMA synchronous=NORMAL")
        cur.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn):
        conn.exec_driver_sql(_begin_statement())


def _in_utc(dbapi_conn, _record) -> None:
    """Stored moments are UTC, and are read back in UTC whatever the server's TimeZone setting
    (a Debian server takes the machine's): what a page or export shows does not depend on it,
    and a representation the API renders from what it wrote equals the one it reads back."""
    autocommit = dbapi_conn.autocommit
    dbapi_conn.autocommit = True
    cur = dbapi_conn.cursor()
    cur.execute("SET TIME ZONE 'UTC'")
    cur.close()
    dbapi_conn.autocommit = autocommit


def _begin_statement() -> str:
    if has_app_context() and _BEGIN in g:
        return g.get(_BEGIN)
    if has_request_context() and request.method in READ_METHODS:
        return DEFERRED
    return IMMEDIATE


def reads_first() -> None:
    """From here on, this request's transactions begin as reads (deferred, taking no lock),
    whatever its method; its writes must go in ``writing`` blocks. ``end_request`` undoes it."""
    setattr(g, _BEGIN, DEFERRED)


def end_request() -> None:
    """Forget ``reads_first`` (a test may run several requests in one application context)."""
    g.pop(_BEGIN, None)


@contextmanager
def writing():
    """Run the block's writes and commit them when it ends (roll back if it raises).

    On SQLite the read transaction before the block is ended first, keeping what it loaded (the
    block goes on with the objects the request has read and checked), and the block's own
    transaction begins with ``BEGIN IMMEDIATE``: it waits its turn for the write lock
    (busy_timeout) instead of failing to upgrade a read, and holds it only while the block runs.
    PostgreSQL locks rows, not the database, so there the writes simply go on in the request's
    transaction. After the block, transactions begin as they did before it."""
    session = db.session()
    if session.get_bind().dialect.name == "sqlite":
        _commit_keeping_loaded(session)
    before = g.get(_BEGIN)
    setattr(g, _BEGIN, IMMEDIATE)
    try:
        yield
        session.commit()
    except BaseException:
        session.rollback()
        raise
    finally:
        if before is None:
            g.pop(_BEGIN, None)
        else:
            setattr(g, _BEGIN, before)


def end_transaction_keeping_loaded() -> None:
    """Commit now and keep what was loaded: a worker that is about to wait on the network
    (a page fetched again) holds no transaction, and so no SQLite write lock, meanwhile."""
    _commit_keeping_loaded(db.session())


def _commit_keeping_loaded(session: Session) -> None:
    """End the transaction without expiring what it loaded: the next one goes on using it."""
    keep = session.expire_on_commit
    session.expire_on_commit = False
    try:
        session.commit()
    finally:
        session.expire_on_commit = keep


@functools.cache
def _insert_of(table):
    return insert(table)


def insert_row(obj: T) -> T:
    """Store one new object with a single INSERT and keep it in the session as if it had been
    loaded, where the unit of work's flush costs more than the statement itself (each claim
    and each event of the trail, the API's hottest writes).

    It stores what a flush would: the attributes set, the columns' Python defaults for the
    others (kept on the object as computed, as a flush keeps them), version 1 for a mapper's
    version counter, and the primary key the database gives. Changes already pending in the
    session are flushed first, so writes keep their order."""
    session = db.session()
    session.flush()
    state = inspect(obj)
    mapper, values = state.mapper, {}
    for prop in mapper.column_attrs:
        column = prop.columns[0]
        if prop.key in state.dict:
            values[column.key] = state.dict[prop.key]
        elif column is mapper.version_id_col:
            values[column.key] = 1
        elif column.default is not None and column.default.is_scalar:
            values[column.key] = column.default.arg
        elif column.default is not None and column.default.is_callable:
            values[column.key] = column.default.arg(None)
        elif column.server_default is None and not column.primary_key:
            values[column.key] = None
    result = session.connection().execute(_insert_of(mapper.local_table), values)
    for column, value in zip(mapper.local_table.primary_key, result.inserted_primary_key):
        values[column.key] = value
    for prop in mapper.column_attrs:
        key = prop.columns[0].key
        if key in values:
            set_committed_value(obj, prop.key, values[key])
    make_transient_to_detached(obj)   # a server default loads when first read
    session.add(obj)
    return obj
