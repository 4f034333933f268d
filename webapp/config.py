"""Configuration: safe defaults, then ``instance/config.py``, then environment, then tests.

The secret key is never a constant: it is generated into ``instance/secret_key`` (mode 0600)
on first start and read from there afterwards.
"""
import os
import secrets
import time
from datetime import timedelta
from pathlib import Path

# Keys published in other projects' images and docs; an instance must never run with one.
DENIED_SECRET_KEYS = {"", "dev", "secret", "changeme", "change-me", "change-me-in-production", "development"}


class Defaults:
    DEBUG = False
    TESTING = False
    MAX_CONTENT_LENGTH = 5 * 1024 * 1024          # uploads and forms: 5 MB
    MAX_ARTICLE_CHARS = 1_000_000                  # one article's text
    MAX_HTML_CHARS = 10_000_000                    # one HTML page given to text extraction
    # The longest address (path and query) the app accepts; longer ones get its own 414 (JSON
    # under /api/). Keep it below gunicorn's --limit-request-line (8190), so the app answers.
    MAX_URL_BYTES = 4096
    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    SESSION_COOKIE_SECURE = False                  # set True when served over TLS
    PERMANENT_SESSION_LIFETIME = timedelta(hours=12)
    SESSION_IDLE_TIMEOUT = timedelta(hours=2)
    REMEMBER_COOKIE_DURATION = timedelta(seconds=0)
    SESSION_PROTECTION = "strong"
    WTF_CSRF_TIME_LIMIT = 3600
    PASSWORD_HASH_METHOD = "scrypt"
    # Sign-in throttle (services/sign_in_throttle.py): per account name and source address,
    # LOGIN_FREE_FAILURES failures, then that address waits LOGIN_LOCK_SECONDS, doubling per
    # further failure up to LOGIN_LOCK_MAX_SECONDS. Once a name has LOGIN_ACCOUNT_FREE_FAILURES
    # failures from all addresses together, every address gets one free failure for it.
    # Counts restart after LOGIN_FORGET_SECONDS without a failure.
    LOGIN_FREE_FAILURES = 5
    LOGIN_LOCK_SECONDS = 60
    LOGIN_LOCK_MAX_SECONDS = 3600
    LOGIN_ACCOUNT_FREE_FAILURES = 20
    LOGIN_FORGET_SECONDS = 24 * 3600
    # Behind a reverse proxy: how many proxies set X-Forwarded-For/-Proto (werkzeug ProxyFix).
    # 0 (the default) uses the connection's address, which is right only without a proxy.
    TRUSTED_PROXIES = 0
    SQLALCHEMY_ENGINE_OPTIONS: dict = {}
    SQLITE_BUSY_TIMEOUT_MS = 5000
    PAGE_SIZE = 50
    # Up to this many claims the dashboard counts again on the spot after a change; above it,
    # it shows the last count with its time while the worker counts again.
    DASHBOARD_SYNC_CLAIMS = 20_000
    # Import by URL (services/fetch.py). Private, loopback and link-local addresses are refused
    # unless allowed here: FETCH_ALLOW_PRIVATE = True allows them all (on the allowed ports);
    # FETCH_ALLOWED_NETWORKS names hosts, addresses or networks allowed on any port,
    # e.g. ("intranet.example", "10.1.2.0/24").
    FETCH_ALLOW_PRIVATE = False
    FETCH_ALLOWED_NETWORKS: tuple[str, ...] = ()
    FETCH_ALLOWED_PORTS = (80, 443)
    FETCH_CONNECT_TIMEOUT_SECONDS = 5
    FETCH_DEADLINE_SECONDS = 20                    # the whole fetch, redirects included
    FETCH_MAX_BYTES = 10 * 1024 * 1024             # decoded
    FETCH_MAX_REDIRECTS = 5


def database_url(instance_path: str) -> str:
    url = os.environ.get("DATABASE_URL")
    if url:
        if url.startswith("postgresql://"):
            url = "postgresql+psycopg://" + url.removeprefix("postgresql://")
        return url
    return "sqlite:///" + str(Path(instance_path) / "claimtrail.db")


def load_secret_key(instance_path: str) -> str:
    """Read the instance's secret key, creating it (0600) if it does not exist yet.

    Two workers starting together both may try to create it: the loser of the race reads the
    winner's key. A key file readable by others is narrowed to 0600. A key that cannot be
    created or read stops the start with a clear message.
    """
    path = Path(instance_path) / "secret_key"
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        try:
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:
            pass
        else:
            with os.fdopen(fd, "w") as fh:
                fh.write(secrets.token_hex(32))
                fh.flush()
                os.fsync(fh.fileno())
        if path.stat().st_mode & 0o077:
            os.chmod(path, 0o600)
        for _ in range(50):  # another worker may be writing it this very moment
            key = path.read_text().strip()
            if key:
                return key
            time.sleep(0.02)
        return key
    except OSError as exc:
        raise RuntimeError(
            f"Refusing to start: the secret key file {path} cannot be created or read ({exc}).") from None


SQLITE_COMPANIONS = ("", "-wal", "-shm", "-journal")


def private_sqlite_file(path: Path) -> None:
    """Create a SQLite database file 0600 before SQLite does (it would follow the umask, often
    0644: readable by every account on the machine), and narrow one made earlier. SQLite gives
    its ``-wal``, ``-shm`` and ``-journal`` files the database file's mode; any already there
    are narrowed too."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        os.close(os.open(path, os.O_WRONLY | os.O_CREAT, 0o600))
        for suffix in SQLITE_COMPANIONS:
            companion = path.with_name(path.name + suffix)
            if companion.exists() and companion.stat().st_mode & 0o077:
                os.chmod(companion, 0o600)
    except OSError as exc:
        raise RuntimeError(f"Refusing to start: the database file {path} cannot be created "
                           f"or made private ({exc}).") from None


def private_sqlite_database(url: str) -> None:
    """``private_sqlite_file`` for a ``sqlite:///…`` URL naming a file (not for memory)."""
    from sqlalchemy.engine import make_url
    parsed = make_url(url)
    if (parsed.get_backend_name() == "sqlite" and parsed.database not in (None, "", ":memory:")
            and parsed.query.get("mode") != "memory" and not parsed.database.startswith("file:")):
        private_sqlite_file(Path(parsed.database))


def check_secret_key(key: str | None) -> None:
    if not key or key.strip().lower() in DENIED_SECRET_KEYS or len(key) < 32:
        raise RuntimeError(
            "Refusing to start: the secret key is missing, too short or publicly known. "
            "Delete instance/secret_key to have a new one generated."
        )
