"""Bulk imports on a real worker: through both queue storages (SQLite file, Redis), and an
import whose worker is killed with -9 half-way, then run again from the job page."""
import json
import re
from datetime import datetime, timedelta, timezone

import pytest
from sqlalchemy import func, select

from tests.factories import PASSWORD
from tests.imports.helpers import jsonl, project_with_annotator, refused_rows, row, summary, upload
from webapp.extensions import db
from webapp.models import Article, Job

from .worker import job_state, wait_for


def _start_import(browser, project_id, data, name="batch.jsonl") -> int:
    response = upload(browser, project_id, name, data)
    assert response.status_code == 302, response.get_data(as_text=True)[:500]
    return int(response.headers["Location"].rsplit("/", 1)[1])


def _articles(app) -> tuple[int, int]:
    """(articles, distinct content hashes), read as a page view reads."""
    with app.test_request_context():
        counts = db.session.execute(select(func.count(), func.count(func.distinct(Article.content_hash)))
                                    .select_from(Article)).one()
        db.session.remove()
        return tuple(counts)


@pytest.mark.parametrize("storage", ["sqlite", "redis"])
def test_an_import_runs_on_the_worker_through_either_queue_storage(app, browser, request, storage):
    start = request.getfixturevalue("worker" if storage == "sqlite" else "redis_worker")
    project_id = project_with_annotator(app)
    browser.login("anna", PASSWORD)
    job_id = _start_import(browser, project_id, jsonl([row(n) for n in range(1, 51)]))
    page = browser.get(f"/projects/{project_id}/jobs/{job_id}").get_data(as_text=True)
    assert "Waiting for the worker" in page                 # queued: nothing ran in the request
    assert _articles(app) == (0, 0)
    worker = start()
    wait_for(lambda: job_state(app, job_id)[0] == "done", what="the import to finish", worker=worker)
    page = browser.get(f"/projects/{project_id}/jobs/{job_id}").get_data(as_text=True)
    assert summary(page)["Imported"] == "50" and 'value="100"' in page
    assert _articles(app) == (50, 50)


def test_an_import_killed_half_way_leaves_whole_articles_and_runs_again_without_duplicates(app, browser, worker):
    # One commit per article, so the kill is sure to fall between commits mid-file.
    instance_config = app.instance_path + "/config.py"
    with open(instance_config, "w") as fh:
        fh.write("IMPORT_COMMIT_EVERY = 1\n")
    project_id = project_with_annotator(app)
    rows = [json.dumps(row(n)) for n in range(1, 2001)]
    rows[16] = "{broken"
    rows[1499] = json.dumps(row(3))                          # line 1500 repeats line 3
    browser.login("anna", PASSWORD)
    job_id = _start_import(browser, project_id, jsonl(rows))
    first = worker()
    wait_for(lambda: job_state(app, job_id)[1] >= 300, what="300 rows imported", worker=first)
    first.kill()

    status, done, total = job_state(app, job_id)
    articles, hashes = _articles(app)
    assert status == "running" and total == 2000 and 300 <= done < 2000, "the kill came too late"
    assert articles == hashes == done - 1                    # every committed row counted; line 17 refused
    with app.app_context():                                  # no article half written
        assert db.session.scalar(select(func.count()).select_from(Article)
                                 .where((Article.text == "") | (Article.title == ""))) == 0
        job = db.session.get(Job, job_id)
        job.heartbeat_at = datetime.now(timezone.utc) - timedelta(minutes=5)   # time passes
        db.session.commit()

    page = browser.get(f"/projects/{project_id}/jobs/{job_id}").get_data(as_text=True)
    assert "the worker may have stopped" in page
    assert re.search(r"<form method=\"post\" action=\"[^\"]+/rerun\" data-job-rerun\s*>", page)
    response = browser.post(f"/projects/{project_id}/jobs/{job_id}/rerun", {},
                            form_url=f"/projects/{project_id}/jobs/{job_id}")
    assert response.status_code == 302
    with open(instance_config, "w") as fh:                   # the rerun may go at full speed
        fh.write("IMPORT_COMMIT_EVERY = 200\n")
    second = worker()
    wait_for(lambda: job_state(app, job_id)[0] == "done", what="the rerun to finish", worker=second)

    assert _articles(app) == (1998, 1998)
    page = browser.get(f"/projects/{project_id}/jobs/{job_id}").get_data(as_text=True)
    figures = summary(page)
    assert (figures["Imported"], figures["Duplicates skipped"], figures["Refused"]) == ("1998", "1", "1")
    assert dict(refused_rows(page))["line 17"].startswith("Not valid JSON")
    assert "<dt>Runs</dt><dd>2</dd>" in page
