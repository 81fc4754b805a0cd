"""The organisers' event form, and turning it into the domain's EventFields."""

import re
from datetime import date, datetime, time, timedelta
from decimal import Decimal

from govuk_frontend_wtf.wtforms_widgets import (
    GovCheckboxesInput,
    GovSelect,
    GovSubmitInput,
    GovTextArea,
    GovTextInput,
)
from wtforms import (
    DecimalField,
    IntegerField,
    SelectField,
    SelectMultipleField,
    StringField,
    SubmitField,
    TextAreaField,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import (
    URL,
    InputRequired,
    Length,
    NumberRange,
    Optional,
    StopValidation,
    ValidationError,
)

from booking.core.formatting import LONDON
from booking.events.editing import MAX_CAPACITY, EventFields
from booking.events.models import KIND_LABELS, STANDALONE_KINDS, EventKind
from booking.events.rules import DEFAULT_REMINDER_DAYS, LONGEST_REMINDER_DAYS
from booking.web.forms import DayMonthYearField, Form

# Where the domain's field names (EventFields) appear on the form.
FORM_FIELDS = {
    "starts_at": "starts",
    "ends_at": "ends",
    "booking_opens_at": "opens_on",
    "booking_closes_at": "last_day",
    "parent_id": None,
}

TIME_PATTERN = re.compile(r"^\s*(\d{1,2})(?:[:.](\d{2}))?\s*(am|pm)?\s*$", re.IGNORECASE)


def parse_time(text: str) -> time | None:
    """9:30am, 4pm, 16:00, 9.30 → a time; None when it is not a time of day."""
    match = TIME_PATTERN.match(text or "")
    if not match:
        return None
    hour, minute, suffix = int(match[1]), int(match[2] or 0), (match[3] or "").lower()
    if suffix:
        if not 1 <= hour <= 12:
            return None
        hour = hour % 12 + (12 if suffix == "pm" else 0)
    if hour > 23 or minute > 59:
        return None
    return time(hour, minute)


def _finite(form, field):
    if field.data is not None and not field.data.is_finite():  # NaN, Infinity
        field.data = None  # nothing to redisplay: a signalling NaN cannot even be formatted
        raise StopValidation("Enter CPD hours as a number, like 5.5")


def _time_validator(form, field):
    if parse_time(field.data) is None:
        raise ValidationError(f"Enter {field.label.text.lower()} as a time, like 9:30am or 16:00")


def _text(label, *, required: str = "", max_length, hint=None, area=False):
    """A text field; ``required`` is the message when it is left empty."""
    validators = [InputRequired(required)] if required else [Optional()]
    validators.append(
        Length(max=max_length, message=f"{label} must be {max_length} characters or fewer")
    )
    field = TextAreaField if area else StringField
    widget = GovTextArea() if area else GovTextInput()
    return field(label, widget=widget, description=hint, validators=validators)


class EventForm(Form):
    kind = SelectField(
        "Type of event",
        widget=GovSelect(),
        choices=[SelectChoice(k.value, KIND_LABELS[k]) for k in STANDALONE_KINDS],
        validators=[InputRequired("Select the type of event")],
    )
    title = _text("Title", required="Enter a title", max_length=200)
    summary = _text(
        "Summary", max_length=500, hint="One or two sentences for the catalogue", area=True
    )
    description = _text(
        "Description",
        max_length=20_000,
        area=True,
        hint="What people will learn, what to bring, the programme of the day",
    )
    audience = _text("Audience", max_length=120, hint="For example, Designated safeguarding leads")
    programme = _text("Programme", max_length=120, hint="For example, Risky Behaviours")
    venue = _text("Venue", max_length=300, hint="Name and address; leave empty for online events")
    online_url = StringField(
        "Online joining link",
        widget=GovTextInput(),
        validators=[
            Optional(),
            Length(max=500, message="Link must be 500 characters or fewer"),
            URL(message="Enter a web address starting with https://"),
        ],
    )
    day = DayMonthYearField(
        "Date",
        description="For example, 29 1 2027",
        validators=[InputRequired("Enter the date of the event")],
    )
    starts = StringField(
        "Start time",
        widget=GovTextInput(),
        description="For example, 9:30am",
        validators=[InputRequired("Enter the start time"), _time_validator],
    )
    ends = StringField(
        "End time",
        widget=GovTextInput(),
        description="For example, 4pm",
        validators=[InputRequired("Enter the end time"), _time_validator],
    )
    capacity = IntegerField(
        "Number of places",
        widget=GovTextInput(),
        validators=[
            InputRequired("Enter the number of places"),
            NumberRange(0, MAX_CAPACITY, f"Places must be between 0 and {MAX_CAPACITY}"),
        ],
    )
    opens_on = DayMonthYearField(
        "Booking opens on",
        description="Leave empty to open booking as soon as it is published",
        validators=[Optional()],
    )
    last_day = DayMonthYearField(
        "Last day to book",
        description="Leave empty to take bookings until the event starts",
        validators=[Optional()],
    )
    cpd_hours = DecimalField(
        "CPD hours",
        widget=GovTextInput(),
        places=1,
        validators=[Optional(), _finite, NumberRange(0, 100, "CPD hours must be 0 to 100")],
    )
    reminder_days = IntegerField(
        "Send reminders this many days before",
        widget=GovTextInput(),
        description=f"Leave empty for the usual {DEFAULT_REMINDER_DAYS} days",
        validators=[
            Optional(),
            NumberRange(
                0,
                LONGEST_REMINDER_DAYS,
                f"Reminder days must be 0 to {LONGEST_REMINDER_DAYS}",
            ),
        ],
    )
    trainers = SelectMultipleField(
        "Trainers",
        widget=GovCheckboxesInput(),
        coerce=int,
        validators=[Optional()],
        validate_choice=True,
    )
    submit = SubmitField("Save", widget=GovSubmitInput())

    def details(self, kind: EventKind | None = None) -> EventFields:
        """The form's values as the domain's EventFields (times in Europe/London)."""
        day: date = self.day.data
        starts_at = _at(day, parse_time(self.starts.data))
        ends_at = _at(day, parse_time(self.ends.data))
        closes = None
        if self.last_day.data:
            closes = min(_at(self.last_day.data + timedelta(days=1), time(0)), starts_at)
        return EventFields(
            kind=kind or EventKind(self.kind.data),
            title=self.title.data or "",
            starts_at=starts_at,
            ends_at=ends_at,
            capacity=self.capacity.data,
            summary=self.summary.data or "",
            description=self.description.data or "",
            audience=self.audience.data or "",
            programme=self.programme.data or "",
            venue=self.venue.data or "",
            online_url=self.online_url.data or "",
            booking_opens_at=_at(self.opens_on.data, time(0)) if self.opens_on.data else None,
            booking_closes_at=closes,
            cpd_hours=Decimal(self.cpd_hours.data) if self.cpd_hours.data is not None else None,
            reminder_days=self.reminder_days.data,
            trainer_ids=tuple(self.trainers.data or ()),
        )

    def fill_from(self, event) -> None:
        """Show an existing event's values in the form."""
        for name in (
            "title",
            "summary",
            "description",
            "audience",
            "programme",
            "venue",
            "online_url",
            "capacity",
            "cpd_hours",
            "reminder_days",
        ):
            getattr(self, name).data = getattr(event, name)
        if self.kind is not None:
            self.kind.data = event.kind.value
        start, end = event.starts_at.astimezone(LONDON), event.ends_at.astimezone(LONDON)
        self.day.data = start.date()
        self.starts.data = start.strftime("%H:%M")
        self.ends.data = end.strftime("%H:%M")
        if event.booking_opens_at:
            self.opens_on.data = event.booking_opens_at.astimezone(LONDON).date()
        if event.booking_closes_at:
            self.last_day.data = (
                event.booking_closes_at.astimezone(LONDON) - timedelta(seconds=1)
            ).date()
        self.trainers.data = [t.id for t in event.trainers]


def _at(day: date, at: time) -> datetime:
    # fold=0 picks the first of two repeated times when clocks go back
    return datetime.combine(day, at, tzinfo=LONDON)


class WorkshopForm(EventForm):
    """A conference workshop: the same as an event, without choosing its type."""

    kind = None
