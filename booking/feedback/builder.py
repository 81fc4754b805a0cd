"""Building an event's feedback form: start it from a template, from another event's form or
blank; add, change, move and remove questions; set its closing date and whether a certificate
waits for feedback. Once responses exist, an answered question keeps its wording and options
(``rules.answered_question_ids``). Each change is recorded in the audit log against the event."""

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from booking.accounts.models import Role
from booking.audit.services import record
from booking.core.errors import NotAllowed, NotFound, Refused
from booking.core.formatting import LONDON, local
from booking.events.models import Event
from booking.events.rules import get_event, is_trainer_of, lock_event
from booking.feedback.form_templates import TEMPLATES
from booking.feedback.models import FeedbackForm, Question, QuestionKind
from booking.feedback.rules import LOCKED_MESSAGE, event_form, is_answered
from booking.feedback.scales import find_scale, option_problems

MAX_TEXT, MAX_HINT, MAX_TITLE, MAX_INTRODUCTION = 300, 500, 200, 2000
STARTS = ("training_day", "conference", "copy", "blank")
YES_NO = ["Yes", "No"]


class InvalidQuestion(Refused):
    """A question breaks a rule; ``problems`` names each (field, message)."""

    code = "invalid_question"


class QuestionLocked(Refused):
    """People have answered the question: its wording and options stay as they answered them."""

    code = "question_locked"


class FormExists(Refused):
    code = "form_exists"


@dataclass(frozen=True)
class QuestionFields:
    """What an organiser says about a question. A scale names a scale of the library; a single
    choice lists its options; yes/no and text questions need neither."""

    kind: QuestionKind
    text: str
    hint: str = ""
    required: bool = False
    options: tuple[str, ...] = field(default=())
    scale_name: str = ""


@dataclass(frozen=True)
class Builder:
    """An event's form as its builder page shows it, and whether the viewer may change it."""

    event: Event
    form: FeedbackForm | None
    may_edit: bool


def builder_for(session: Session, *, event_id: int, person_id: int, role: Role) -> Builder:
    """The event's form for its builder page: organisers change it, a trainer of the event
    (``events.rules.is_trainer_of``) reads it.

    Raises NotFound ("not_found") for no such event, NotAllowed ("not_allowed") for anyone else.
    """
    event = get_event(session, event_id, include_drafts=True)
    if role != Role.ORGANISER and not is_trainer_of(event, person_id):
        raise NotAllowed("Only organisers and the event's trainers see its feedback form")
    form = event_form(session, event_id)
    return Builder(event=event, form=form, may_edit=role == Role.ORGANISER)


def forms_to_copy(session: Session, *, except_event_id: int) -> list[tuple[int, str]]:
    """The events with a form another event can copy, newest first: (event id, title)."""
    rows = session.execute(
        select(Event.id, Event.title, Event.starts_at)
        .join(FeedbackForm, FeedbackForm.event_id == Event.id)
        .where(Event.id != except_event_id)
        .order_by(Event.starts_at.desc())
    )
    return [(row.id, row.title) for row in rows]


def create_form(
    session: Session,
    *,
    event_id: int,
    start: str,
    actor_id: int,
    now: datetime,
    copy_from_event_id: int | None = None,
) -> FeedbackForm:
    """Give the event its feedback form: from a template ("training_day", "conference"), as a
    copy of another event's form ("copy", its questions, introduction and certificate setting,
    not its closing date) or "blank".

    Raises NotFound ("not_found") for no such event, FormExists ("form_exists") when the event
    has a form, InvalidQuestion ("invalid_question", on "start" or "copy_from") for an unknown
    start or an event to copy from that has no form.
    """
    event = lock_event(session, event_id)
    if _form_of(session, event_id) is not None:
        raise FormExists("This event already has a feedback form")
    if start not in STARTS:
        raise InvalidQuestion("Choose how to start the form", field="start")
    form = FeedbackForm(title="Feedback", created_at=now, updated_at=now, event=event)
    details = {}
    if start == "copy":
        source = _form_of(session, copy_from_event_id) if copy_from_event_id else None
        if source is None or copy_from_event_id == event_id:
            raise InvalidQuestion("Choose an event whose form to copy", field="copy_from")
        _copy_into(form, source)
        details["copied_from"] = copy_from_event_id
    elif start in TEMPLATES:
        _fill_from_template(form, TEMPLATES[start])
    session.add(form)
    session.flush()
    record(
        session,
        actor_id=actor_id,
        action="feedback.form_created",
        subject_type="event",
        subject_id=event_id,
        now=now,
        start=start,
        **details,
    )
    return form


def _copy_into(form: FeedbackForm, source: FeedbackForm) -> None:
    form.title, form.introduction = source.title, source.introduction
    form.certificate_needs_feedback = source.certificate_needs_feedback
    for q in source.questions:
        form.questions.append(
            Question(
                position=q.position,
                kind=q.kind,
                text=q.text,
                hint=q.hint,
                required=q.required,
                options=list(q.options),
                scale_name=q.scale_name,
            )
        )


def _fill_from_template(form: FeedbackForm, template) -> None:
    form.title = template.title
    for position, q in enumerate(template.questions, start=1):
        scale = q.scale
        form.questions.append(
            Question(
                position=position,
                kind=q.kind,
                text=q.text,
                hint=q.hint,
                required=q.required,
                options=list(scale.labels) if scale else [],
                scale_name=scale.name if scale else "",
            )
        )


def add_question(
    session: Session, *, event_id: int, fields: QuestionFields, actor_id: int, now: datetime
) -> Question:
    """Add a question at the end of the event's form.

    Raises NotFound ("not_found") when the event has no form, InvalidQuestion
    ("invalid_question") naming each rule the question breaks (``question_values``).
    """
    form = _locked_form(session, event_id)
    values = question_values(session, fields)
    position = max((q.position for q in form.questions), default=0) + 1
    question = Question(position=position, **values)
    form.questions.append(question)
    _changed(session, form, actor_id, now, "question added")
    return question


def question_values(session: Session, fields: QuestionFields) -> dict:
    """The stored values of a question: its text and hint trimmed, and its options: a scale's
    labels from the library, a single choice's as given, "Yes" and "No", or none for text.

    Raises InvalidQuestion ("invalid_question") naming each problem: text 1 to 300 characters
    ("text"), hint up to 500 ("hint"), a scale from the library ("scale"), 2 to 10 different
    options of up to 80 characters ("options").
    """
    text, hint = fields.text.strip(), fields.hint.strip()
    problems: list[tuple[str | None, str]] = []
    if not text:
        problems.append(("text", "Enter the question"))
    elif len(text) > MAX_TEXT:
        problems.append(("text", f"Question must be {MAX_TEXT} characters or fewer"))
    if len(hint) > MAX_HINT:
        problems.append(("hint", f"Hint must be {MAX_HINT} characters or fewer"))
    options, scale_name = _options(session, fields, problems)
    if problems:
        raise InvalidQuestion.of(problems)
    return {
        "kind": fields.kind,
        "text": text,
        "hint": hint,
        "required": fields.required,
        "options": options,
        "scale_name": scale_name,
    }


def _options(session: Session, fields: QuestionFields, problems: list) -> tuple[list[str], str]:
    if fields.kind == QuestionKind.SCALE:
        scale = find_scale(session, fields.scale_name)
        if scale is None:
            problems.append(("scale", "Choose a scale from the library"))
            return [], ""
        return list(scale.labels), scale.name
    if fields.kind == QuestionKind.CHOICE:
        options = [option.strip() for option in fields.options]
        problems += [("options", problem) for problem in option_problems(options)]
        return options, ""
    return (list(YES_NO) if fields.kind == QuestionKind.YES_NO else []), ""


def edit_question(
    session: Session,
    *,
    event_id: int,
    question_id: int,
    fields: QuestionFields,
    actor_id: int,
    now: datetime,
) -> Question:
    """Change a question. An answered question may change its hint and whether it is
    required, but not its wording, kind or options.

    Raises NotFound ("not_found") for a question not on the event's form, InvalidQuestion
    ("invalid_question") as ``question_values``, QuestionLocked ("question_locked") when an
    answered question's wording, kind or options would change.
    """
    form = _locked_form(session, event_id)
    question = _question(form, question_id)
    values = question_values(session, fields)
    wording = ("kind", "text", "options", "scale_name")
    changes = [name for name in wording if getattr(question, name) != values[name]]
    if changes and is_answered(session, question.id):
        raise QuestionLocked(LOCKED_MESSAGE, field="text")
    for name, value in values.items():
        setattr(question, name, value)
    _changed(session, form, actor_id, now, "question changed")
    return question


def move_question(
    session: Session, *, event_id: int, question_id: int, up: bool, actor_id: int, now: datetime
) -> None:
    """Swap a question with the one before it (``up``) or after it; the first cannot move up
    nor the last down (nothing changes). Raises NotFound ("not_found")."""
    form = _locked_form(session, event_id)
    if swap_with_neighbour(form.questions, _question(form, question_id), up=up):
        _changed(session, form, actor_id, now, "question moved")


def swap_with_neighbour(questions: Sequence, question, *, up: bool) -> bool:
    """Swap the question's position with the one before it (``up``) or after it, of
    ``questions`` (a feedback form's or a survey's); False, and nothing changes, for the first
    up or the last down."""
    ordered = sorted(questions, key=lambda q: q.position)
    index = ordered.index(question)
    other = index - 1 if up else index + 1
    if not 0 <= other < len(ordered):
        return False
    neighbour = ordered[other]
    question.position, neighbour.position = neighbour.position, question.position
    return True


def renumber(questions: Sequence) -> None:
    """Number the questions 1, 2, 3… in their order (after one is removed)."""
    for position, question in enumerate(sorted(questions, key=lambda q: q.position), start=1):
        question.position = position


def remove_question(
    session: Session, *, event_id: int, question_id: int, actor_id: int, now: datetime
) -> str:
    """Remove a question nobody has answered, returning its text.

    Raises NotFound ("not_found"), QuestionLocked ("question_locked") for an answered question.
    """
    form = _locked_form(session, event_id)
    question = _question(form, question_id)
    if is_answered(session, question.id):
        raise QuestionLocked("People have answered this question, so it cannot be removed")
    form.questions.remove(question)
    renumber(form.questions)
    _changed(session, form, actor_id, now, "question removed")
    return question.text


@dataclass(frozen=True)
class FormSettings:
    title: str
    introduction: str = ""
    closes_on: date | None = None  # None: four weeks after the event (rules.form_closes_at)
    certificate_needs_feedback: bool = True


def change_settings(
    session: Session, *, event_id: int, settings: FormSettings, actor_id: int, now: datetime
) -> FeedbackForm:
    """Change the form's title, introduction, closing date (it closes at the end of that day,
    London time) and whether a certificate waits for the person's feedback.

    Raises NotFound ("not_found"), InvalidQuestion ("invalid_question") for a title empty or over
    200 characters ("title"), an introduction over 2,000 ("introduction"), or a closing date
    before the event's last day ("closes_on").
    """
    form = _locked_form(session, event_id)
    title, introduction = settings.title.strip(), settings.introduction.strip()
    closes_at = _end_of(settings.closes_on) if settings.closes_on else None
    problems: list[tuple[str | None, str]] = []
    if not title:
        problems.append(("title", "Enter a title"))
    elif len(title) > MAX_TITLE:
        problems.append(("title", f"Title must be {MAX_TITLE} characters or fewer"))
    if len(introduction) > MAX_INTRODUCTION:
        problems.append(("introduction", "Introduction must be 2,000 characters or fewer"))
    if closes_at and closes_at <= form.event.ends_at:
        problems.append(("closes_on", "The closing date must be on or after the event's last day"))
    if problems:
        raise InvalidQuestion.of(problems)
    form.title, form.introduction, form.closes_at = title, introduction, closes_at
    form.certificate_needs_feedback = settings.certificate_needs_feedback
    _changed(session, form, actor_id, now, "settings")
    return form


def _end_of(day: date) -> datetime:
    return datetime.combine(day + timedelta(days=1), time(0), tzinfo=LONDON)


def last_day(closes_at: datetime) -> date:
    """The closing date an organiser gave, from the time the form closes (the end of that day)."""
    return (local(closes_at) - timedelta(seconds=1)).date()


def _form_of(session: Session, event_id: int | None) -> FeedbackForm | None:
    return event_form(session, event_id) if event_id is not None else None


def _locked_form(session: Session, event_id: int) -> FeedbackForm:
    """The event's form, its event locked so that changes to the form happen one at a time."""
    lock_event(session, event_id)
    form = _form_of(session, event_id)
    if form is None:
        raise NotFound("This event has no feedback form yet")
    return form


def _question(form: FeedbackForm, question_id: int) -> Question:
    question = next((q for q in form.questions if q.id == question_id), None)
    if question is None:
        raise NotFound("Question not found")
    return question


def _changed(session: Session, form: FeedbackForm, actor_id: int, now: datetime, what: str):
    form.updated_at = now
    session.flush()
    record(
        session,
        actor_id=actor_id,
        action="feedback.form_changed",
        subject_type="event",
        subject_id=form.event_id,
        now=now,
        fields=[what],
    )
