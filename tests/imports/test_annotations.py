"""Another tool's W3C Web Annotations become unreviewed claims; those that match no article
or do not anchor are listed in the report, never dropped silently."""
import json

from sqlalchemy import select

from tests.factories import PASSWORD, make_article
from webapp.extensions import db
from webapp.models import Article, Claim, ClaimEvent, Project

from .helpers import count, import_file, project_with_annotator, refused_rows, summary, upload

TEXT = ("Thus far, 26 ISIS militants have been killed and dozens more injured, a fighter said. "
        "The fighter said the dam was taken.")
URL = "https://example.org/raqqa"




def _anno(target, **extra):
    return {"@context": "http://www.w3.org/ns/anno.jsonld", "type": "Annotation", "target": target, **extra}


def _quote(exact, prefix=None):
    selector = {"type": "TextQuoteSelector", "exact": exact}
    if prefix is not None:
        selector["prefix"] = prefix
    return selector


ANNOTATIONS = [
    _anno({"source": URL, "selector": [_quote("26 ISIS militants have been killed"),
                                       {"type": "TextPositionSelector", "start": 10, "end": 44}]},
          id="urn:a1", body={"type": "TextualBody", "purpose": "describing",
                             "value": "26 ISIS militants were killed."}),
    _anno({"source": URL, "selector": _quote("the dam was taken")}, bodyValue="The dam was taken."),
    _anno({"source": URL, "selector": _quote("The fighter said", prefix="a fighter said. ")},
          body=[{"type": "TextualBody", "purpose": "commenting", "value": "Who?"}]),
    _anno({"source": URL, "selector": _quote("not in the text")}, id="urn:a4"),
    _anno({"source": "https://elsewhere.example/x", "selector": _quote("26 ISIS")}),
    _anno({"source": URL, "selector": {"type": "TextPositionSelector", "start": 5, "end": 9000}}),
    _anno({"source": URL, "selector": _quote("fighter said")}),
    "not an object",
]


def _lead_article(app, project_id):
    with app.app_context():
        from webapp.models import User
        lena = db.session.scalar(select(User).where(User.username == "lena"))
        return make_article(db.session.get(Project, project_id), lena, TEXT, "Raqqa").id


def _set_url(app, article_id):
    with app.app_context():
        db.session.get(Article, article_id).url = URL
        db.session.commit()


def test_annotations_become_claims_and_the_rest_is_reported(app, browser):
    project_id = project_with_annotator(app)
    article_id = _lead_article(app, project_id)
    _set_url(app, article_id)
    collection = {"@context": "http://www.w3.org/ns/anno.jsonld", "type": "AnnotationCollection",
                  "first": {"type": "AnnotationPage", "items": ANNOTATIONS[:4],
                            "next": {"type": "AnnotationPage", "items": ANNOTATIONS[4:]}}}
    browser.login("anna", PASSWORD)
    page = import_file(browser, project_id, "hypothesis.json", json.dumps(collection).encode())
    figures = summary(page)
    assert figures["Format"] == "W3C Web Annotations" and figures["Annotations"] == "8"
    assert (figures["Claims created"], figures["Refused"]) == ("3", "5")
    refused = dict(refused_rows(page))
    assert "do not occur" in refused["annotation 4 (urn:a4)"]
    assert "No article of this project has the URL https://elsewhere.example/x" in refused["annotation 5"]
    assert "outside the article" in refused["annotation 6"]
    assert "occur 2 times" in refused["annotation 7"]
    assert "Not an annotation" in refused["annotation 8"]
    with app.app_context():
        claims = list(db.session.scalars(select(Claim).order_by(Claim.id)))
        assert [(c.quote, c.statement, c.status, c.created_by.username) for c in claims] == [
            ("26 ISIS militants have been killed", "26 ISIS militants were killed.", "unreviewed", "anna"),
            ("the dam was taken", "The dam was taken.", "unreviewed", "anna"),
            ("The fighter said", "Who?", "unreviewed", "anna")]
        assert all(TEXT[c.start_offset:c.end_offset] == c.quote for c in claims)
        assert db.session.scalar(select(db.func.count()).select_from(ClaimEvent)
                                 .where(ClaimEvent.action == "created")) == 3


def test_a_plain_list_of_annotations_is_read_too(app, browser):
    project_id = project_with_annotator(app)
    _set_url(app, _lead_article(app, project_id))
    browser.login("lena", PASSWORD)
    page = import_file(browser, project_id, "list.jsonld", json.dumps(ANNOTATIONS[:2]).encode())
    assert summary(page)["Claims created"] == "2"
    assert count(app, Claim) == 2


def test_a_file_that_is_not_an_annotation_export_is_refused(app, browser):
    project_id = project_with_annotator(app)
    browser.login("anna", PASSWORD)
    response = upload(browser, project_id, "a.json", b'{"hello": "world"}')
    assert response.status_code == 400
    assert "not a W3C Web Annotation export" in response.get_data(as_text=True)
    linked = {"type": "AnnotationCollection", "first": "https://example.org/page1"}
    response = upload(browser, project_id, "b.json", json.dumps(linked).encode())
    assert "pages are not in the file" in response.get_data(as_text=True)
