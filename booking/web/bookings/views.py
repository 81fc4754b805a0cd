"""Booking a place, the person's bookings, their ticket, calendar and cancellation."""

from flask import abort, flash, redirect, render_template, url_for
from flask_login import current_user, login_required

from booking.formatting import places_left_text
from booking.models import BookingStatus, utcnow
from booking.services import bookings, calendars, tickets
from booking.services.errors import BookingError, NotFound
from booking.services.events import get_event
from booking.web.bookings import bp
from booking.web.bookings.forms import ConfirmForm
from booking.web.database import db
from booking.web.responses import absolute_url, calendar_host, ics_response


@bp.post("/events/<int:event_id>/book")
@login_required
def book(event_id: int):
    """Book the signed-in person onto an event, or onto its waiting list.

    The button's form holds nothing but its CSRF token, which CSRFProtect has checked already.
    """
    try:
        booking = bookings.book_place(
            db(), event_id=event_id, person_id=current_user.id, now=utcnow()
        )
        outcome = _outcome_message(booking)
        db().commit()
    except NotFound:
        abort(404)
    except BookingError as error:
        db().rollback()
        flash(error.message, "error")
        return redirect(_page_of(event_id))
    flash(outcome, "success")
    if booking.event.parent_id is not None:
        return redirect(url_for("catalogue.event", event_id=booking.event.parent_id))
    return redirect(url_for("bookings.ticket", booking_id=booking.id))


def _page_of(event_id: int) -> str:
    """Where an event is booked: a workshop on its conference's page."""
    try:
        event = get_event(db(), event_id, include_drafts=True)
    except NotFound:
        abort(404)
    return url_for("catalogue.event", event_id=event.parent_id or event.id)


def _outcome_message(booking) -> str:
    """What the booking came to, read before the commit: inside the transaction the
    waiting-list position is the one the lock decided, and no second transaction is opened
    (on PostgreSQL its rollback would also drop the connection's prepared statements)."""
    if booking.status == BookingStatus.CONFIRMED:
        return f"You have a place on {booking.event.title}."
    position = bookings.waitlist_position(db(), booking)
    return (
        f"{booking.event.title} is fully booked. You are number {position} on the "
        "waiting list; we will give you a place automatically if one becomes free."
    )


@bp.get("/bookings")
@login_required
def mine():
    """My bookings: upcoming and past, with tickets and waiting-list positions."""
    items = bookings.bookings_of(db(), current_user.id)
    positions = {
        b.id: bookings.waitlist_position(db(), b)
        for b in items
        if b.status == BookingStatus.WAITLISTED
    }
    now = utcnow()
    return render_template(
        "bookings/mine.html",
        upcoming=[b for b in items if b.event.ends_at > now and b.is_live],
        past=[b for b in items if b.event.ends_at <= now and b.is_live],
        cancelled=[b for b in items if not b.is_live],
        positions=positions,
    )


def _own(booking_id: int):
    try:
        return bookings.get_own_booking(db(), booking_id=booking_id, person_id=current_user.id)
    except NotFound:
        abort(404)


@bp.get("/bookings/<int:booking_id>/ticket")
@login_required
def ticket(booking_id: int):
    """The ticket: a QR code of the ticket link, to show at the door."""
    return render_ticket(_own(booking_id))


def render_ticket(booking):
    """The ticket page; the QR code is drawn only for a place that can be checked in."""
    ticket_url = absolute_url("tickets.show", token=booking.ticket_token)
    label = f"QR code of your ticket for {booking.event.title}"
    qr = tickets.qr_svg(ticket_url, label=label) if tickets.admits(booking) else None
    return render_template(
        "bookings/ticket.html",
        booking=booking,
        qr=qr,
        ticket_url=ticket_url,
        position=bookings.waitlist_position(db(), booking),
        places_left_text=places_left_text,
    )


@bp.get("/bookings/<int:booking_id>.ics")
@login_required
def calendar(booking_id: int):
    """The booking as an .ics file, linking to the ticket."""
    booking = _own(booking_id)
    body = calendars.booking_calendar(
        booking,
        ticket_url=absolute_url("tickets.show", token=booking.ticket_token),
        host=calendar_host(),
        now=utcnow(),
    )
    return ics_response(body, f"booking-{booking.id}.ics")


@bp.route("/bookings/<int:booking_id>/cancel", methods=["GET", "POST"])
@login_required
def cancel(booking_id: int):
    """Ask 'Are you sure?', then cancel; the freed place goes to the waiting list."""
    booking = _own(booking_id)
    if not booking.is_live:
        flash(f"Your booking for {booking.event.title} is already cancelled.", "info")
        return redirect(url_for("bookings.mine"))
    form = ConfirmForm()
    if form.validate_on_submit():
        try:
            bookings.cancel_booking(
                db(), booking_id=booking.id, person_id=current_user.id, now=utcnow()
            )
            db().commit()
        except BookingError as error:
            db().rollback()
            flash(error.message, "error")
            return redirect(url_for("bookings.mine"))
        flash(f"Your booking for {booking.event.title} has been cancelled.", "success")
        return redirect(url_for("bookings.mine"))
    return render_template("bookings/cancel.html", booking=booking, form=form)
