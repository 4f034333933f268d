"""Claims with a final status as schema.org ``ClaimReview`` (the fact-checking markup Google's
Fact Check Explorer and other aggregators read).

- ``claimReviewed``: the claim restated plainly (the statement), else the quote.
- ``reviewRating``: a ``Rating`` whose ``alternateName`` is the status in words. Statuses that
  say how true the claim is carry a number on this scale (``worstRating`` 1, ``bestRating`` 5):

  ======================  ===========
  status                  ratingValue
  ======================  ===========
  False                   1
  Disputed                2
  Partly confirmed        4
  Confirmed               5
  ======================  ===========

  "Unconfirmed" (looked, found nothing either way) and "Unverifiable" (cannot be checked in
  principle) say nothing about truth, so they carry no number: a 3 would read as "half
  true", which neither is. The rationale goes into ``ratingExplanation``.
- ``itemReviewed``: a ``Claim`` with its ``appearance`` (the article as a ``NewsArticle``: URL,
  headline, publisher = the site where we read it), its ``author`` (the claim's source from the
  registry, a Person or an Organization, when known) and ``datePublished`` (the article's).
- ``author``: the project, as an Organization; ``datePublished``: when the status was last set;
  ``url``: the claim's page.
"""
from typing import Any

CONTEXT = "https://schema.org"
WORST, BEST = 1, 5
RATING_VALUES = {"false": 1, "disputed": 2, "partly_confirmed": 4, "confirmed": 5}
ORGANISATION_KINDS = {"unit", "organisation", "outlet"}


def rating(row: dict) -> dict:
    found: dict[str, Any] = {"@type": "Rating", "alternateName": row["status_label"],
                             "name": row["status_label"]}
    if row["status"] in RATING_VALUES:
        found.update(ratingValue=RATING_VALUES[row["status"]], bestRating=BEST, worstRating=WORST)
    if row.get("rationale"):
        found["ratingExplanation"] = row["rationale"]
    return found


def _claim(row: dict, article_iri: str) -> dict:
    appearance: dict[str, Any] = {"@type": "NewsArticle", "url": row.get("article_url") or article_iri,
                                  "headline": row["article_title"]}
    if row.get("site_name"):
        appearance["publisher"] = {"@type": "Organization", "name": row["site_name"]}
    if row.get("article_published_on"):
        appearance["datePublished"] = row["article_published_on"]
    claim: dict[str, Any] = {"@type": "Claim", "text": row["quote"], "appearance": appearance}
    if row.get("source_name"):
        kind = "Organization" if row.get("source_kind") in ORGANISATION_KINDS else "Person"
        claim["author"] = {"@type": kind, "name": row["source_name"]}
    if row.get("article_published_on"):
        claim["datePublished"] = row["article_published_on"]
    return claim


def claim_review(row: dict, *, claim_iri: str, article_iri: str, reviewer: str) -> dict:
    """The ClaimReview of one export row (``webapp.exports.rows``), without ``@context``
    (the document's ``@graph`` shares one). ``reviewer``: the project's name."""
    return {
        "@type": "ClaimReview", "url": claim_iri,
        "claimReviewed": row.get("statement") or row["quote"],
        "reviewRating": rating(row),
        "itemReviewed": _claim(row, article_iri),
        "author": {"@type": "Organization", "name": reviewer},
        "datePublished": (row.get("updated_at") or row["created_at"])[:10],
    }
