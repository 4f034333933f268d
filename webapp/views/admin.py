"""Instance administration: user accounts, their passwords and their sign-in throttle."""
from flask import Blueprint, flash, redirect, render_template, url_for
from flask_login import current_user
from flask_wtf import FlaskForm

from ..access import admin_required
from ..extensions import db
from ..forms.auth import PasswordResetForm, UserForm
from ..models import User
from ..services import sign_in_throttle
from ..services import tokens as token_service
from ..services import users as user_service
from ..services.errors import Duplicate, Invalid, NotFound
from ._helpers import show_invalid

bp = Blueprint("admin", __name__, url_prefix="/admin")


def _user(user_id: int) -> User:
    user = db.session.get(User, user_id)
    if user is None:
        raise NotFound("No such user.")
    return user


@bp.route("/users", methods=["GET", "POST"])
@admin_required
def users():
    """All accounts, with any failed sign-ins; an admin creates new ones here."""
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
    accounts = user_service.list_users()
    return render_template("admin/users.html", form=form, users=accounts, toggle=FlaskForm(),
                           standings=sign_in_throttle.standings([u.username for u in accounts]))


@bp.route("/users/<int:user_id>/active", methods=["POST"])
@admin_required
def toggle_active(user_id: int):
    """Deactivate or reactivate an account; deactivation signs it out everywhere."""
    form = FlaskForm()
    user = _user(user_id)
    if form.validate_on_submit():
        user_service.set_active(user, not user.active)
        db.session.commit()
        flash(f"{user.username} is now {'active' if user.active else 'deactivated'}.", "success")
    return redirect(url_for("admin.users"))


@bp.route("/users/<int:user_id>/unlock", methods=["POST"])
@admin_required
def unlock(user_id: int):
    """Forget the account's failed sign-ins: every address may try again at once."""
    form = FlaskForm()
    user = _user(user_id)
    if form.validate_on_submit():
        addresses = sign_in_throttle.unlock(user.username)
        db.session.commit()
        flash(f"Sign-in for {user.username} is unlocked ({addresses} address"
              f"{'' if addresses == 1 else 'es'} cleared).", "success")
    return redirect(url_for("admin.users"))


@bp.route("/users/<int:user_id>/password", methods=["GET", "POST"])
@admin_required
def reset_password(user_id: int):
    """Set another person's password (typed, or random and shown once); their sessions end and
    their API tokens are revoked."""
    user = _user(user_id)
    form = PasswordResetForm()
    if form.validate_on_submit():
        try:
            password, revoked = user_service.reset_password(current_user, user,
                                                            form.password.data or None)
            db.session.commit()
        except Invalid as exc:
            show_invalid(form, exc)
        else:
            if form.password.data:
                flash(f"The password of {user.username} is set; their sessions were signed out"
                      f"{token_service.revoked_phrase(revoked)}.", "success")
                return redirect(url_for("admin.users"))
            return render_template("admin/password.html", user=user, form=form, password=password,
                                   tokens_revoked=token_service.revoked_phrase(revoked))
    return render_template("admin/password.html", user=user, form=form, password=None)
