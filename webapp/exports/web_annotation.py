"""W3C Web Annotation export: one ``AnnotationCollection`` whose embedded first page holds every
claim as an annotation (mapping in ``webapp.interop.annotation``), written item by item.

The collection's ``total`` is counted first (same filters, same snapshot), then the items
stream; nothing but one chunk of output is ever held in memory.
"""
import json
from collections.abc import Callable, Iterable, Iterator

from ..interop.annotation import CONTEXT, annotation
from .json_stream import stream_array


def stream_collection(rows: Iterable[dict], total: int, *, collection_iri: str, label: str,
                      claim_iri: Callable[[dict], str], article_iri: Callable[[dict], str],
                      generator_iri: str, trail: bool = False,
                      cluster_iri: Callable[[dict], str] | None = None,
                      revision_iri: Callable[[dict], str] | None = None) -> Iterator[str]:
    head = {"@context": CONTEXT, "id": collection_iri, "type": "AnnotationCollection",
            "label": label, "total": total}
    page = {"id": collection_iri + "#page1", "type": "AnnotationPage", "startIndex": 0}
    items = (annotation(row, claim_iri=claim_iri(row), article_iri=article_iri(row),
                        generator_iri=generator_iri, trail=row.get("trail") if trail else None,
                        with_context=False, cluster_iri=cluster_iri, claim_iri_of=claim_iri,
                        revision_iri=revision_iri)
             for row in rows)
    return stream_array(_open(head, "first", page, "items"), items, "]}}\n")


def _open(head: dict, page_key: str, page: dict, items_key: str) -> str:
    """``{...head, "first": {...page, "items": [`` — the document up to its first item."""
    outer = json.dumps({**head, page_key: None}, ensure_ascii=False)[:-len("null}")]
    inner = json.dumps({**page, items_key: None}, ensure_ascii=False)[:-len("null}")]
    return outer + inner + "[\n"
