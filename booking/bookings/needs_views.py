"""What people booked on an event told its trainers, for its trainers and organisers.
(Routes on the bookings blueprint.)"""

from flask import render_template
from flask_login import current_user, login_required

from booking.bookings.needs import NEEDS_KEPT_FOR, event_needs, needs_deleted_after
from booking.bookings.views import bp
from booking.core.clock import utcnow
from booking.web.database import carry_out


@bp.get("/manage/events/<int:event_id>/needs")
@login_required
def event_needs_page(event_id: int):
    """Access and dietary needs of the people booked, by name: the event's trainers and the
    organisers only, each viewing audited, never cached."""
    event, given = carry_out(
        event_needs,
        event_id=event_id,
        viewer_id=current_user.id,
        is_organiser=current_user.is_organiser,
        now=utcnow(),
    )
    page = render_template(
        "bookings/event_needs.html",
        event=event,
        given=given,
        deleted_after=needs_deleted_after(event),
        kept_days=NEEDS_KEPT_FOR.days,
    )
    return page, {"Cache-Control": "no-store"}
