"""The organisers' event form, and turning it into the domain's EventFields."""

import re
from dataclasses import replace
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
    Optional,
    StopValidation,
    ValidationError,
)

from booking.core.formatting import LONDON, plain_number, time_of_day
from booking.events.editing import (
    CURRENT_FOR_MESSAGE,
    LONGEST_CURRENT_YEARS,
    MAX_CAPACITY,
    PER_ORGANISATION_MESSAGE,
    PLACES_MESSAGE,
    REMINDER_MESSAGE,
    EventFields,
)
from booking.events.models import KIND_LABELS, STANDALONE_KINDS, EventKind, EventStatus
from booking.events.rules import DEFAULT_REMINDER_DAYS, LONGEST_REMINDER_DAYS
from booking.web.forms import DayMonthYearField, Form

# Where the domain's field names (EventFields) appear on the form.
FORM_FIELDS = {
    "starts_on": "day",
    "starts_at": "starts",
    "ends_at": "ends",
    "booking_opens_at": "opens_on",
    "booking_closes_at": "last_day",
    "parent_id": None,
}

TIME_PATTERN = re.compile(r"^\s*(\d{1,2})(?:[:.](\d{2}))?\s*(am|pm)?\s*$", re.IGNORECASE)


_NAMED_TIMES = {"midday": time(12), "noon": time(12), "midnight": time(0)}


def parse_time(text: str) -> time | None:
    """9:30am, 4pm, midday, 16:00, 9.30 → a time; None when it is not a time of day."""
    named = _NAMED_TIMES.get((text or "").strip().lower())
    if named is not None:
        return named
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


CPD_HOURS_MESSAGE = "Enter CPD hours as a number, like 6 or 2.5"


class NumberField(StringField):
    """A number typed as text: what was typed is shown again when it is not a number, and
    the message says how to write one (WTForms' own fields say "Not a valid integer value")."""

    widget = GovTextInput()

    def __init__(self, label, *, parse, message: str, **kwargs):
        super().__init__(label, **kwargs)
        self.parse, self.message, self.number = parse, message, None

    def pre_validate(self, form):
        self.number = None
        if not (self.data or "").strip():
            return
        try:
            number = self.parse(self.data.strip())
        except (ArithmeticError, ValueError):
            raise StopValidation(self.message) from None
        if isinstance(number, Decimal) and not number.is_finite():  # NaN, Infinity
            raise StopValidation(self.message)
        self.number = number

    def fill(self, number) -> None:
        """Show a stored number: 6, not 6.0."""
        self.data = "" if number is None else plain_number(number)


def _whole_number(text: str) -> int:
    digits = text.removeprefix("-")
    if not (digits.isascii() and digits.isdigit()) or len(digits) > 6:
        raise ValueError(text)
    return int(text)


def _in_range(low, high, message: str):
    def check(form, field):
        if field.number is not None and not low <= field.number <= high:
            raise ValidationError(message)

    return check


def _time_validator(form, field):
    if parse_time(field.data) is None:
        raise ValidationError(f"Enter {field.label.text.lower()} as a time, like 9:30am or 4pm")


def _text(label, *, required: str = "", max_length, hint=None, area=False, named=None):
    """A text field; ``required`` is the message when it is left empty, and ``named`` what
    the message about its length calls it (the label, when that is short)."""
    validators = [InputRequired(required)] if required else [Optional()]
    too_long = f"{named or label} must be {max_length:,} characters or fewer"
    validators.append(Length(max=max_length, message=too_long))
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
    capacity = NumberField(
        "Number of places",
        parse=_whole_number,
        message="Enter the number of places as a whole number, like 40",
        validators=[
            InputRequired("Enter the number of places"),
            _in_range(1, MAX_CAPACITY, PLACES_MESSAGE),
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
    cpd_hours = NumberField(
        "CPD hours",
        parse=Decimal,
        message=CPD_HOURS_MESSAGE,
        validators=[Optional(), _in_range(0, 100, "CPD hours must be between 0 and 100")],
    )
    reminder_days = NumberField(
        "Send reminders this many days before",
        parse=_whole_number,
        message="Enter the number of days as a whole number, like 2",
        description=f"Leave empty for the usual {DEFAULT_REMINDER_DAYS} days",
        validators=[Optional(), _in_range(0, LONGEST_REMINDER_DAYS, REMINDER_MESSAGE)],
    )
    places_per_organisation = NumberField(
        "Places per organisation",
        parse=_whole_number,
        message="Enter the places per organisation as a whole number, like 2",
        description="The most places one school or organisation can hold. Leave empty for no limit",
        validators=[Optional(), _in_range(1, MAX_CAPACITY, PER_ORGANISATION_MESSAGE)],
    )
    current_for_years = NumberField(
        "Training stays current for (years)",
        parse=_whole_number,
        message="Enter the number of years as a whole number, like 3",
        description="When people should do it again. Leave empty if it does not lapse",
        validators=[Optional(), _in_range(1, LONGEST_CURRENT_YEARS, CURRENT_FOR_MESSAGE)],
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
            capacity=self.capacity.number,
            summary=self.summary.data or "",
            description=self.description.data or "",
            audience=self.audience.data or "",
            programme=self.programme.data or "",
            venue=self.venue.data or "",
            online_url=self.online_url.data or "",
            booking_opens_at=_at(self.opens_on.data, time(0)) if self.opens_on.data else None,
            booking_closes_at=closes,
            cpd_hours=_one_place(self.cpd_hours.number),
            reminder_days=self.reminder_days.number,
            places_per_organisation=self.places_per_organisation.number,
            current_for_years=self.current_for_years.number,
            trainer_ids=tuple(self.trainers.data or ()),
        )

    def readable_details(self, kind: EventKind | None = None) -> EventFields | None:
        """The details as far as they read when the form has errors of its own, so that the
        domain's rules are checked too and every problem shows at once (a number that does
        not read counts as 0: its field keeps its own message); None when the date or the
        times do not read."""
        if any(f.errors or not f.data for f in (self.day, self.starts, self.ends)):
            return None
        if self.kind is not None and self.kind.errors:
            kind = kind or EventKind.TRAINING_DAY
        return replace(self.details(kind), capacity=self.capacity.number or 0)

    def fill_from(self, event, *, now: datetime) -> None:
        """Show an existing event's values in the form; a draft that has started (a copy of a
        past event) shows no dates, so that the organiser gives new ones."""
        for name in (
            "title",
            "summary",
            "description",
            "audience",
            "programme",
            "venue",
            "online_url",
        ):
            getattr(self, name).data = getattr(event, name)
        for name in (
            "capacity",
            "cpd_hours",
            "reminder_days",
            "places_per_organisation",
            "current_for_years",
        ):
            getattr(self, name).fill(getattr(event, name))
        if self.kind is not None:
            self.kind.data = event.kind.value
        self.trainers.data = [t.id for t in event.trainers]
        if event.status == EventStatus.DRAFT and event.starts_at <= now:
            return
        start, end = event.starts_at.astimezone(LONDON), event.ends_at.astimezone(LONDON)
        self.day.data = start.date()
        self.starts.data, self.ends.data = time_of_day(start), time_of_day(end)
        if event.booking_opens_at:
            self.opens_on.data = event.booking_opens_at.astimezone(LONDON).date()
        if event.booking_closes_at:
            self.last_day.data = (
                event.booking_closes_at.astimezone(LONDON) - timedelta(seconds=1)
            ).date()


def _one_place(hours: Decimal | None) -> Decimal | None:
    """CPD hours as stored, to one decimal place."""
    return None if hours is None else hours.quantize(Decimal("0.1"))


def _at(day: date, at: time) -> datetime:
    # fold=0 picks the first of two repeated times when clocks go back
    return datetime.combine(day, at, tzinfo=LONDON)


class WorkshopForm(EventForm):
    """A conference workshop: the same as an event, without choosing its type."""

    kind = None


class CancelEventForm(Form):
    """Cancelling an event, with an optional message for the people booked."""

    message = _text(
        "Message to the people booked (optional)",
        named="Message",
        max_length=2000,
        area=True,
        hint="For example, why it is cancelled or when it will run again. It goes in the email.",
    )
