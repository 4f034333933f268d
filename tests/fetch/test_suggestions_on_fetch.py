"""A page imported from its address has its suggestions at once: the fetch runs in the worker,
which makes them before the job ends (issue 13)."""
from sqlalchemy import select

from tests.factories import PASSWORD, add_member, make_project, make_user
from webapp.extensions import db
from webapp.models import Article, Suggestion

from .conftest import ALLOWED_HOST, FIXTURES, reply
from .test_import_by_url import fetch

PAGE = (FIXTURES / "raqqa-counter-offensive.html").read_bytes()


def test_a_fetched_page_has_its_suggestions(app, browser, serve):
    app.config["FETCH_ALLOWED_NETWORKS"] = (ALLOWED_HOST,)
    with app.app_context():
        project = make_project(make_user("lena"))
        add_member(project, make_user("anna"), "annotator")
        project_id = project.id
    news = serve({"/raqqa": reply(body=PAGE, content_type="text/html")})
    browser.login("anna", PASSWORD)
    assert fetch(browser, project_id, news.url("/raqqa")).status_code == 302
    with app.app_context():
        article = db.session.scalar(select(Article))
        found = db.session.scalars(select(Suggestion).where(Suggestion.article_id == article.id)).all()
        assert found
        assert all(article.text[s.start_offset:s.end_offset] == s.quote for s in found)
