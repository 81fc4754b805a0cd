"""Training leads' pages: the lead's organisation, asking to be its lead, and the organiser's
decisions. A lead sees their own organisation's people only: any other is a 403."""

from flask import Blueprint, abort, flash, g, redirect, render_template, url_for
from flask_login import current_user, login_required

from booking.accounts.leads import led_organisation_id
from booking.catalogue.listing import CatalogueFilters, list_events
from booking.core.clock import utcnow
from booking.core.errors import Refused
from booking.events.models import EventKind
from booking.events.rules import BookingState
from booking.reports import leads
from booking.web.database import carry_out, db
from booking.web.forms import ConfirmForm
from booking.web.security import organisers_only

bp = Blueprint("leads", __name__)


@bp.app_context_processor
def _lead_navigation():
    """``is_training_lead()`` for the navigation: asked only when a page shows it, once."""

    def is_training_lead() -> bool:
        if "led_organisation" not in g:
            signed_in = current_user.is_authenticated
            g.led_organisation = led_organisation_id(db(), current_user.id) if signed_in else None
        return g.led_organisation is not None

    return {"is_training_lead": is_training_lead}


@bp.get("/lead", defaults={"organisation_id": None})
@bp.get("/lead/<int:organisation_id>")
@login_required
def organisation(organisation_id: int | None):
    """The lead's organisation: its people, their bookings and attendance, certificates and
    renewals due. Anyone who is not this organisation's lead gets a 403."""
    own = led_organisation_id(db(), current_user.id)
    if organisation_id is None:
        organisation_id = own
    if organisation_id is None:
        abort(403)
    overview = leads.organisation_overview(
        db(), person_id=current_user.id, organisation_id=organisation_id, now=utcnow()
    )
    return render_template(
        "leads/organisation.html", overview=overview, courses=_courses_taking_bookings()
    )


def _courses_taking_bookings() -> list:
    """The catalogue's events a colleague can be booked onto now (places or a waiting list),
    but parenting sessions: a colleague's family is not the lead's to see or arrange."""
    listed = list_events(db(), CatalogueFilters(), now=utcnow(), per_page=100).listings
    return [
        item
        for item in listed
        if item.state in (BookingState.OPEN, BookingState.FULL)
        and item.event.kind != EventKind.PARENTING_SESSION
    ]


@bp.route("/lead/request", methods=["GET", "POST"])
@login_required
def request_lead():
    """Ask to be the training lead of one's organisation."""
    form = ConfirmForm()
    if form.validate_on_submit():
        try:
            carry_out(leads.request_lead, person_id=current_user.id, now=utcnow())
        except Refused as refusal:
            flash(refusal.message, "error")
        else:
            flash("You have asked to be your organisation's training lead.", "success")
        return redirect(url_for("leads.request_lead"))
    lead = leads.own_lead_request(db(), current_user.id)
    return render_template("leads/request.html", form=form, lead=lead)


@bp.get("/manage/leads")
@organisers_only
def manage():
    """Requests to be a training lead waiting for a decision, and the approved leads."""
    return render_template(
        "leads/manage.html", leads=leads.leads_to_manage(db()), form=ConfirmForm()
    )


@bp.post("/manage/leads/<int:lead_id>/<decision>")
@organisers_only
def decide(lead_id: int, decision: str):
    """Approve, refuse or end a training lead."""
    try:
        carry_out(
            leads.decide_lead,
            lead_id=lead_id,
            decision=decision,
            by_id=current_user.id,
            now=utcnow(),
        )
    except Refused as refusal:
        flash(refusal.message, "error")
    else:
        flash(_DONE[decision], "success")  # no name: the session cookie is signed, not secret
    return redirect(url_for("leads.manage"))


_DONE = {
    "approve": "Training lead approved",
    "refuse": "Request refused",
    "end": "Training lead ended",
}
