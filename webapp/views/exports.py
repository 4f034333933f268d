"""Downloads of a project's claims."""
import logging
from datetime import datetime, timezone

from flask import Blueprint, Response, g, request, stream_with_context
from flask_login import current_user

from ..access import project_role
from ..exports.csv_export import stream_csv
from ..exports.jsonl_export import stream_jsonl
from ..exports.rows import iter_claim_rows

bp = Blueprint("exports", __name__, url_prefix="/projects/<int:project_id>/export")
log = logging.getLogger("claimtrail.security")
FORMATS = {
    "csv": (stream_csv, "text/csv; charset=utf-8"),
    "jsonl": (stream_jsonl, "application/x-ndjson; charset=utf-8"),
}


@bp.route("/claims.<fmt>")
@project_role("viewer")
def claims(project_id: int, fmt: str):
    """Download every live claim of the project as CSV or JSON Lines, streamed."""
    if fmt not in FORMATS:
        from werkzeug.exceptions import NotFound
        raise NotFound()
    present, mimetype = FORMATS[fmt]
    log.info("export user_id=%s project_id=%s format=%s ip=%s", current_user.id, project_id, fmt,
             request.remote_addr)
    stamp = datetime.now(timezone.utc).strftime("%Y%m%d-%H%M")
    body = stream_with_context(present(iter_claim_rows(project_id, current_user, g.role)))
    return Response(body, content_type=mimetype, headers={
        "Content-Disposition": f'attachment; filename="claimtrail-project-{project_id}-{stamp}.{fmt}"'})
