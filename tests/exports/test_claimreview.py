"""schema.org ClaimReview: only claims with a final status, Google's required and recommended
properties, the rating scale."""
import json
from datetime import date

from tests.exports.helpers import demo_with_history, signed_in

SCHEMA = "https://schema.org"


def test_claimreview_export_of_the_demo_project(app, browser):
    project_id = demo_with_history(app)
    response = signed_in(browser).get(f"/projects/{project_id}/export/claimreview.jsonld")
    assert response.headers["Content-Type"] == "application/ld+json; charset=utf-8"
    assert response.headers["Content-Disposition"].endswith('-claimreview.jsonld"')
    doc = json.loads(response.get_data(as_text=True))
    assert doc["@context"] == SCHEMA
    reviews = doc["@graph"]
    assert [r["reviewRating"]["alternateName"] for r in reviews] == [
        "Unverifiable", "Unverifiable", "Unconfirmed", "False", "Unconfirmed", "Unconfirmed"]
    for review in reviews:
        assert review["@type"] == "ClaimReview"
        for key in ("claimReviewed", "reviewRating", "url", "author", "itemReviewed", "datePublished"):
            assert review[key], key
        assert review["url"].startswith(f"http://localhost/projects/{project_id}/claims/")
        assert review["author"] == {"@type": "Organization",
                                    "name": "Demo: Raqqa counter-offensive, May 2017"}
        date.fromisoformat(review["datePublished"])
        claim = review["itemReviewed"]
        assert claim["@type"] == "Claim"
        appearance = claim["appearance"]
        assert appearance["@type"] == "NewsArticle" and appearance["url"].startswith("http")
        assert appearance["headline"].startswith("Huge ISIS casualties")
        assert appearance["publisher"] == {"@type": "Organization", "name": "Islamic Invitation Turkey"}
    unverifiable, false = reviews[0], reviews[3]
    assert unverifiable["claimReviewed"].startswith("26 ISIS militants were killed")
    assert "ratingValue" not in unverifiable["reviewRating"]   # says nothing about truth
    assert unverifiable["itemReviewed"]["author"] == {
        "@type": "Person", "name": "Unnamed Swedish foreign fighter in SDF ranks"}
    rating = false["reviewRating"]
    assert (rating["ratingValue"], rating["worstRating"], rating["bestRating"]) == (1, 1, 5)
    assert rating["ratingExplanation"] == "Contradicted."


def test_claims_without_a_final_status_are_left_out(app, browser):
    from tests.factories import make_article, make_claim, make_project, make_user
    with app.app_context():
        lead = make_user("lena")
        article = make_article(make_project(lead), lead)
        make_claim(article, lead, "26 ISIS militants")
        make_claim(article, lead, "a fighter said", status="in_progress")
        project_id = article.project_id
    doc = json.loads(signed_in(browser).get(f"/projects/{project_id}/export/claimreview.jsonld").data)
    assert doc == {"@context": SCHEMA, "@graph": []}
