"""API: the suggestions made for a project's articles (issue 13), read only: the span, what the
rules read in it (figures, attribution, speaker, source type, named, hedging) and where each
part is, its status and the rules' version. Leads also see who decided each one and the claim
an accepted one became (a blind reviewer's decisions are not the others' to read)."""
from flask import current_app, g, jsonify, request, url_for

from ..access import api_project_role
from ..models.suggestion import STATUSES
from ..services import articles as article_service
from ..suggestions import store
from .blueprint import ARTICLE, PROJECT, bp
from .errors import ApiError
from .projects import _iso, page_number

PER_PAGE = 100


def suggestion_json(s, decided_by: str | None, lead: bool) -> dict:
    doc = {"id": s.id, "article": s.article_id, "revision": s.revision, "start": s.start_offset,
           "end": s.end_offset, "quote": s.quote, "kind": s.kind, "figures": s.figures or [],
           "attribution": s.attribution_text, "speaker": s.speaker, "source_type": s.source_type,
           "named": s.named, "hedging": s.hedging, "parts": s.parts or [], "status": s.status,
           "language": s.language, "rules_version": s.rules_version, "created": _iso(s.created_at)}
    if lead:
        doc.update(decided_by=decided_by, decided=_iso(s.decided_at) if s.decided_at else None,
                   claim=s.claim_id)
    return doc


def _status() -> str | None:
    status = request.args.get("status", "")
    if status and status not in STATUSES:
        raise ApiError(400, f"status must be one of {', '.join(STATUSES)} (or left out: all).")
    return status or None


def _listing(here: str, project_id: int, article_id: int | None):
    page, status = page_number(), _status()
    size = current_app.config.get("API_SUGGESTIONS_PER_PAGE", PER_PAGE)
    rows, total = store.fetch_page(project_id, article_id, status, page * size, size)
    last = max(0, (total - 1) // size)
    query = f"status={status}&" if status else ""
    return jsonify({
        "items": [suggestion_json(s, who, g.role == "lead") for s, who in rows], "total": total,
        "page": page, "per_page": size, "first": f"{here}?{query}page=0",
        "last": f"{here}?{query}page={last}",
        "next": f"{here}?{query}page={page + 1}" if page < last else None,
        "prev": f"{here}?{query}page={min(page, last + 1) - 1}" if page > 0 else None})


@bp.route(f"{ARTICLE}/suggestions")
@api_project_role("viewer")
def article_suggestions(project_id: int, article_id: int):
    """The article's suggestions in text order, 100 a page (``?status=open`` for one status)."""
    article_service.get_article(project_id, article_id)   # 404 for an article of another project
    here = url_for("api.article_suggestions", project_id=project_id, article_id=article_id,
                   _external=True)
    return _listing(here, project_id, article_id)


@bp.route(f"{PROJECT}/suggestions")
@api_project_role("viewer")
def project_suggestions(project_id: int):
    """Every suggestion of the project by article, 100 a page (``?status=rejected`` …)."""
    here = url_for("api.project_suggestions", project_id=project_id, _external=True)
    return _listing(here, project_id, None)
