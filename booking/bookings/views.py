"""Booking a place, the person's bookings, their ticket, calendar and cancellation (the ticket
link a QR code opens is the door's: ``checkin.ticket_views``)."""

from flask import Blueprint, flash, redirect, render_template, url_for
from flask_login import current_user, login_required

from booking.bookings import services, tickets
from booking.bookings.calendars import booking_calendar
from booking.bookings.choices import (
    choice_line,
    chosen_workshops,
    conference_booking_of,
    describe_choices,
)
from booking.bookings.models import Booking, BookingStatus
from booking.bookings.places import waitlist_position, waitlist_reason
from booking.core.clock import utcnow
from booking.core.errors import NotFound, Refused
from booking.core.qr import qr_svg
from booking.events.rules import get_event
from booking.web.database import carry_out, db
from booking.web.forms import ConfirmForm
from booking.web.responses import ics_response, public_links

bp = Blueprint("bookings", __name__)


@bp.post("/events/<int:event_id>/book")
@login_required
def book(event_id: int):
    """Book the signed-in person onto an event, or onto its waiting list.

    The button's form holds nothing but its CSRF token, which CSRFProtect has checked already.
    """
    try:
        booked = carry_out(
            services.book_place, event_id=event_id, person_id=current_user.id, now=utcnow
        )
    except Refused as refusal:
        flash(refusal.message, "error")
        return redirect(_page_of(event_id))
    flash(_booked_message(booked), "success")
    if booked.is_conference and booked.status == BookingStatus.CONFIRMED:
        return redirect(url_for("bookings.workshops", booking_id=booked.booking_id))
    return redirect(url_for("bookings.ticket", booking_id=booked.booking_id))


def _page_of(event_id: int) -> str:
    """Where an event is booked: its page (a workshop's, its conference's)."""
    event = get_event(db(), event_id, include_drafts=True)
    return url_for("catalogue.event", event_id=event.parent_id or event.id)


def _booked_message(booked: services.Booked) -> str:
    if booked.status == BookingStatus.CONFIRMED:
        return f"You have a place on {booked.event_title}."
    if booked.held_back:
        return (
            f"{booked.held_back}. You are number {booked.waitlist_position} on the waiting "
            "list; we will give you a place automatically when your organisation can have one."
        )
    return (
        f"{booked.event_title} is fully booked. You are number {booked.waitlist_position} on "
        "the waiting list; we will give you a place automatically if one becomes free."
    )


@bp.get("/bookings")
@login_required
def mine():
    """My bookings: upcoming and past, with tickets and waiting-list positions."""
    items = services.bookings_of(db(), current_user.id)
    positions = {
        b.id: waitlist_position(db(), b) for b in items if b.status == BookingStatus.WAITLISTED
    }
    workshops = {  # a conference's workshops are listed under it
        b.event_id: [w for w in items if w.event.parent_id == b.event_id and w.is_live]
        for b in items
        if b.event.is_conference and b.is_live
    }
    items = [b for b in items if not b.event.is_workshop]
    held_back = {b.id: waitlist_reason(db(), b) for b in items if b.id in positions}
    now = utcnow()
    return render_template(
        "bookings/mine.html",
        upcoming=[b for b in items if b.event.ends_at > now and b.is_live],
        past=[b for b in items if b.event.ends_at <= now and b.is_live],
        cancelled=[b for b in items if not b.is_live],
        positions=positions,
        held_back=held_back,
        workshops=workshops,
    )


def _own(booking_id: int) -> Booking:
    return services.get_own_booking(db(), booking_id=booking_id, person_id=current_user.id)


@bp.get("/bookings/<int:booking_id>/ticket")
@login_required
def ticket(booking_id: int):
    """The ticket: a QR code of the ticket link, to show at the door."""
    return ticket_page(_own(booking_id))


def ticket_page(booking: Booking):
    """The booking's page, for its holder (the ticket link shows it them too): a ticket with its
    QR code for a place that can be checked in; for a waiting-list place, its position and what
    happens next; a cancellation said plainly."""
    if booking.event.is_workshop:  # the delegate's ticket is the conference's
        conference_booking = conference_booking_of(db(), booking)
        return redirect(url_for("bookings.ticket", booking_id=conference_booking.id))
    ticket_url = public_links().ticket(booking.ticket_token)
    label = f"QR code of your ticket for {booking.event.title}"
    workshops = chosen_workshops(db(), booking)
    return render_template(
        "bookings/ticket.html",
        booking=booking,
        qr=qr_svg(ticket_url, label=label) if tickets.admits(booking) else None,
        ticket_url=ticket_url,
        position=waitlist_position(db(), booking),
        held_back=waitlist_reason(db(), booking),
        workshops=workshops,
        workshop_positions=_positions(workshops),
        choice_line=choice_line,
        can_change=booking.can_change(utcnow()),
        ticket_code=tickets.ticket_code,
    )


def _positions(bookings: list[Booking]) -> dict[int, int | None]:
    return {booking.id: waitlist_position(db(), booking) for booking in bookings}


@bp.get("/bookings/<int:booking_id>.ics")
@login_required
def calendar(booking_id: int):
    """The booking as an .ics file, linking to the ticket, for a place held or given up (a
    waiting-list place is not a ticket, and a workshop is in its conference's entry)."""
    booking = _own(booking_id)
    if booking.status == BookingStatus.WAITLISTED or booking.event.is_workshop:
        raise NotFound("No calendar file for this booking")
    links = public_links()
    body = booking_calendar(
        booking,
        ticket_url=links.ticket(booking.ticket_token),
        host=links.host,
        now=utcnow(),
        workshops=describe_choices(chosen_workshops(db(), booking)),
    )
    return ics_response(body, f"booking-{booking.id}.ics", personal=True)


@bp.route("/bookings/<int:booking_id>/cancel", methods=["GET", "POST"])
@login_required
def cancel(booking_id: int):
    """Ask 'Are you sure?', then cancel; the freed place goes to the waiting list."""
    booking = _own(booking_id)
    if not booking.is_live:
        flash(_given_up_message(booking, "is already cancelled", "already left"), "info")
        return redirect(url_for("bookings.mine"))
    form = ConfirmForm()
    if not form.validate_on_submit():
        return render_template("bookings/cancel.html", booking=booking, form=form)
    try:
        carry_out(
            services.cancel_booking, booking_id=booking.id, person_id=current_user.id, now=utcnow()
        )
    except Refused as refusal:
        flash(refusal.message, "error")
    else:
        flash(_given_up_message(booking, "has been cancelled", "left"), "success")
    return redirect(url_for("bookings.mine"))


def _given_up_message(booking: Booking, cancelled: str, left: str) -> str:
    """A place given up is a booking cancelled; a waiting-list place, a waiting list left."""
    if booking.status == BookingStatus.WAITLISTED or booking.left_waiting_list:
        return f"You have {left} the waiting list for {booking.event.title}."
    return f"Your booking for {booking.event.title} {cancelled}."
