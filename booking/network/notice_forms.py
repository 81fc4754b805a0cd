"""The organisers' notice form, and the form that sends a notice now or at a chosen time."""

from datetime import datetime

from govuk_frontend_wtf.wtforms_widgets import (
    GovCheckboxesInput,
    GovRadioInput,
    GovSubmitInput,
    GovTextArea,
    GovTextInput,
)
from wtforms import (
    HiddenField,
    RadioField,
    SelectMultipleField,
    StringField,
    SubmitField,
    TextAreaField,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import InputRequired, Length, Optional

from booking.accounts.models import Sector
from booking.catalogue.forms import parse_time
from booking.core.formatting import LONDON, local, time_of_day
from booking.network.models import Network, Notice, NoticeKind
from booking.network.notices import BODY_MAX, TITLE_MAX, NoticeFields, notice_version
from booking.web.forms import DayMonthYearField, Form


class NoticeForm(Form):
    title = StringField(
        "Title",
        widget=GovTextInput(),
        validators=[
            InputRequired("Enter a title"),
            Length(max=TITLE_MAX, message=f"The title must be {TITLE_MAX} characters or fewer"),
        ],
    )
    body = TextAreaField(
        "Message",
        widget=GovTextArea(),
        description=(
            "Plain text. Leave a blank line between paragraphs. Start lines with - for a "
            "bulleted list or 1. for a numbered one. Links starting https:// become links."
        ),
        validators=[
            InputRequired("Enter the message"),
            Length(max=BODY_MAX, message=f"The message must be {BODY_MAX:,} characters or fewer"),
        ],
    )
    kind = RadioField(
        "What kind of message is it?",
        widget=GovRadioInput(),
        choices=[
            SelectChoice(
                NoticeKind.ALERT.value, "Alert: an urgent danger (its subject starts ALERT)"
            ),
            SelectChoice(NoticeKind.INFORMATION.value, "Information"),
        ],
        validators=[InputRequired("Select whether this is an alert or information")],
    )
    networks = SelectMultipleField(
        "Which networks does it go to?",
        widget=GovCheckboxesInput(),
        coerce=int,
        validators=[InputRequired("Select at least one network")],
    )
    sectors = SelectMultipleField(
        "Only to members from these sectors (optional)",
        widget=GovCheckboxesInput(),
        description="Leave all unticked to send it to members from every sector.",
        choices=[SelectChoice(sector.value, sector.label) for sector in Sector],
        validators=[Optional()],
    )
    submit = SubmitField("Save and check", widget=GovSubmitInput())

    def __init__(self, *args, networks: list[Network], **kwargs):
        super().__init__(*args, **kwargs)
        self.networks.choices = [SelectChoice(n.id, n.name) for n in networks]

    def fields(self) -> NoticeFields:
        return NoticeFields(
            title=self.title.data or "",
            body=self.body.data or "",
            kind=NoticeKind(self.kind.data),
            network_ids=tuple(self.networks.data or ()),
            sectors=tuple(self.sectors.data or ()),
        )

    def fill_from(self, notice: Notice) -> None:
        self.title.data, self.body.data = notice.title, notice.body
        self.kind.data = notice.kind.value
        self.networks.data = [n.id for n in notice.networks]
        self.sectors.data = list(notice.sectors)


class SendForm(Form):
    """Send now, or at a day and time (Europe/London) in the future; ``checked`` carries the
    version of the notice the organiser checked, so that only that is sent."""

    when = RadioField(
        "When should it be sent?",
        widget=GovRadioInput(),
        choices=[SelectChoice("now", "Now"), SelectChoice("later", "At a time I choose")],
        validators=[InputRequired("Select when to send it")],
    )
    send_at = DayMonthYearField("Day", description="For example, 29 1 2027")
    send_time = StringField(
        "Time",
        widget=GovTextInput(),
        description="For example, 9am or 4:30pm",
        validators=[Length(max=20)],
    )
    checked = HiddenField(validators=[Length(max=64)])
    submit = SubmitField("Send", widget=GovSubmitInput())

    def validate(self, extra_validators=None) -> bool:
        valid = super().validate(extra_validators)
        if not valid or self.when.data != "later":
            return valid
        if self.send_at.data is None:
            self.send_at.errors = [*self.send_at.errors, "Enter the day to send it"]
            valid = False
        if parse_time(self.send_time.data or "") is None:
            self.send_time.errors = [*self.send_time.errors, "Enter a time, like 9am or 4:30pm"]
            valid = False
        return valid

    def moment(self) -> datetime:
        """The chosen day and time, in Europe/London."""
        return datetime.combine(self.send_at.data, parse_time(self.send_time.data), tzinfo=LONDON)

    def fill_from(self, notice: Notice) -> None:
        self.checked.data = notice_version(notice)
        if notice.send_at:
            self.when.data = "later"
            day = local(notice.send_at).date()
            self.send_at.data = day
            self.send_at.raw_data = [str(day.day), str(day.month), str(day.year)]
            self.send_time.data = time_of_day(notice.send_at)
