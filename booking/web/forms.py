"""What every form shares: putting a domain error onto the field it concerns."""

from flask_wtf import FlaskForm

from booking.services.errors import BookingError


def add_service_error(
    form: FlaskForm, error: BookingError, default_field: str | None = None
) -> None:
    """Show a domain error in the GOV.UK error summary, against its field when it names one."""
    name = error.field or default_field
    field = getattr(form, name, None) if name else None
    if field is not None and hasattr(field, "errors"):
        field.errors = [*field.errors, error.message]
    else:
        form.form_errors.append(error.message)
