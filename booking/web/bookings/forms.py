from flask_wtf import FlaskForm
from govuk_frontend_wtf.wtforms_widgets import GovSubmitInput
from wtforms import SubmitField


class ConfirmForm(FlaskForm):
    """A button behind CSRF protection: book, join the waiting list, cancel."""

    submit = SubmitField("Continue", widget=GovSubmitInput())
