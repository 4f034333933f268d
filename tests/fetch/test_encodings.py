"""Import by URL of pages whose ``Content-Type`` charset and ``<meta charset>`` disagree, on
SQLite and PostgreSQL: the text is stored exactly right with the encoding and why on the job's
page, or the job fails saying which labels disagree, with a line in each, and stores nothing."""
import html

import pytest
from sqlalchemy import func, select

from tests.factories import PASSWORD, add_member, make_project, make_user
from tests.imports.corpus import ARABIC_TEXT, LATIN_1_TEXT
from webapp.extensions import db
from webapp.models import Article

from .conftest import ALLOWED_HOST, reply

RUSSIAN = "бои продолжаются"      # lower case only: KOI8-R and Windows-1251 both make words of it


FILLER = "<p>Residents said the fighting went on for two days in the western districts of the city.</p>" * 3


def _page(text: str, meta: str) -> str:
    paragraphs = "".join(f"<p>{line}</p>" for line in text.splitlines() if line.strip()) + FILLER
    return (f"<!DOCTYPE html><html><head><meta charset=\"{meta}\"><title>Report</title></head>"
            f"<body><article><h1>Report</h1>{paragraphs}</article></body></html>")


@pytest.fixture
def project_id(app):
    app.config["FETCH_ALLOWED_NETWORKS"] = (ALLOWED_HOST,)
    with app.app_context():
        project = make_project(make_user("lena"))
        add_member(project, make_user("anna"), "annotator")
        return project.id


@pytest.fixture
def pages(serve):
    return serve({
        # The header is wrong: the bytes are not UTF-8; the <meta> is right.
        "/arabic": reply(body=_page(ARABIC_TEXT, "windows-1256").encode("cp1256"),
                         content_type="text/html; charset=utf-8"),
        # Both labels read every byte; only Windows-1256 makes words of it.
        "/arabic-latin": reply(body=_page(ARABIC_TEXT, "windows-1256").encode("cp1256"),
                               content_type="text/html; charset=iso-8859-1"),
        # Labelled Latin-1, with C1 bytes inside words: read as ISO-8859-1, bytes kept.
        "/scrape": reply(body=LATIN_1_TEXT.encode("latin-1"), content_type="text/plain; charset=iso-8859-1"),
        # Both labels make words of it: nothing settles it.
        "/russian": reply(body=_page(RUSSIAN, "windows-1251").encode("cp1251"),
                          content_type="text/html; charset=koi8-r"),
    })


def _fetch(browser, project_id, url, encoding=""):
    form_url = f"/projects/{project_id}/fetches/new"
    response = browser.post(form_url, {"url": url, "encoding": encoding}, form_url=form_url)
    assert response.status_code == 302, response.get_data(as_text=True)[:2000]
    return html.unescape(browser.get(response.headers["Location"]).get_data(as_text=True))


def _texts(app) -> list[str]:
    with app.app_context():
        return list(db.session.scalars(select(Article.text)))


def test_the_meta_wins_when_the_header_cannot_read_the_page(app, browser, project_id, pages):
    browser.login("anna", PASSWORD)
    job_page = _fetch(browser, project_id, pages.url("/arabic"))
    assert ("Windows-1256 (the page's <meta> says so; the Content-Type header says UTF-8, which "
            "cannot read every byte)") in job_page
    assert "Lines with non-ASCII characters, as read" in job_page
    assert "قال مسؤول في الحكومة" in job_page
    assert "قال مسؤول في الحكومة إن ستة وعشرين مسلحا" in _texts(app)[0]


def test_when_both_labels_read_the_page_its_words_decide(app, browser, project_id, pages):
    browser.login("anna", PASSWORD)
    job_page = _fetch(browser, project_id, pages.url("/arabic-latin"))
    assert ("Windows-1256 (the page's <meta> says so; the Content-Type header says Windows-1252, "
            "which makes garbled words of it)") in job_page
    assert "ÇáÍßæãÉ" not in _texts(app)[0] and "الحكومة" in _texts(app)[0]


def test_a_latin_1_page_with_c1_bytes_keeps_them(app, browser, project_id, pages):
    browser.login("anna", PASSWORD)
    job_page = _fetch(browser, project_id, pages.url("/scrape"))
    assert ("ISO-8859-1 (the Content-Type header says Latin-1 or Windows-1252; the byte 0x81 on "
            "line 1") in job_page
    assert "avu\\x95\\x81olu" in job_page                    # the preview shows the bytes
    assert _texts(app) == [LATIN_1_TEXT]


def test_labels_that_disagree_with_nothing_to_settle_it_fail_the_job_until_the_person_chooses(
        app, browser, project_id, pages):
    browser.login("anna", PASSWORD)
    job_page = _fetch(browser, project_id, pages.url("/russian"))
    assert "Fetched, but not imported: The page's encoding cannot be told for sure" in job_page
    assert "the Content-Type header says KOI8-R and the page's <meta> says Windows-1251" in job_page
    assert f"<h1>Report</h1><p>{RUSSIAN}</p><p>Residents said" in job_page.split("as Windows-1251: “")[1]
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Article)) == 0
    job_page = _fetch(browser, project_id, pages.url("/russian"), encoding="windows-1251")
    assert "Windows-1251 (chosen on the form)" in job_page
    assert RUSSIAN in _texts(app)[0]
