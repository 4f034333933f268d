"""What the archive's records hold: the format's name and version and the fields copied as they
are, shared by the writer (``write``) and the reader (``read``)."""
import json

FORMAT, VERSION = "claimtrail-archive", 1
ARTICLE_FIELDS = ("title", "site_name", "original_outlet", "url", "author", "text",
                  "content_hash", "body_start", "body_end", "double_review", "revision",
                  "removed_reason", "attention")
PROJECT_SETTINGS = ("annotators_edit_all", "second_review_required", "watch_new", "watch_min_minutes",
                    "watch_max_minutes", "watch_per_minute", "same_url_import", "suggestions_enabled")
REVISION_FIELDS = ("number", "text", "content_hash", "body_start", "body_end", "how")
CAPTURE_FIELDS = ("revision", "url", "status", "how", "warc_sha256", "payload_sha256")
ANCHOR_FIELDS = ("revision", "start_offset", "end_offset", "quote", "state", "score", "how")
CLAIM_FIELDS = ("quote", "prefix", "suffix", "statement", "kind", "figures", "attribution_text",
                "source_type", "named", "party", "access", "hedging", "independent_sources",
                "attribution_chain", "credibility", "status", "rationale", "review_state", "version",
                "revision", "anchor_state", "anchor_finding", "anchor_finding_revision")
SUGGESTION_FIELDS = ("revision", "quote", "kind", "figures", "attribution_text", "speaker",
                     "source_type", "named", "hedging", "parts", "language", "rules_version", "status")
FIGURE_KEYS = ("kind", "low", "high", "term", "counts", "who", "text")
PEOPLE = {"created_by": "created_by_id", "last_reviewed_by": "last_reviewed_by_id",
          "second_reviewer": "second_reviewer_id"}


def line(record: dict) -> str:
    """One record as one line of JSON."""
    return json.dumps(record, ensure_ascii=False) + "\n"
