"""Closing your account (asks first, and for the password)."""

from flask import Blueprint, current_app, flash, redirect, render_template, session, url_for
from flask_login import current_user, login_required, logout_user

from booking.accounts.account_views import password_confirmed
from booking.accounts.changes import read_account
from booking.accounts.forms import CloseAccountForm
from booking.core.clock import utcnow
from booking.core.errors import Refused
from booking.privacy.services import can_close
from booking.privacy.services import close_account as close
from booking.web.database import carry_out, db

bp = Blueprint("privacy", __name__)


@bp.route("/account/close", methods=["GET", "POST"])
@login_required
def close_account():
    """Say what closing removes and keeps; on confirmation close the account and sign out."""
    user = read_account(db(), current_user.id)
    form = CloseAccountForm()
    if form.validate_on_submit() and password_confirmed(form.password, "close your account"):
        try:
            carry_out(
                close, person_id=user.id, now=utcnow(), secret=current_app.config["SECRET_KEY"]
            )
        except Refused as refusal:
            flash(refusal.message, "error")
            return redirect(url_for("auth.account"))
        logout_user()
        session.clear()
        flash("Your account has been closed and your personal details removed.", "success")
        return redirect(url_for("catalogue.events"))
    return render_template(
        "privacy/close_account.html", form=form, user=user, closable=can_close(user)
    )
