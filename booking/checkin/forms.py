"""The door page's forms, which work without JavaScript: a ticket's code typed in, and a search
of the door list by name (a POST, so what was searched for stays out of addresses and logs)."""

from govuk_frontend_wtf.wtforms_widgets import GovTextInput
from wtforms import StringField
from wtforms.validators import InputRequired, Length

from booking.checkin.phone_input import MAX_CODE_LENGTH
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
        validators=[Length(max=200, message="Enter at most 200 characters")],
    )
