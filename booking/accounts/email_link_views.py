"""Account emails: confirming an address, resetting a password, reminder preferences."""

from flask import abort, current_app, flash, redirect, render_template, url_for
from flask_login import current_user, login_required

from booking.accounts import changes, services, tokens
from booking.accounts.forms import ForgotPasswordForm, NewPasswordForm, RemindersForm
from booking.accounts.models import User
from booking.accounts.views import bp, signed_in_to
from booking.core.clock import utcnow
from booking.core.errors import Refused
from booking.web.database import carry_out, db
from booking.web.forms import ConfirmForm, add_service_error
from booking.web.navigation import safe_next_url
from booking.web.security import csrf


def _secret() -> str:
    return current_app.config["SECRET_KEY"]


@bp.get("/confirm-email/<token>")
def confirm_email(token: str):
    """The link in the confirmation email; it marks the address confirmed."""
    try:
        confirmed = carry_out(tokens.confirm_email, secret=_secret(), token=token, now=utcnow())
    except Refused as refusal:
        return render_template("auth/link_problem.html", message=refusal.message), 400
    onward = safe_next_url(confirmed.next_path) or url_for("catalogue.events")
    if current_user.is_authenticated and current_user.id == confirmed.user.id:
        flash("Thank you: your email address is confirmed. You can book places now.", "success")
        return redirect(onward)
    flash("Thank you: your email address is confirmed. Sign in to book places.", "success")
    return redirect(url_for("auth.sign_in", next=onward))


@bp.post("/confirm-email/resend")
@login_required
def resend_confirmation():
    """Send the signed-in person a new confirmation link (limited as resets are)."""
    if not ConfirmForm().validate_on_submit():
        abort(400)
    user = db().get(User, current_user.id)
    services.send_confirmation(db(), user, now=utcnow())
    db().commit()
    flash("We have sent you a new link. Check your email.", "success")
    return redirect(url_for("auth.account"))


@bp.route("/forgot-password", methods=["GET", "POST"])
def forgot_password():
    """Ask for a reset link; the answer is the same whether or not the address has an account."""
    form = ForgotPasswordForm()
    if form.validate_on_submit():
        services.request_password_reset(db(), email=form.email.data, now=utcnow())
        db().commit()
        return render_template("auth/reset_sent.html")
    return render_template("auth/forgot_password.html", form=form)


@bp.route("/reset-password/<token>", methods=["GET", "POST"])
def reset_password(token: str):
    """Choose a new password from the link in the email (works once, for an hour)."""
    try:
        tokens.user_for_reset(db(), secret=_secret(), token=token, now=utcnow())
    except Refused as refusal:
        return render_template("auth/link_problem.html", message=refusal.message), 400
    form = NewPasswordForm()
    if form.validate_on_submit():
        try:
            user = carry_out(
                tokens.reset_password,
                secret=_secret(),
                token=token,
                password=form.password.data,
                now=utcnow(),
            )
        except Refused as refusal:
            add_service_error(form, refusal, default_field="password")
        else:
            flash("Your password has been changed.", "success")
            return signed_in_to(user, url_for("bookings.mine"))
    return render_template("auth/reset_password.html", form=form)


@bp.route("/account", methods=["GET", "POST"])
@login_required
def account():
    """Your account: whether the address is confirmed, and reminder emails on or off."""
    user = db().get(User, current_user.id)
    form = RemindersForm()
    if form.validate_on_submit():
        user.reminders_enabled = form.reminders.data == "on"
        if form.refreshers.data:
            user.refresher_prompts = form.refreshers.data == "on"
        db().commit()
        flash("Your email preferences have been saved.", "success")
        return redirect(url_for("auth.account"))
    if not form.is_submitted():
        form.reminders.data = "on" if user.reminders_enabled else "off"
        form.refreshers.data = "on" if user.refresher_prompts else "off"
    link = changes.new_email_link(db(), user, utcnow()) if user.pending_email else None
    return render_template(
        "auth/account.html", user=user, form=form, resend=ConfirmForm(), new_email_link=link
    )


@bp.route("/reminders/off/<token>", methods=["GET", "POST"])
@csrf.exempt  # one-click unsubscribe (RFC 8058) posts without a form; the signed token is proof
def reminders_off(token: str):
    """Stop reminder emails from the link (or the one-click header) in a reminder."""
    form = ConfirmForm(meta={"csrf": False})
    if form.is_submitted():
        try:
            carry_out(tokens.turn_reminders_off, secret=_secret(), token=token, now=utcnow())
        except Refused as refusal:
            return render_template("auth/link_problem.html", message=refusal.message), 400
        return render_template("auth/reminders_off.html", done=True)
    return render_template("auth/reminders_off.html", done=False, form=form)
