"""One question compared across events (organisers): pick the question's wording and a
programme, an academic year or both; a table and a chart of each event's percentages, and the
same as XLSX. The choice is a GET form: the address holds only the wording, the programme and
the year."""

from flask import Response, render_template, request
from flask_login import current_user
from govuk_frontend_wtf.wtforms_widgets import GovSelect, GovSubmitInput
from wtforms import SelectField, SubmitField
from wtforms.validators import InputRequired, ValidationError

from booking.core.clock import utcnow
from booking.core.formatting import long_date
from booking.core.periods import school_year_label
from booking.feedback import compare, exports
from booking.feedback.charts import Bar, stacked_bars
from booking.feedback.views import bp
from booking.web.database import db
from booking.web.forms import Form
from booking.web.security import organisers_only

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


class CompareForm(Form):
    """The question, and the events to compare it across."""

    class Meta:
        csrf = False  # a GET form that changes nothing

    question = SelectField(
        "Question",
        widget=GovSelect(),
        validators=[InputRequired(message="Select the question to compare")],
    )
    programme = SelectField("Programme (optional)", widget=GovSelect())
    year = SelectField("Academic year (optional)", widget=GovSelect())
    submit = SubmitField("Compare", widget=GovSubmitInput())

    def validate_year(self, field) -> None:
        if not field.data and not self.programme.data:
            raise ValidationError("Select a programme, an academic year or both")


def _form() -> CompareForm:
    """The form read from the address, its choices from the stored forms."""
    form = CompareForm(formdata=request.args if request.args else None)
    questions = compare.question_choices(db())
    form.question.choices = [("", "Select a question")] + [(q, q) for q in questions]
    programmes = compare.programme_choices(db())
    form.programme.choices = [("", "Any programme")] + [(p, p) for p in programmes]
    years = [(str(y), school_year_label(y)) for y in compare.year_choices(db())]
    form.year.choices = [("", "Any year"), *years]
    return form


def _comparison(form: CompareForm) -> compare.Comparison:
    year = int(form.year.data) if form.year.data else None
    return compare.compare(
        db(), question=form.question.data, programme=form.programme.data or "", year=year
    )


@bp.get("/manage/feedback/compare")
@organisers_only
def compare_page():
    """The choice, then (once made and valid) the table and chart of the events found."""
    form = _form()
    comparison = None
    if request.args and form.validate():
        comparison = _comparison(form)
    chart = None
    if comparison and comparison.rows:
        bars = [
            Bar(
                f"{row.title}, {long_date(row.starts_at)} ({row.answered} answered)",
                [row.count_of(label) for label in comparison.labels],
            )
            for row in comparison.rows
        ]
        caption = f"Chart: {comparison.question}, by event"
        chart = stacked_bars("compare-chart", caption, comparison.labels, bars)
    page = render_template(
        "feedback/compare.html",
        form=form,
        comparison=comparison,
        chart=chart,
        args=request.args,
        long_date=long_date,
    )
    return page, {"Cache-Control": "no-store"}


@bp.get("/manage/feedback/compare.xlsx")
@organisers_only
def compare_xlsx():
    """The comparison as an Excel workbook (audited); the choice page when it is not valid."""
    form = _form()
    if not (request.args and form.validate()):
        return compare_page()
    comparison = _comparison(form)
    exports.record_export(
        db(), event_id=None, file="compare.xlsx", by_id=current_user.id, now=utcnow()
    )
    db().commit()
    response = Response(exports.compare_xlsx(comparison), mimetype=XLSX)
    response.headers["Content-Disposition"] = 'attachment; filename="feedback-compare.xlsx"'
    response.headers["Cache-Control"] = "no-store"
    return response
