"""The background-job framework: how a job runs, fails, reports, is shown and run again.

The handlers here are test handlers registered for test-only kinds: they exercise the
framework's rules (progress counts committed work; a failure keeps no half-done work and says
why; a crash shows no traceback), which the real handlers (imports, fetches, exports) rely on.
"""
import logging
import re

import pytest
from sqlalchemy import func, select

from tests.factories import PASSWORD, add_member, make_project, make_user
from webapp import tasks
from webapp.extensions import db
from webapp.models import Job, Source
from webapp.services import jobs as job_service
from webapp.services import sources as source_service


@tasks.handler("test-sources")
def _make_sources(job):
    """Adds one source per name in the input, each in its own commit, counting progress."""
    names = job_service.input_path(job).read_text().split()
    for done, name in enumerate(names, 1):
        if name == "FAIL":
            raise job_service.JobFailed(f"Stopped at {name!r} (line {done}).")
        if name == "CRASH":
            source_service.create_source(job.project_id, job.created_by, "half-written")
            raise RuntimeError("secret internal detail")
        source_service.create_source(job.project_id, job.created_by, name)
        job_service.progress(job, done, len(names))
        db.session.commit()
    job_service.finish(job, {"summary": {"Sources added": len(names)},
                             "refused": [{"where": "line 9", "reason": "<b>not bold</b>"}]},
                       f"{len(names)} sources added.")


def _start(app, browser, text: str):
    with app.app_context():
        lena = make_user("lena")
        project = make_project(lena, "Jobs")
        job = job_service.create_job(project.id, lena, "test-sources", "Add sources",
                                     input_data=text.encode(), input_name="../../names.txt")
        db.session.commit()
        tasks.enqueue(job)   # immediate mode in tests: runs now
        ids = project.id, job.id
    browser.login("lena", PASSWORD)
    return ids


def _sources(app):
    with app.app_context():
        return list(db.session.scalars(select(Source.name).order_by(Source.id)))


def test_a_job_runs_to_done_and_its_page_shows_the_report(app, browser):
    project_id, job_id = _start(app, browser, "alpha beta gamma")
    assert _sources(app) == ["alpha", "beta", "gamma"]
    status = browser.get(f"/projects/{project_id}/jobs/{job_id}.json").get_json()
    assert (status["status"], status["done"], status["total"], status["percent"]) == ("done", 3, 3, 100)
    page = browser.get(f"/projects/{project_id}/jobs/{job_id}").get_data(as_text=True)
    assert "3 sources added." in page and "Sources added" in page
    assert 'value="100"' in page                        # the progress bar is full
    assert "&lt;b&gt;not bold&lt;/b&gt;" in page          # the report is text, never HTML
    assert "names.txt" in page and "../" not in page      # the file name is for display only
    assert re.search(r'data-job-rerun\s+hidden>', page)    # nothing to run again


def test_a_job_that_fails_keeps_its_finished_work_and_says_why(app, browser):
    project_id, job_id = _start(app, browser, "alpha FAIL beta")
    assert _sources(app) == ["alpha"]
    status = browser.get(f"/projects/{project_id}/jobs/{job_id}.json").get_json()
    assert status["status"] == "failed"
    assert status["message"] == "Stopped at 'FAIL' (line 2)."
    assert status["done"] == 1


def test_a_crash_keeps_nothing_half_written_and_shows_no_internals(app, browser, caplog):
    with caplog.at_level(logging.ERROR, logger="claimtrail.tasks"):
        project_id, job_id = _start(app, browser, "alpha CRASH")
    assert _sources(app) == ["alpha"]                     # "half-written" was rolled back
    page = browser.get(f"/projects/{project_id}/jobs/{job_id}").get_data(as_text=True)
    assert "internal error" in page and "secret internal detail" not in page
    assert "Traceback" not in page
    assert any("secret internal detail" in r.getMessage() or r.exc_info for r in caplog.records)


def test_a_failed_job_runs_again_on_the_same_input(app, browser):
    project_id, job_id = _start(app, browser, "alpha FAIL")
    with app.app_context():   # the person fixes nothing; the handler just sees the same input
        job = db.session.get(Job, job_id)
        job_service.input_path(job).write_text("alpha2 beta2")
    response = browser.post(f"/projects/{project_id}/jobs/{job_id}/rerun",
                            form_url=f"/projects/{project_id}/jobs/{job_id}")
    assert response.status_code == 302
    with app.app_context():
        job = db.session.get(Job, job_id)
        assert (job.status, job.attempts) == ("done", 2)
    assert _sources(app) == ["alpha", "alpha2", "beta2"]


def test_a_finished_job_is_not_run_again(app, browser):
    project_id, job_id = _start(app, browser, "alpha")
    response = browser.post(f"/projects/{project_id}/jobs/{job_id}/rerun",
                            form_url=f"/projects/{project_id}/jobs/{job_id}", follow_redirects=True)
    assert "cannot be run again" in response.get_data(as_text=True)
    assert _sources(app) == ["alpha"]


def test_a_job_with_no_progress_for_minutes_is_shown_as_stalled(app, browser):
    project_id, job_id = _start(app, browser, "alpha")
    from datetime import datetime, timedelta, timezone
    with app.app_context():
        job = db.session.get(Job, job_id)
        job.status = "running"
        job.heartbeat_at = datetime.now(timezone.utc) - timedelta(minutes=5)
        db.session.commit()
    page = browser.get(f"/projects/{project_id}/jobs/{job_id}").get_data(as_text=True)
    assert "the worker may have stopped" in page
    assert browser.get(f"/projects/{project_id}/jobs/{job_id}.json").get_json()["stalled"] is True


def test_members_see_jobs_outsiders_do_not_and_only_the_creator_downloads(app, browser, other_browser):
    project_id, job_id = _start(app, browser, "alpha")
    with app.app_context():
        job = db.session.get(Job, job_id)
        path = job_service.new_output(job, "export.csv", "text/csv; charset=utf-8")
        path.write_text("claim_id\n1\n")
        db.session.commit()
        from webapp.models import Project
        vera, oscar = make_user("vera"), make_user("oscar")
        add_member(db.session.get(Project, project_id), vera, "viewer")
    download = browser.get(f"/projects/{project_id}/jobs/{job_id}/download")
    assert download.status_code == 200 and download.get_data(as_text=True) == "claim_id\n1\n"
    assert download.headers["Cache-Control"] == "no-store"
    assert "attachment" in download.headers["Content-Disposition"]
    other_browser.login("vera", PASSWORD)
    assert other_browser.get(f"/projects/{project_id}/jobs/{job_id}").status_code == 200
    refused = other_browser.get(f"/projects/{project_id}/jobs/{job_id}/download", follow_redirects=True)
    assert "Only the person who asked for this file" in refused.get_data(as_text=True)
    assert "claim_id" not in refused.get_data(as_text=True)
    other_browser.post("/logout", form_url="/")
    other_browser.login("oscar", PASSWORD)
    assert other_browser.get(f"/projects/{project_id}/jobs/{job_id}").status_code == 404
    assert other_browser.get(f"/projects/{project_id}/jobs/{job_id}.json").status_code == 404


def test_a_job_of_a_kind_the_worker_does_not_know_fails_clearly(app):
    with app.app_context():
        lena = make_user("lena")
        project = make_project(lena, "Jobs")
        job = job_service.create_job(project.id, lena, "from-the-future", "Something new")
        db.session.commit()
        tasks.enqueue(job)
        db.session.refresh(job)
        assert job.status == "failed" and "cannot run 'from-the-future' jobs" in job.message


def test_input_files_are_private_and_named_by_a_random_key(app):
    with app.app_context():
        lena = make_user("lena")
        project = make_project(lena, "Jobs")
        job = job_service.create_job(project.id, lena, "from-the-future", "x", input_data=b"data",
                                     input_name="/etc/passwd")
        path = job_service.input_path(job)
        assert path.parent.name == "jobs" and path.name == job.input_key and len(job.input_key) == 32
        assert path.stat().st_mode & 0o077 == 0
        assert job.input_name == "passwd"
        with pytest.raises(job_service.NotFound):
            job_service.file_path("../secret_key")
