"""Browser fixtures: Debian's Chromium driven by Playwright against the app served for real.

One browser per worker (session scope); each test gets its own server on a fresh copy of the
migrated SQLite database, on a free port chosen by the OS, and fresh browser contexts.
"""
import shutil
import threading
from pathlib import Path

import pytest
from werkzeug.serving import make_server

from tests.conftest import make_app
from webapp.extensions import db

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync"]
VIEWPORT = {"width": 1400, "height": 900}


class LiveServer:
    """The app behind werkzeug's threaded server on 127.0.0.1 and an OS-chosen port."""

    def __init__(self, app):
        self.app = app
        self.server = make_server("127.0.0.1", 0, app, threaded=True)
        self.url = f"http://127.0.0.1:{self.server.server_port}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def start(self):
        self.thread.start()
        return self

    def stop(self):
        self.server.shutdown()
        self.thread.join(10)
        self.server.server_close()
        with self.app.app_context():
            db.session.remove()
            db.engine.dispose()


def serve(db_file: Path, instance_path: Path, **settings) -> LiveServer:
    app = make_app(f"sqlite:///{db_file}", instance_path, **settings)
    return LiveServer(app).start()


def copy_template(template: Path, target: Path) -> Path:
    shutil.copy(template, target)
    return target


@pytest.fixture(scope="session")
def chromium():
    """The worker's browser. Fails (never skips) when Debian's Chromium is not installed."""
    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: install Debian's chromium package to run the browser tests")
    from playwright.sync_api import sync_playwright
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def live_server(sqlite_template, tmp_path):
    server = serve(copy_template(sqlite_template, tmp_path / "claimtrail.db"), tmp_path / "instance")
    yield server
    server.stop()


@pytest.fixture
def app(live_server):
    """The served app itself, for making data through the services and checking the database."""
    return live_server.app


class Watch:
    """What a page does that a person would not see: console messages, dialogs, page errors."""

    def __init__(self):
        self.console: list[str] = []
        self.dialogs: list[str] = []
        self.errors: list[str] = []

    def attach(self, page):
        page.on("console", lambda m: self.console.append(f"{m.type}: {m.text}"))
        page.on("dialog", self._dialog)
        page.on("pageerror", lambda e: self.errors.append(str(e)))
        return page

    def _dialog(self, dialog):
        self.dialogs.append(f"{dialog.type}: {dialog.message}")
        dialog.dismiss()

    @property
    def csp_violations(self) -> list[str]:
        return [m for m in self.console if "Content Security Policy" in m or "Content-Security-Policy" in m]


@pytest.fixture
def new_context(chromium, live_server):
    """Make browser contexts (closed after the test): each one is a separate person's browser."""
    contexts = []

    def make(**kw):
        context = chromium.new_context(base_url=live_server.url, viewport=VIEWPORT,
                                       accept_downloads=True, **kw)
        context.set_default_timeout(5000)
        contexts.append(context)
        return context

    yield make
    for context in contexts:
        context.close()


@pytest.fixture
def watch():
    return Watch()


@pytest.fixture
def page(new_context, watch):
    """A fresh page in a fresh context, with its console, dialogs and errors watched."""
    return watch.attach(new_context().new_page())

