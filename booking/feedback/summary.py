"""A feedback form's summary as a board report shows it: for each question, every option in
scale order with its count and whole-number percentage, how many answered and skipped, and the
share of the top two options of a scale; for the form, how many responded of those who
attended ("52 of 78 delegates responded, 67%").

Percentages are whole numbers rounded half up (``core.formatting.whole_percent``, the one
rule), each of those who answered the question; a response counts whether given online or
typed in from paper. Attended is the event's attendance figure
(``checkin.attendance.event_figures``: a walk-in checked in attended too). ``form_summary``
sends the same number of statements whatever the number of responses: the counts are a GROUP
BY in the database.
"""

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from booking.accounts.models import Role
from booking.checkin.attendance import event_figures
from booking.core.errors import NotAllowed, NotFound
from booking.core.formatting import whole_percent as percent
from booking.events.models import Event
from booking.events.rules import is_trainer_of
from booking.feedback.models import Answer, FeedbackForm, FeedbackResponse, Question, QuestionKind
from booking.feedback.rules import event_form

TOP_TWO_LEAST_OPTIONS = 4  # a scale of four or more options has a "top two"


@dataclass(frozen=True)
class OptionFigure:
    label: str
    count: int
    percent: int | None  # of those who answered; None when nobody did


@dataclass(frozen=True)
class TopTwo:
    labels: tuple[str, str]  # the highest option last, as the scale reads
    count: int
    percent: int | None

    @property
    def text(self) -> str:
        """ "90% Rather much so or Very much so" """
        share = "–" if self.percent is None else f"{self.percent}%"
        return f"{share} {self.labels[0]} or {self.labels[1]}"


@dataclass(frozen=True)
class QuestionSummary:
    question_id: int
    number: int  # 1, 2, 3... in the form's order
    text: str
    kind: QuestionKind
    options: list[OptionFigure]  # in the question's own order; empty for a text question
    answered: int
    skipped: int
    top_two: TopTwo | None
    comments: list[str] = field(default_factory=list)  # shown free-text answers, if asked for

    @property
    def is_text(self) -> bool:
        return self.kind.is_text


@dataclass(frozen=True)
class FormSummary:
    form_id: int
    title: str
    event_id: int
    event_title: str
    starts_at: datetime
    ends_at: datetime
    responses: int
    attended: int
    questions: list[QuestionSummary]

    @property
    def rate(self) -> int | None:
        """The response rate against attendance, as a whole-number percentage."""
        return percent(self.responses, self.attended)

    @property
    def attendance_line(self) -> str:
        """ "52 of 78 delegates responded, 67%" (no rate before anyone is checked in)."""
        if not self.attended:
            people = "response" if self.responses == 1 else "responses"
            return f"{self.responses} {people}; nobody is recorded as attending yet"
        return f"{self.responses} of {self.attended} delegates responded, {self.rate}%"


def readable_event(session: Session, *, event_id: int, person_id: int, role: Role) -> Event:
    """The event whose feedback summary the person may read: any organiser; a trainer of the
    event (``events.rules.is_trainer_of``), read-only.

    Raises NotFound ("not_found") for no such event, NotAllowed ("not_allowed") for anyone
    else."""
    event = session.get(Event, event_id)
    if event is None:
        raise NotFound("Event not found")
    if role != Role.ORGANISER and not (role == Role.TRAINER and is_trainer_of(event, person_id)):
        raise NotAllowed("Only the organisers and the event's trainers see its feedback")
    return event


def form_of_event(session: Session, event_id: int) -> FeedbackForm:
    """The event's feedback form. Raises NotFound ("not_found") when it has none."""
    form = event_form(session, event_id)
    if form is None:
        raise NotFound("This event has no feedback form")
    return form


def event_summary(
    session: Session, event_id: int, *, with_comments: bool = False
) -> FormSummary | None:
    """The summary of the event's feedback form (``form_summary``), or None when it has none.
    Raises nothing."""
    form = event_form(session, event_id)
    if form is None:
        return None
    return form_summary(session, form.id, with_comments=with_comments)


def form_summary(session: Session, form_id: int, *, with_comments: bool = False) -> FormSummary:
    """The form's summary (see the module). With ``with_comments``, each text question lists
    its answers not hidden from exports, oldest response first (one more statement).

    Six statements (seven with comments), whatever the number of responses. Raises NotFound
    ("not_found") for no such form."""
    found = session.execute(
        select(FeedbackForm, Event)
        .join(Event, Event.id == FeedbackForm.event_id)
        .where(FeedbackForm.id == form_id)
    ).first()
    if found is None:
        raise NotFound("Feedback form not found")
    form, event = found
    questions = session.scalars(
        select(Question).where(Question.form_id == form.id).order_by(Question.position)
    ).all()
    responses = session.scalar(
        select(func.count(FeedbackResponse.id)).where(FeedbackResponse.form_id == form.id)
    )
    counts = answer_counts(session, questions)
    # Attended needs no clock: the figures' other counts are not read here.
    attended = event_figures(session, event, now=event.starts_at, late_within=timedelta(0))
    comments = visible_comments(session, form.id) if with_comments else {}
    return FormSummary(
        form_id=form.id,
        title=form.title,
        event_id=event.id,
        event_title=event.title,
        starts_at=event.starts_at,
        ends_at=event.ends_at,
        responses=responses,
        attended=attended.attended,
        questions=[
            question_summary(q, number, counts, responses, comments.get(q.id, []))
            for number, q in enumerate(questions, start=1)
        ],
    )


def answer_counts(session: Session, questions: Sequence[Question]) -> dict:
    """For the questions, in two statements: {(question_id, option_index): answers} for those
    with options (a GROUP BY the index answers alone: the text is never read), and
    {(question_id, None): answers with text} for the text questions."""
    with_options = [q.id for q in questions if not q.kind.is_text]
    with_text = [q.id for q in questions if q.kind.is_text]
    rows = session.execute(
        select(Answer.question_id, Answer.option_index, func.count())
        .where(Answer.question_id.in_(with_options), Answer.option_index.is_not(None))
        .group_by(Answer.question_id, Answer.option_index)
    ).all()
    texts = session.execute(
        select(Answer.question_id, func.count())
        .where(Answer.question_id.in_(with_text), Answer.text != "")
        .group_by(Answer.question_id)
    ).all()
    counts = {(question_id, option): count for question_id, option, count in rows}
    return counts | {(question_id, None): count for question_id, count in texts}


def visible_comments(session: Session, form_id: int) -> dict[int, list[str]]:
    """The form's free-text answers not hidden from exports, by question, oldest first."""
    rows = session.execute(
        select(Answer.question_id, Answer.text)
        .join(Question, Question.id == Answer.question_id)
        .where(
            Question.form_id == form_id,
            Question.kind.in_((QuestionKind.SHORT_TEXT, QuestionKind.LONG_TEXT)),
            Answer.text != "",
            Answer.hidden_at.is_(None),
        )
        .order_by(Answer.response_id)
    ).all()
    comments: dict[int, list[str]] = {}
    for question_id, text in rows:
        comments.setdefault(question_id, []).append(text)
    return comments


def question_summary(
    question: Question, number: int, counts: dict, responses: int, comments: list[str]
) -> QuestionSummary:
    """One question's figures from ``answer_counts``: every option, a 0 included."""
    if question.kind.is_text:
        answered = counts.get((question.id, None), 0)
        options, top_two = [], None
    else:
        tallies = [counts.get((question.id, index), 0) for index in range(len(question.options))]
        answered = sum(tallies)
        options = [
            OptionFigure(label, count, percent(count, answered))
            for label, count in zip(question.options, tallies, strict=True)
        ]
        top_two = _top_two(question, tallies, answered)
    return QuestionSummary(
        question_id=question.id,
        number=number,
        text=question.text,
        kind=question.kind,
        options=options,
        answered=answered,
        skipped=max(responses - answered, 0),
        top_two=top_two,
        comments=comments,
    )


def _top_two(question: Question, tallies: list[int], answered: int) -> TopTwo | None:
    """A scale's two highest options (its last two), as one share of those who answered."""
    if question.kind != QuestionKind.SCALE or len(tallies) < TOP_TWO_LEAST_OPTIONS:
        return None
    count = tallies[-1] + tallies[-2]
    labels = (question.options[-2], question.options[-1])
    return TopTwo(labels, count, percent(count, answered))
