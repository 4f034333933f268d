"""A person's own account: changing the password, personal API tokens."""
from flask import Blueprint, flash, redirect, render_template, url_for
from flask_login import current_user, login_user

from ..access import signed_in
from ..extensions import db
from ..forms.auth import PasswordChangeForm
from ..forms.tokens import RevokeTokenForm, TokenForm
from ..services import tokens as token_service
from ..services import users as user_service
from ..services.errors import Invalid, NotFound
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


def _tokens_page(form: TokenForm, new_token: str | None = None, status: int = 200):
    return render_template("account/tokens.html", form=form, revoke_form=RevokeTokenForm(),
                           tokens=token_service.fetch_tokens(current_user),
                           new_token=new_token), status


@bp.route("/tokens", methods=["GET", "POST"])
@signed_in
def tokens():
    """Your personal API tokens: make one (its secret is shown once), see when each was used."""
    form = TokenForm()
    if form.validate_on_submit():
        try:
            token, raw = token_service.create_token(current_user, form.name.data)
            db.session.commit()
            # Shown in this answer only (never flashed: the session cookie is signed, not secret).
            return _tokens_page(TokenForm(formdata=None), new_token=raw)
        except Invalid as exc:
            show_invalid(form, exc)
    return _tokens_page(form, status=422 if form.errors else 200)


@bp.route("/tokens/revoke", methods=["POST"])
@signed_in
def revoke_token():
    """Revoke one of your tokens: it stops working at once."""
    form = RevokeTokenForm()
    token_id = form.token_id.data or ""
    if form.validate_on_submit() and token_id.isdigit():
        try:
            token = token_service.revoke_token(current_user, int(token_id))
            db.session.commit()
            flash(f"Token “{token.name}” revoked: it no longer works.", "success")
        except NotFound:
            flash("No such token (it may be revoked already).", "error")
    else:
        flash("Choose a token to revoke.", "error")
    return redirect(url_for("account.tokens"))
