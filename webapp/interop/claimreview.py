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
  A claim in a cluster (issue 11) has every report of its cluster as ``appearance`` (one
  NewsArticle per article, oldest first) and the earliest as ``firstAppearance``.
- ``author``: the project, as an Organization; ``datePublished``: when the status was last set;
  ``url``: the claim's page.
"""
from collections.abc import Callable
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


def _news_article(url: str, title: str, site_name: str, published_on: str) -> dict:
    found: dict[str, Any] = {"@type": "NewsArticle", "url": url, "headline": title}
    if site_name:
        found["publisher"] = {"@type": "Organization", "name": site_name}
    if published_on:
        found["datePublished"] = published_on
    return found


def _appearances(row: dict, article_iri: str, article_iri_of) -> tuple[list[dict], dict]:
    """The articles of the claim's cluster's reports (just its own, in none), oldest first,
    and the earliest. An article's IRI in the tool stands in for a URL it does not have."""
    own = {"article_id": row["article_id"], "article_url": row.get("article_url"),
           "article_title": row["article_title"], "site_name": row.get("site_name", ""),
           "published_on": row.get("article_published_on", "")}
    reports = (row.get("cluster") or {}).get("members") or [own]
    seen, found = set(), []
    for report in sorted(reports, key=lambda r: (not r["published_on"], r["published_on"])):
        if report["article_id"] in seen:
            continue
        seen.add(report["article_id"])
        found.append((report, _news_article(
            report["article_url"] or (article_iri if report["article_id"] == row["article_id"]
                                      else article_iri_of(report)),
            report["article_title"], report["site_name"], report["published_on"])))
    return [a for _r, a in found], found[0][1]


def _claim(row: dict, article_iri: str, article_iri_of) -> dict:
    appearances, first = _appearances(row, article_iri, article_iri_of)
    claim: dict[str, Any] = {"@type": "Claim", "text": row["quote"],
                             "appearance": appearances[0] if len(appearances) == 1 else appearances}
    if row.get("cluster"):
        claim["firstAppearance"] = first
    if row.get("source_name"):
        kind = "Organization" if row.get("source_kind") in ORGANISATION_KINDS else "Person"
        claim["author"] = {"@type": kind, "name": row["source_name"]}
    if row.get("article_published_on"):
        claim["datePublished"] = row["article_published_on"]
    return claim


def claim_review(row: dict, *, claim_iri: str, article_iri: str, reviewer: str,
                 article_iri_of: Callable[[dict], str] | None = None) -> dict:
    """The ClaimReview of one export row (``webapp.exports.rows``), without ``@context``
    (the document's ``@graph`` shares one). ``reviewer``: the project's name;
    ``article_iri_of``: the IRI of another report's article (a dict with its ``article_id``)."""
    return {
        "@type": "ClaimReview", "url": claim_iri,
        "claimReviewed": row.get("statement") or row["quote"],
        "reviewRating": rating(row),
        "itemReviewed": _claim(row, article_iri, article_iri_of or (lambda _r: article_iri)),
        "author": {"@type": "Organization", "name": reviewer},
        "datePublished": (row.get("updated_at") or row["created_at"])[:10],
    }
