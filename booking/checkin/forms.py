"""The door's forms, which work without JavaScript: a ticket's code typed in, a search of the
door list by name (a POST, so what was searched for stays out of addresses and logs), a walk-in
added, and one person marked on the register."""

from govuk_frontend_wtf.wtforms_widgets import (
    GovRadioInput,
    GovSubmitInput,
    GovTextInput,
)
from wtforms import EmailField, HiddenField, RadioField, StringField, SubmitField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import AnyOf, Email, InputRequired, Length

from booking.accounts.models import SECTOR_LABELS, Sector
from booking.checkin.phone_input import MAX_CODE_LENGTH
from booking.checkin.walk_ins import WalkIn
from booking.web.forms import Form


class CodeForm(Form):
    code = StringField(
        "Type the ticket code",
        widget=GovTextInput(),
        validators=[
            InputRequired("Enter the ticket code"),
            Length(max=MAX_CODE_LENGTH, message="Not a ticket for this event"),
        ],
    )


class FindForm(Form):
    q = StringField(
        "Find by name",
        widget=GovTextInput(),
        validators=[
            Length(max=200, message="Name or organisation must be 200 characters or fewer")
        ],
    )


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


class MarkForm(Form):
    attended = HiddenField(validators=[InputRequired(), AnyOf(["yes", "no"])])
