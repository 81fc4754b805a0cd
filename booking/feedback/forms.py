"""The answers form: one field per question of a feedback form, named ``q<question id>``.

The form only carries what was typed; ``feedback.responses`` checks it (required answers,
options offered, the length of free text) and its problems are shown on their questions.
"""

from wtforms import HiddenField, StringField

from booking.feedback.models import Question
from booking.feedback.responses import field_name
from booking.web.forms import Form

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
