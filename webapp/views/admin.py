"""Instance administration: user accounts."""
from flask import Blueprint, flash, redirect, render_template, url_for
from flask_wtf import FlaskForm

from ..access import admin_required
from ..extensions import db
from ..forms.auth import UserForm
from ..models import User
from ..services import users as user_service
from ..services.errors import Duplicate, Invalid, NotFound
from ._helpers import show_invalid

bp = Blueprint("admin", __name__, url_prefix="/admin")


@bp.route("/users", methods=["GET", "POST"])
@admin_required
def users():
    """All accounts; an admin creates new ones here."""
    form = UserForm()
    if form.validate_on_submit():
        try:
            user = user_service.create_user(form.username.data, form.display_name.data or "",
                                            form.password.data, form.is_admin.data)
            db.session.commit()
            flash(f"Account {user.username} created.", "success")
            return redirect(url_for("admin.users"))
        except Invalid as exc:
            show_invalid(form, exc)
        except Duplicate as exc:
            db.session.rollback()
            form.username.errors = [exc.message]
    return render_template("admin/users.html", form=form, users=user_service.list_users(),
                           toggle=FlaskForm())


@bp.route("/users/<int:user_id>/active", methods=["POST"])
@admin_required
def toggle_active(user_id: int):
    """Deactivate or reactivate an account; deactivation signs it out everywhere."""
    form = FlaskForm()
    user = db.session.get(User, user_id)
    if user is None:
        raise NotFound("No such user.")
    if form.validate_on_submit():
        user_service.set_active(user, not user.active)
        db.session.commit()
        flash(f"{user.username} is now {'active' if user.active else 'deactivated'}.", "success")
    return redirect(url_for("admin.users"))
