"""The JSON API under ``/api/v1``: projects, articles, and each article's claims as a W3C Web
Annotation Protocol container. Authenticated by personal tokens only (``webapp.access``), so
the session cookie and CSRF play no part here; every write goes through ``webapp.services``.
"""
from . import annotations, clusters, errors, openapi, projects, suggestions  # noqa: F401  (the routes)
from .blueprint import bp


def init_app(app) -> None:
    """Register the blueprint (after ``webapp.errors``, whose handler it wraps for /api/)."""
    from ..extensions import csrf

    csrf.exempt(bp)
    app.register_blueprint(bp)
    errors.install(app)
