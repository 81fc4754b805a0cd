"""The forms of a person's booking: choosing conference workshops, and telling the trainers
about needs; and the organisers' forms acting on people's bookings."""

from collections.abc import Collection

from govuk_frontend_wtf.wtforms_widgets import (
    GovCharacterCount,
    GovRadioInput,
    GovSubmitInput,
    GovTextInput,
)
from wtforms import EmailField, IntegerField, RadioField, StringField, SubmitField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import (
    Email,
    InputRequired,
    Length,
    NumberRange,
    Optional,
    ValidationError,
)

from booking.accounts.models import SECTOR_LABELS
from booking.bookings.models import BookingStatus
from booking.bookings.needs import NEEDS_LENGTH, Needs
from booking.bookings.on_behalf import MESSAGE_LENGTH, REASON_LENGTH, SUBJECT_LENGTH
from booking.bookings.workshops import Slot, WorkshopChoice
from booking.core.formatting import places_left_text, time_of_day
from booking.web.forms import Form

NO_WORKSHOP = "none"


class SlotField(RadioField):
    """One time slot's radios, with GOV.UK's words for no answer and for a workshop the page
    no longer offers (a page left open while the organisers changed the workshops)."""

    def __init__(self, label: str, *, held: Collection[str], **kwargs):
        super().__init__(label, **kwargs)
        self.held = frozenset(held)  # the workshops the delegate holds in this slot

    def pre_validate(self, form) -> None:
        if not self.raw_data:
            raise ValidationError("Select a workshop or No workshop")
        if not any(choice.selected for choice in self._iter_choices_normalized()):
            raise ValidationError("The workshops have changed. Choose again.")

    def chosen(self) -> set[int]:
        """The workshop chosen here; a slot left as it was keeps every workshop held in it
        (two, when the organisers added a workshop overlapping both)."""
        if self.data == self.default:
            return {int(held) for held in self.held}
        return set() if self.data == NO_WORKSHOP else {int(self.data)}


class WorkshopsForm(Form):
    """One group of radios per time slot (fields added by ``workshops_form``)."""

    submit = SubmitField("Save your workshops", widget=GovSubmitInput())

    def slot_fields(self) -> list[SlotField]:
        return [field for field in self if isinstance(field, SlotField)]

    def chosen(self) -> set[int]:
        """The workshop ids chosen: one at most per slot the delegate changed."""
        return set().union(*(field.chosen() for field in self.slot_fields()))


def slot_legend(number: int, slot: Slot) -> str:
    """A slot's legend, as "Slot 1: 9:30am to 11am"."""
    return f"Slot {number}: {time_of_day(slot.starts_at)} to {time_of_day(slot.ends_at)}"


def workshops_form(slots: list[Slot[WorkshopChoice]]) -> WorkshopsForm:
    """The form for these slots, each preset to the delegate's current choice."""

    class ForTheseSlots(WorkshopsForm):
        pass

    for number, slot in enumerate(slots, start=1):
        held = [str(c.workshop.id) for c in slot.workshops if c.booking]
        values = [SelectChoice(str(c.workshop.id), c.workshop.title) for c in slot.workshops]
        field = SlotField(
            slot_legend(number, slot),
            held=held,
            choices=[*values, SelectChoice(NO_WORKSHOP, "No workshop")],
            default=held[0] if held else NO_WORKSHOP,
        )
        setattr(ForTheseSlots, f"slot-{number}", field)
    return ForTheseSlots()


def radio_items(field: RadioField, slot: Slot[WorkshopChoice]) -> list[dict]:
    """The GOV.UK radios of one slot: each workshop with its places or the delegate's place
    as a hint, then "No workshop"."""
    items = []
    held = [choice for choice in slot.workshops if choice.booking]
    for choice in slot.workshops:
        value = str(choice.workshop.id)
        status = _status(choice, [other for other in held if other is not choice])
        hint = " ".join(part for part in (choice.workshop.summary, status) if part)
        title = choice.workshop.title
        items.append({"value": value, "text": title, "hint": {"text": hint}, "checked": False})
    items += [{"divider": "or"}, {"value": NO_WORKSHOP, "text": "No workshop", "checked": False}]
    for item in items:
        if "value" in item:
            item["checked"] = field.data == item["value"]
    return items


def _status(choice: WorkshopChoice, held_beside: list[WorkshopChoice]) -> str:
    """The delegate's place on the workshop, or its places left; for a full one, what
    choosing it gives up of what they hold in the slot (a place is released at once, not
    kept until one on the waiting list comes free)."""
    if choice.booking is None and choice.places_left <= 0 and held_beside:
        given_up = " and ".join(_held_place(other) for other in held_beside)
        return (
            f"Fully booked – choosing it puts you on its waiting list and gives up your {given_up}."
        )
    if choice.booking is None:
        return places_left_text(choice.places_left) + "."
    if choice.booking.status == BookingStatus.CONFIRMED:
        return "You have a place."
    return f"You are number {choice.position} on the waiting list."


def _held_place(choice: WorkshopChoice) -> str:
    if choice.booking.status == BookingStatus.CONFIRMED:
        return f"place on {choice.title}"
    return f"place on the waiting list for {choice.title}"


def _needs_field(name: str, hint: str) -> TextAreaField:
    return TextAreaField(
        f"{name} (optional)",
        description=hint,
        widget=GovCharacterCount(),
        validators=[
            Length(max=NEEDS_LENGTH, message=f"{name} must be {NEEDS_LENGTH:,} characters or fewer")
        ],
    )


class NeedsForm(Form):
    """What a person tells the trainers; every answer optional."""

    access_needs = _needs_field(
        "Access needs",
        "For example step-free access, a hearing loop, large print, or breaks",
    )
    dietary_needs = _needs_field(
        "Dietary needs", "For example vegetarian, halal, or a food allergy"
    )
    notes_for_trainer = _needs_field(
        "Anything else the trainers should know",
        "For example if you need to leave early",
    )
    submit = SubmitField("Save", widget=GovSubmitInput())

    def needs(self) -> Needs:
        return Needs(
            access_needs=self.access_needs.data or "",
            dietary_needs=self.dietary_needs.data or "",
            notes_for_trainer=self.notes_for_trainer.data or "",
        )


# The organisers' forms on people's bookings (``bookings.on_behalf``).


class SearchForm(Form):
    """Words of a name or an organisation, sent by POST: nothing typed goes in a URL."""

    q = StringField(
        "Search by name or organisation",
        widget=GovTextInput(),
        validators=[Optional(), Length(max=100, message="Search must be 100 characters or fewer")],
    )
    submit = SubmitField("Search", widget=GovSubmitInput())


class BookSomeoneForm(Form):
    """An account by its address, or a new person by name, address and organisation."""

    email = EmailField(
        "Email address",
        widget=GovTextInput(),
        description="If they have an account, the place joins it",
        validators=[
            InputRequired("Enter their email address"),
            Length(max=254, message="Email address must be 254 characters or fewer"),
            Email(
                "Enter an email address in the correct format, like name@example.org",
                check_deliverability=False,
                allow_smtputf8=False,
            ),
        ],
    )
    name = StringField(
        "Full name",
        widget=GovTextInput(),
        description="Only for someone without an account",
        validators=[
            Optional(),
            Length(max=120, message="Full name must be 120 characters or fewer"),
        ],
    )
    organisation = StringField(
        "Organisation",
        widget=GovTextInput(),
        description="Only for someone without an account: their school, team or service",
        validators=[
            Optional(),
            Length(max=200, message="Organisation must be 200 characters or fewer"),
        ],
    )
    sector = RadioField(
        "Which sector do they work in?",
        widget=GovRadioInput(),
        description="Only for someone without an account",
        choices=[SelectChoice(sector.value, label) for sector, label in SECTOR_LABELS.items()],
        validators=[Optional()],
    )
    submit = SubmitField("Book a place", widget=GovSubmitInput())

    def ask_new_person(self) -> bool:
        """For an address with no account: the name, organisation and sector are needed; each
        missing one gets its message. True when all are there."""
        missing = {
            self.name: "Enter their full name: this address has no account",
            self.organisation: "Enter the name of their organisation",
            self.sector: "Select the sector they work in",
        }
        for field, message in missing.items():
            if not (field.data or "").strip():
                field.errors = [*field.errors, message]
        return not any(field.errors for field in missing)


def _reason_field(label: str, hint: str) -> TextAreaField:
    return TextAreaField(
        label,
        description=hint,
        widget=GovCharacterCount(),
        validators=[
            InputRequired("Enter a reason"),
            Length(
                max=REASON_LENGTH, message=f"Reason must be {REASON_LENGTH} characters or fewer"
            ),
        ],
    )


class CancelOnBehalfForm(Form):
    reason = _reason_field("Reason", "It goes in the email to them and in the audit log")
    submit = SubmitField("Cancel the booking", widget=GovSubmitInput())


class OfferPlaceForm(Form):
    reason = _reason_field(
        "Why this person, ahead of others on the waiting list?",
        "The audit log keeps who gave the place and why",
    )
    submit = SubmitField("Give them the place", widget=GovSubmitInput())


class MoveForm(Form):
    """The other dates of the same course (choices set by the view)."""

    to_event_id = RadioField(
        "Move to which date?",
        widget=GovRadioInput(),
        coerce=int,
        validators=[InputRequired("Select the date to move to")],
    )
    submit = SubmitField("Move the booking", widget=GovSubmitInput())


class EmailEveryoneForm(Form):
    subject = StringField(
        "Subject",
        widget=GovTextInput(),
        validators=[
            InputRequired("Enter a subject"),
            Length(
                max=SUBJECT_LENGTH, message=f"Subject must be {SUBJECT_LENGTH} characters or fewer"
            ),
        ],
    )
    body = TextAreaField(
        "Message",
        widget=GovCharacterCount(),
        validators=[
            InputRequired("Enter a message"),
            Length(
                max=MESSAGE_LENGTH,
                message=f"Message must be {MESSAGE_LENGTH:,} characters or fewer",
            ),
        ],
    )
    submit = SubmitField("Send to everyone booked", widget=GovSubmitInput())


class LeadBookForm(Form):
    """A training lead booking a colleague: the colleague's and the event's ids."""

    colleague_id = IntegerField(
        "Colleague",
        validators=[InputRequired("Choose a colleague"), NumberRange(min=1, max=2**31 - 1)],
    )
    event_id = IntegerField(
        "Event", validators=[InputRequired("Choose an event"), NumberRange(min=1, max=2**31 - 1)]
    )
