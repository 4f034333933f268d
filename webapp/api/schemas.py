"""What an annotation sent to the API must look like before it reaches the claim services.

An annotation may carry the W3C Web Annotation Data Model's fields and the ``claimtrail:``
extension fields Claimtrail writes itself (so a GET can be edited and PUT back); any other
top-level field is refused with 422 naming it, rather than dropped without a word. Which span
and which claim fields it carries is read by ``webapp.interop.annotation``.
"""
from ..services.text_checks import quoted
from .errors import ApiError

STANDARD_KEYS = frozenset({
    "@context", "id", "type", "motivation", "body", "bodyValue", "target", "created", "modified",
    "creator", "generator", "generated", "audience", "rights", "canonical", "via", "stylesheet"})
# claimtrail:cluster is read-only (the claim's cluster, as GET shows it): sent back, it is
# ignored; clusters change through /clusters.
EXTENSION_KEYS = frozenset({"claimtrail:version", "claimtrail:trail", "claimtrail:cluster"})
ALLOWED_KEYS = STANDARD_KEYS | EXTENSION_KEYS
REQUIRED_KEYS = ("type", "target")
STRING_KEYS = ("id", "bodyValue", "created", "modified", "canonical")


def _refuse(detail: str, **extra) -> None:
    raise ApiError(422, detail, **extra)


def _is_annotation_type(value) -> bool:
    values = value if isinstance(value, list) else [value]
    return "Annotation" in values and all(isinstance(v, str) for v in values)


def check_annotation(doc: dict) -> None:
    """Refuse (422) unknown top-level fields, missing or null required ones, and wrong shapes."""
    unknown = sorted(set(doc) - ALLOWED_KEYS)
    if unknown:
        _refuse(f"Unknown field{'s' if len(unknown) > 1 else ''}: {', '.join(unknown)[:300]}. "
                "An annotation carries the W3C Web Annotation fields (and Claimtrail's "
                "claimtrail:version, claimtrail:trail and claimtrail:cluster).", unknown_fields=unknown[:50])
    for key in REQUIRED_KEYS:
        if doc.get(key) is None:
            _refuse(f"The field {key!r} is required and must not be null.")
    nulls = sorted(key for key, value in doc.items() if value is None)
    if nulls:
        _refuse(f"Leave out fields without a value instead of sending null: {', '.join(nulls)}.")
    if not _is_annotation_type(doc["type"]):
        _refuse('The field "type" must be "Annotation".')
    for key in STRING_KEYS:
        if key in doc and not isinstance(doc[key], str):
            _refuse(f"The field {key!r} must be a string.")
    if "body" in doc and "bodyValue" in doc:
        _refuse('Give either "body" or "bodyValue", not both.')
    if "body" in doc and not isinstance(doc["body"], (dict, list, str)):
        _refuse('The field "body" must be an object, a list of them, or an IRI.')
    motivation = doc.get("motivation", "assessing")
    motivations = motivation if isinstance(motivation, list) else [motivation]
    if not all(isinstance(m, str) for m in motivations):
        _refuse('The field "motivation" must be a string or a list of strings.')
    if not isinstance(doc["target"], (dict, list)):
        _refuse('The field "target" must be an object with a TextQuoteSelector and/or a '
                'TextPositionSelector that points into this article.')


def check_target_source(target, accepted: set[str]) -> None:
    """A target that names its source must name this article (its API or page address, or
    the URL it was captured from)."""
    if not isinstance(target, dict) or "source" not in target:
        return
    source = target["source"]
    if not isinstance(source, str) or source not in accepted:
        shown = source if isinstance(source, str) else type(source).__name__
        _refuse(f"target.source is {quoted(str(shown), 200)}, which is not this article; annotations "
                "posted here target the article of this container.")


EVIDENCE_KEYS = ("evidence_id", "stance", "url", "reference", "summary", "origin_source_id")
MAX_EVIDENCE_ITEMS = 100
MAX_ID = 2147483647


def check_evidence_list(value) -> list[dict]:
    """The shape of an assessing body's ``claimtrail:evidence``: a list of objects, each with a
    ``stance`` and either the ``evidence_id`` of an item the project has or a ``url`` or
    ``reference`` (texts are strings). Whether the items exist and fit is the services' check."""
    where = "claimtrail:evidence"
    if not isinstance(value, list):
        _refuse(f"{where} must be a list of evidence items (objects).")
    if len(value) > MAX_EVIDENCE_ITEMS:
        _refuse(f"{where} lists {len(value)} items; at most {MAX_EVIDENCE_ITEMS} in one request.")
    for number, item in enumerate(value, 1):
        _check_evidence_item(item, f"{where} item {number}")
    return value


def _check_evidence_item(item, where: str) -> None:
    if not isinstance(item, dict):
        _refuse(f"{where} must be an object.")
    unknown = sorted(set(item) - set(EVIDENCE_KEYS))
    if unknown:
        _refuse(f"{where} has unknown fields: {', '.join(unknown)[:200]}; an evidence item has "
                f"{', '.join(EVIDENCE_KEYS)}.")
    if not isinstance(item.get("stance"), str):
        _refuse(f'{where} needs a "stance": "supports" or "contradicts".')
    for key in ("url", "reference", "summary"):
        if key in item and not isinstance(item[key], str):
            _refuse(f"{where}: {key} must be a string.")
    origin = item.get("origin_source_id")
    if origin is not None and (not isinstance(origin, int) or isinstance(origin, bool)
                               or not 1 <= origin <= MAX_ID):
        _refuse(f"{where}: origin_source_id must be the id of a registry entry (a positive integer).")
    evidence_id = item.get("evidence_id")
    if "evidence_id" in item and (not isinstance(evidence_id, int) or isinstance(evidence_id, bool)
                                  or not 1 <= evidence_id <= MAX_ID):
        _refuse(f"{where}: evidence_id must be the id of an evidence item (a positive integer).")
    if evidence_id is None and not (item.get("url", "").strip() or item.get("reference", "").strip()):
        _refuse(f"{where} needs the evidence_id of an item of the project, or a url or reference "
                "for new evidence.")
