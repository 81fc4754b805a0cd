"""Ticket links from QR codes: /t/<token>.

The holder sees their ticket; anyone else a "not yours" page. Door staff will get the check-in
button here (a later feature), which is why the QR code encodes this link and nothing else.
"""

from flask import abort, render_template

from booking.services import bookings
from booking.services.errors import NotAllowed, NotFound
from booking.web.bookings.views import render_ticket
from booking.web.database import db
from booking.web.security import current_person_id
from booking.web.tickets import bp


@bp.get("/t/<token>")
def show(token: str):
    try:
        booking = bookings.find_by_token(db(), token)
        bookings.ensure_ticket_holder(booking, current_person_id())
    except NotFound:
        abort(404)
    except NotAllowed:
        return render_template("tickets/not_yours.html"), 403
    return render_ticket(booking)
