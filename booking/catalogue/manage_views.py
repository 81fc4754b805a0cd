"""Organisers: create, edit, publish, cancel and duplicate events and conference workshops."""

from functools import partial

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user
from wtforms.fields.choices import SelectChoice

from booking.bookings.event_changes import cancel_event, cancellation_reach, update_event
from booking.catalogue.forms import FORM_FIELDS, CancelEventForm, EventForm, WorkshopForm
from booking.catalogue.manage_list import managed_events
from booking.core.clock import utcnow
from booking.core.errors import InvalidEvent, Refused
from booking.core.formatting import local
from booking.events import editing
from booking.events.models import EventKind
from booking.events.rules import get_event
from booking.web.database import carry_out, db
from booking.web.forms import ConfirmForm, add_service_error
from booking.web.security import organisers_only

bp = Blueprint("manage", __name__, url_prefix="/manage")


def _event(event_id: int):
    return get_event(db(), event_id, include_drafts=True)


def _with_trainers(form):
    form.trainers.choices = [SelectChoice(t.id, t.name) for t in editing.trainers(db())]
    return form


@bp.get("/events")
@organisers_only
def events():
    """Every event, drafts included, with its places booked and waiting and the actions an
    organiser can take; ``q`` searches titles (words of a title: no personal data)."""
    search = request.args.get("q", "")[:100]
    return render_template(
        "manage/events.html",
        events=managed_events(db(), now=utcnow(), search=search),
        search=search,
        draft_workshops=editing.draft_workshops,
        form=ConfirmForm(),
        can_cancel=partial(editing.can_cancel, now=utcnow()),
        now=utcnow(),  # events that have started link to their attendance
    )


@bp.route("/events/new", methods=["GET", "POST"])
@organisers_only
def new_event():
    form = _with_trainers(EventForm())
    if form.validate_on_submit():
        try:
            event = carry_out(
                editing.create_event, form.details(), actor_id=current_user.id, now=utcnow()
            )
        except Refused as refusal:
            add_service_error(form, refusal, fields=FORM_FIELDS)
        else:
            flash(f"{event.title} has been saved as a draft.", "success")
            return redirect(url_for("manage.events"))
    elif form.is_submitted():
        _add_broken_rules(form)
    return render_template("manage/event_form.html", form=form, heading="Create an event")


@bp.route("/events/<int:event_id>/workshops/new", methods=["GET", "POST"])
@organisers_only
def new_workshop(event_id: int):
    conference = _event(event_id)
    if not conference.is_conference:
        abort(404)
    form = _with_trainers(WorkshopForm())
    if not form.is_submitted():
        form.day.data = local(conference.starts_at).date()
    if form.validate_on_submit():
        try:
            workshop = carry_out(
                editing.create_event,
                form.details(EventKind.WORKSHOP),
                actor_id=current_user.id,
                now=utcnow(),
                parent_id=conference.id,
            )
        except Refused as refusal:
            add_service_error(form, refusal, fields=FORM_FIELDS)
        else:
            flash(f"Workshop {workshop.title} has been saved as a draft.", "success")
            return redirect(url_for("manage.events"))
    elif form.is_submitted():
        _add_broken_rules(form, EventKind.WORKSHOP, parent=conference)
    return render_template(
        "manage/event_form.html", form=form, heading=f"Add a workshop to {conference.title}"
    )


@bp.route("/events/<int:event_id>/edit", methods=["GET", "POST"])
@organisers_only
def edit_event(event_id: int):
    event = _event(event_id)
    form = _with_trainers(WorkshopForm() if event.is_workshop else EventForm())
    if not form.is_submitted():
        form.fill_from(event, now=utcnow())
    kind = EventKind.WORKSHOP if event.is_workshop else None
    if form.validate_on_submit():
        try:
            carry_out(
                update_event, event.id, form.details(kind), actor_id=current_user.id, now=utcnow()
            )
        except Refused as refusal:
            add_service_error(form, refusal, fields=FORM_FIELDS)
        else:
            flash(f"{event.title} has been updated.", "success")
            return redirect(url_for("manage.events"))
    elif form.is_submitted():
        _add_broken_rules(form, kind, parent=event.parent, kept=editing.kept_start(event))
    return render_template("manage/event_form.html", form=form, heading=f"Edit {event.title}")


@bp.post("/events/<int:event_id>/publish")
@organisers_only
def publish(event_id: int):
    """Put a draft in the catalogue."""
    event = _event(event_id)
    if not ConfirmForm().validate_on_submit():
        abort(400)
    if _carried_out(editing.publish_event, event.id):
        flash(f"{event.title} is published.", "success")
    return redirect(url_for("manage.events"))


@bp.post("/events/<int:event_id>/duplicate")
@organisers_only
def duplicate(event_id: int):
    """Make a draft copy, and open it to be changed: a copy usually needs a new date."""
    event = _event(event_id)
    if not ConfirmForm().validate_on_submit():
        abort(400)
    copy = _carried_out(editing.duplicate_event, event.id)
    if copy is None:
        return redirect(url_for("manage.events"))
    flash(f"A draft copy of {event.title} has been made: change what differs.", "success")
    return redirect(url_for("manage.edit_event", event_id=copy.id))


@bp.route("/events/<int:event_id>/cancel", methods=["GET", "POST"])
@organisers_only
def cancel(event_id: int):
    """Ask 'Are you sure?', saying who will be emailed and taking a message for them, then
    cancel the event."""
    event = _event(event_id)
    form = CancelEventForm()
    if form.validate_on_submit():
        if _carried_out(cancel_event, event.id, message=form.message.data or ""):
            flash(f"{event.title} is cancelled.", "success")
        return redirect(url_for("manage.events"))
    now = utcnow()
    try:
        editing.ensure_cancellable(event, now)
    except Refused as refusal:
        flash(refusal.message, "error")
        return redirect(url_for("manage.events"))
    reach = cancellation_reach(db(), event, now=now)
    return render_template("manage/cancel.html", event=event, reach=reach, form=form)


def _add_broken_rules(form, kind=None, *, parent=None, kept=None) -> None:
    """Beside the form's own messages, the event rules the details break, so that every
    problem shows at once rather than one after another."""
    details = form.readable_details(kind)
    found = details and editing.problems(details, parent, now=utcnow(), current_start=kept)
    if found:
        add_service_error(form, InvalidEvent.of(found), fields=FORM_FIELDS)


def _carried_out(service, event_id: int, **values):
    """What the service returns, committed; None, with the refusal flashed, when it refuses."""
    try:
        return carry_out(service, event_id, actor_id=current_user.id, now=utcnow(), **values)
    except Refused as refusal:
        flash(refusal.message, "error")
        return None
