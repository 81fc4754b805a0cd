"""The pupils' survey's forms: a new survey and its settings, a question (the feedback
builder's, with how the plan reports it), a school to add, and the pupil's submission token.
Their rules live in the domain (``network.surveys``, ``network.survey_questions``,
``network.survey_schools``, ``network.pupil``), which names every problem at once; these only
read what was typed."""

from govuk_frontend_wtf.wtforms_widgets import (
    GovRadioInput,
    GovSelect,
    GovSubmitInput,
    GovTextArea,
    GovTextInput,
)
from wtforms import HiddenField, RadioField, SelectField, StringField, SubmitField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import AnyOf, InputRequired

from booking.core.formatting import whole_number
from booking.core.periods import school_year_label
from booking.feedback.forms import QuestionForm, kind_items
from booking.feedback.models import QuestionKind
from booking.network.survey_questions import NO_WRITING, SURVEY_KINDS
from booking.network.surveys import SurveySettings, closing_day
from booking.web.forms import DayMonthYearField, Form

NO_COMPARISON = SelectChoice("", "None")
# Where the domain's problems appear on the forms.
SURVEY_FIELDS = {"copy_from": "copy_from", "compare_with": "compare_with"}


class SurveySettingsForm(Form):
    title = StringField("Title", widget=GovTextInput())
    age_group = StringField(
        "Age group", widget=GovTextInput(), description="The pupils’ ages, for example 9–11"
    )
    year_start = StringField(
        "School year",
        widget=GovTextInput(),
        description=f"The year the school year starts: 2026 for {school_year_label(2026)}",
    )
    introduction = TextAreaField(
        "Introduction (optional)",
        widget=GovTextArea(),
        description="Shown to pupils above the questions, in words they understand",
    )
    closes_on = DayMonthYearField(
        "Closing date (optional)",
        description="The survey takes answers until the end of this day. For example, 17 7 2027",
    )
    compare_with = SelectField(
        "Compare the results with",
        widget=GovSelect(),
        validate_choice=False,
        choices=[],
        description="An earlier survey whose figures are shown beside this one’s",
    )
    submit = SubmitField("Save settings", widget=GovSubmitInput())

    def settings(self) -> SurveySettings:
        """What was typed, as the domain's SurveySettings."""
        return SurveySettings(
            title=self.title.data or "",
            age_group=self.age_group.data or "",
            year_start=whole_number((self.year_start.data or "").strip(), max_digits=4),
            introduction=self.introduction.data or "",
            closes_on=self.closes_on.data,
            compare_with_id=whole_number(self.compare_with.data or ""),
        )

    def fill_from(self, survey) -> None:
        self.title.data, self.age_group.data = survey.title, survey.age_group
        self.year_start.data = str(survey.year_start)
        self.introduction.data = survey.introduction
        self.closes_on.data = closing_day(survey)
        self.compare_with.data = str(survey.compare_with_id or "")

    def fill_with(self, settings: SurveySettings) -> None:
        self.title.data, self.age_group.data = settings.title, settings.age_group
        self.year_start.data = str(settings.year_start or "")
        self.introduction.data = settings.introduction


class NewSurveyForm(SurveySettingsForm):
    """A new survey: how it starts, then its settings."""

    start = RadioField(
        "How do you want to start the survey?",
        widget=GovRadioInput(),
        choices=[
            SelectChoice("cybersafety", "With the cybersafety questions for pupils aged 9–11"),
            SelectChoice("copy", "As a copy of an earlier survey (and compared with it)"),
            SelectChoice("blank", "Blank, to add questions one by one"),
        ],
        validate_choice=False,
        validators=[InputRequired("Choose how to start the survey")],
    )
    copy_from = SelectField("Survey to copy", widget=GovSelect(), validate_choice=False, choices=[])
    submit = SubmitField("Create the survey", widget=GovSubmitInput())

    def copy_from_id(self) -> int | None:
        return whole_number(self.copy_from.data or "")


class SurveyQuestionForm(QuestionForm):
    """The feedback builder's question, with the plan's finding; no free-text kinds."""

    kind = RadioField(
        "Kind of question",
        widget=GovRadioInput(),
        choices=[SelectChoice(kind.value, kind.label) for kind in SURVEY_KINDS],
        validate_choice=False,
        validators=[
            InputRequired("Choose the kind of question"),
            AnyOf([kind.value for kind in SURVEY_KINDS], message=NO_WRITING),
        ],
    )

    finding = StringField(
        "How the results report it (optional)",
        widget=GovTextInput(),
        description="Said of the share giving the first answer, for example “had a smart phone”",
    )

    def fill_from(self, question) -> None:
        super().fill_from(question)
        self.finding.data = question.finding


def survey_kind_items() -> list[dict]:
    """The hint of each kind a survey asks, for its radio (in the order of the choices)."""
    hints = dict(zip(QuestionKind, kind_items(), strict=True))
    return [hints[kind] for kind in SURVEY_KINDS]


class OpenForm(Form):
    """Open the survey to pupils, or close it."""

    action = HiddenField(validators=[AnyOf(["open", "close"])])


class SchoolSearchForm(Form):
    class Meta:
        csrf = False  # a search (GET)

    q = StringField("Name of the school", widget=GovTextInput())


class AddSchoolForm(Form):
    organisation_id = HiddenField()

    def organisation(self) -> int | None:
        return whole_number(self.organisation_id.data or "")


class SubmissionForm(Form):
    """The pupil's page's submission token (the answers form carries the CSRF token)."""

    class Meta:
        csrf = False

    token = HiddenField()
