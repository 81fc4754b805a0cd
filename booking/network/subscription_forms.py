"""The forms of the networks' and subscriptions' pages."""

from govuk_frontend_wtf.wtforms_widgets import (
    GovCheckboxesInput,
    GovFileInput,
    GovSubmitInput,
    GovTextArea,
    GovTextInput,
)
from wtforms import (
    EmailField,
    HiddenField,
    IntegerField,
    SelectMultipleField,
    StringField,
    SubmitField,
    TextAreaField,
)
from wtforms.validators import Email, InputRequired, Length, NumberRange, Optional
from wtforms.widgets import HiddenInput

from booking.network.networks import DESCRIPTION_LENGTH, NAME_LENGTH
from booking.web.forms import FileField, Form


class NetworkForm(Form):
    """An organiser creates a network, or renames one."""

    action = HiddenField(default="network")
    name = StringField(
        "Name",
        widget=GovTextInput(),
        validators=[
            InputRequired("Enter the network's name"),
            Length(max=NAME_LENGTH, message=f"Name must be {NAME_LENGTH} characters or fewer"),
        ],
    )
    description = TextAreaField(
        "Description (optional)",
        widget=GovTextArea(),
        description="Who it is for and what its members are sent",
        validators=[
            Length(
                max=DESCRIPTION_LENGTH,
                message=f"Description must be {DESCRIPTION_LENGTH} characters or fewer",
            )
        ],
    )
    submit = SubmitField("Create network", widget=GovSubmitInput())


class InviteForm(Form):
    """An organiser invites people by address: typed one a line, or a CSV file."""

    action = HiddenField(default="invite")
    addresses = TextAreaField(
        "Email addresses",
        widget=GovTextArea(),
        description="One a line. Each person is emailed an invitation and joins when they say yes",
        validators=[Length(max=100_000, message="Enter fewer addresses at once")],
    )
    upload = FileField(
        "Or upload a CSV file (optional)",
        widget=GovFileInput(),
        description="Its first line names the columns: email, and name if you have it",
    )
    submit = SubmitField("Invite", widget=GovSubmitInput())


class RemoveForm(Form):
    """An organiser takes a member off a network."""

    action = HiddenField(default="remove")
    subscription_id = IntegerField(
        widget=HiddenInput(), validators=[InputRequired(), NumberRange(1, 2**31 - 1)]
    )


class ChoiceForm(Form):
    """A person's button for one network: join, leave, or accept its invitation."""

    network_id = IntegerField(
        widget=HiddenInput(), validators=[InputRequired(), NumberRange(1, 2**31 - 1)]
    )
    action = HiddenField(validators=[InputRequired()])


class SharedAddressForm(Form):
    """A training lead (or an organiser) names the organisation's shared alerts address."""

    email = EmailField(
        "Shared alerts address",
        widget=GovTextInput(),
        description="An address several people read, like office@school.sch.uk",
        validators=[
            InputRequired("Enter the shared alerts address"),
            Length(max=254, message="Email address must be 254 characters or fewer"),
            Email("Enter an email address in the correct format, like office@school.sch.uk"),
        ],
    )
    networks = SelectMultipleField(
        "Networks it receives",
        widget=GovCheckboxesInput(),
        coerce=int,
        validators=[Optional()],
        validate_choice=True,
    )
    submit = SubmitField("Save and send the confirmation link", widget=GovSubmitInput())
