"""The forms of a person's booking: choosing conference workshops, and telling the trainers
about needs."""

from collections.abc import Collection

from govuk_frontend_wtf.wtforms_widgets import GovCharacterCount, GovSubmitInput
from wtforms import RadioField, SubmitField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import Length, ValidationError

from booking.bookings.models import BookingStatus
from booking.bookings.needs import NEEDS_LENGTH, Needs
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
