"""A lead imports a scrape whose encoding the bytes do not settle: the import page refuses it
showing a line as each candidate reads it, she chooses the encoding, and the job's report shows
the encoding with the lines holding non-ASCII characters as read (control bytes escaped)."""
import pytest

from tests.factories import PASSWORD, make_project, make_user
from tests.imports.corpus import AMBIGUOUS, ARABIC_TEXT, csv_of

from .helpers import sign_in

pytestmark = pytest.mark.browser
SCRAPE = b'title,text\r\nConvoy,"' + AMBIGUOUS + b'"\r\n'


def _choose_file(page, name: str, data: bytes) -> None:
    page.get_by_label("File to import").set_input_files({"name": name, "mimeType": "text/csv", "buffer": data})


def test_the_import_page_shows_the_candidates_and_the_report_previews_the_reading(app, page, watch, tmp_path):
    with app.app_context():
        make_project(make_user("lena"), "Raqqa desk")
    sign_in(page, "lena", PASSWORD)
    page.get_by_role("link", name="Raqqa desk").click()
    page.get_by_role("link", name="Import many").click()
    _choose_file(page, "scrape.csv", SCRAPE)
    page.get_by_role("button", name="Start the import").click()
    refusal = page.locator("#file-error").inner_text()
    assert "cannot be told for sure" in refusal and "ISO-8859-1 and Windows-1252" in refusal
    assert 'as ISO-8859-1: “Convoy,"The convoy reached avu\\x95olu at dawn, \\x93we saw it\\x94' in refusal
    assert 'as Windows-1252: “Convoy,"The convoy reached avu•olu at dawn, “we saw it”' in refusal
    page.screenshot(path=str(tmp_path / "refused.png"), full_page=True)

    page.get_by_label("Encoding").select_option("iso-8859-1")
    _choose_file(page, "scrape.csv", SCRAPE)
    page.get_by_role("button", name="Start the import").click()
    page.wait_for_url("**/jobs/*")
    report = page.locator("#job-report")
    report.get_by_text("Lines with non-ASCII characters, as read").wait_for()
    assert report.get_by_text("ISO-8859-1 (chosen for this import)").is_visible()
    lines = report.locator(".preview-lines li")
    assert lines.count() == 1
    assert lines.first.inner_text().startswith('Convoy,"The convoy reached avu\\x95olu at dawn, \\x93we saw it\\x94')
    page.screenshot(path=str(tmp_path / "report.png"), full_page=True)

    page.goto(page.url.split("/jobs/")[0] + "/imports/new")
    _choose_file(page, "arabic.csv", csv_of(ARABIC_TEXT).encode("cp1256"))
    page.get_by_role("button", name="Start the import").click()
    page.wait_for_url("**/jobs/*")
    report = page.locator("#job-report")
    report.get_by_text("Lines with non-ASCII characters, as read").wait_for()
    assert report.get_by_text("Windows-1256 (not UTF-8; its words with non-ASCII letters read as "
                              "Arabic words", exact=False).is_visible()
    assert "قال مسؤول في الحكومة" in report.locator(".preview-lines").inner_text()
    page.screenshot(path=str(tmp_path / "arabic.png"), full_page=True)
    assert not watch.errors and not watch.csp_violations and not watch.dialogs
