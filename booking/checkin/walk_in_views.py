"""Adding a walk-in at the door: name, email, organisation and sector, checked in at once."""

from flask import render_template, url_for
from flask_login import current_user, login_required

from booking.checkin.door_views import show_door
from booking.checkin.forms import WalkInForm
from booking.checkin.results import DoorResult
from booking.checkin.views import bp, worked_door
from booking.checkin.walk_ins import WalkedIn, WalkInPlace, add_walk_in
from booking.core.clock import utcnow
from booking.core.errors import Refused
from booking.web.database import carry_out
from booking.web.forms import add_service_error


def door_page(event_id: int) -> str:
    """The door page's address."""
    return url_for("door.door", event_id=event_id)


@bp.route("/door/<int:event_id>/walk-in", methods=["GET", "POST"])
@login_required
def walk_in(event_id: int):
    """Add someone who came without a booking, and check them in at once; the door page
    answers, naming them as typed. It is shown in answer to the POST, not kept for a redirect:
    the typed name would sit in the session cookie, which is signed, not encrypted."""
    event = worked_door(event_id)
    form = WalkInForm()
    if form.validate_on_submit():
        try:
            walked_in = carry_out(
                add_walk_in,
                event_id=event.id,
                person=form.walk_in(),
                by_id=current_user.id,
                now=utcnow(),
            )
        except Refused as refusal:
            add_service_error(form, refusal)
        else:
            return show_door(event, result=_as_typed(walked_in, form))
    return render_template("checkin/walk_in.html", event=event, form=form, door_url=door_page)


def _as_typed(walked_in: WalkedIn, form: WalkInForm) -> DoorResult:
    """The door's answer naming the person as the trainer typed them: when the address is an
    account's, its holder's own name is not disclosed."""
    typed = ", ".join(part for part in (form.name.data, form.organisation.data) if part)
    result = walked_in.result
    if walked_in.place == WalkInPlace.HAD_A_PLACE:
        detail = f"{typed} (already booked on this event)"
    else:
        detail = f"{typed} (walk-in)"
    return DoorResult(result.outcome, result.headline, detail, result.booking_id)
