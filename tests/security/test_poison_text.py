"""T24: text no database can keep, and text that is merely unusual, on both databases.

NUL and lone surrogates are refused at the edge with a message naming the problem (PostgreSQL
rejects NUL, SQLite cuts strings at it, a lone surrogate cannot be encoded); a very long single
line, 100 000 combining marks and bidi controls are stored verbatim and shown escaped. Never a
500, whatever the text.
"""
import json

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import select

from tests.factories import PASSWORD
from tests.imports.helpers import import_file, jsonl, project_with_annotator, refused_rows, summary
from webapp.extensions import db
from webapp.models import Article


def _paste(browser, project_id: int, title: str, text: str):
    page = f"/projects/{project_id}/articles/new"
    return browser.post(page, {"paste-csrf_token": browser.token(page), "paste-title": title,
                               "paste-text": text})


def _stored(app, title: str) -> str | None:
    with app.app_context():
        return db.session.scalar(select(Article.text).where(Article.title == title))


def test_nul_and_lone_surrogates_are_refused_with_the_reason(app, browser):
    project_id = project_with_annotator(app)
    browser.login("anna", PASSWORD)
    response = _paste(browser, project_id, "With NUL", "before\x00after")
    assert response.status_code in (400, 422)
    assert "NUL character" in response.get_data(as_text=True)
    assert _stored(app, "With NUL") is None
    rows = ('{"title": "Surrogate", "text": "a\\ud800b"}\n'
            '{"title": "Fine", "text": "Nothing wrong here."}\n'
            '{"title": "NUL in JSON", "text": "a\\u0000b"}\n').encode()
    page = import_file(browser, project_id, "rows.jsonl", rows)
    assert summary(page)["Imported"] == "1"
    reasons = dict(refused_rows(page))
    assert "unpaired surrogate" in reasons["line 1"] and "NUL character" in reasons["line 3"]
    assert _stored(app, "Surrogate") is None and _stored(app, "Fine") == "Nothing wrong here."


def test_unusual_but_valid_text_is_kept_verbatim_and_shown_escaped(app, browser):
    project_id = project_with_annotator(app)
    browser.login("anna", PASSWORD)
    long_line = "Raqqa " * 150_000                                  # 900 000 characters, one line
    marks = "e" + "\u0301" * 100_000                                 # one letter, 100 000 accents
    bidi = "Café \u202egnirts desrever\u202c and \u2067isolated\u2069 <b>not bold</b>"
    articles = {"Long line": long_line, "Combining": marks, "Bidi": bidi}
    page = import_file(browser, project_id, "rows.jsonl",
                       jsonl([{"title": t, "text": x} for t, x in articles.items()]))
    assert summary(page)["Imported"] == "3"
    for title, text in articles.items():
        assert _stored(app, title) == text, title
    with app.app_context():
        bidi_id = db.session.scalar(select(Article.id).where(Article.title == "Bidi"))
    shown = browser.get(f"/projects/{project_id}/articles/{bidi_id}")
    body = shown.get_data(as_text=True)
    assert shown.status_code == 200 and "&lt;b&gt;not bold&lt;/b&gt;" in body and "<b>not bold" not in body


@settings(max_examples=60, deadline=None, suppress_health_check=list(HealthCheck))
@given(text=st.text(st.characters(codec=None), min_size=1, max_size=200))
def test_any_text_is_stored_exactly_or_refused_clearly_never_a_500(app, browser, text):
    project_id = getattr(app, "_poison_project", None)
    if project_id is None:
        project_id = app._poison_project = project_with_annotator(app)
        browser.login("anna", PASSWORD)
    title = f"Random {abs(hash(text))}"
    rows = json.dumps({"title": title, "text": text}) + "\n"   # \ud800 written as an escape
    # A browser cannot send a lone surrogate: it sends U+FFFD in its place, as here.
    sent = "".join("\ufffd" if 0xD800 <= ord(c) <= 0xDFFF else c for c in text)
    response = _paste(browser, project_id, title, sent)
    assert response.status_code < 500
    page = import_file(browser, project_id, "rows.jsonl", rows.encode())
    figures = summary(page)
    if figures.get("Imported") == "1":
        assert _stored(app, title) == text
    else:
        reasons = " ".join(r for _, r in refused_rows(page)) or page
        assert any(word in reasons for word in ("NUL", "surrogate", "no text", "already", "text")), reasons
