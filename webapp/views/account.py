"""A person's own account: changing the password."""
from flask import Blueprint, flash, redirect, render_template, url_for
from flask_login import current_user, login_user

from ..access import signed_in
from ..extensions import db
from ..forms.auth import PasswordChangeForm
from ..services import users as user_service
from ..services.errors import Invalid
from ._helpers import show_invalid

bp = Blueprint("account", __name__, url_prefix="/account")


@bp.route("/password", methods=["GET", "POST"])
@signed_in
def password():
    """Change your password; every other session of yours is signed out."""
    form = PasswordChangeForm()
    if form.validate_on_submit():
        try:
            user_service.change_password(current_user, form.current_password.data,
                                         form.new_password.data)
            user_service.start_session(current_user)
            db.session.commit()
            login_user(current_user)
            flash("Password changed. Your other sessions were signed out.", "success")
            return redirect(url_for("projects.index"))
        except Invalid as exc:
            show_invalid(form, exc)
    return render_template("auth/password.html", form=form)
