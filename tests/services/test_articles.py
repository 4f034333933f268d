"""Importing articles: verbatim text, content hash, duplicates, files, bad input."""
import pytest

from webapp.extensions import db
from webapp.models import Article, ArticleOriginal
from webapp.services import articles
from webapp.services.articles import Provenance, find_body
from webapp.services.demo import demo_text
from webapp.services.errors import Duplicate, Invalid
from tests.factories import make_project, make_user


def _count(model):
    return db.session.scalar(db.select(db.func.count()).select_from(model))


def test_text_is_stored_verbatim_with_its_hash(ctx):
    lead = make_user("lena")
    text = demo_text()
    article = articles.import_text(make_project(lead).id, lead, text, Provenance(title="Demo"))
    db.session.commit()
    stored = db.session.get(Article, article.id)
    assert stored.text == text and "\u00a0" in stored.text
    assert stored.content_hash == articles.content_hash(text)


def test_same_text_twice_in_a_project_is_caught(ctx):
    lead = make_user("lena")
    project = make_project(lead)
    articles.import_text(project.id, lead, "Same words.", Provenance(title="One"))
    db.session.commit()
    with pytest.raises(Duplicate):
        articles.import_text(project.id, lead, "Same words.", Provenance(title="Two"))
    db.session.rollback()
    assert _count(Article) == 1
    # Another project may hold the same text.
    articles.import_text(make_project(lead, "Other").id, lead, "Same words.", Provenance(title="Two"))
    db.session.commit()
    assert _count(Article) == 2


def test_html_upload_extracts_main_text_and_keeps_the_original(ctx):
    lead = make_user("lena")
    html = ("<html><head><title>Raqqa report</title><script>alert(1)</script></head><body>"
            "<nav>Home | About | Scroll Up</nav><article><h1>Raqqa report</h1>"
            + "<p>Thus far, 26 ISIS militants have been killed and dozens more injured, "
              "a Swedish foreign fighter operating in SDF ranks said.</p>" * 3
            + "</article><footer>Copyright</footer></body></html>").encode()
    article = articles.import_upload(make_project(lead).id, lead, "page.html", html, Provenance())
    db.session.commit()
    assert "26 ISIS militants have been killed" in article.text
    assert "<" not in article.text and "alert(1)" not in article.text
    original = db.session.get(ArticleOriginal, article.id)
    assert original.data == html and original.media_type == "text/html"
    assert article.title == "Raqqa report"


@pytest.mark.parametrize("name,data,message", [
    ("a.pdf", b"%PDF-1.4", "Upload a .txt or .html file"),
    ("a.txt", bytes(range(1, 9)) * 40 + b"caf\xe9", "binary file"),
    ("a.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00", "not a text file"),
    ("a.txt", b"   \n  ", "no text"),
    ("a.html", b"<html><body></body></html>", "No article text"),
])
def test_bad_files_are_refused_clearly_and_nothing_is_stored(ctx, name, data, message):
    lead = make_user("lena")
    project = make_project(lead)
    with pytest.raises(Invalid, match=message):
        articles.import_upload(project.id, lead, name, data, Provenance(title="x"))
    db.session.rollback()
    assert _count(Article) == 0 and _count(ArticleOriginal) == 0


def test_utf16_with_bom_is_decoded(ctx):
    lead = make_user("lena")
    data = "\ufeffمقاتل said 26 were killed.".encode("utf-16-le")
    article = articles.import_upload(make_project(lead).id, lead, "a.txt", b"\xff\xfe" + data[2:],
                                     Provenance(title="x"))
    assert article.text == "مقاتل said 26 were killed."


@pytest.mark.parametrize("text,message", [
    ("nul\x00inside", "NUL"), ("lone \ud800 surrogate", "surrogate"), ("", "no text"),
])
def test_poison_characters_are_refused(ctx, text, message):
    lead = make_user("lena")
    with pytest.raises(Invalid, match=message):
        articles.import_text(make_project(lead).id, lead, text, Provenance(title="x"))


def test_oversized_text_is_refused(app):
    app.config["MAX_ARTICLE_CHARS"] = 100
    with app.app_context():
        lead = make_user("lena")
        with pytest.raises(Invalid, match="longer than 100"):
            articles.import_text(make_project(lead).id, lead, "x" * 101, Provenance(title="x"))


@pytest.mark.parametrize("field,value", [("url", "javascript:alert(1)"), ("title", "  "),
                                         ("title", "t" * 501)])
def test_provenance_is_checked(ctx, field, value):
    lead = make_user("lena")
    provenance = Provenance(title="ok")
    setattr(provenance, field, value)
    with pytest.raises(Invalid):
        articles.import_text(make_project(lead).id, lead, "Some text.", provenance)


def test_the_body_of_the_demo_article_leaves_out_the_site_chrome():
    text = demo_text()
    start, end = find_body(text)
    body = text[start:end]
    assert body.startswith("Huge ISIS casualties in rural Raqqa")
    assert body.endswith("elsewhere in the country.")
    assert "Scroll Up" not in body and "Facebook Twitter Youtube" not in body


def test_a_paragraph_with_one_no_break_space_is_body_not_chrome():
    text = ("DNIPRO, Ukraine — A Russian missile killed at least 12\u00a0people, including two children, "
            "officials said.\n\nRescuers worked through the night.\n\nScroll Up")
    start, end = find_body(text)
    assert start == 0 and text[start:end].endswith("through the night.")


def test_filenames_are_for_display_only():
    assert articles.safe_filename("../../instance/secret_key") == "secret_key"
    assert articles.safe_filename("C:\\evil\\a.txt") == "a.txt"
    assert articles.safe_filename("a\u202egnp.txt") == "agnp.txt"
    assert articles.safe_filename("") == "upload"


HOSTILE_HTML = {
    "deep nesting": "<html><body>" + "<div>" * 100_000 + "<p>Deep text.</p>" + "</div>" * 100_000,
    "entity expansion": ('<?xml version="1.0"?><!DOCTYPE l [<!ENTITY a "aaaaaaaaaa">'
                         '<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]><html><body><p>&b;</p></body></html>'),
    "no text": "<html><body><script>var a = 1;</script></body></html>",
}


@pytest.mark.parametrize("case", HOSTILE_HTML)
def test_hostile_html_fails_clearly(case):
    with pytest.raises(Invalid, match="No article text"):
        articles.extract_html(HOSTILE_HTML[case])


def test_markup_inside_the_body_never_reaches_the_text():
    html = ("<html><head><base href='http://evil.example/'></head><body><article>"
            "<p>Thus far, 26 militants were killed near the river, a source said overnight.</p>"
            "<script>alert(1)</script><iframe src='http://evil.example'></iframe>"
            "<form action='http://evil.example'><input name='a'></form>"
            "<p>The fighting lasted through the night and into the early morning hours.</p>"
            "</article></body></html>")
    text, _ = articles.extract_html(html)
    assert "26 militants were killed" in text
    assert "<" not in text and "alert" not in text and "evil" not in text
