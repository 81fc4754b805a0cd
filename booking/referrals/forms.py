"""The referral form: which session, the parent's name and how to reach them, and that they
agreed; nothing about the family's circumstances."""

from govuk_frontend_wtf.wtforms_widgets import (
    GovCheckboxInput,
    GovRadioInput,
    GovSubmitInput,
    GovTextInput,
)
from wtforms import BooleanField, EmailField, RadioField, StringField, SubmitField, TelField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import Email, InputRequired, Length, Optional, Regexp

from booking.core.formatting import date_range
from booking.referrals.services import Parent
from booking.web.forms import Form


class ReferralForm(Form):
    event = RadioField(
        "Which session?",
        widget=GovRadioInput(),
        validators=[InputRequired("Select a session")],
    )
    name = StringField(
        "Parent or carer's full name",
        widget=GovTextInput(),
        validators=[
            InputRequired("Enter the parent or carer's full name"),
            Length(max=120, message="Full name must be 120 characters or fewer"),
        ],
    )
    email = EmailField(
        "Parent's email address",
        widget=GovTextInput(),
        description="Give an email address or a phone number, or both. We email them an "
        "invitation holding their place",
        validators=[
            Optional(),
            Length(max=254, message="Email address must be 254 characters or fewer"),
            Email(
                "Enter an email address in the correct format, like name@example.org",
                check_deliverability=False,
                allow_smtputf8=False,
            ),
        ],
    )
    phone = TelField(
        "Parent's phone number",
        widget=GovTextInput(),
        description="If they have no email address, the organisers call them and can print a "
        "letter with the session's details for you to give them",
        validators=[
            Optional(),
            Length(max=40, message="Phone number must be 40 characters or fewer"),
            Regexp(
                r"^\+?[0-9 ()-]{6,}$",
                message="Enter a phone number, like 01632 960 001 or +44 7700 900 982",
            ),
        ],
    )
    agreed = BooleanField(
        "The parent or carer agreed to be referred",
        widget=GovCheckboxInput(),
        validators=[InputRequired("Confirm that the parent or carer agreed to be referred")],
    )
    submit = SubmitField("Refer", widget=GovSubmitInput())

    def __init__(self, *args, sessions=(), **kwargs):
        """``sessions``: the events a parent can be referred to."""
        super().__init__(*args, **kwargs)
        self.event.choices = [
            SelectChoice(
                str(event.id), f"{event.title}, {date_range(event.starts_at, event.ends_at)}"
            )
            for event in sessions
        ]

    def parent(self) -> Parent:
        return Parent(
            name=self.name.data or "",
            email=self.email.data or "",
            phone=self.phone.data or "",
            agreed=bool(self.agreed.data),
        )
