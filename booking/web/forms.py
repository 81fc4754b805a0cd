"""What every form shares: text cleaned of control characters, a domain refusal put onto the
field it concerns, GOV.UK date inputs, the error summary, and the plain confirm button."""

from datetime import date

from flask_wtf import FlaskForm
from flask_wtf.file import FileField  # noqa: F401 (for the contexts' *_forms.py: an upload)
from govuk_frontend_wtf.main import wtforms_errors
from govuk_frontend_wtf.wtforms_widgets import GovDateInput, GovSubmitInput
from wtforms import DateField, SubmitField

from booking.core.errors import BookingError
from booking.core.formatting import without_control_characters


def _clean(value):
    return without_control_characters(value) if isinstance(value, str) else value


class Form(FlaskForm):
    """The base of every form: typed text loses control characters before validation."""

    class Meta:
        def bind_field(self, form, unbound_field, options):
            options["filters"] = (_clean, *options.get("filters", ()))
            return unbound_field.bind(form=form, **options)


class ConfirmForm(Form):
    """A button behind CSRF protection: book, join the waiting list, cancel, retry."""

    submit = SubmitField("Continue", widget=GovSubmitInput())


def add_service_error(
    form: FlaskForm,
    error: BookingError,
    default_field: str | None = None,
    fields: dict[str, str | None] | None = None,
) -> None:
    """Show a domain error in the GOV.UK error summary, each of its problems against its
    field when it names one; a field already showing an error of its own keeps that one.

    ``fields`` maps the domain's field names to the form's where they differ.
    """
    for name, message in error.problems:
        name = name or default_field
        if fields and name in fields:
            name = fields[name]
        field = getattr(form, name, None) if name else None
        if field is None or not hasattr(field, "errors"):
            form.form_errors.append(message)
        elif not field.errors:
            field.errors = [*field.errors, message]


class DayMonthYearField(DateField):
    """A GOV.UK date input (three boxes sharing the field's name) that may be left empty.

    Empty boxes give ``None`` (InputRequired then asks for the date); anything else must be a
    real date, or the field explains what is wrong.
    """

    def __init__(self, label=None, validators=None, **kwargs):
        super().__init__(label, validators, format="%d %m %Y", widget=GovDateInput(), **kwargs)

    def process_formdata(self, valuelist):
        values = [value.strip() for value in valuelist][:3]
        values += [""] * (3 - len(values))
        self.raw_data = values
        if not any(values):
            self.data = None
            return
        if not all(v.isascii() and v.isdigit() and len(v) <= 4 for v in values):
            self.data = None
            raise ValueError(f"{self.label.text} must be a real date, like 29 1 2027")
        day, month, year = (int(v) for v in values)
        try:
            self.data = date(year, month, day)
        except ValueError:
            self.data = None
            raise ValueError(f"{self.label.text} must be a real date, like 29 1 2027") from None
        if not 2000 <= year <= 2100:
            self.data = None
            raise ValueError(f"{self.label.text} must be a year between 2000 and 2100")

    def _value(self):
        return " ".join(self.raw_data) if self.raw_data else ""


def error_summary(form: FlaskForm) -> dict:
    """The GOV.UK error summary for a form; date errors link to their day box, which can take
    focus (the date input's own id is on a container)."""
    summary = wtforms_errors(form)
    dates = {
        f"#{field.id}": f"#{field.name}-day"
        for field in form
        if isinstance(field, DayMonthYearField)
    }
    for item in summary["errorList"]:
        item["href"] = dates.get(item["href"], item["href"])
        if item["href"] == "#None":  # an error about the whole form
            item.pop("href")
    return summary
