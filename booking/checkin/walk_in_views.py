"""Adding a walk-in at the door: name, email, organisation and sector, checked in at once."""

from flask import flash, redirect, render_template, url_for
from flask_login import current_user, login_required
from govuk_frontend_wtf.wtforms_widgets import GovRadioInput, GovSubmitInput, GovTextInput
from wtforms import EmailField, RadioField, StringField, SubmitField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import Email, InputRequired, Length

from booking.accounts.models import SECTOR_LABELS, Sector
from booking.checkin.views import bp, worked_door
from booking.checkin.walk_ins import WalkIn, add_walk_in
from booking.core.clock import utcnow
from booking.core.errors import Refused
from booking.web.database import carry_out
from booking.web.forms import Form, add_service_error


class WalkInForm(Form):
    name = StringField(
        "Full name",
        widget=GovTextInput(),
        validators=[
            InputRequired("Enter the person's full name"),
            Length(max=120, message="Full name must be 120 characters or fewer"),
        ],
    )
    email = EmailField(
        "Email address",
        widget=GovTextInput(),
        description="If they have an account, the place joins it",
        validators=[
            InputRequired("Enter the person's email address"),
            Length(max=254, message="Email address must be 254 characters or fewer"),
            Email(
                "Enter an email address in the correct format, like name@example.org",
                check_deliverability=False,
                allow_smtputf8=False,
            ),
        ],
    )
    organisation = StringField(
        "Organisation",
        widget=GovTextInput(),
        description="For example, the name of their school, team or service",
        validators=[
            InputRequired("Enter the name of the person's organisation"),
            Length(max=200, message="Organisation must be 200 characters or fewer"),
        ],
    )
    sector = RadioField(
        "Which sector do they work in?",
        widget=GovRadioInput(),
        choices=[SelectChoice(sector.value, label) for sector, label in SECTOR_LABELS.items()],
        validators=[InputRequired("Select the sector the person works in")],
    )
    submit = SubmitField("Add and check in", widget=GovSubmitInput())

    def walk_in(self) -> WalkIn:
        return WalkIn(
            name=self.name.data,
            email=self.email.data,
            organisation=self.organisation.data,
            sector=Sector(self.sector.data),
        )


def door_page(event_id: int) -> str:
    """The door page's address."""
    return url_for("door.door", event_id=event_id)


@bp.route("/door/<int:event_id>/walk-in", methods=["GET", "POST"])
@login_required
def walk_in(event_id: int):
    """Add someone who came without a booking, and check them in at once; back to the door
    page with the result."""
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
            flash(walked_in.message, walked_in.result.tone)
            return redirect(door_page(event.id))
    return render_template("checkin/walk_in.html", event=event, form=form, door_url=door_page)
