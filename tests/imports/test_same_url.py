"""A bulk import bringing an address the project has, with other text (issue 12, 1): a new
revision of that article with its claims re-anchored — or, when the project says so, a separate
article. On SQLite and PostgreSQL; the project's addresses are read once a job, and a batch's
known ones checked in one query, however many rows."""
import pytest
from sqlalchemy import select

from tests.factories import make_claim, make_project, make_user
from webapp.corroboration import copies
from webapp.extensions import db
from webapp.imports import known_urls, runner
from webapp.models import Article, ArticleEvent, Claim, ClaimEvent, Job, Project, User
from webapp.models.revision import ArticleRevision
from webapp.services import articles as article_service

from .helpers import PASSWORD, jsonl, row, statements, summary

URL = "https://example.org/raqqa"
FIRST = ("Thus far, 26 ISIS militants have been killed and dozens more injured, a Swedish "
         "foreign fighter operating in SDF ranks said. The road to Tabqa remains closed.")
SECOND = ("Update: the monitor revised its account. Thus far, 23 ISIS militants have been "
          "killed and dozens more injured, a Swedish foreign fighter operating in SDF ranks "
          "said. The road to Tabqa remains closed.")
THIRD = SECOND + " Aid groups said the bridge was hit."
QUOTE = "26 ISIS militants have been killed and dozens more injured"


@pytest.fixture
def world(app, monkeypatch):
    """A project with an article at ``URL`` and two claims in it."""
    monkeypatch.setattr(runner, "COMMIT_SECONDS", 3600)    # batches cut by count only
    monkeypatch.setattr(copies, "after_import", lambda project_id: None)
    with app.app_context():
        lena = make_user("lena")
        project = make_project(lena, "Same address")
        article = article_service.import_text(project.id, lena, FIRST, article_service.Provenance(
            title="Raqqa", url=URL))
        db.session.commit()
        figure = make_claim(article, lena, QUOTE)
        road = make_claim(article, lena, "The road to Tabqa remains closed")
        return {"project": project.id, "article": article.id, "figure": figure.id, "road": road.id}


def _import(app, project_id, tmp_path, rows, every=500):
    app.config["IMPORT_COMMIT_EVERY"] = every
    path = tmp_path / "rows.jsonl"
    path.write_bytes(jsonl(rows))
    result = app.test_cli_runner().invoke(
        args=["import-articles", str(project_id), str(path), "--user", "lena"])
    assert result.exit_code == 0, result.output
    with app.app_context():
        return result, db.session.scalars(select(Job).order_by(Job.id.desc())).first().report


def _revisions(app, article_id) -> list[str]:
    with app.app_context():
        return list(db.session.scalars(select(ArticleRevision.text).where(
            ArticleRevision.article_id == article_id).order_by(ArticleRevision.number)))


def _setting(app, project_id, value):
    with app.app_context():
        db.session.get(Project, project_id).same_url_import = value
        db.session.commit()


def test_the_same_address_with_other_text_is_a_new_revision(app, world, tmp_path):
    result, report = _import(app, world["project"], tmp_path, [
        {"title": "Raqqa, updated", "text": SECOND, "url": URL}, row(1)])
    summary = report["summary"]
    assert (summary["Imported"], summary["New revisions"], summary["Duplicates skipped"]) == (1, 1, 0)
    assert report["revised"] == [{"where": "line 1", "article_id": world["article"], "title": "Raqqa",
                                  "revision": 2, "claims": "1 moved, 1 changed"}]
    assert "line 1: revision 2 of article" in result.output and "New revisions: 1" in result.output
    assert _revisions(app, world["article"]) == [SECOND]
    with app.app_context():
        article = db.session.get(Article, world["article"])
        assert (article.revision, article.text, article.title) == (2, FIRST, "Raqqa")
        figure = db.session.get(Claim, world["figure"])
        assert (figure.revision, figure.anchor_state) == (2, "changed")
        assert figure.quote == QUOTE.replace("26", "23")
        assert db.session.get(Claim, world["road"]).anchor_state == "moved"
        assert db.session.scalar(select(ClaimEvent.changes).where(
            ClaimEvent.claim_id == world["figure"], ClaimEvent.action == "reanchored"))["quote"] == \
            [QUOTE, QUOTE.replace("26", "23")]
        added = db.session.scalars(select(ArticleEvent).where(
            ArticleEvent.action == "revision_added")).one()
        assert added.reason == "brought by a bulk import" and added.changes["revision"] == [1, 2]
        assert db.session.scalar(select(ArticleRevision.how)) == "import"
        assert db.session.scalar(select(Article.id).where(Article.title == "Raqqa, updated")) is None


def test_the_latest_text_again_makes_nothing_new(app, world, tmp_path):
    _import(app, world["project"], tmp_path, [{"title": "Raqqa", "text": SECOND, "url": URL}])
    _result, report = _import(app, world["project"], tmp_path, [
        {"title": "Raqqa", "text": SECOND, "url": URL}, {"title": "Raqqa", "text": FIRST, "url": URL + "/"}])
    # The latest text is already there; the first text again is the page as it was: revision 3.
    summary = report["summary"]
    assert (summary["Imported"], summary["New revisions"], summary["Duplicates skipped"]) == (0, 1, 1)
    assert [r["revision"] for r in report["revised"]] == [3]
    assert _revisions(app, world["article"]) == [SECOND, FIRST]
    _result, report = _import(app, world["project"], tmp_path, [{"title": "Raqqa", "text": FIRST, "url": URL}])
    assert (report["summary"]["Duplicates skipped"], "New revisions" in report["summary"]) == (1, False)


def test_a_project_that_keeps_articles_apart_gets_a_separate_article(app, world, tmp_path):
    _setting(app, world["project"], "article")
    _result, report = _import(app, world["project"], tmp_path, [
        {"title": "Raqqa, updated", "text": SECOND, "url": URL}, {"title": "Raqqa", "text": FIRST, "url": URL}])
    summary = report["summary"]
    assert (summary["Imported"], summary["Duplicates skipped"], "New revisions" in summary) == (1, 1, False)
    assert "revised" not in report and _revisions(app, world["article"]) == []
    with app.app_context():
        assert [a.title for a in db.session.scalars(select(Article).where(Article.url == URL)
                                                     .order_by(Article.id))] == ["Raqqa", "Raqqa, updated"]
        assert db.session.get(Claim, world["figure"]).revision == 1


@pytest.mark.parametrize("every", [500, 1])
def test_several_rows_of_one_address_are_revisions_in_file_order(app, world, tmp_path, every):
    fresh = "https://example.org/new"
    rows = [{"title": "Raqqa", "text": SECOND, "url": URL},
            {"title": "New", "text": "A new page, first version.", "url": fresh},
            {"title": "Raqqa", "text": THIRD, "url": URL},
            {"title": "New", "text": "A new page, second version.", "url": fresh + "#top"},
            {"title": "New", "text": "A new page, second version.", "url": fresh},
            {"title": "New", "text": "A new page, third version.", "url": fresh}]
    _result, report = _import(app, world["project"], tmp_path, rows, every=every)
    summary = report["summary"]
    assert (summary["Imported"], summary["New revisions"], summary["Duplicates skipped"]) == (1, 4, 1)
    assert [(r["where"], r["revision"]) for r in report["revised"]] == [
        ("line 1", 2), ("line 3", 3), ("line 4", 2), ("line 6", 3)]
    assert _revisions(app, world["article"]) == [SECOND, THIRD]
    with app.app_context():
        new = db.session.scalar(select(Article).where(Article.url == fresh))
        assert (new.text, new.revision) == ("A new page, first version.", 3)
        assert db.session.get(Claim, world["figure"]).revision == 3
    assert _revisions(app, new.id) == ["A new page, second version.", "A new page, third version."]


def test_addresses_compare_by_the_documented_rule(app, world, tmp_path):
    with app.app_context():
        lena = db.session.scalar(select(User).where(User.username == "lena"))
        for n, url in enumerate(["HTTPS://Example.ORG/Case/", "https://example.org/page?id=7#comments"]):
            article_service.import_text(world["project"], lena, f"Stored text {n}.",
                                        article_service.Provenance(title=f"Stored {n}", url=url))
        db.session.commit()
    rows = [{"title": "A", "text": "Text a.", "url": "https://example.org/Case"},      # revision
            {"title": "B", "text": "Text b.", "url": "https://example.org/case"},      # path case
            {"title": "C", "text": "Text c.", "url": "https://EXAMPLE.org/page?id=7"},  # revision
            {"title": "D", "text": "Text d.", "url": "https://example.org/page?id=8"},  # another page
            {"title": "E", "text": "Text e.", "url": "https://example.org/page/?id=7"}]
    _result, report = _import(app, world["project"], tmp_path, rows)
    assert [r["title"] for r in report["revised"]] == ["Stored 0", "Stored 1"]
    assert report["summary"]["Imported"] == 3


def test_the_rule_itself():
    key = known_urls.url_key
    assert key(" HTTP://Example.Org:8080/A/b//#x ") == "http://example.org:8080/A/b"
    assert key("https://example.org/") == key("https://example.org") == key("https://example.org#top")
    assert key("https://example.org/a?b=1&c=2") != key("https://example.org/a?c=2&b=1")
    assert key("https://example.org/a/?q=1") == "https://example.org/a/?q=1"
    assert key("") == ""


def test_known_addresses_cost_one_query_a_batch_however_many_rows(app, world, tmp_path):
    # The project's addresses are read once a job; a batch's known ones are checked in one query.
    _import(app, world["project"], tmp_path, [row(n) for n in range(1, 106)])
    seen = statements(app)
    _import(app, world["project"], tmp_path, [row(n) for n in range(1, 6)] + [row(200)])
    few = list(seen)
    seen.clear()
    _import(app, world["project"], tmp_path, [row(n) for n in range(1, 106)] + [row(201)])
    assert len(seen) == len(few) and seen.count("SELECT") == few.count("SELECT")


def test_the_job_page_lists_the_articles_that_got_revisions(app, world, tmp_path, browser):
    _import(app, world["project"], tmp_path, [{"title": "Raqqa", "text": SECOND, "url": URL}])
    with app.app_context():
        job_id = db.session.scalar(select(Job.id).order_by(Job.id.desc()))
    browser.login("lena", PASSWORD)
    page = browser.get(f"/projects/{world['project']}/jobs/{job_id}").get_data(as_text=True)
    assert summary(page)["New revisions"] == "1"
    assert "<caption>New revisions (1)</caption>" in page
    assert f'/projects/{world["project"]}/articles/{world["article"]}">Raqqa</a>' in page


def test_a_figure_read_from_the_quote_follows_the_imported_revision(app, world, tmp_path):
    with app.app_context():
        lena = db.session.scalar(select(User).where(User.username == "lena"))
        quote = "26 ISIS militants have been killed"
        claim_id = make_claim(db.session.get(Article, world["article"]), lena, quote,
                              structured_figures=[{"text": quote}]).id
    _import(app, world["project"], tmp_path, [{"title": "Raqqa", "text": SECOND, "url": URL}])
    with app.app_context():
        figures = db.session.get(Claim, claim_id).structured_figures
        assert [(f["low"], f["text"]) for f in figures] == [(23, "23 ISIS militants have been killed")]
