"""Your account: changing your details and your password, and the link that confirms a new
email address."""

from flask import abort, current_app, flash, redirect, render_template, url_for
from flask_login import current_user, login_required
from wtforms import PasswordField

from booking.accounts import changes
from booking.accounts.forms import AccountDetailsForm, ChangePasswordForm
from booking.accounts.services import normalise_email
from booking.accounts.signin import reauthenticate
from booking.accounts.views import bp, signed_in_to
from booking.core.clock import utcnow
from booking.core.errors import Refused
from booking.web.database import carry_out, db
from booking.web.forms import ConfirmForm, add_service_error


@bp.route("/account/details", methods=["GET", "POST"])
@login_required
def change_details():
    """Change name, email address, job title, organisation and sector."""
    user = changes.read_account(db(), current_user.id)
    form = AccountDetailsForm()
    if form.validate_on_submit() and (
        normalise_email(form.email.data) == user.email
        or password_confirmed(form.password, "change your email address")
    ):
        try:
            done = carry_out(
                changes.change_details, user_id=user.id, details=form.details(), now=utcnow()
            )
        except Refused as refusal:
            add_service_error(form, refusal)
        else:
            flash(_saved_message(done), "success")
            return redirect(url_for("auth.account"))
    if not form.is_submitted():
        form.fill_from(user)
    return render_template("auth/account_details.html", form=form, user=user)


@bp.route("/account/password", methods=["GET", "POST"])
@login_required
def change_password():
    """Change the password, the current one asked again: every other session ends, this
    browser stays signed in and trusted."""
    form = ChangePasswordForm()
    if form.validate_on_submit() and password_confirmed(
        form.current_password, "change your password"
    ):
        user = carry_out(
            changes.change_password,
            user_id=current_user.id,
            password=form.password.data,
            now=utcnow(),
        )
        flash("Your password has been changed.", "success")
        return signed_in_to(user, url_for("auth.account"))
    return render_template("auth/change_password.html", form=form)


def password_confirmed(field: PasswordField, to: str) -> bool:
    """Whether the signed-in person typed their password, asked again ``to`` do something
    (re-authentication, throttled as signing in is); if not, the field says why."""
    if not field.data:
        field.errors = [*field.errors, f"Enter your password to {to}"]
        return False
    try:
        reauthenticate(
            db(),
            user_id=current_user.id,
            password=field.data,
            now=utcnow(),
            secret=current_app.config["SECRET_KEY"],
        )
    except Refused as refusal:
        db().commit()  # keep the failed attempt for throttling
        field.errors = [*field.errors, refusal.message]
        return False
    db().commit()
    return True


def _saved_message(done: changes.DetailsChanged) -> str:
    if done.email_pending:
        return (
            "We have sent a link to your new email address. Until you confirm it, we keep "
            "using your old address."
        )
    return "Your details have been saved." if done.changed else "Nothing needed changing."


@bp.post("/account/new-email/send-again")
@login_required
def send_new_email_link_again():
    """A new link for the address waiting to be confirmed, when the last one expired or
    was not delivered."""
    if not ConfirmForm().validate_on_submit():
        abort(400)
    try:
        carry_out(changes.send_new_email_link_again, user_id=current_user.id, now=utcnow())
    except Refused as refusal:
        flash(refusal.message, "error")
    else:
        flash("We have sent a new link to your new email address.", "success")
    return redirect(url_for("auth.account"))


@bp.get("/confirm-new-email/<token>")
def confirm_new_email(token: str):
    """The link sent to a new address; following it makes the address the account's."""
    try:
        carry_out(
            changes.confirm_new_email,
            secret=current_app.config["SECRET_KEY"],
            token=token,
            now=utcnow(),
        )
    except Refused as refusal:
        return render_template("auth/link_problem.html", message=refusal.message), 400
    flash("Thank you: your new email address is confirmed. We will use it from now on.", "success")
    if current_user.is_authenticated:
        return redirect(url_for("auth.account"))
    return redirect(url_for("auth.sign_in"))
