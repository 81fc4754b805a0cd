"""Organisers: create, edit, publish, cancel and duplicate events and conference workshops."""

from functools import partial

from flask import abort, flash, redirect, render_template, url_for
from wtforms.fields.choices import SelectChoice

from booking.formatting import local
from booking.models import EventKind, Role, utcnow
from booking.services import event_admin
from booking.services.errors import BookingError, NotFound
from booking.services.events import get_event
from booking.web.bookings.forms import ConfirmForm
from booking.web.database import db
from booking.web.forms import add_service_error
from booking.web.manage import bp
from booking.web.manage.forms import FORM_FIELDS, EventForm, WorkshopForm
from booking.web.security import role_required

organisers_only = role_required(Role.ORGANISER)


def _event_or_404(event_id: int):
    try:
        return get_event(db(), event_id, include_drafts=True)
    except NotFound:
        abort(404)


def _with_trainers(form):
    form.trainers.choices = [SelectChoice(t.id, t.name) for t in event_admin.trainers(db())]
    return form


@bp.get("/events")
@organisers_only
def events():
    """Every event, drafts included, with the actions an organiser can take."""
    return render_template(
        "manage/events.html",
        events=event_admin.events_for_organisers(db()),
        form=ConfirmForm(),
        can_cancel=partial(event_admin.can_cancel, now=utcnow()),
    )


@bp.route("/events/new", methods=["GET", "POST"])
@organisers_only
def new_event():
    form = _with_trainers(EventForm())
    if form.validate_on_submit():
        try:
            event = event_admin.create_event(db(), form.details(), now=utcnow())
            db().commit()
        except BookingError as error:
            db().rollback()
            add_service_error(form, error, fields=FORM_FIELDS)
        else:
            flash(f"{event.title} has been saved as a draft.", "success")
            return redirect(url_for("manage.events"))
    return render_template("manage/event_form.html", form=form, heading="Create an event")


@bp.route("/events/<int:event_id>/workshops/new", methods=["GET", "POST"])
@organisers_only
def new_workshop(event_id: int):
    conference = _event_or_404(event_id)
    if not conference.is_conference:
        abort(404)
    form = _with_trainers(WorkshopForm())
    if not form.is_submitted():
        form.day.data = local(conference.starts_at).date()
    if form.validate_on_submit():
        try:
            workshop = event_admin.create_event(
                db(), form.details(EventKind.WORKSHOP), now=utcnow(), parent_id=conference.id
            )
            db().commit()
        except BookingError as error:
            db().rollback()
            add_service_error(form, error, fields=FORM_FIELDS)
        else:
            flash(f"Workshop {workshop.title} has been saved as a draft.", "success")
            return redirect(url_for("manage.events"))
    return render_template(
        "manage/event_form.html", form=form, heading=f"Add a workshop to {conference.title}"
    )


@bp.route("/events/<int:event_id>/edit", methods=["GET", "POST"])
@organisers_only
def edit_event(event_id: int):
    event = _event_or_404(event_id)
    form = _with_trainers(WorkshopForm() if event.is_workshop else EventForm())
    if not form.is_submitted():
        form.fill_from(event)
    if form.validate_on_submit():
        kind = EventKind.WORKSHOP if event.is_workshop else None
        try:
            event_admin.update_event(db(), event.id, form.details(kind), now=utcnow())
            db().commit()
        except BookingError as error:
            db().rollback()
            add_service_error(form, error, fields=FORM_FIELDS)
        else:
            flash(f"{event.title} has been updated.", "success")
            return redirect(url_for("manage.events"))
    return render_template("manage/event_form.html", form=form, heading=f"Edit {event.title}")


_ACTIONS = {
    "publish": (event_admin.publish_event, "{title} is published."),
    "cancel": (event_admin.cancel_event, "{title} is cancelled."),
    "duplicate": (event_admin.duplicate_event, "A draft copy of {title} has been made."),
}


@bp.post("/events/<int:event_id>/<any(publish, duplicate):action>")
@organisers_only
def act(event_id: int, action: str):
    """Publish or duplicate an event."""
    event = _event_or_404(event_id)
    if not ConfirmForm().validate_on_submit():
        abort(400)
    return _carry_out(event, action)


@bp.route("/events/<int:event_id>/cancel", methods=["GET", "POST"])
@organisers_only
def cancel(event_id: int):
    """Ask 'Are you sure?', saying who will be emailed, then cancel the event."""
    event = _event_or_404(event_id)
    form = ConfirmForm()
    if form.validate_on_submit():
        return _carry_out(event, "cancel")
    now = utcnow()
    try:
        event_admin.ensure_cancellable(event, now)
    except BookingError as error:
        flash(error.message, "error")
        return redirect(url_for("manage.events"))
    reach = event_admin.cancellation_reach(db(), event, now=now)
    return render_template("manage/cancel.html", event=event, reach=reach, form=form)


def _carry_out(event, action: str):
    service, message = _ACTIONS[action]
    try:
        service(db(), event.id, now=utcnow())
        db().commit()
    except BookingError as error:
        db().rollback()
        flash(error.message, "error")
    else:
        flash(message.format(title=event.title), "success")
    return redirect(url_for("manage.events"))
