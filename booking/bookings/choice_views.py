"""What a person chooses for their booking after making it: a delegate's conference workshops,
and the needs they tell the trainers. (Routes on the bookings blueprint.)"""

from flask import flash, redirect, render_template, url_for
from flask_login import current_user, login_required

from booking.bookings import services
from booking.bookings.forms import NeedsForm, radio_items, workshops_form
from booking.bookings.models import BookingStatus
from booking.bookings.needs import (
    NEEDS_KEPT_FOR,
    NEEDS_LENGTH,
    Needs,
    needs_deleted_after,
    update_needs,
)
from booking.bookings.views import bp
from booking.bookings.workshops import WorkshopsChosen, choose_workshops, workshop_choices
from booking.core.clock import utcnow
from booking.core.errors import NotFound, Refused
from booking.web.database import carry_out, db
from booking.web.forms import add_service_error

SAVED = "saved"  # the flash category a page shows beside its form, not at the top


@bp.route("/bookings/<int:booking_id>/workshops", methods=["GET", "POST"])
@login_required
def workshops(booking_id: int):
    """Choose your workshops: one group of radios per time slot, saved in one step; after
    saving, back to the same place on the page (POST-redirect-GET with a fragment)."""
    booking = services.get_own_booking(db(), booking_id=booking_id, person_id=current_user.id)
    if not booking.event.is_conference:
        raise NotFound("Booking not found")
    slots = workshop_choices(db(), booking)
    form = workshops_form(slots)
    if form.validate_on_submit():
        try:
            chosen = carry_out(
                choose_workshops,
                booking_id=booking.id,
                person_id=current_user.id,
                choices=form.chosen(),
                now=utcnow,
            )
        except Refused as refusal:
            add_service_error(form, refusal)
        else:
            flash(_saved_message(chosen), SAVED)
            return redirect(url_for("bookings.workshops", booking_id=booking.id, _anchor=SAVED))
    return render_template(
        "bookings/workshops.html",
        booking=booking,
        slots=slots,
        form=form,
        radio_items=radio_items,
        saved=SAVED,
        can_choose=booking.status == BookingStatus.CONFIRMED,
        now=utcnow(),
    )


def _saved_message(chosen: WorkshopsChosen) -> str:
    if not chosen.changed:
        return "Your workshops are saved. Nothing had changed."
    said = [
        *(f"You are number {n} on the waiting list for {title}." for title, n in chosen.waiting),
        *(f"You no longer have a place on {title}." for title in chosen.given_up),
    ]
    return " ".join(
        ["Your workshops are saved. We will email you your ticket listing them.", *said]
    )


@bp.route("/bookings/<int:booking_id>/needs", methods=["GET", "POST"])
@login_required
def needs(booking_id: int):
    """Tell the trainers about access or dietary needs, until the event starts."""
    booking = services.get_own_booking(db(), booking_id=booking_id, person_id=current_user.id)
    form = NeedsForm(
        obj=Needs(booking.access_needs, booking.dietary_needs, booking.notes_for_trainer)
    )
    if form.validate_on_submit():
        try:
            carry_out(
                update_needs,
                booking_id=booking.id,
                person_id=current_user.id,
                needs=form.needs(),
                now=utcnow(),
            )
        except Refused as refusal:
            add_service_error(form, refusal)
        else:
            flash("Your needs are saved. Only the trainers and organisers can see them.", "success")
            return redirect(url_for("bookings.ticket", booking_id=booking.id))
    return render_template(
        "bookings/needs.html",
        booking=booking,
        form=form,
        deleted_after=needs_deleted_after(booking.event),
        max_length=NEEDS_LENGTH,
        kept_days=NEEDS_KEPT_FOR.days,
        can_change=booking.can_change(utcnow()),
    )
