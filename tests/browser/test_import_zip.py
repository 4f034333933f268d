"""A lead imports a zip of articles in the browser and watches the progress bar move to done.

A real worker (huey_consumer, tests/tasks/worker.py) runs the job, started only once the page
shows the job waiting, so the bar is seen queued, then part-way, then full with the report."""
import time
from pathlib import Path

import pytest

from tests.factories import PASSWORD, make_project, make_user
from tests.imports.helpers import make_zip
from tests.tasks.worker import Worker, real_queue

from .helpers import sign_in

pytestmark = pytest.mark.browser
ARTICLES = 300


def _html(n: int) -> bytes:
    return (f"<html><head><title>Report {n}</title></head><body><nav>Home | World | Sport</nav><article>"
            f"<h1>Report {n}</h1><p>Report {n}: thus far, {n} militants have been killed near the dam, "
            "a fighter said on Thursday.</p><p>Residents said the fighting went on for two days in the "
            "western districts, and that the bridge was closed.</p></article></body></html>").encode()


def _bar(page) -> tuple[str | None, str] | None:
    try:
        return page.evaluate("""() => {
            const bar = document.querySelector('.job-progress progress');
            const text = document.querySelector('[data-job-text]');
            return bar && [bar.getAttribute('value'), text.textContent.trim()]; }""")
    except Exception:   # the page is reloading (jobs.js reloads it once the job ends)
        return None


def test_importing_a_zip_shows_the_progress_bar_moving_to_done(app, page, watch):
    with app.app_context():
        make_project(make_user("lena"), "Raqqa desk")
    Path(app.instance_path).mkdir(parents=True, exist_ok=True)
    (Path(app.instance_path) / "config.py").write_text("IMPORT_COMMIT_EVERY = 1\n")   # the worker's
    data = make_zip([(f"reports/report-{n:03}.html", _html(n)) for n in range(1, ARTICLES + 1)])
    with real_queue(app) as queue:
        sign_in(page, "lena", PASSWORD)
        page.get_by_role("link", name="Raqqa desk").click()
        page.get_by_role("link", name="Import many").click()
        page.get_by_label("File to import").set_input_files(
            {"name": "reports.zip", "mimeType": "application/zip", "buffer": data})
        page.get_by_role("button", name="Start the import").click()
        page.wait_for_url("**/jobs/*")
        assert page.get_by_text("Waiting for the worker…").is_visible()
        worker = Worker(queue)
        try:
            seen, deadline = [], time.monotonic() + 60
            while time.monotonic() < deadline:
                state = _bar(page)
                if state and state not in seen:
                    seen.append(state)
                # Done once the page says so: at 300 of 300 the worker may still be finishing.
                if state == ["100", "Done."] and page.locator("#job-report").is_visible():
                    break
                page.wait_for_timeout(30)
            partway = [s for s in seen if s[0] and 0 < int(s[0]) < 100]
            assert partway, f"the bar never showed part of the work done: {seen}\n{worker.output()}"
            assert any(text.endswith(f"of {ARTICLES}") for _, text in partway)
            assert list(seen[-1]) == ["100", "Done."]
            report = page.locator("#job-report")
            assert report.get_by_text("Imported").is_visible()
            assert report.locator("dt:text-is('Imported') + dd").inner_text() == str(ARTICLES)
            assert page.locator("[data-job-chip]").inner_text() == "done"
        finally:
            assert worker.stop() == 0, worker.output()
    page.get_by_role("link", name="Articles").click()
    assert page.get_by_role("link", name="Report 300").is_visible()
    assert not watch.errors and not watch.csp_violations and not watch.dialogs
