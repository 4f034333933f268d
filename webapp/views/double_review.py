"""Blind double review: setting it up, comparing two reviewers' claims, adjudicating, and the
project's agreement figures. Leads only."""
from flask import Blueprint, flash, g, redirect, render_template, request, url_for
from flask_login import current_user

from ..access import project_role
from ..extensions import db
from ..forms.double_review import AdjudicateForm, SetUpForm, SettleForm, set_choices, taken_sides
from ..models import Project
from ..models.claim import STATUSES
from ..services import agreement as agreement_service
from ..services import articles as article_service
from ..services import claims as claim_service
from ..services import double_review as service
from ..services import lists as list_service
from ..services import sources as source_service
from ..services.errors import EditConflict, Invalid, NotFound
from ._helpers import show_invalid

bp = Blueprint("double_review", __name__, url_prefix="/projects/<int:project_id>")


@bp.route("/double-review", methods=["GET", "POST"])
@project_role("lead")
def index(project_id: int):
    """Mark articles for blind double review, and follow the ones already marked."""
    form = SetUpForm()
    set_choices(form, service.fetch_reviewer_candidates(project_id),
                service.fetch_eligible(project_id)[:service.MAX_SHOWN])
    status = 200
    if form.validate_on_submit():
        try:
            chosen = service.set_up_double_review(
                project_id, current_user, g.role, [form.reviewer_a.data, form.reviewer_b.data],
                article_ids=form.article_ids.data if form.mode.data == "chosen" else None,
                percentage=form.percentage.data if form.mode.data == "share" else None,
                reason=form.reason.data or "")
            db.session.commit()
            flash(f"{len(chosen)} article{'s' * (len(chosen) != 1)} marked for blind double review.", "success")
            return redirect(url_for("double_review.index", project_id=project_id))
        except Invalid as exc:
            show_invalid(form, exc)
    if form.errors:
        status = 422
    return render_template("double_review/index.html", project=db.session.get(Project, project_id),
                           form=form, articles=service.fetch_double_review_articles(project_id),
                           max_shown=service.MAX_SHOWN), status


def _page(project_id: int, article, status: int = 200):
    try:
        comparison = service.compare(article)
    except Invalid as exc:
        return render_template("double_review/not_ready.html", project=db.session.get(Project, project_id),
                               article=article, message=exc.message), status
    sources = {str(s.id): s.name for s in source_service.fetch_sources(project_id, current_user, g.role)}
    return render_template("double_review/compare.html", project=db.session.get(Project, project_id),
                           comparison=comparison, statuses=STATUSES, source_names=sources,
                           labels=list_service.labels(list_service.fetch_lists(project_id))), status


@bp.route("/double-review/articles/<int:article_id>")
@project_role("lead")
def compare(project_id: int, article_id: int):
    """The two reviewers' claims side by side: pairs with their differences, claims only one
    of them found, and what has been settled."""
    return _page(project_id, article_service.get_article(project_id, article_id))


def _refused(project_id: int, article, exc):
    db.session.rollback()
    flash(exc.message, "error")
    return _page(project_id, article, 409 if isinstance(exc, EditConflict) else 400)


def _int(value) -> int | None:
    return int(value) if str(value or "").isdigit() else None


@bp.route("/double-review/articles/<int:article_id>/adjudicate", methods=["POST"])
@project_role("lead")
def adjudicate(project_id: int, article_id: int):
    """Settle a pair: keep one claim with the chosen values; the other merges into it."""
    article = article_service.get_article(project_id, article_id)
    form = AdjudicateForm()
    if not form.validate_on_submit():
        return _refused(project_id, article, Invalid({"": "Choose whose span to keep."}))
    ids = {"a": _int(form.a_id.data), "b": _int(form.b_id.data)}
    keep = form.keep.data
    drop = "b" if keep == "a" else "a"
    versions = {ids["a"]: _int(form.a_version.data), ids["b"]: _int(form.b_version.data)}
    try:
        service.adjudicate_pair(
            article, current_user, g.role, ids[keep], ids[drop],
            from_dropped=[f for f, side in taken_sides(request.form, claim_service.EDITABLE_FIELDS).items()
                          if side == drop],
            versions={k: v for k, v in versions.items() if k and v}, reason=form.reason.data or "")
        db.session.commit()
    except (Invalid, EditConflict) as exc:
        return _refused(project_id, article, exc)
    flash("Pair adjudicated.", "success")
    return redirect(url_for("double_review.compare", project_id=project_id, article_id=article_id))


@bp.route("/double-review/articles/<int:article_id>/claims/<int:claim_id>/settle", methods=["POST"])
@project_role("lead")
def settle(project_id: int, article_id: int, claim_id: int):
    """Keep or drop a claim that only one reviewer found."""
    article = article_service.get_article(project_id, article_id)
    claim = claim_service.get_claim(project_id, claim_id, current_user, g.role)
    if claim.article_id != article.id:
        raise NotFound("No such claim in this article.")
    form = SettleForm()
    try:
        if not form.validate_on_submit() or form.action.data not in ("keep", "drop"):
            raise Invalid({"": "Choose whether to keep or drop the claim."})
        service.settle_unpaired(article, current_user, g.role, claim_id, form.action.data == "keep",
                                _int(form.version.data), form.reason.data or "")
        db.session.commit()
    except (Invalid, EditConflict) as exc:
        return _refused(project_id, article, exc)
    flash("Claim kept." if form.action.data == "keep" else "Claim dropped. Its history is kept.", "success")
    return redirect(url_for("double_review.compare", project_id=project_id, article_id=article_id))


@bp.route("/agreement")
@project_role("lead")
def agreement(project_id: int):
    """How far the reviewers of finished blind double reviews agree, field by field."""
    return render_template("double_review/agreement.html", project=db.session.get(Project, project_id),
                           result=agreement_service.project_agreement(project_id))
