"""Referring parents: a professional's referrals and the referral form; the organiser's
referrals per session and by referring team, and the letter for a parent with no email."""

from flask import Blueprint, flash, redirect, render_template, url_for
from flask_login import current_user, login_required

from booking.core.clock import utcnow
from booking.core.errors import Refused
from booking.core.formatting import date_range
from booking.core.qr import qr_svg
from booking.referrals import emails, services
from booking.referrals.forms import ReferralForm
from booking.web.database import carry_out, db
from booking.web.forms import add_service_error
from booking.web.responses import public_links
from booking.web.security import organisers_only

bp = Blueprint("referrals", __name__)


@bp.get("/referrals")
@login_required
def mine():
    """The signed-in person's referrals: each parent's name, the session, a status word."""
    lines = services.my_referrals(db(), referrer_id=current_user.id, now=utcnow())
    return render_template("referrals/mine.html", lines=lines)


@bp.route("/referrals/new", methods=["GET", "POST"])
@login_required
def new():
    """Refer a parent or carer to a digital parenting session."""
    sessions = services.parenting_sessions(db(), now=utcnow())
    form = ReferralForm(sessions=sessions)
    if form.validate_on_submit():
        try:
            referral = carry_out(
                services.refer_parent,
                event_id=int(form.event.data),
                parent=form.parent(),
                referrer_id=current_user.id,
                now=utcnow(),
            )
        except Refused as refusal:
            add_service_error(form, refusal, default_field="event")
        else:
            flash(f"Referral made: {_told(referral)}", "success")  # no name in the cookie
            return redirect(url_for("referrals.mine"))
    return render_template("referrals/new.html", form=form, sessions=sessions)


def _told(referral) -> str:
    if referral.parent_email:
        return "we have emailed them an invitation."
    return "we will call them and send a letter with the session's details."


@bp.get("/manage/referrals")
@organisers_only
def manage():
    """Every referral, counted per session and by referring team, with how to reach each
    parent and, for those with no email, their letter."""
    lines = services.all_referrals(db(), now=utcnow())
    per_session = services.tallies(
        lines, lambda line: f"{line.event_title}, {date_range(line.starts_at, line.ends_at)}"
    )
    by_team = services.tallies(lines, lambda line: line.team or "No team given")
    return render_template(
        "referrals/manage.html", lines=lines, per_session=per_session, by_team=by_team
    )


@bp.get("/manage/referrals/<int:referral_id>/letter")
@organisers_only
def letter(referral_id: int):
    """A printable letter inviting a parent with no email address."""
    found = services.letter(db(), referral_id=referral_id, now=utcnow())
    ticket = public_links().ticket(found.booking.ticket_token)
    held = found.status == services.PLACE_CONFIRMED
    return render_template(
        "referrals/letter.html",
        letter=found,
        facts=emails.session_facts(found.booking),
        qr=qr_svg(ticket, label="QR code of your ticket: show it at the door") if held else "",
    )
