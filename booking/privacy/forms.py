"""The audit log's filters: a GET form, so a filtered view is a link."""

from govuk_frontend_wtf.wtforms_widgets import GovSelect, GovSubmitInput, GovTextInput
from wtforms import SelectField, StringField, SubmitField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import Length

from booking.privacy.audit_log import MAX_FILTER_LENGTH, AuditFilters, action_choices
from booking.web.forms import DayMonthYearField, Form

TOO_LONG = f"must be {MAX_FILTER_LENGTH} characters or fewer"


class AuditFilterForm(Form):
    """Read from the query string, without a CSRF token: filtering changes nothing."""

    class Meta:
        csrf = False

    action = SelectField("Action", widget=GovSelect(), default="", validate_choice=True)
    who = SelectField("Who did it", widget=GovSelect(), default="", validate_choice=True)
    event = StringField(
        "Event",
        widget=GovTextInput(),
        description="Its number, or part of its title",
        validators=[Length(max=MAX_FILTER_LENGTH, message=f"Event {TOO_LONG}")],
    )
    from_day = DayMonthYearField("From", description="For example, 1 12 2026")
    to_day = DayMonthYearField("To", description="For example, 31 12 2026")
    submit = SubmitField("Filter", widget=GovSubmitInput())

    def __init__(self, *args, actors: list[tuple[int, str]] = (), **kwargs):
        """``actors``: (id, words) of the people who may be chosen as "Who did it"."""
        super().__init__(*args, **kwargs)
        self.who.choices = [
            SelectChoice("", "Anyone"),
            *(SelectChoice(str(id_), words) for id_, words in actors),
        ]
        self.action.choices = [
            SelectChoice("", "Any action"),
            *(SelectChoice(code, words) for code, words in action_choices()),
        ]

    def validate(self, extra_validators=None) -> bool:
        valid = super().validate(extra_validators)
        if (
            valid
            and self.from_day.data
            and self.to_day.data
            and self.to_day.data < self.from_day.data
        ):
            self.to_day.errors = [*self.to_day.errors, "To must be the same as or after From"]
            return False
        return valid

    def filters(self) -> AuditFilters:
        return AuditFilters(
            action=self.action.data or "",
            who=int(self.who.data) if self.who.data else None,
            event=(self.event.data or "").strip(),
            from_day=self.from_day.data,
            to_day=self.to_day.data,
        )
