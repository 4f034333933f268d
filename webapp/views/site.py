"""What every browser asks for at a fixed address, signed in or not: ``/favicon.ico``."""
from flask import Blueprint, current_app, send_from_directory

from ..access import public

bp = Blueprint("site", __name__)


@bp.route("/favicon.ico")
@public
def favicon():
    """The icon as ICO (16 and 32 px); pages link the SVG one (static/favicon.svg)."""
    return send_from_directory(current_app.static_folder, "favicon.ico",
                               mimetype="image/vnd.microsoft.icon")
