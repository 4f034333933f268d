"""API: the person's projects, and a project's articles with their provenance and text."""
import re

from flask import current_app, g, jsonify, request, url_for

from ..access import api_project_role, api_signed_in
from ..services import article_pages
from ..services import articles as article_service
from ..services import projects as project_service
from .blueprint import ARTICLE, PROJECT, bp
from .errors import ApiError

ARTICLES_PER_PAGE = 50
MAX_PAGE = 10_000_000


def page_number() -> int:
    """The ``page`` query parameter, counted from 0."""
    value = request.args.get("page", "0")
    if not re.fullmatch(r"[0-9]{1,8}", value) or int(value) > MAX_PAGE:
        raise ApiError(400, f"page must be a whole number from 0 to {MAX_PAGE:,} (counted from 0).")
    return int(value)


def _iso(moment) -> str | None:
    from ..exports.rows import rfc3339
    return rfc3339(moment) or None


def _project(project, role: str, articles: int) -> dict:
    return {"id": project.id, "name": project.name, "description": project.description,
            "role": role, "created": _iso(project.created_at), "articles": articles,
            "url": url_for("api.project", project_id=project.id, _external=True),
            "articles_url": url_for("api.articles", project_id=project.id, _external=True)}


def article_json(article, imported_by: str, characters: int) -> dict:
    ids = {"project_id": article.project_id, "article_id": article.id}
    return {
        "id": article.id, "title": article.title, "site_name": article.site_name,
        "original_outlet": article.original_outlet, "url": article.url, "author": article.author,
        "published_on": article.published_on.isoformat() if article.published_on else None,
        "captured": _iso(article.captured_at), "imported_by": imported_by,
        "content_hash": article.content_hash, "characters": characters,
        "double_review": article.double_review,
        "self": url_for("api.article", **ids, _external=True),
        "annotations": url_for("api.annotations", **ids, _external=True),
    }


@bp.route("/projects")
@api_signed_in
def projects():
    """The projects the token's owner is a member of (every project, for an admin)."""
    found = project_service.fetch_projects_for(g.api_user)
    counts = article_pages.count_articles([p.id for p in found])
    return jsonify({"items": [_project(p, project_service.role_in(p.id, g.api_user),
                                       counts.get(p.id, 0)) for p in found]})


@bp.route(PROJECT)
@api_project_role("viewer")
def project(project_id: int):
    """One project, with the caller's role in it."""
    counts = article_pages.count_articles([project_id])
    return jsonify(_project(article_pages.get_project(project_id), g.role, counts.get(project_id, 0)))


@bp.route(f"{PROJECT}/articles")
@api_project_role("viewer")
def articles(project_id: int):
    """The project's articles with their provenance, 50 a page (``?page=0`` first)."""
    page = page_number()
    size = current_app.config.get("API_ARTICLES_PER_PAGE", ARTICLES_PER_PAGE)
    rows, total = article_pages.fetch_article_page(project_id, page * size, size)
    here = url_for("api.articles", project_id=project_id, _external=True)
    last = max(0, (total - 1) // size)
    return jsonify({
        "items": [article_json(*row) for row in rows], "total": total, "page": page,
        "per_page": size, "first": f"{here}?page=0", "last": f"{here}?page={last}",
        "next": f"{here}?page={page + 1}" if page < last else None,
        "prev": f"{here}?page={min(page, last + 1) - 1}" if page > 0 else None})


@bp.route(ARTICLE)
@api_project_role("viewer")
def article(project_id: int, article_id: int):
    """One article with its exact text; offsets into it count Unicode code points."""
    found = article_service.get_article(project_id, article_id)
    doc = article_json(found, found.imported_by.username, len(found.text))
    doc.update({"text": found.text, "body_start": found.body_start, "body_end": found.body_end})
    return jsonify(doc)
