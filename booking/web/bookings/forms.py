from govuk_frontend_wtf.wtforms_widgets import GovSubmitInput
from wtforms import SubmitField

from booking.web.forms import Form


class ConfirmForm(Form):
    """A button behind CSRF protection: book, join the waiting list, cancel."""

    submit = SubmitField("Continue", widget=GovSubmitInput())
