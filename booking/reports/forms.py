"""The report across events' choices: a GET form, so a report is a link (its files too)."""

from datetime import date

from govuk_frontend_wtf.wtforms_widgets import GovSelect, GovSubmitInput
from wtforms import SelectField, SubmitField
from wtforms.fields.choices import SelectChoice

from booking.accounts.models import Sector
from booking.events.models import STANDALONE_KINDS, EventKind
from booking.reports.periods import Period, academic_year, shortcut
from booking.reports.reach import ReachFilters
from booking.web.forms import DayMonthYearField, Form

FIELD_NAMES = ("period", "from_day", "to_day", "programme", "kind", "sector")


class ReachForm(Form):
    """Read from the query string, without a CSRF token: choosing a report changes nothing. A
    shortcut (``period``: "academic", "financial", "last-academic", "last-financial") gives
    the dates; with neither a shortcut nor dates, the academic year so far."""

    class Meta:
        csrf = False

    from_day = DayMonthYearField("From", description="For example, 1 9 2026")
    to_day = DayMonthYearField("To", description="For example, 31 8 2027")
    programme = SelectField("Programme", widget=GovSelect(), default="", validate_choice=True)
    kind = SelectField("Kind of event", widget=GovSelect(), default="", validate_choice=True)
    sector = SelectField("Sector", widget=GovSelect(), default="", validate_choice=True)
    submit = SubmitField("Show the report", widget=GovSubmitInput())

    def __init__(
        self, *args, programmes: list[str] = (), today: date, period_code: str = "", **kwargs
    ):
        super().__init__(*args, **kwargs)
        self.today = today
        self.programme.choices = [SelectChoice("", "All programmes")] + [
            SelectChoice(name, name) for name in programmes
        ]
        self.kind.choices = [SelectChoice("", "All kinds")] + [
            SelectChoice(kind.value, kind.label) for kind in STANDALONE_KINDS
        ]
        self.sector.choices = [SelectChoice("", "All sectors")] + [
            SelectChoice(sector.value, sector.label) for sector in Sector
        ]
        self.period = shortcut(period_code, today)
        if self.period:
            self.from_day.data, self.to_day.data = self.period.starts, self.period.ends
            self.from_day.raw_data = _boxes(self.period.starts)
            self.to_day.raw_data = _boxes(self.period.ends)

    def validate(self, extra_validators=None) -> bool:
        valid = super().validate(extra_validators)
        first, last = self.from_day.data, self.to_day.data
        if valid and bool(first) != bool(last):
            missing = self.to_day if first else self.from_day
            missing.errors = [*missing.errors, f"Enter the {missing.label.text.lower()} date"]
            return False
        if valid and first and last and last < first:
            self.to_day.errors = [*self.to_day.errors, "To must be the same as or after From"]
            return False
        return valid

    def filters(self) -> ReachFilters:
        """The choices made (call after ``validate``)."""
        if self.period:
            period = self.period
        elif self.from_day.data and self.to_day.data:
            period = Period(self.from_day.data, self.to_day.data)
        else:
            year = academic_year(self.today)
            period = Period(year.starts, self.today, f"{year.name}, so far")
        return ReachFilters(
            period=period,
            programme=self.programme.data or "",
            kind=EventKind(self.kind.data) if self.kind.data else None,
            sector=Sector(self.sector.data) if self.sector.data else None,
        )


def reach_form(formdata, *, programmes: list[str], today: date) -> ReachForm:
    """The form read from the query string; a ``period`` shortcut sets both dates."""
    return ReachForm(
        formdata=formdata,
        programmes=programmes,
        today=today,
        period_code=formdata.get("period", ""),
    )


def _boxes(day: date) -> list[str]:
    return [str(day.day), str(day.month), str(day.year)]
