"""Registering, signing in and out (the "auth" pages; the links in account emails are
``email_link_views``)."""

from flask import (
    Blueprint,
    Response,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_login import current_user, logout_user

from booking.accounts import tokens
from booking.accounts.forms import RegisterForm, SignInForm, SignOutForm
from booking.accounts.models import User
from booking.accounts.services import end_sessions
from booking.accounts.services import register as register_account
from booking.accounts.signin import authenticate
from booking.core.clock import utcnow
from booking.core.errors import Refused
from booking.web.database import carry_out, db
from booking.web.forms import add_service_error
from booking.web.navigation import home_endpoint, safe_next_url
from booking.web.security import SignedInUser, start_signed_in_session

bp = Blueprint("auth", __name__)


@bp.route("/register", methods=["GET", "POST"])
def register():
    """Create a professional's account; the confirmation link brings them back to ``next``.

    The answer is "check your email" whether or not the address has an account.
    """
    form = RegisterForm()
    if form.validate_on_submit():
        carry_out(
            register_account,
            form.registration(),
            now=utcnow(),
            next_path=safe_next_url(request.args.get("next")),
        )
        return redirect(url_for("auth.check_email"))
    return render_template("auth/register.html", form=form)


@bp.get("/register/check-your-email")
def check_email():
    """After registering: check your email (said whether or not the address had an account)."""
    return render_template("auth/check_email.html")


@bp.route("/sign-in", methods=["GET", "POST"])
def sign_in():
    """Sign in with email and password; failures are throttled across processes."""
    form = SignInForm()
    if form.validate_on_submit():
        secret = current_app.config["SECRET_KEY"]
        try:
            user = authenticate(
                db(),
                email=form.email.data,
                password=form.password.data,
                device=tokens.device_from_token(
                    secret, request.cookies.get(DEVICE_COOKIE, ""), utcnow()
                ),
                client=request.remote_addr or "",
                now=utcnow(),
                allow_demo=current_app.config["DEMO"],
                secret=secret,
            )
        except Refused as refusal:
            db().commit()  # keep the failed attempt for throttling
            add_service_error(form, refusal, default_field="email")
        else:
            db().commit()
            # On to a local ``next``, or to where the person's role starts (``home_endpoint``).
            home = url_for(home_endpoint(user.role))
            return signed_in_to(user, safe_next_url(request.args.get("next")) or home)
    return render_template("auth/sign_in.html", form=form)


def signed_in_to(user: User, onward: str) -> Response:
    """Sign the person in on a new session, made with their current password (after signing
    in, or after a new password ended their sessions), send them ``onward``, and trust this
    browser for the account."""
    start_signed_in_session(SignedInUser(user))
    response = redirect(onward)
    trust_this_browser(response, tokens.device_token(current_app.config["SECRET_KEY"], user))
    return response


DEVICE_COOKIE = "booking_device"


def trust_this_browser(response: Response, token: str) -> None:
    """The device cookie, set when the browser proves the account (a sign-in, a password
    reset): sent only to the sign-in page, where it spares this browser the lockouts of
    strangers' guesses (``accounts.signin``)."""
    response.set_cookie(
        DEVICE_COOKIE,
        token,
        max_age=int(tokens.DEVICE_MAX_AGE.total_seconds()),
        path=url_for("auth.sign_in"),
        secure=current_app.config["SESSION_COOKIE_SECURE"],
        httponly=True,
        samesite="Lax",
    )


@bp.post("/sign-out")
def sign_out():
    """Sign out (a POST, so no page can sign someone out with a link)."""
    if SignOutForm().validate_on_submit() and current_user.is_authenticated:
        carry_out(end_sessions, current_user.id)
        logout_user()
        flash("You have signed out.", "success")
    response = redirect(url_for("catalogue.index"))
    # What a phone stored for working a door offline (its door lists) goes with the session.
    response.headers["Clear-Site-Data"] = '"cache", "storage"'
    return response
