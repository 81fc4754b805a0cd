"""The messages report's period: a GET form of two GOV.UK date inputs, so a report is a link
(its files too). A link may also give each day as 2026-03-15 (``?start=2026-01-01&end=...``)."""

import re
from datetime import date

from govuk_frontend_wtf.wtforms_widgets import GovSubmitInput
from wtforms import SubmitField

from booking.network.notice_report import last_months
from booking.reports.periods import Period
from booking.web.forms import DayMonthYearField, Form

FIELD_NAMES = ("start", "end")
_ISO_DAY = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})")


class DayField(DayMonthYearField):
    """A GOV.UK date input that also reads one value written 2026-03-15, as the day, month and
    year boxes would have held it."""

    def process_formdata(self, valuelist):
        if len(valuelist) == 1 and (found := _ISO_DAY.fullmatch(valuelist[0].strip())):
            year, month, day = (str(int(part)) for part in found.groups())
            valuelist = [day, month, year]
        super().process_formdata(valuelist)


class NoticeReportForm(Form):
    """Read from the query string, without a CSRF token: choosing a period changes nothing.
    With neither day given, the last 6 months to today (shown in the boxes)."""

    class Meta:
        csrf = False

    start = DayField("From", description="For example, 1 9 2025")
    end = DayField("To", description="For example, 28 2 2026")
    submit = SubmitField("Show the report", widget=GovSubmitInput())

    def __init__(self, *args, today: date, **kwargs):
        super().__init__(*args, **kwargs)
        if not any(self.start.raw_data or ()) and not any(self.end.raw_data or ()):
            default = last_months(today)
            for field, day in ((self.start, default.starts), (self.end, default.ends)):
                field.data, field.raw_data = day, [str(day.day), str(day.month), str(day.year)]

    def validate(self, extra_validators=None) -> bool:
        valid = super().validate(extra_validators)
        first, last = self.start.data, self.end.data
        if valid and bool(first) != bool(last):
            missing = self.end if first else self.start
            missing.errors = [*missing.errors, f"Enter the {missing.label.text.lower()} date"]
            return False
        if valid and first and last and last < first:
            self.end.errors = [*self.end.errors, "To must be the same as or after From"]
            return False
        return valid

    def period(self) -> Period:
        """The period chosen (call after ``validate``)."""
        return Period(self.start.data, self.end.data)


def notice_report_form(formdata, *, today: date) -> NoticeReportForm:
    """The form read from the query string (other parameters ignored)."""
    return NoticeReportForm(formdata=formdata, today=today)
