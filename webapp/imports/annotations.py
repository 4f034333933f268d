"""Another tool's W3C Web Annotation export: a JSON list of annotations, an
``AnnotationCollection`` with its pages embedded, an ``AnnotationPage``, or one ``Annotation``.

Each annotation becomes an item; the runner matches its target's source to an article of the
project by the article's URL and anchors its selectors against the stored text
(``webapp.interop.anchoring``). What Claimtrail's own export carries besides — the figures as
data and the attribution chain under ``claimtrail:sourcing`` — is read back too.
"""
import json
from collections.abc import Iterator
from dataclasses import dataclass

from ..interop.annotation import chain_from_annotation, fields_from_annotation
from ..services.errors import Invalid
from .items import Incoming
from .readers import FormatError

SOURCING = "claimtrail:sourcing"

MAX_PAGES = 10_000


@dataclass
class AnnotationItem:
    where: str
    doc: object

    def incoming(self) -> Incoming:
        doc = self.doc
        if not isinstance(doc, dict):
            raise Invalid({"": "Not an annotation (each item must be a JSON object)."})
        target = doc.get("target")
        if isinstance(target, list) and len(target) == 1:
            target = target[0]
        fields = fields_from_annotation(doc)
        return Incoming(target, fields, fields.pop("structured_figures", None),
                        chain_from_annotation(doc), doc.get("id"),
                        {"figures": f"{SOURCING} structured_figures", "chain": f"{SOURCING} chain"})


def _types(doc: dict) -> set[str]:
    kind = doc.get("type", doc.get("@type", ""))
    return set(kind if isinstance(kind, list) else [kind])


def parse(text: str) -> list:
    """The annotations of an export, in order; ``FormatError`` when the file is not one."""
    try:
        doc = json.loads(text)
    except json.JSONDecodeError as exc:
        raise FormatError(f"The file is not valid JSON ({exc.msg} at line {exc.lineno}, "
                          f"column {exc.colno}). Nothing was imported.") from None
    except RecursionError:
        raise FormatError("The file is not valid JSON (nested too deeply).") from None
    if isinstance(doc, list):
        return doc
    if isinstance(doc, dict):
        types = _types(doc)
        if "AnnotationCollection" in types:
            return _collection(doc)
        if "AnnotationPage" in types:
            return _pages(doc)
        if "Annotation" in types:
            return [doc]
    raise FormatError("The file is not a W3C Web Annotation export: expected a list of "
                      "annotations, an AnnotationCollection, an AnnotationPage or an Annotation.")


def _collection(doc: dict) -> list:
    first = doc.get("first")
    if first is None:
        return list(doc.get("items") or [])
    if not isinstance(first, dict):
        raise FormatError("The collection's pages are not in the file (its \"first\" page is a "
                          "link). Export the annotations with their pages embedded.")
    return _pages(first)


def _pages(page: dict) -> list:
    found = []
    for _ in range(MAX_PAGES):
        items = page.get("items", [])
        if not isinstance(items, list):
            raise FormatError("An AnnotationPage's \"items\" must be a list.")
        found.extend(items)
        page = page.get("next")
        if not isinstance(page, dict):   # the end, or a link we do not follow
            break
    return found


def items(annotations: list, start: int = 0) -> Iterator[AnnotationItem]:
    for index, doc in enumerate(annotations[start:], start + 1):
        name = doc.get("id") if isinstance(doc, dict) and isinstance(doc.get("id"), str) else ""
        where = f"annotation {index}" + (f" ({name[:200]})" if name else "")
        yield AnnotationItem(where, doc)
