"""My queue: the work waiting for me across all my projects."""
from flask import Blueprint, current_app, render_template
from flask_login import current_user

from ..access import signed_in
from ..models.assignment import ASSIGNMENT_STATES
from ..services import queue as queue_service

bp = Blueprint("queue", __name__)


@bp.route("/queue")
@signed_in
def index():
    """Articles assigned to me and not done, claims waiting for my second review, my claims
    sent back to me, and comments that mention me; j / k move through them, Enter opens."""
    limit = current_app.config["PAGE_SIZE"]
    return render_template("queue/index.html", states=ASSIGNMENT_STATES,
                           sections=queue_service.fetch_queue(current_user, limit))
