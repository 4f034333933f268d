"""Issue 10, §4: keys of a JSON Lines file, and columns of a CSV file, that no field takes are
named in the report with the field probably meant (``outlet`` and ``published`` used to vanish
without a word)."""
from tests.factories import PASSWORD
from webapp.extensions import db
from webapp.models import Article

from .helpers import import_file, jsonl, project_with_annotator, row, summary


def test_keys_no_field_takes_are_named_with_the_field_probably_meant(app, browser):
    project_id = project_with_annotator(app)
    rows = [row(1, outlet="Wire", published="2017-05-11"), row(2, Titel="Typo", notes="x"),
            row(3, outlet="Wire")]
    browser.login("anna", PASSWORD)
    page = import_file(browser, project_id, "scrape.jsonl", jsonl(rows))
    figures = summary(page)
    assert figures["Imported"] == "3"
    assert figures["Keys ignored"] == ("outlet (probably original_outlet or site_name), "
                                       "published (probably published_on), "
                                       "Titel (probably title), notes")
    with app.app_context():
        assert {a.original_outlet for a in db.session.scalars(db.select(Article))} == {""}


def test_a_file_whose_keys_are_all_known_names_none(app, browser):
    project_id = project_with_annotator(app)
    browser.login("anna", PASSWORD)
    page = import_file(browser, project_id, "a.jsonl", jsonl([row(1, original_outlet="Wire")]))
    assert "Keys ignored" not in summary(page)


def test_csv_columns_are_named_the_same_way(app, browser):
    project_id = project_with_annotator(app)
    data = ("title,text,Outlet,Date,author\r\n"
            "A report,26 militants were killed,Wire,2017-05-11,R. Writer\r\n").encode()
    browser.login("anna", PASSWORD)
    page = import_file(browser, project_id, "scrape.csv", data)
    assert summary(page)["Columns ignored"] == ("outlet (probably original_outlet or site_name), "
                                                "date (probably published_on)")
