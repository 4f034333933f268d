"""Claims as W3C Web Annotations (Web Annotation Data Model, W3C Recommendation 2017).

One claim is one ``Annotation`` whose target is the article (``"type": "Text"``) with a
``TextQuoteSelector`` (exact, prefix, suffix) and a ``TextPositionSelector`` (start, end).
Positions count Unicode code points of the article's text exactly as stored, which is what a
Python ``str`` index counts: ``text[start:end] == exact`` (model §4.2.4–4.2.5). An article's
text changes from revision to revision, so the target's ``state`` says which one the selectors
apply to: a ``TimeState`` (model §4.3.1) with that revision's capture time (``sourceDate``)
and its read page, a copy of the text as it was then (``cached``).

The bodies carry the claim:
- ``describing``: the statement (the claim restated plainly);
- ``tagging``: the kind of claim (a casualty figure, ...);
- ``assessing``: the verification status ("Unconfirmed"), with its code and the rationale;
- ``classifying``: the sourcing record, summarised in words, and field by field under
  ``claimtrail:sourcing`` (codes, so that it reads back exactly), with the claim's figures as
  data in ``claimtrail:sourcing.structured_figures`` (``webapp.corroboration.figures``) beside
  their note ``figures``.
- ``linking`` (a claim in a cluster, issue 11): a ``SpecificResource`` whose ``source`` is the
  cluster, with ``claimtrail:reports``, the annotations of every report of the cluster: the
  annotations of one cluster share this body. ``claimtrail:cluster`` carries the cluster as
  data: its id, grade and why, its number of reports and of independent origins, the range.
Extension terms live in the ``claimtrail:`` namespace declared in the context, as the model
allows (§ "Extensions"); a tool that does not know them still reads every standard field.

The same module reads an annotation's claim fields back (the API's POST/PUT, imports from
other tools); ``webapp.interop.anchoring`` finds the span its target's selectors describe.
"""
from collections.abc import Callable
from typing import Any

ANNO_CONTEXT = "http://www.w3.org/ns/anno.jsonld"
VOCAB = "https://claimtrail.org/ns#"
CONTEXT: list = [ANNO_CONTEXT, {"claimtrail": VOCAB}]
MEDIA_TYPE = 'application/ld+json; profile="http://www.w3.org/ns/anno.jsonld"'
CONTEXT_CHARS = 32          # prefix and suffix length, in code points
SOURCING_FIELDS = ("source_type", "named", "party", "access", "hedging", "independent_sources",
                   "attribution_text", "credibility", "figures")


# --- writing ---------------------------------------------------------------------------------

def selectors(text: str, start: int, end: int) -> list[dict]:
    """The quote and position selectors of ``text[start:end]``."""
    return [
        {"type": "TextQuoteSelector", "exact": text[start:end],
         "prefix": text[max(0, start - CONTEXT_CHARS):start], "suffix": text[end:end + CONTEXT_CHARS]},
        {"type": "TextPositionSelector", "start": start, "end": end},
    ]


def _sourcing_summary(row: dict) -> str:
    parts = [row.get("source_type"), row.get("named"), row.get("party"), row.get("access")]
    words = [p for p in parts if p]
    if row.get("hedging"):
        words.append(f"hedged ({row['hedging']})")
    if row.get("source_name"):
        words.append(f"source: {row['source_name']}")
    words.append(f"Admiralty {row['admiralty_code']}")
    return "; ".join(words)


def cluster_data(cluster: dict) -> dict:
    """A row's cluster as ``claimtrail:cluster`` carries it (and the API's cluster resource)."""
    return {"id": cluster["id"], "grade": cluster["grade"], "grade_reason": cluster["grade_reason"],
            "reports": cluster["reports"], "origins": cluster["origins"],
            "range": cluster.get("ranges", {})}


def annotation(row: dict, *, claim_iri: str, article_iri: str, generator_iri: str,
               trail: list[dict] | None = None, with_context: bool = True,
               cluster_iri: Callable[[dict], str] | None = None,
               claim_iri_of: Callable[[dict], str] | None = None,
               revision_iri: Callable[[dict], str] | None = None) -> dict:
    """The annotation of one export row (``webapp.exports.rows``: labels, and codes in
    ``row["codes"]``). ``trail``: the claim's review events, oldest first, if asked for.
    ``cluster_iri``: the IRI of the row's cluster (its dict), ``claim_iri_of``: the annotation
    IRI of one of its reports (a dict with ``claim_id`` and ``article_id``). ``revision_iri``:
    the IRI of the row's revision (its ``article_id`` and ``revision``), for the target's state."""
    codes = row.get("codes", {})
    bodies: list[dict] = []
    if row.get("statement"):
        bodies.append({"type": "TextualBody", "purpose": "describing", "value": row["statement"],
                       "format": "text/plain"})
    if row.get("kind"):
        bodies.append({"type": "TextualBody", "purpose": "tagging", "value": row["kind"],
                       "claimtrail:code": codes.get("kind", "")})
    assessing = {"type": "TextualBody", "purpose": "assessing", "value": row["status_label"],
                 "format": "text/plain", "claimtrail:status": row["status"]}
    if row.get("rationale"):
        assessing["claimtrail:rationale"] = row["rationale"]
    if row.get("evidence"):
        assessing["claimtrail:evidence"] = row["evidence"]
    if row.get("review_state"):
        assessing["claimtrail:reviewState"] = row["review_state"]
    bodies.append(assessing)
    sourcing = {field: codes.get(field, row.get(field, "")) for field in SOURCING_FIELDS}
    sourcing["structured_figures"] = row.get("structured_figures", [])
    sourcing["admiralty_code"] = row["admiralty_code"]
    # The chain in one line, its hops (publishing outlet first), and the person's own note.
    sourcing["attribution_chain"] = row.get("attribution_chain", "")
    sourcing["chain"] = row.get("chain", [])
    sourcing["chain_note"] = row.get("chain_note", "")
    if row.get("source_name"):
        sourcing["source"] = {"name": row["source_name"], "affiliation": row.get("source_affiliation", ""),
                              "reliability": row.get("source_reliability", "")}
    bodies.append({"type": "TextualBody", "purpose": "classifying", "value": _sourcing_summary(row),
                   "format": "text/plain", "claimtrail:sourcing": sourcing})
    cluster = row.get("cluster")
    if cluster and cluster_iri is not None:
        # A SpecificResource: the model gives a purpose to those (and to textual bodies) only.
        linking = {"type": "SpecificResource", "source": cluster_iri(cluster), "purpose": "linking"}
        if claim_iri_of is not None:
            linking["claimtrail:reports"] = [claim_iri_of(m) for m in cluster["members"]]
        bodies.append(linking)
    doc: dict[str, Any] = {}
    if with_context:
        doc["@context"] = CONTEXT
    doc.update({
        "id": claim_iri, "type": "Annotation", "motivation": "assessing",
        "created": _rfc3339(row["created_at"]), "modified": _rfc3339(row["updated_at"]),
        "creator": {"type": "Person", "nickname": row["created_by"]},
        "body": bodies,
        "target": {"source": article_iri, "type": "Text",
                   "selector": [
                       {"type": "TextQuoteSelector", "exact": row["quote"], "prefix": row["prefix"],
                        "suffix": row["suffix"]},
                       {"type": "TextPositionSelector", "start": row["start"], "end": row["end"]}]},
        "generator": {"id": generator_iri, "type": "Software", "name": "Claimtrail"},
        "claimtrail:version": row["version"],
    })
    if revision_iri is not None and row.get("revision_captured_at"):
        doc["target"]["state"] = {"type": "TimeState",
                                  "sourceDate": _rfc3339(row["revision_captured_at"]),
                                  "cached": revision_iri(row)}
    if row.get("article_url"):
        doc["target"]["claimtrail:articleUrl"] = row["article_url"]
    if cluster:
        doc["claimtrail:cluster"] = cluster_data(cluster)
    if trail is not None:
        doc["claimtrail:trail"] = trail
    return doc


def _rfc3339(iso: str) -> str:
    """Timestamps with a zone, as the model requires: ``2024-05-01T09:11:00Z``."""
    if not iso:
        return iso
    value = iso.replace("+00:00", "Z")
    if not (value.endswith("Z") or "+" in value[10:] or "-" in value[10:]):
        value += "Z"   # stored in UTC; SQLite hands them back without the zone
    return value


# --- reading ---------------------------------------------------------------------------------

def _bodies(doc: dict) -> list[dict]:
    body = doc.get("body", [])
    body = body if isinstance(body, list) else [body]
    return [b for b in body if isinstance(b, dict)]


def fields_from_annotation(doc: dict) -> dict:
    """The claim fields an annotation carries: the statement (a describing or commenting body,
    or ``bodyValue``), and, when Claimtrail wrote it, the status, rationale and sourcing codes.
    Unknown kinds of body are ignored here (another tool's tags, say)."""
    fields: dict[str, Any] = {}
    if isinstance(doc.get("bodyValue"), str):
        fields["statement"] = doc["bodyValue"]
    for body in _bodies(doc):
        purpose = body.get("purpose")
        value = body.get("value")
        if purpose in ("describing", "commenting", None) and isinstance(value, str) \
                and body.get("type", "TextualBody") == "TextualBody" and "statement" not in fields:
            fields["statement"] = value
        elif purpose == "tagging" and isinstance(body.get("claimtrail:code"), str):
            fields["kind"] = body["claimtrail:code"]
        elif purpose == "assessing" and isinstance(body.get("claimtrail:status"), str):
            fields["status"] = body["claimtrail:status"]
            if isinstance(body.get("claimtrail:rationale"), str):
                fields["rationale"] = body["claimtrail:rationale"]
        elif purpose == "classifying" and isinstance(body.get("claimtrail:sourcing"), dict):
            sourcing = body["claimtrail:sourcing"]
            fields.update({f: sourcing[f] for f in SOURCING_FIELDS
                           if isinstance(sourcing.get(f), str)})
            if isinstance(sourcing.get("chain_note"), str):
                fields["attribution_chain"] = sourcing["chain_note"]
            elif "chain" not in sourcing and isinstance(sourcing.get("attribution_chain"), str):
                fields["attribution_chain"] = sourcing["attribution_chain"]   # written before hops
            if "structured_figures" in sourcing:   # left out: the figures stay as they are
                fields["structured_figures"] = sourcing["structured_figures"]
    return fields


def chain_from_annotation(doc: dict) -> Any:
    """The hops of the ``claimtrail:sourcing`` ``chain`` (publishing outlet first) as sent, or
    None when the annotation carries none: the claim's chain is then left as it is. A hop
    without a name and a ``source_id`` is one the page does not name."""
    for body in _bodies(doc):
        sourcing = body.get("claimtrail:sourcing") if body.get("purpose") == "classifying" else None
        if isinstance(sourcing, dict) and "chain" in sourcing:
            hops = sourcing["chain"]
            if not isinstance(hops, list) or not all(isinstance(h, dict) for h in hops):
                return hops   # the caller refuses it, saying what a chain is
            return [{**h, "not_named": not h.get("name") and h.get("source_id") in (None, "")}
                    for h in hops]
    return None


def evidence_from_annotation(doc: dict) -> Any:
    """The ``claimtrail:evidence`` of the annotation's assessing body, as sent (a list of
    items ``{"stance", "url", "reference", "summary", "evidence_id"}`` when well formed), or
    None when no assessing body carries one: the claim's evidence is then left as it is."""
    for body in _bodies(doc):
        if body.get("purpose") == "assessing" and "claimtrail:evidence" in body:
            return body["claimtrail:evidence"]
    return None
