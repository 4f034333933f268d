"""CSV files and files that are not UTF-8 (T24, T26): decoded right with the encoding named,
or refused as a whole with a clear message and nothing stored."""
import pytest

from tests.factories import PASSWORD

from .helpers import count, import_file, jsonl, project_with_annotator, refused_rows, summary, texts, titles, upload

SMART = "Le ministre a déclaré : “Nous avons gagné” — c’est l’été à Raqqa."


def _csv(rows, newline="\r\n") -> str:
    return newline.join(rows) + newline


def test_excel_csv_with_crlf_bom_embedded_newlines_and_a_200kb_field(app, browser):
    project_id = project_with_annotator(app)
    big = "26 militants were killed. " * 8000             # 208 000 characters: over csv's default limit
    data = _csv(["title,text,site_name,published_on,notes",
                 'First,"Line one,\r\nline two, with ""quotes"".",Site A,2017-05-11,x',
                 f"Big,{big},Site B,,",
                 ',"No title here",Site C,,',
                 '"Formula","=HYPERLINK(""http://evil"")",Site D,,',
                 ",,,,",
                 'Extra,"text",a,2017-01-01,b,c,d']).encode("utf-8-sig")
    browser.login("anna", PASSWORD)
    page = import_file(browser, project_id, "export.csv", data)
    figures = summary(page)
    assert figures["Encoding"] == "UTF-8 (it starts with a UTF-8 byte-order mark)"
    assert figures["Columns ignored"] == "notes"
    assert (figures["Imported"], figures["Refused"]) == ("3", "2")
    refused = dict(refused_rows(page))
    assert "title" in refused["line 5"].lower()
    assert "7 fields" in refused["line 8"]
    assert titles(app) == ["First", "Big", "Formula"]
    stored = texts(app)
    assert stored[0] == 'Line one,\r\nline two, with "quotes".'
    assert stored[1] == big
    assert stored[2] == '=HYPERLINK("http://evil")'


def test_semicolon_separated_csv_from_european_excel(app, browser):
    project_id = project_with_annotator(app)
    data = _csv(["title;text", "Un;Il a dit oui, puis non."]).encode()
    browser.login("anna", PASSWORD)
    page = import_file(browser, project_id, "a.csv", data)
    assert summary(page)["Imported"] == "1"
    assert texts(app) == ["Il a dit oui, puis non."]


@pytest.mark.parametrize("encoding,shown", [
    ("cp1252", "Windows-1252"),
    ("utf-16", "UTF-16 LE"),
    ("utf-8", "UTF-8"),
])
def test_a_csv_in_another_encoding_is_decoded_and_the_encoding_shown(app, browser, encoding, shown):
    project_id = project_with_annotator(app)
    data = _csv(["title,text", f"Réunion,{SMART}"]).encode(encoding)
    browser.login("anna", PASSWORD)
    page = import_file(browser, project_id, "windows.csv", data)
    assert summary(page)["Encoding"].startswith(f"{shown} (")
    assert titles(app) == ["Réunion"] and texts(app) == [SMART]


def test_a_latin_1_jsonl_file_is_decoded(app, browser):
    project_id = project_with_annotator(app)
    text = "Café crème à Zürich: die Größe der Straße überrascht."
    data = jsonl(['{"title": "Zürich", "text": "%s"}' % text]).decode().encode("latin-1")
    browser.login("anna", PASSWORD)
    page = import_file(browser, project_id, "a.jsonl", data)
    assert summary(page)["Encoding"].startswith("ISO-8859-1 (not UTF-8; its words with non-ASCII")
    assert texts(app) == [text]


@pytest.mark.parametrize("name,data,message", [
    ("a.csv", bytes(range(256)) * 40, "binary file"),
    ("a.jsonl", b"\x89PNG\r\n\x1a\n" + bytes(range(1, 30)) * 30, "binary file"),
    ("a.csv", "\ufefftitle,text\n".encode("utf-16-le") + b"\x00\xd8", "not valid UTF-16"),
    ("a.csv", b"title,body\nA,B\n", "needs a header row with a \"text\" column"),
    ("a.pdf", b"%PDF-1.4", "Cannot tell the format"),
    ("a.csv", b"", "empty"),
])
def test_a_file_that_cannot_be_read_is_refused_at_once_and_nothing_is_stored(app, browser, name, data, message):
    project_id = project_with_annotator(app)
    browser.login("anna", PASSWORD)
    response = upload(browser, project_id, name, data)
    assert response.status_code == 400
    body = response.get_data(as_text=True)
    assert message in body.replace("&#34;", '"').replace("&quot;", '"')
    assert 'class="error"' in body
    assert count(app) == 0
    from webapp.models import Job
    assert count(app, Job) == 0
