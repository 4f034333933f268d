"""Signing in and out."""
import logging
import time

from flask import Blueprint, redirect, render_template, request, session, url_for
from flask_login import current_user, login_user, logout_user

from ..access import public, signed_in
from ..errors import _safe
from ..extensions import db
from ..forms.auth import LoginForm
from ..services import users as user_service
from ._helpers import safe_next

bp = Blueprint("auth", __name__)
log = logging.getLogger("claimtrail.security")


@bp.route("/login", methods=["GET", "POST"])
@public
def login():
    """The sign-in page. A failure never says whether the account exists; repeated failures
    make that address wait (``services/sign_in_throttle.py``)."""
    form = LoginForm()
    status = 200
    if form.validate_on_submit():
        try:
            # The address as this app sees it: behind a proxy, set TRUSTED_PROXIES (ProxyFix).
            user = user_service.authenticate(form.username.data, form.password.data,
                                             request.remote_addr)
        except user_service.Throttled as exc:
            db.session.commit()
            log.warning("login_throttled user=%s ip=%s", _safe(form.username.data), request.remote_addr)
            return render_template("auth/login.html", form=form, error=str(exc)), 429, {
                "Retry-After": str(exc.retry_after)}
        if user is None:
            db.session.commit()  # keep the failure count
            log.warning("login_failed user=%s ip=%s", _safe(form.username.data), request.remote_addr)
            return render_template("auth/login.html", form=form,
                                   error="Wrong username or password."), 401
        session.clear()
        user_service.start_session(user)
        db.session.commit()
        session.permanent = True
        session["seen"] = time.time()
        login_user(user)
        log.info("login_ok user_id=%s ip=%s", user.id, request.remote_addr)
        return redirect(safe_next(request.args.get("next"), url_for("projects.index")))
    return render_template("auth/login.html", form=form, error=None), status


@bp.route("/logout", methods=["POST"])
@signed_in
def logout():
    """Sign out: the session ends on the server too, so a copied cookie stops working."""
    user_service.end_session(current_user.ticket_id)
    db.session.commit()
    logout_user()
    session.clear()
    return redirect(url_for("auth.login"))
