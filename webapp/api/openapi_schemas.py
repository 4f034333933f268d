"""The schemas of the API's OpenAPI description (``components/schemas``): what each request
and answer body holds. ``openapi`` puts them together with the paths."""
from ..models.hop import HOP_RELATIONS
from ..models.source import SOURCE_ENTRY_KINDS

ID = {"type": "integer", "minimum": 1, "maximum": 2147483647}

SELECTORS = {
    "TextQuoteSelector": {"type": "object", "required": ["type", "exact"], "properties": {
        "type": {"const": "TextQuoteSelector"}, "exact": {"type": "string"},
        "prefix": {"type": "string"}, "suffix": {"type": "string"}}},
    "TextPositionSelector": {"type": "object", "required": ["type", "start", "end"], "properties": {
        "type": {"const": "TextPositionSelector"},
        "start": {"type": "integer", "minimum": 0}, "end": {"type": "integer", "minimum": 0}}},
}
FIGURE = {
    "Figure": {
        "type": "object", "additionalProperties": False,
        "description": "One of the claim's figures as data. `kind` says which numbers it has: "
                       "exact and about: `low` = `high`; at_least and more_than: `low` only; "
                       "at_most and up_to: `high` only; range: both; vague: neither, `term` "
                       "names the vague quantity, coded by the project's table (ACLED's "
                       "defaults: tens 10, dozens 12, hundreds 100). Writing, any key but "
                       "`text` may be left out and is read from `text` (\"at least 26 killed "
                       "combatants\"); a text that does not read as one figure is refused "
                       "with 422.",
        "properties": {
            "kind": {"enum": ["exact", "about", "at_least", "more_than", "at_most", "up_to",
                              "range", "vague"]},
            "low": {"type": ["integer", "null"], "minimum": 0},
            "high": {"type": ["integer", "null"], "minimum": 0},
            "term": {"type": "string"},
            "counts": {"enum": ["", "killed", "injured", "captured", "detained", "abducted",
                                "missing", "displaced", "other"]},
            "who": {"enum": ["civilians", "combatants", "children", "women", "unknown"]},
            "text": {"type": "string", "maxLength": 500}}},
}
EVIDENCE = {
    "Evidence": {
        "type": "object", "required": ["stance"], "additionalProperties": False,
        "description": "One piece of the claim's evidence. With `evidence_id`: an item the "
                       "project already has (as another annotation lists it), linked to this "
                       "claim; its url, reference and summary may be left out, and if given "
                       "must be as stored. Without: new evidence, with a `url` (http or https) "
                       "or a `reference` (url at most 2,000 characters, reference 500, summary "
                       "5,000). An item the claim already has (by id, or the same stance, url, "
                       "reference and summary) is kept as it is.",
        "properties": {"evidence_id": ID, "stance": {"enum": ["supports", "contradicts"]},
                       "url": {"type": "string"}, "reference": {"type": "string"},
                       "summary": {"type": "string"},
                       "origin_source_id": {"oneOf": [ID, {"type": "null"}],
                                            "description": "Where new evidence comes from: an "
                                            "entry of the source registry. Confirmed and partly "
                                            "confirmed need corroboration from an origin other "
                                            "than the claim's own."}}},
    "Body": {
        "type": "object",
        "description": "One body of the annotation, by purpose: describing (the statement in "
                       "`value`), tagging (the kind, `claimtrail:code`), assessing (the status: "
                       "`claimtrail:status`, `claimtrail:rationale`, and the evidence, "
                       "`claimtrail:evidence`), classifying (the sourcing record, "
                       "`claimtrail:sourcing`, with the figures as data in its "
                       "`structured_figures`: a list of Figure, at most 50, which replaces the "
                       "claim's figures; leave the key out to keep them). Other bodies are ignored.",
        "properties": {
            "type": {"type": "string"}, "purpose": {"type": "string"}, "value": {},
            "claimtrail:code": {}, "claimtrail:status": {}, "claimtrail:rationale": {},
            "claimtrail:sourcing": {"$ref": "#/components/schemas/Sourcing"},
            "claimtrail:evidence": {
                "type": "array", "items": {"$ref": "#/components/schemas/Evidence"},
                "description": "On the assessing body: the claim's evidence (at most 100 items "
                               "in one request). Items the claim "
                               "does not have yet are added in the same save as the status "
                               "(confirmed, partly confirmed, disputed and false need at least "
                               "one); items it leaves out stay on the claim; leave the key out "
                               "to keep the evidence as it is."}}},
}
CHAIN = {
    "Hop": {
        "type": "object",
        "description": "One hop of the attribution chain: a registry entry (by `source_id`, or "
                       "by `name`: a name the registry does not have is registered with `kind`) "
                       "or, with neither, one the page does not name; `relation`: how it got "
                       "the claim from the next hop (none on the last, the original source).",
        "properties": {"name": {"type": ["string", "null"], "maxLength": 300},
                       "kind": {"enum": list(SOURCE_ENTRY_KINDS)},
                       "relation": {"enum": [*HOP_RELATIONS, None]},
                       "source_id": {"oneOf": [ID, {"type": "null"}]}}},
    "Sourcing": {
        "type": "object",
        "description": "On the classifying body: the sourcing record's codes and texts, and "
                       "the attribution chain: `chain` (its hops, publishing outlet first; "
                       "sent, it replaces the claim's chain; left out, the chain stays as it "
                       "is; [] goes back to the chain the article's provenance gives), "
                       "`attribution_chain` (the chain in one line, read-only) and `chain_note` "
                       "(the free-text note); `structured_figures`, the claim's figures.",
        "properties": {"structured_figures": {"type": "array", "maxItems": 50,
                                              "items": {"$ref": "#/components/schemas/Figure"}},
                       "chain": {"type": "array", "maxItems": 12,
                                 "items": {"$ref": "#/components/schemas/Hop"}},
                       "chain_note": {"type": "string"},
                       "attribution_chain": {"type": "string", "readOnly": True}}},
}
GRADE = {"enum": ["single_origin", "corroborated", "contested", "admitted"]}
RANGE = {"type": "object", "description": "Per thing counted (\"killed · combatants\"): the "
                                          "lowest figure, the highest, the most conservative "
                                          "(the lowest, ACLED's rule) and which reports gave them.",
         "additionalProperties": {"type": "object", "properties": {
             "min": {"type": ["integer", "null"]}, "max": {"type": ["integer", "null"]},
             "conservative": {"type": ["integer", "null"]},
             "min_by": {"type": "array", "items": {"type": "integer"}},
             "max_by": {"type": "array", "items": {"type": "integer"}},
             "conservative_by": {"type": "array", "items": {"type": "integer"}}}}}


def _write(required: list[str], description: str | None, **properties) -> dict:
    """The body of a cluster write: its own fields and the reason kept in each claim's trail."""
    schema = {"type": "object", "required": required, "additionalProperties": False,
              "properties": {**properties, "reason": {"type": "string", "maxLength": 2000}}}
    return {**schema, "description": description} if description else schema


CLUSTER = {
    "ClusterRef": {
        "type": "object", "required": ["id", "grade", "reports", "origins"],
        "description": "The claim's cluster (read-only): the reports of one claim across "
                       "articles, their number, the number of independent origins, the grade "
                       "by the published rule, the figure range. Change it at /clusters.",
        "properties": {"id": {"type": "integer"}, "grade": GRADE, "grade_reason": {"type": "string"},
                       "reports": {"type": "integer"}, "origins": {"type": "integer"},
                       "range": RANGE}},
    "Cluster": {
        "type": "object", "required": ["id", "self", "grade", "grade_reason", "reports",
                                       "origins", "range", "independent_origins", "items"],
        "description": "A claim cluster: grade and counts over every report (as stored; "
                       "while blind double review hides some reports from you, over the "
                       "reports you may see), and the reports you may see, grouped by "
                       "independent origin.",
        "properties": {
            "id": {"type": "integer"}, "self": {"type": "string"}, "grade": GRADE,
            "grade_label": {"type": "string"}, "grade_reason": {"type": "string"},
            "reports": {"type": "integer"}, "origins": {"type": "integer"}, "range": RANGE,
            "independent_origins": {"type": "array", "items": {"type": "object", "properties": {
                "label": {"type": "string"}, "why_one": {"type": "array", "items": {"type": "string"}},
                "reports": {"type": "array", "items": {"type": "integer"}}}}},
            "items": {"type": "array", "items": {"type": "object", "properties": {
                "claim_id": {"type": "integer"}, "article_id": {"type": "integer"},
                "annotation": {"type": "string"}, "site_name": {"type": "string"},
                "published_on": {"type": ["string", "null"]}, "status": {"type": "string"},
                "admission": {"type": "boolean"}, "origin": {"type": "string"}}}}}},
    "Admission": _write(["admission"], None, admission={"type": "boolean"}),
    "ClusterLink": _write(
        ["claims"], "Two reports of one claim to link: a new cluster, the cluster one of them "
                    "is in, or their two clusters merged into the older.",
        claims={"type": "array", "minItems": 2, "maxItems": 2, "items": ID}),
    "ClusterSplit": _write(
        ["claims"], "Reports of the cluster to move into a new cluster of their own; both "
                    "clusters keep at least two reports (to take one report out, unlink it).",
        claims={"type": "array", "minItems": 1, "maxItems": 500, "items": ID}),
    "ClusterMerge": _write(
        ["cluster"], "The other cluster of the project, whose reports all move into this one "
                     "(it then ends).", cluster=ID),
}
def _list_of(schema: str) -> dict:
    """A page of a paged list (articles, suggestions) with the addresses of its neighbours."""
    return {"type": "object", "required": ["items", "total", "page", "per_page"], "properties": {
        "items": {"type": "array", "items": {"$ref": f"#/components/schemas/{schema}"}},
        "total": {"type": "integer"}, "page": {"type": "integer"}, "per_page": {"type": "integer"},
        "first": {"type": "string"}, "last": {"type": "string"},
        "next": {"type": ["string", "null"]}, "prev": {"type": ["string", "null"]}}}


SUGGESTION = {
    "Suggestion": {
        "type": "object", "description": "A likely claim the rules read in the article: never a "
        "claim until a person accepts it. Offsets count Unicode code points in revision "
        "`revision` of the article. `decided_by`, `decided` and `claim` (the claim an accepted "
        "suggestion became) are shown to leads only.",
        "required": ["id", "article", "revision", "start", "end", "quote", "kind", "figures",
                     "attribution", "speaker", "source_type", "named", "hedging", "parts",
                     "status", "rules_version"],
        "properties": {
            "id": {"type": "integer"}, "article": {"type": "integer"},
            "revision": {"type": "integer"}, "start": {"type": "integer", "minimum": 0},
            "end": {"type": "integer", "minimum": 0}, "quote": {"type": "string"},
            "kind": {"type": "string", "description": "A claim kind key of the project's lists."},
            "figures": {"type": "array", "items": {"type": "object"},
                        "description": "Structured figures, as in an annotation's figures."},
            "attribution": {"type": "string"}, "speaker": {"type": "string"},
            "source_type": {"type": "string"}, "named": {"type": "string"},
            "hedging": {"type": "string"},
            "parts": {"type": "array", "items": {"type": "object", "properties": {
                "part": {"enum": ["figure", "attribution", "speaker", "cue", "hedge"]},
                "start": {"type": "integer"}, "end": {"type": "integer"}}}},
            "status": {"enum": ["open", "accepted", "rejected"]},
            "language": {"type": "string"}, "rules_version": {"type": "string"},
            "created": {"type": ["string", "null"]},
            "decided_by": {"type": ["string", "null"]}, "decided": {"type": ["string", "null"]},
            "claim": {"type": ["integer", "null"]}}},
    "SuggestionList": _list_of("Suggestion"),
}
SCHEMAS = {
    **SELECTORS,
    **SUGGESTION,
    **CLUSTER,
    **CHAIN,
    **FIGURE,
    **EVIDENCE,
    "Problem": {"type": "object", "required": ["title", "status", "detail"], "properties": {
        "type": {"type": "string"}, "title": {"type": "string"}, "status": {"type": "integer"},
        "detail": {"type": "string", "minLength": 1},
        "errors": {"type": "object", "additionalProperties": {"type": "string"}},
        "unknown_fields": {"type": "array", "items": {"type": "string"}},
        "current_etag": {"type": "string"}, "error_id": {"type": "string"}}},
    "Project": {"type": "object", "required": ["id", "name", "role", "url", "articles_url"],
                "properties": {"id": {"type": "integer"}, "name": {"type": "string"},
                               "description": {"type": "string"},
                               "role": {"enum": ["viewer", "annotator", "lead"]},
                               "created": {"type": ["string", "null"]},
                               "articles": {"type": "integer"},
                               "url": {"type": "string"}, "articles_url": {"type": "string"}}},
    "ProjectList": {"type": "object", "required": ["items"], "properties": {
        "items": {"type": "array", "items": {"$ref": "#/components/schemas/Project"}}}},
    "Article": {"type": "object", "required": ["id", "title", "content_hash", "characters",
                                               "self", "annotations"], "properties": {
        "id": {"type": "integer"}, "title": {"type": "string"}, "site_name": {"type": "string"},
        "original_outlet": {"type": "string"}, "url": {"type": "string"},
        "author": {"type": "string"}, "published_on": {"type": ["string", "null"]},
        "captured": {"type": ["string", "null"]}, "imported_by": {"type": "string"},
        "content_hash": {"type": "string"}, "double_review": {"type": "boolean"},
        "characters": {"type": "integer", "description": "Length of the text in code points."},
        "self": {"type": "string"}, "annotations": {"type": "string"},
        "text": {"type": "string", "description": "The exact text (one article only)."},
        "body_start": {"type": "integer"}, "body_end": {"type": "integer"}}},
    "ArticleList": _list_of("Article"),
    "AnnotationIn": {
        "type": "object", "required": ["type", "target"], "additionalProperties": False,
        "description": "A W3C Web Annotation. The target's TextPositionSelector (start, end in "
                       "Unicode code points) and/or TextQuoteSelector must pick out one span "
                       "of the article's text; bodies carry the claim (describing: the "
                       "statement; tagging: kind; assessing: status and evidence; classifying: "
                       "sourcing). An annotation as GET answers it may be sent back as it is.",
        "properties": {
            "@context": {}, "id": {"type": "string"},
            "type": {"anyOf": [{"const": "Annotation"},
                               {"type": "array", "items": {"type": "string"}, "contains": {"const": "Annotation"}}]},
            "motivation": {"anyOf": [{"type": "string"}, {"type": "array", "items": {"type": "string"}}]},
            "bodyValue": {"type": "string"},
            "body": {"anyOf": [{"$ref": "#/components/schemas/Body"},
                               {"type": "array", "items": {"$ref": "#/components/schemas/Body"}},
                               {"type": "string"}]},
            "target": {"type": "object", "required": ["selector"], "properties": {
                "source": {"type": "string"}, "type": {"type": "string"},
                "selector": {"type": "array", "minItems": 1, "items": {"anyOf": [
                    {"$ref": "#/components/schemas/TextQuoteSelector"},
                    {"$ref": "#/components/schemas/TextPositionSelector"}]}}}},
            "created": {"type": "string"}, "modified": {"type": "string"},
            "creator": {}, "generator": {}, "generated": {}, "audience": {}, "rights": {},
            "canonical": {"type": "string"}, "via": {}, "stylesheet": {},
            "claimtrail:version": {}, "claimtrail:trail": {},
            "claimtrail:cluster": {"description": "Read-only: sent back, it is ignored."}}},
    "Annotation": {"type": "object", "required": ["id", "type", "target", "body", "created",
                                                  "modified", "claimtrail:version"],
                   "properties": {"@context": {}, "id": {"type": "string"},
                                  "type": {"const": "Annotation"}, "body": {"type": "array"},
                                  "target": {"type": "object"},
                                  "claimtrail:version": {"type": "integer"},
                                  "claimtrail:cluster": {"$ref": "#/components/schemas/ClusterRef"}}},
    "AnnotationPage": {"type": "object", "required": ["id", "type", "items", "startIndex"],
                       "properties": {"id": {"type": "string"}, "type": {"const": "AnnotationPage"},
                                      "startIndex": {"type": "integer"},
                                      "next": {"type": "string"}, "prev": {"type": "string"},
                                      "items": {"type": "array", "items": {
                                          "$ref": "#/components/schemas/Annotation"}}}},
    "Container": {"type": "object", "required": ["id", "type", "total"], "properties": {
        "@context": {}, "id": {"type": "string"}, "type": {"type": "array"},
        "label": {"type": "string"}, "total": {"type": "integer", "minimum": 0},
        "first": {"$ref": "#/components/schemas/AnnotationPage"}, "last": {"type": "string"}}},
}
