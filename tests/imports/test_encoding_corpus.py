"""The encoding corpus through the pages, on SQLite and PostgreSQL: every file is stored exactly
right with its encoding and preview lines shown, or refused with a clear message and nothing
stored — the single upload, the bulk import (CSV, JSON Lines, zip members) and the choice of
encoding on both forms."""
import html
import io
import json
import re

import pytest

from tests.factories import PASSWORD
from webapp.models import Job

from .corpus import AMBIGUOUS, LATIN_1_TEXT, READ, REFUSED, csv_of, encoded
from .helpers import count, import_file, make_zip, project_with_annotator, refused_rows, summary, texts, titles, upload


def _preview(page: str) -> list[str]:
    block = re.search(r'<ol class="preview-lines">(.*?)</ol>', page, re.S)
    return [html.unescape(line) for line in re.findall(r"<code[^>]*>(.*?)</code>", block.group(1), re.S)] if block else []


def _message(response) -> str:
    return html.unescape(response.get_data(as_text=True))


@pytest.mark.parametrize("name", sorted(READ))
def test_a_csv_of_each_encoding_is_stored_exactly_with_its_encoding_and_preview(app, browser, name):
    how, text, shown = READ[name]
    project_id = project_with_annotator(app)
    browser.login("anna", PASSWORD)
    page = import_file(browser, project_id, "corpus.csv", encoded(csv_of(text), how))
    assert summary(page)["Encoding"].startswith(f"{shown} (")
    assert summary(page)["Imported"] == "1"
    assert texts(app) == [text]
    assert titles(app) == [f"Report {text.splitlines()[0][:40]}"]
    assert _preview(page) and _preview(page)[0].startswith("title,text") is False


@pytest.mark.parametrize("name", sorted(REFUSED))
def test_a_csv_that_cannot_be_read_for_certain_is_refused_and_nothing_is_stored(app, browser, name):
    data, words = REFUSED[name]
    project_id = project_with_annotator(app)
    browser.login("anna", PASSWORD)
    response = upload(browser, project_id, "corpus.csv", b'title,text\r\n"One","' + data + b'"\r\n')
    assert response.status_code == 400
    assert words in _message(response) and "Nothing was imported" in _message(response)
    assert count(app) == 0 and count(app, Job) == 0


def test_the_person_chooses_the_encoding_the_evidence_could_not_settle(app, browser):
    project_id = project_with_annotator(app)
    browser.login("anna", PASSWORD)
    data = b'title,text\r\nOne,"' + AMBIGUOUS + b'"\r\n'
    refusal = _message(upload(browser, project_id, "scrape.csv", data))
    assert "as ISO-8859-1: “title,text" not in refusal   # the line shown is one that differs
    assert "as ISO-8859-1: “One,&quot;The convoy" in refusal or "as ISO-8859-1: “One,\"The convoy" in refusal
    page = import_file(browser, project_id, "scrape.csv", data, encoding="iso-8859-1")
    assert summary(page)["Encoding"] == "ISO-8859-1 (chosen for this import)"
    assert texts(app) == [AMBIGUOUS.decode("latin-1")]
    assert _preview(page)[0].startswith('One,"The convoy reached avu\\x95olu')


def test_a_chosen_encoding_the_bytes_are_not_valid_in_is_refused(app, browser):
    project_id = project_with_annotator(app)
    browser.login("anna", PASSWORD)
    data = encoded(csv_of(LATIN_1_TEXT), "latin-1")
    response = upload(browser, project_id, "scrape.csv", data, encoding="windows-1252")
    assert response.status_code == 400
    assert "not valid Windows-1252: the byte 0x81 on line 2" in _message(response)
    assert count(app) == 0


@pytest.mark.parametrize("name", ["latin-1 with C1 bytes", "windows-1256 Arabic", "utf-16 BE with BOM"])
def test_a_jsonl_file_of_each_encoding_is_stored_exactly(app, browser, name):
    how, text, shown = READ[name]
    project_id = project_with_annotator(app)
    browser.login("anna", PASSWORD)
    line = json.dumps({"title": text.splitlines()[0][:60], "text": text}, ensure_ascii=False)
    page = import_file(browser, project_id, "corpus.jsonl", encoded(line + "\n", how))
    assert summary(page)["Encoding"].startswith(f"{shown} (")
    assert texts(app) == [text] and titles(app) == [text.splitlines()[0][:60]]


def test_zip_members_are_each_read_right_or_refused_and_the_report_counts_the_encodings(app, browser):
    project_id = project_with_annotator(app)
    members = [(f"{n}.txt", encoded(text, how)) for n, (how, text, _shown) in enumerate(READ.values())]
    members += [(f"refused-{n}.txt", data) for n, (data, _words) in enumerate(REFUSED.values())]
    browser.login("anna", PASSWORD)
    page = import_file(browser, project_id, "corpus.zip", make_zip(members))
    figures = summary(page)
    assert (figures["Imported"], figures["Refused"]) == ("4", "3")   # the four Unicode files: one text
    assert figures["Duplicates skipped"] == "3"
    assert sorted(texts(app)) == sorted({text for _how, text, _shown in READ.values()})
    encodings = figures["Encodings of the files"]
    for shown in ("ISO-8859-1 (1 file)", "Windows-1252 (1 file)", "Windows-1256 (1 file)", "UTF-8 (1 file)"):
        assert shown in encodings
    reasons = dict(refused_rows(page))
    for n, (_data, words) in enumerate(REFUSED.values()):
        assert words in reasons[f"file refused-{n}.txt"]
    assert any(line.startswith("file 0.txt (ISO-8859-1): The convoy reached avu\\x95\\x81olu") for line in _preview(page))


def test_a_zip_read_in_the_chosen_encoding(app, browser):
    project_id = project_with_annotator(app)
    browser.login("anna", PASSWORD)
    data = make_zip([("a.txt", AMBIGUOUS), ("b.txt", "caf\u00e9 noir, dit-il.".encode())])
    page = import_file(browser, project_id, "scrapes.zip", data, encoding="iso-8859-1")
    assert summary(page)["Encoding"] == "ISO-8859-1 (chosen for every file of the zip)"
    assert sorted(texts(app)) == sorted([AMBIGUOUS.decode("latin-1"), "café noir, dit-il.".encode().decode("latin-1")])


def _upload_one(browser, project_id, data, encoding=""):
    page = f"/projects/{project_id}/articles/new"
    token = browser.token(page)
    return browser.client.post(page, data={"upload-csrf_token": token, "upload-encoding": encoding,
                                           "upload-file": (io.BytesIO(data), "article.txt")},
                               content_type="multipart/form-data")


@pytest.mark.parametrize("name", sorted(READ))
def test_a_single_upload_of_each_encoding_is_stored_exactly_and_says_how_it_was_read(app, browser, name):
    how, text, shown = READ[name]
    project_id = project_with_annotator(app)
    browser.login("anna", PASSWORD)
    response = _upload_one(browser, project_id, encoded(text, how))
    assert response.status_code == 302, _message(response)[:3000]
    reading = html.unescape(browser.get(response.headers["Location"]).get_data(as_text=True))
    assert f"Article imported. Encoding: {shown} (" in reading
    assert "Lines with non-ASCII characters: “" in reading
    assert texts(app) == [text]


@pytest.mark.parametrize("name", sorted(REFUSED))
def test_a_single_upload_that_cannot_be_read_for_certain_is_refused(app, browser, name):
    data, words = REFUSED[name]
    project_id = project_with_annotator(app)
    browser.login("anna", PASSWORD)
    response = _upload_one(browser, project_id, data)
    assert response.status_code == 422 and words in _message(response)
    assert 'class="error"' in response.get_data(as_text=True)
    assert count(app) == 0


def test_a_single_upload_in_the_chosen_encoding(app, browser):
    project_id = project_with_annotator(app)
    browser.login("anna", PASSWORD)
    response = _upload_one(browser, project_id, AMBIGUOUS, encoding="windows-1252")
    assert response.status_code == 302
    reading = html.unescape(browser.get(response.headers["Location"]).get_data(as_text=True))
    assert "Encoding: Windows-1252 (chosen on the form)" in reading
    assert texts(app) == [AMBIGUOUS.decode("cp1252")]


def test_the_upload_form_says_what_the_decoder_does_and_offers_the_encodings(app, browser):
    project_id = project_with_annotator(app)
    browser.login("anna", PASSWORD)
    for url in (f"/projects/{project_id}/articles/new", f"/projects/{project_id}/imports/new",
                f"/projects/{project_id}/fetches/new"):
        page = html.unescape(browser.get(url).get_data(as_text=True))
        assert '<option selected value="">Detect it (refuse the file if unsure)' in page
        assert 'value="windows-1256">Windows-1256 (Arabic)' in page
    form = html.unescape(browser.get(f"/projects/{project_id}/articles/new").get_data(as_text=True))
    assert "The encoding is detected: UTF-8 (with or without a byte-order mark), UTF-16 with one" in form
    assert "refused with a line in each: choose its encoding" in form
