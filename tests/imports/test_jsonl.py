"""JSON Lines through the page (T26): good rows stored, bad lines reported by number and reason."""
import json

from tests.factories import PASSWORD

from .helpers import count, import_file, jsonl, project_with_annotator, refused_rows, row, summary, texts, titles


def test_a_2000_row_file_with_bad_lines_imports_the_good_ones_and_names_the_bad(app, browser):
    project_id = project_with_annotator(app)
    rows = [json.dumps(row(n)) for n in range(1, 2001)]
    rows[16] = '{"title": "Broken", "text": "no closing brace"'          # line 17
    rows[99] = json.dumps({"text": "A report without a title, 26 killed."})  # line 100
    rows[199] = json.dumps(row(1))                                          # line 200: same text as line 1
    rows[299] = json.dumps(row(300, text="=cmd|' /C calc'!A0 — said the fighter"))
    rows[399] = json.dumps(row(400, published_on="11 May 2017"))
    rows[499] = json.dumps(row(500, text="NUL \u0000 inside"))
    rows[599] = '{"title": "Lone", "text": "half a pair \\ud800 here"}'
    rows[699] = json.dumps(["not", "an", "object"])
    rows[799] = json.dumps(row(800, title=42))
    browser.login("anna", PASSWORD)
    page = import_file(browser, project_id, "articles.jsonl", jsonl(rows))
    figures = summary(page)
    assert figures["Format"] == "JSON Lines" and figures["Encoding"].startswith("UTF-8 (")
    assert figures["Articles in the file"] == "2000"
    assert (figures["Imported"], figures["Duplicates skipped"], figures["Refused"]) == ("1992", "1", "7")
    refused = dict(refused_rows(page))
    assert "Not valid JSON" in refused["line 17"]
    assert "title" in refused["line 100"].lower()
    assert "not a date" in refused["line 400"]
    assert "NUL" in refused["line 500"]
    assert "surrogate" in refused["line 600"]
    assert "JSON object" in refused["line 700"]
    assert "title" in refused["line 800"]
    assert count(app) == 1992
    assert "=cmd|' /C calc'!A0 — said the fighter" in texts(app)   # stored verbatim
    assert "Broken" not in titles(app) and "Lone" not in titles(app)
    assert "Done." in page and 'value="100"' in page


def test_blank_lines_and_a_bom_are_not_rows(app, browser):
    project_id = project_with_annotator(app)
    data = b"\xef\xbb\xbf" + jsonl([row(1)]) + b"\n   \n" + jsonl([row(2)])
    browser.login("lena", PASSWORD)
    page = import_file(browser, project_id, "a.jsonl", data)
    assert summary(page)["Imported"] == "2" and summary(page)["Refused"] == "0"
    assert "Nothing was refused" in page
    assert titles(app) == ["Report 1", "Report 2"]


def test_provenance_fields_are_stored(app, browser):
    project_id = project_with_annotator(app)
    browser.login("anna", PASSWORD)
    import_file(browser, project_id, "a.ndjson", jsonl([row(1, author="R. Writer", original_outlet="Wire",
                                                            published_on="2017-05-11")]))
    from webapp.extensions import db
    from webapp.models import Article
    with app.app_context():
        article = db.session.scalars(db.select(Article)).one()
        assert (article.site_name, article.original_outlet, article.url, article.author,
                str(article.published_on)) == ("Example Site", "Wire", "https://example.org/1",
                                               "R. Writer", "2017-05-11")
        assert article.imported_by.username == "anna"


def test_a_file_of_many_bad_lines_lists_the_first_thousand_and_counts_the_rest(app, browser):
    project_id = project_with_annotator(app)
    browser.login("anna", PASSWORD)
    page = import_file(browser, project_id, "bad.jsonl", jsonl(["{oops"] * 1100 + [json.dumps(row(1))]))
    assert summary(page)["Refused"] == "1100" and summary(page)["Imported"] == "1"
    assert "Refused (1000 shown of 1100)" in page
    assert len(refused_rows(page)) == 1000
