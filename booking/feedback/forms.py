"""The feedback form builder's forms: how to start a form, a question, the form's settings and
a new scale for the library; and the answers form a person fills in. Their rules live in the
domain (``feedback.builder``, ``feedback.scales``, ``feedback.responses``), which names every
problem at once; these only read what was typed."""

from govuk_frontend_wtf.wtforms_widgets import (
    GovCheckboxInput,
    GovRadioInput,
    GovSelect,
    GovSubmitInput,
    GovTextArea,
    GovTextInput,
)
from wtforms import (
    BooleanField,
    HiddenField,
    RadioField,
    SelectField,
    StringField,
    SubmitField,
    TextAreaField,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import InputRequired, Length, ValidationError

from booking.core.formatting import whole_number
from booking.feedback.builder import (
    MAX_HINT,
    MAX_INTRODUCTION,
    MAX_TEXT,
    MAX_TITLE,
    FormSettings,
    QuestionFields,
)
from booking.feedback.models import QUESTION_KIND_LABELS, Question, QuestionKind
from booking.feedback.responses import field_name
from booking.feedback.scales import lines_of
from booking.web.forms import DayMonthYearField, Form

# Where the domain's problems appear on the forms.
FORM_FIELDS = {"labels": "labels", "copy_from": "copy_from"}

_KIND_HINTS = {
    QuestionKind.SCALE: "Ordered labels from the library, like Poor, Fair, Good, Excellent",
    QuestionKind.CHOICE: "People pick one of the options you list",
    QuestionKind.YES_NO: "People answer Yes or No",
    QuestionKind.SHORT_TEXT: "A line of text",
    QuestionKind.LONG_TEXT: "A paragraph of text",
}


def _one_of(values, message: str):
    def check(form, field):
        if field.data not in values:
            raise ValidationError(message)

    return check


class StartForm(Form):
    """How an event's form starts: a template, another event's form, or blank."""

    start = RadioField(
        "How do you want to start the feedback form?",
        widget=GovRadioInput(),
        choices=[
            SelectChoice("training_day", "From the “Training day feedback” template"),
            SelectChoice("conference", "From the “Conference feedback” template"),
            SelectChoice("copy", "As a copy of another event’s form"),
            SelectChoice("blank", "Blank, to add questions one by one"),
        ],
        validate_choice=False,
        validators=[InputRequired("Choose how to start the form")],
    )
    copy_from = SelectField(
        "Event whose form to copy", widget=GovSelect(), validate_choice=False, choices=[]
    )
    submit = SubmitField("Create the form", widget=GovSubmitInput())

    def copy_from_id(self) -> int | None:
        return whole_number(self.copy_from.data or "")


class QuestionForm(Form):
    text = StringField(
        "Question",
        widget=GovTextInput(),
        validators=[
            InputRequired("Enter the question"),
            Length(max=MAX_TEXT, message=f"Question must be {MAX_TEXT} characters or fewer"),
        ],
    )
    hint = TextAreaField(
        "Hint (optional)",
        widget=GovTextArea(),
        description="Shown under the question",
        validators=[Length(max=MAX_HINT, message=f"Hint must be {MAX_HINT} characters or fewer")],
    )
    kind = RadioField(
        "Kind of question",
        widget=GovRadioInput(),
        choices=[SelectChoice(kind.value, QUESTION_KIND_LABELS[kind]) for kind in QuestionKind],
        validate_choice=False,
        validators=[
            InputRequired("Choose the kind of question"),
            _one_of([k.value for k in QuestionKind], "Choose the kind of question"),
        ],
    )
    scale = SelectField(
        "Scale", widget=GovSelect(), validate_choice=False, choices=[], description="For a scale"
    )
    options = TextAreaField(
        "Options",
        widget=GovTextArea(),
        description="For a single choice: between 2 and 10 options, one per line",
    )
    required = BooleanField("People must answer this question", widget=GovCheckboxInput())
    submit = SubmitField("Save question", widget=GovSubmitInput())

    def fields(self) -> QuestionFields:
        """What was typed, as the domain's QuestionFields."""
        return QuestionFields(
            kind=QuestionKind(self.kind.data),
            text=self.text.data or "",
            hint=self.hint.data or "",
            required=bool(self.required.data),
            options=tuple(lines_of(self.options.data)),
            scale_name=self.scale.data or "",
        )

    def fill_from(self, question) -> None:
        self.text.data, self.hint.data = question.text, question.hint
        self.kind.data, self.required.data = question.kind.value, question.required
        self.scale.data = question.scale_name
        if question.kind == QuestionKind.CHOICE:
            self.options.data = "\n".join(question.options)


def kind_items() -> list[dict]:
    """Each kind of question's hint, for its radio (in the order of the choices)."""
    return [{"hint": {"text": _KIND_HINTS[kind]}} for kind in QuestionKind]


class SettingsForm(Form):
    title = StringField(
        "Title of the form",
        widget=GovTextInput(),
        validators=[
            InputRequired("Enter a title"),
            Length(max=MAX_TITLE, message=f"Title must be {MAX_TITLE} characters or fewer"),
        ],
    )
    introduction = TextAreaField(
        "Introduction (optional)",
        widget=GovTextArea(),
        description="Shown above the questions",
        validators=[
            Length(max=MAX_INTRODUCTION, message="Introduction must be 2,000 characters or fewer")
        ],
    )
    closes_on = DayMonthYearField(
        "Closing date",
        description="Leave empty to close it four weeks after the event. For example, 27 2 2027",
    )
    certificate_needs_feedback = BooleanField(
        "People get their certificate of attendance after giving feedback",
        widget=GovCheckboxInput(),
    )
    submit = SubmitField("Save settings", widget=GovSubmitInput())

    def settings(self) -> FormSettings:
        return FormSettings(
            title=self.title.data or "",
            introduction=self.introduction.data or "",
            closes_on=self.closes_on.data,
            certificate_needs_feedback=bool(self.certificate_needs_feedback.data),
        )


class ScaleForm(Form):
    name = StringField("Name of the scale", widget=GovTextInput())
    labels = TextAreaField(
        "Labels",
        widget=GovTextArea(),
        description="Between 2 and 10 labels, one per line, lowest first",
    )
    submit = SubmitField("Add to the library", widget=GovSubmitInput())


# The answers form: one field per question of a feedback form, named ``q<question id>``.

GIVEN = "yes"


class AnswersForm(Form):
    """Fields are added per question by ``answers_form``; ``given`` says the page showed a
    response given earlier (so sending it changes that response)."""

    given = HiddenField()
    questions: list[Question] = []

    def answers(self) -> dict[str, str]:
        return {field_name(q): self[field_name(q)].data or "" for q in self.questions}

    def question_fields(self) -> list[tuple[Question, StringField]]:
        return [(q, self[field_name(q)]) for q in self.questions]


def answers_form(questions: list[Question], **kwargs) -> AnswersForm:
    """The form for these questions (request data on a POST, else ``data=`` to prefill)."""

    class ForTheseQuestions(AnswersForm):
        pass

    ForTheseQuestions.questions = list(questions)
    for question in questions:
        setattr(ForTheseQuestions, field_name(question), StringField(question.text))
    return ForTheseQuestions(**kwargs)
