"""``flask check-revisions PROJECT_ID`` against a local server whose page changes, then
disappears (404): a new revision is recorded, then the article is removed on that date."""
from datetime import timedelta

from sqlalchemy import select

from tests.fetch.conftest import serve  # noqa: F401 (the fixture)
from webapp.extensions import db
from webapp.models import Article
from webapp.models._time import aware, utcnow
from webapp.models.revision import ArticleRevision, ArticleWatch
from webapp.revisions import watch

from .watching import FIRST, SECOND, import_from, page, world


def run(app, *args):
    result = app.test_cli_runner().invoke(args=["check-revisions", *map(str, args)])
    assert result.exit_code == 0, result.output
    return result.output


def test_checking_at_once_records_a_revision_then_the_removal(app, serve):  # noqa: F811
    routes = {"/story": page(FIRST), "/unwatched": page("A page nobody watches, " + FIRST)}
    server = serve(routes)
    with app.app_context():
        project, lena, article = world(app, server)
        other = import_from(server.url("/unwatched"), project, lena)
        watch.watch(article, lena)
        db.session.commit()
        article_id, other_id, project_id = article.id, other.id, project.id
    routes["/story"] = page(SECOND)
    output = run(app, project_id)                                   # the schedule is not asked
    assert "1 article checked" in output and "New revisions: 1" in output
    assert f"#{article_id}" in output and "revision 2" in output
    with app.app_context():
        revision = db.session.scalar(select(ArticleRevision))
        assert (revision.article_id, revision.how) == (article_id, "fetch")
        row = db.session.get(ArticleWatch, article_id)
        assert (row.checks, row.last_result) == (1, "revision")
        assert aware(row.next_check_at) > utcnow() + timedelta(minutes=29)
    del routes["/story"]
    output = run(app, project_id)
    assert "Removed: 1" in output and "404" in output
    with app.app_context():
        article = db.session.get(Article, article_id)
        assert aware(article.removed_at).date() == utcnow().date() and article.attention == "removed"
        assert db.session.get(Article, other_id).revision == 1      # not watched: not fetched
    assert "Unchanged: 1" in run(app, project_id, "--all")           # --all: every address


def test_an_unknown_project_is_refused(app):
    result = app.test_cli_runner().invoke(args=["check-revisions", "999"])
    assert result.exit_code != 0 and "There is no project 999" in result.output
