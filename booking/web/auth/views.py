"""Registering, signing in and out."""

from flask import current_app, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_user, logout_user

from booking.models import Sector, utcnow
from booking.services import accounts
from booking.services.errors import BookingError
from booking.web.auth import bp
from booking.web.auth.forms import RegisterForm, SignInForm, SignOutForm
from booking.web.database import db
from booking.web.forms import add_service_error
from booking.web.navigation import safe_next_url
from booking.web.security import SignedInUser


@bp.route("/register", methods=["GET", "POST"])
def register():
    """Create a professional's account and sign them in."""
    form = RegisterForm()
    if form.validate_on_submit():
        details = accounts.Registration(
            name=form.name.data,
            email=form.email.data,
            job_title=form.job_title.data,
            organisation=form.organisation.data,
            sector=Sector(form.sector.data),
            password=form.password.data,
        )
        try:
            user = accounts.register(db(), details, now=utcnow())
            db().commit()
        except BookingError as error:
            db().rollback()
            add_service_error(form, error)
        else:
            login_user(SignedInUser(user))
            flash(
                "Your account has been created. We have emailed you a link: confirm your email "
                "address to start booking.",
                "success",
            )
            return redirect(safe_next_url(request.args.get("next")) or url_for("catalogue.index"))
    return render_template("auth/register.html", form=form)


@bp.route("/sign-in", methods=["GET", "POST"])
def sign_in():
    """Sign in with email and password; failures are throttled across processes."""
    form = SignInForm()
    if form.validate_on_submit():
        try:
            user = accounts.authenticate(
                db(),
                email=form.email.data,
                password=form.password.data,
                client=request.remote_addr or "unknown",
                now=utcnow(),
                allow_demo=current_app.config["DEMO"],
            )
        except BookingError as error:
            db().commit()  # keep the failed attempt for throttling
            add_service_error(form, error, default_field="email")
        else:
            db().commit()
            login_user(SignedInUser(user))
            return redirect(safe_next_url(request.args.get("next")) or url_for("bookings.mine"))
    return render_template("auth/sign_in.html", form=form)


@bp.post("/sign-out")
def sign_out():
    """Sign out (a POST, so no page can sign someone out with a link)."""
    if SignOutForm().validate_on_submit() and current_user.is_authenticated:
        logout_user()
        flash("You have signed out.", "success")
    return redirect(url_for("catalogue.index"))
