"""Organisers managing the bookings of an event: who is booked, waiting and cancelled (with
search), booking someone, cancelling with a reason, moving to another date, offering a freed
place, emailing everyone booked; and a training lead booking a colleague (``/lead/book``).

What was done is flashed without the person's name: a flash travels in the session cookie,
which is signed, not encrypted (docs/decisions.md: no names in the session cookie)."""

from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask_login import current_user, login_required
from wtforms.fields.choices import SelectChoice

from booking.accounts.leads import led_organisation_id
from booking.accounts.models import Sector
from booking.accounts.services import account_for
from booking.bookings import on_behalf
from booking.bookings.forms import (
    BookSomeoneForm,
    CancelOnBehalfForm,
    EmailEveryoneForm,
    LeadBookForm,
    MoveForm,
    OfferPlaceForm,
    SearchForm,
)
from booking.bookings.models import Booking, BookingStatus
from booking.bookings.places import confirmed_places, waitlist_reasons
from booking.bookings.roster import event_roster
from booking.bookings.services import find_booking
from booking.core.clock import utcnow
from booking.core.errors import Refused
from booking.core.formatting import date_range
from booking.events.rules import get_event, places_left
from booking.web.database import carry_out, db
from booking.web.forms import add_service_error
from booking.web.security import organisers_only

bp = Blueprint("manage_bookings", __name__)


def _event(event_id: int):
    return get_event(db(), event_id, include_drafts=True)


def _booking(booking_id: int) -> Booking:
    return find_booking(db(), booking_id, None)


def _back_to(event_id: int):
    return redirect(url_for("manage_bookings.event_bookings", event_id=event_id))


def _act(form, action, done, *, default_field: str | None = None, **arguments):
    """Carry out ``action`` for the signed-in organiser now. Done: flash what ``done(result)``
    says (a message without the person's name, and the event to go back to) and redirect
    there. Refused: the refusal goes on the form, and None is returned to show it again."""
    try:
        result = carry_out(action, by_id=current_user.id, now=utcnow(), **arguments)
    except Refused as refusal:
        add_service_error(form, refusal, default_field=default_field)
        return None
    message, event_id = done(result)
    flash(message, "success")
    return _back_to(event_id)


@bp.route("/manage/events/<int:event_id>/bookings", methods=["GET", "POST"])
@organisers_only
def event_bookings(event_id: int):
    """Everyone booked, on the waiting list and cancelled; a POST searches (words only, so
    nothing typed is in a URL)."""
    event = _event(event_id)
    form = SearchForm()
    search = (form.q.data or "") if form.validate_on_submit() else ""
    free = places_left(event.capacity, confirmed_places(db(), event.id))
    roster = event_roster(db(), event.id, search)
    return render_template(
        "bookings/manage/event_bookings.html",
        event=event,
        roster=roster,
        search=search,
        form=form,
        free=free,
        held_back=waitlist_reasons(db(), event, roster.waiting),
    )


@bp.route("/manage/events/<int:event_id>/bookings/new", methods=["GET", "POST"])
@organisers_only
def book_someone(event_id: int):
    """Book an account by its address, or a new person by name, address and organisation."""
    event = _event(event_id)
    form = BookSomeoneForm()
    if form.validate_on_submit():
        person = account_for(db(), form.email.data)
        if person is not None or form.ask_new_person():
            action, arguments = _booking_for(event.id, person, form)
            done = _act(form, action, lambda booked: (booked.message, event.id), **arguments)
            if done:
                return done
    return render_template("bookings/manage/book_someone.html", event=event, form=form)


def _booking_for(event_id: int, person, form: BookSomeoneForm) -> tuple:
    if person is not None:
        return on_behalf.book_on_behalf, {"event_id": event_id, "person_id": person.id}
    return on_behalf.book_new_person, {
        "event_id": event_id,
        "name": form.name.data,
        "email": form.email.data,
        "organisation": form.organisation.data,
        "sector": Sector(form.sector.data),
    }


@bp.route("/manage/bookings/<int:booking_id>/cancel", methods=["GET", "POST"])
@organisers_only
def cancel_booking(booking_id: int):
    """Cancel someone's booking, or take them off the waiting list, for a reason."""
    booking = _booking(booking_id)
    form = CancelOnBehalfForm()
    if booking.is_live and form.validate_on_submit():
        done = _act(
            form,
            on_behalf.cancel_on_behalf,
            lambda _: ("Booking cancelled. We have emailed them.", booking.event_id),
            default_field="reason",
            booking_id=booking.id,
            reason=form.reason.data,
        )
        if done:
            return done
    return _action_page("cancel", booking, form)


def _moved(moved: Booking) -> tuple[str, int]:
    where = "a place" if moved.status == BookingStatus.CONFIRMED else "the waiting list"
    return f"Booking moved, onto {where}. We have emailed them.", moved.event_id


@bp.route("/manage/bookings/<int:booking_id>/move", methods=["GET", "POST"])
@organisers_only
def move_booking(booking_id: int):
    """Move a booking to another date of the same course."""
    booking = _booking(booking_id)
    dates = on_behalf.other_dates(db(), booking, now=utcnow())
    form = MoveForm()
    form.to_event_id.choices = [
        SelectChoice(e.id, date_range(e.starts_at, e.ends_at)) for e in dates
    ]
    if booking.is_live and dates and form.validate_on_submit():
        done = _act(
            form,
            on_behalf.move_booking,
            _moved,
            default_field="to_event_id",
            booking_id=booking.id,
            to_event_id=form.to_event_id.data,
        )
        if done:
            return done
    return _action_page("move", booking, form, dates=dates)


@bp.route("/manage/bookings/<int:booking_id>/offer", methods=["GET", "POST"])
@organisers_only
def offer_place(booking_id: int):
    """Give a free place to someone on the waiting list, out of queue order, saying why."""
    booking = _booking(booking_id)
    form = OfferPlaceForm()
    if booking.status == BookingStatus.WAITLISTED and form.validate_on_submit():
        done = _act(
            form,
            on_behalf.offer_place,
            lambda _: ("Place given. We have emailed them.", booking.event_id),
            default_field="reason",
            booking_id=booking.id,
            reason=form.reason.data,
        )
        if done:
            return done
    return _action_page("offer", booking, form)


def _action_page(action: str, booking: Booking, form, **values):
    return render_template(
        f"bookings/manage/{action}.html",
        booking=booking,
        event=booking.event,
        form=form,
        **values,
    )


@bp.route("/manage/events/<int:event_id>/bookings/email", methods=["GET", "POST"])
@organisers_only
def email_everyone(event_id: int):
    """Email a message to everyone holding a place on the event, through the outbox."""
    event = _event(event_id)
    form = EmailEveryoneForm()
    if form.validate_on_submit():
        done = _act(
            form,
            on_behalf.email_everyone,
            lambda sent: (f"Your message is on its way to {_people(sent)}.", event.id),
            event_id=event.id,
            subject=form.subject.data,
            body=form.body.data,
        )
        if done:
            return done
    booked = confirmed_places(db(), event.id)
    return render_template(
        "bookings/manage/email_everyone.html", event=event, form=form, booked=booked
    )


def _people(count: int) -> str:
    return "1 person" if count == 1 else f"{count} people"


@bp.post("/lead/book")
@login_required
def lead_book():
    """A training lead books a colleague of their organisation onto an event (the colleague
    is emailed and can cancel), back to their organisation's page saying what came of it (a
    form without both ids too, as an error). Anyone else gets a 403 (an organiser's complete
    form is carried out), unknown ids a 404."""
    form = LeadBookForm()
    if not form.validate_on_submit():
        if led_organisation_id(db(), current_user.id) is None:
            abort(403)  # no organisation's page to go back to
        flash("Choose a colleague and a course", "error")
        return redirect(url_for("leads.organisation"))
    try:
        booked = carry_out(
            on_behalf.book_on_behalf,
            event_id=form.event_id.data,
            person_id=form.colleague_id.data,
            by_id=current_user.id,
            now=utcnow(),
        )
    except Refused as refusal:
        flash(refusal.message, "error")
    else:
        flash(booked.message, "success")
    return redirect(url_for("leads.organisation"))
