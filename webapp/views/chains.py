"""A claim's attribution chain: set on the claim page, one event in the claim's trail."""
from flask import Blueprint, flash, g, redirect, url_for
from flask_login import current_user

from ..access import project_role
from ..corroboration import chains
from ..extensions import db
from ..forms.chains import ChainForm, error_text, hop_items
from ..services import assignments as assignment_service
from ..services import claims as claim_service
from ..services.errors import EditConflict, Invalid
from .claim_conflict import conflict_message

bp = Blueprint("chains", __name__, url_prefix="/projects/<int:project_id>")


@bp.route("/claims/<int:claim_id>/chain", methods=["POST"])
@project_role("annotator")
def save(project_id: int, claim_id: int):
    """Set the claim's chain from the editor's rows (no rows: back to the provenance chain)."""
    claim = claim_service.get_claim(project_id, claim_id, current_user, g.role, for_update=True)
    assignment_service.check_may_edit(current_user, g.role, claim.article)
    form = ChainForm()
    back = redirect(url_for("claims.show", project_id=project_id, claim_id=claim_id) + "#chain")
    if not form.validate_on_submit():
        flash("The chain was not saved. " + error_text(form), "error")
        return back
    try:
        version = int(form.version.data or "")
    except ValueError:
        flash("The form lost track of which version you edited; reload it.", "error")
        return back
    try:
        event = chains.set_chain(claim, current_user, g.role, chains.parse_hops(hop_items(form)),
                                 version, form.reason.data or "")
        db.session.commit()
        flash("Attribution chain saved." if event else "The chain is unchanged.", "success")
    except (EditConflict, Invalid) as exc:
        db.session.rollback()
        flash(conflict_message(exc, current_user), "error")
    return back
