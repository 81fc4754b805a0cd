"""What a ticket link opens (any phone's camera reads the QR code): the ticket for its holder;
for someone who works the event's door, the person and a "Check in" (or "Undo") button; for
anyone else nothing about the ticket."""

from flask import redirect, render_template, url_for
from flask_login import current_user, login_required

from booking.bookings import tickets
from booking.bookings.choices import chosen_workshops
from booking.bookings.models import Booking, BookingStatus
from booking.bookings.views import ticket_page
from booking.checkin import services
from booking.checkin.access import works_door
from booking.checkin.door_views import keep_result, last_result
from booking.checkin.models import Via
from booking.checkin.results import HEADLINES, DoorResult, Outcome
from booking.checkin.views import bp, worked_door
from booking.core.clock import utcnow
from booking.events.models import Event, EventStatus
from booking.web.database import db
from booking.web.security import current_person_id


@bp.get("/t/<token>")
def ticket_link(token: str):
    """The ticket for its holder; the check-in for door staff of its event (and links to the
    doors they work of the workshops a delegate chose); "not yours" for anyone else."""
    booking = tickets.find_by_token(db(), token)
    if tickets.holds_ticket(booking, current_person_id()):
        return ticket_page(booking)
    at_door = current_user.is_authenticated and _works(booking.event)
    workshops = _workshop_doors(booking) if current_user.is_authenticated else []
    if not at_door and not workshops:
        return render_template("tickets/not_yours.html"), 403
    live = services.live_check_in(db(), booking.id) if at_door else None
    return render_template(
        "checkin/ticket_check_in.html",
        booking=booking,
        token=token,
        at_door=at_door,
        refusal=None if tickets.admits(booking) else _refusal(booking),
        live=live,
        result=last_result(booking.event_id),
        workshops=workshops,
    )


def _refusal(booking: Booking) -> DoorResult:
    """Why a ticket that does not admit cannot be checked in, as the door says it."""
    if booking.event.status == EventStatus.CANCELLED:
        outcome = Outcome.EVENT_CANCELLED
    elif booking.status == BookingStatus.CANCELLED:
        outcome = Outcome.CANCELLED
    else:
        outcome = Outcome.WAITING_LIST
    return DoorResult(outcome, HEADLINES[outcome], "This ticket cannot be checked in.")


def _works(event: Event) -> bool:
    return event.status != EventStatus.DRAFT and works_door(
        event, person_id=current_user.id, role=current_user.role
    )


def _workshop_doors(booking: Booking) -> list[Booking]:
    """The delegate's chosen workshops whose doors the viewer works."""
    return [held for held in chosen_workshops(db(), booking) if _works(held.event)]


@bp.post("/t/<token>/check-in")
@login_required
def ticket_check_in(token: str):
    """Check in the ticket's holder from the ticket link (door staff only)."""
    booking = tickets.find_by_token(db(), token)
    event = worked_door(booking.event_id)
    result = services.check_in(
        db(), event=event, booking=booking, by_id=current_user.id, now=utcnow(), via=Via.TICKET_LINK
    )
    db().commit()
    keep_result(event.id, result)
    return redirect(url_for("door.ticket_link", token=token))


@bp.post("/t/<token>/undo")
@login_required
def ticket_undo(token: str):
    """Undo the check-in of the ticket's holder from the ticket link (door staff only)."""
    booking = tickets.find_by_token(db(), token)
    event = worked_door(booking.event_id)
    result = services.undo(db(), event=event, booking=booking, by_id=current_user.id, now=utcnow())
    db().commit()
    keep_result(event.id, result)
    return redirect(url_for("door.ticket_link", token=token))
