"""schema.org ClaimReview export: one ``@graph`` document of the claims with a final status,
written review by review (mapping in ``webapp.interop.claimreview``)."""
import json
from collections.abc import Callable, Iterable, Iterator

from ..interop.claimreview import CONTEXT, claim_review
from .json_stream import stream_array


def stream_claim_reviews(rows: Iterable[dict], *, claim_iri: Callable[[dict], str],
                         article_iri: Callable[[dict], str], reviewer: str) -> Iterator[str]:
    reviews = (claim_review(row, claim_iri=claim_iri(row), article_iri=article_iri(row),
                            reviewer=reviewer, article_iri_of=article_iri) for row in rows)
    return stream_array('{"@context": ' + json.dumps(CONTEXT) + ', "@graph": [\n', reviews, "]}\n")
