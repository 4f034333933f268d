"""Engine set-up per database: SQLite pragmas and write transactions that cannot lose updates.

On SQLite a transaction that reads and then writes must upgrade its lock, and SQLite answers that
upgrade with "database is locked" at once instead of waiting. So every transaction that may write
starts with ``BEGIN IMMEDIATE``, which takes the write lock up front and lets ``busy_timeout``
apply. Page views (GET/HEAD) start a plain deferred transaction so readers never queue behind
writers (WAL lets them read while a write is under way).
"""
from flask import has_request_context, request
from sqlalchemy import event
from sqlalchemy.engine import Engine

READ_METHODS = {"GET", "HEAD", "OPTIONS"}


def configure_engine(engine: Engine, busy_timeout_ms: int) -> None:
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
        if has_request_context() and request.method in READ_METHODS:
            conn.exec_driver_sql("BEGIN")
        else:
            conn.exec_driver_sql("BEGIN IMMEDIATE")
