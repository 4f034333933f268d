"""The setting "Suggest likely claims on import", a lead's Re-run (a job with its progress) and
``flask suggest PROJECT_ID``, on SQLite and PostgreSQL (jobs run at once in the tests)."""
import re

from sqlalchemy import select

from tests.factories import make_article
from tests.suggestions.helpers import TEXT, suggestions, world
from tests.suggestions.test_hooks import _as
from webapp.extensions import db
from webapp.models import Job, Project, User, VagueTerm
from webapp.suggestions import store


def _articles(app, ids, n=3) -> list[int]:
    with app.app_context():
        project, lena = db.session.get(Project, ids["project_id"]), db.session.get(User, ids["lead_id"])
        return [make_article(project, lena, f"Report {i}.\n{TEXT}", title=f"R{i}").id for i in range(n)]


def _settings_form(page: str) -> dict:
    """The settings form as the page fills it (the checkboxes that are ticked)."""
    fields = dict(re.findall(r'name="(watch_\w+|same_url_import)"[^>]*value="([^"]*)"', page))
    fields.update({name: "y" for name in re.findall(r'name="(\w+)" type="checkbox" value="y" checked', page)})
    fields.update({name: "y" for name in re.findall(r'checked[^>]*name="(\w+)"', page)})
    return fields


def test_a_lead_turns_suggestions_off_and_the_open_ones_go(app):
    ids = world(app)
    article_id = _articles(app, ids, 1)[0]
    with app.app_context():
        store.make_for_articles([article_id])
        decided = suggestions(article_id)[0]
        decided.status = "rejected"
        db.session.commit()
        decided_id = decided.id
    lena = _as(app, "lena")
    url = f"/projects/{ids['project_id']}/settings"
    page = lena.get(url).get_data(as_text=True)
    assert "Suggest likely claims on import" in page and "Re-run suggestions" in page
    form = _settings_form(page)
    assert form.pop("suggestions_enabled") == "y"
    assert lena.post(url, form, form_url=url).status_code == 302
    with app.app_context():
        assert db.session.get(Project, ids["project_id"]).suggestions_enabled is False
        assert [s.id for s in suggestions(article_id)] == [decided_id]
    assert "Re-run suggestions" not in lena.get(url).get_data(as_text=True)
    assert lena.post(f"{url}/suggestions", {}, form_url=url).status_code == 302   # refused: off
    with app.app_context():
        assert db.session.scalar(select(Job)) is None


def test_a_lead_re_runs_them_after_changing_the_lists(app):
    ids = world(app)
    article_ids = _articles(app, ids)
    with app.app_context():
        store.make_for_articles(article_ids)
        db.session.add(VagueTerm(project_id=ids["project_id"], term="scores", value=40))
        db.session.commit()
    lena = _as(app, "lena")
    url = f"/projects/{ids['project_id']}/settings"
    response = lena.post(f"{url}/suggestions", {}, form_url=url)
    assert response.status_code == 302 and "/jobs/" in response.headers["Location"]
    page = lena.get(response.headers["Location"]).get_data(as_text=True)
    assert "Suggest likely claims again" in page and "done" in page
    with app.app_context():
        job = db.session.scalar(select(Job))
        assert (job.kind, job.status, job.done, job.total) == ("suggest", "done", 3, 3)
        assert job.report["counts"]["articles"] == 3
        assert job.report["counts"]["suggestions"] == sum(len(suggestions(a, "open")) for a in article_ids)


def test_only_a_lead_may_re_run_them(app):
    ids = world(app)
    anna = _as(app, "anna")
    url = f"/projects/{ids['project_id']}/settings"
    assert anna.post(f"{url}/suggestions", {"csrf_token": anna.token(f"/projects/{ids['project_id']}")}).status_code == 403
    lena = _as(app, "lena")
    assert lena.client.post(f"{url}/suggestions", data={}).status_code == 400   # no CSRF token


def test_a_stopped_re_run_goes_on_after_the_last_batch_it_wrote(app, monkeypatch):
    ids = world(app)
    article_ids = _articles(app, ids, 5)
    monkeypatch.setattr(store, "BATCH", 2)
    from webapp.services import jobs as job_service
    from webapp.tasks.suggestions import remake_suggestions
    with app.app_context():
        lena = db.session.get(User, ids["lead_id"])
        job = job_service.create_job(ids["project_id"], lena, "suggest", "Suggest likely claims again")
        job.report = {"after_id": article_ids[1], "done": 2, "counts": {"articles": 2}}
        db.session.commit()
        remake_suggestions(job)
        assert (job.done, job.total, job.report["counts"]["articles"]) == (5, 5, 5)
        assert suggestions(article_ids[0]) == [] and suggestions(article_ids[4])


def test_flask_suggest_makes_them_for_a_whole_project_with_counts(app):
    ids = world(app)
    article_ids = _articles(app, ids)
    result = app.test_cli_runner().invoke(args=["suggest", str(ids["project_id"])])
    assert result.exit_code == 0, result.output
    with app.app_context():
        made = [s for a in article_ids for s in suggestions(a)]
    counts = dict(re.findall(r"^(\w+): ([\d,]+)$", result.output, re.M))
    assert counts["Articles"] == "3" and int(counts["Suggestions"]) == len(made) > 0
    assert int(counts["Figures"]) == sum(bool(s.figures) for s in made)
    assert int(counts["Attributions"]) == sum(bool(s.attribution_text) for s in made)
    assert int(counts["Hedges"]) == sum(bool(s.hedging) for s in made)
    again = app.test_cli_runner().invoke(args=["suggest", str(ids["project_id"]), "--new-only"])
    assert "Articles: 0" in again.output


def test_flask_suggest_refuses_an_unknown_project_and_one_with_suggestions_off(app):
    ids = world(app)
    assert "There is no project 999" in app.test_cli_runner().invoke(args=["suggest", "999"]).output
    with app.app_context():
        db.session.get(Project, ids["project_id"]).suggestions_enabled = False
        db.session.commit()
    result = app.test_cli_runner().invoke(args=["suggest", str(ids["project_id"])])
    assert result.exit_code != 0 and "turned off" in result.output
