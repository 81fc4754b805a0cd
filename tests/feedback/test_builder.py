"""Building feedback forms (the domain, on both databases): templates, copies, questions and
their rules, answered questions locked, the scale library, closing dates, the audit log."""

from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy import select

from booking.core.errors import NotAllowed, NotFound
from booking.feedback import builder, rules, scales
from booking.feedback.builder import FormSettings, QuestionFields
from booking.feedback.models import (
    Answer,
    FeedbackForm,
    FeedbackResponse,
    QuestionKind,
    ResponseSource,
)
from booking.models import AuditEntry, Role
from tests.factories import NOW

REPORT_QUESTIONS = [
    ("My knowledge of digital resilience has improved", scales.AGREEMENT.labels),
    ("Changing my practice for the better", scales.AGREEMENT.labels),
    ("I would recommend attendance at the conference", scales.AGREEMENT.labels),
    ("Overall satisfaction", ("Poor", "Fair", "Good", "Excellent")),
    ("What things will you take back to your organisation?", ()),
]


@pytest.fixture
def organiser(make):
    return make.user(role=Role.ORGANISER)


@pytest.fixture
def event(make):
    return make.event()


def new_form(session, event, organiser, start="blank", **kwargs):
    return builder.create_form(
        session, event_id=event.id, start=start, actor_id=organiser.id, now=NOW, **kwargs
    )


def add(session, event, organiser, **fields):
    values = {"kind": QuestionKind.SHORT_TEXT, "text": "Anything else?", **fields}
    return builder.add_question(
        session, event_id=event.id, fields=QuestionFields(**values), actor_id=organiser.id, now=NOW
    )


def answer(session, form, question, option_index=0):
    response = FeedbackResponse(
        form=form, source=ResponseSource.PAPER, submitted_at=NOW, updated_at=NOW
    )
    response.answers.append(Answer(question=question, option_index=option_index))
    session.add(response)
    session.flush()


def test_the_conference_template_asks_the_reports_questions_worded_as_in_it(
    session, event, organiser
):
    form = new_form(session, event, organiser, "conference")
    assert form.title == "Conference feedback"
    assert [(q.text, tuple(q.options)) for q in form.questions] == REPORT_QUESTIONS
    assert scales.AGREEMENT.labels == ("Not at all", "A little", "Rather much so", "Very much so")
    assert form.questions[-1].kind == QuestionKind.LONG_TEXT
    assert [q.position for q in form.questions] == [1, 2, 3, 4, 5]
    entry = session.scalars(select(AuditEntry)).one()
    assert (entry.action, entry.subject_id) == ("feedback.form_created", event.id)


def test_the_training_day_template_has_the_same_shape(session, event, organiser):
    form = new_form(session, event, organiser, "training_day")
    assert form.title == "Training day feedback"
    assert [q.kind for q in form.questions] == [QuestionKind.SCALE] * 4 + [QuestionKind.LONG_TEXT]


def test_a_form_copied_from_another_event_takes_its_questions_not_its_answers(
    session, make, event, organiser
):
    source = new_form(session, event, organiser, "conference")
    answer(session, source, source.questions[0])
    workshop = make.event()
    copy = new_form(session, workshop, organiser, "copy", copy_from_event_id=event.id)
    assert [q.text for q in copy.questions] == [q.text for q in source.questions]
    assert {q.id for q in copy.questions}.isdisjoint({q.id for q in source.questions})
    assert rules.answered_question_ids(session, copy.id) == set()
    assert builder.forms_to_copy(session, except_event_id=workshop.id) == [(event.id, event.title)]


def test_an_event_has_one_form_and_a_copy_needs_a_form_to_copy(session, make, event, organiser):
    new_form(session, event, organiser)
    with pytest.raises(builder.FormExists):
        new_form(session, event, organiser)
    other = make.event()
    with pytest.raises(builder.InvalidQuestion) as refused:
        new_form(session, other, organiser, "copy", copy_from_event_id=make.event().id)
    assert refused.value.field == "copy_from"
    with pytest.raises(builder.InvalidQuestion):
        new_form(session, other, organiser, "sideways")
    with pytest.raises(NotFound):
        builder.create_form(session, event_id=9999, start="blank", actor_id=None, now=NOW)


def test_each_kind_of_question_keeps_its_options(session, event, organiser):
    new_form(session, event, organiser)
    scale = add(
        session,
        event,
        organiser,
        kind=QuestionKind.SCALE,
        text="Overall",
        scale_name="Poor to Excellent",
    )
    choice = add(
        session,
        event,
        organiser,
        kind=QuestionKind.CHOICE,
        text="Which part?",
        options=(" Morning ", "Afternoon"),
        required=True,
        hint="  Pick one ",
    )
    yes_no = add(session, event, organiser, kind=QuestionKind.YES_NO, text="Come again?")
    text = add(session, event, organiser, kind=QuestionKind.LONG_TEXT, options=("ignored", "x"))
    assert scale.options == ["Poor", "Fair", "Good", "Excellent"]
    assert scale.scale_name == "Poor to Excellent"
    assert (choice.options, choice.required, choice.hint) == (
        ["Morning", "Afternoon"],
        True,
        "Pick one",
    )
    assert yes_no.options == ["Yes", "No"]
    assert text.options == []
    assert [q.position for q in (scale, choice, yes_no, text)] == [1, 2, 3, 4]


@pytest.mark.parametrize(
    ("fields", "problems"),
    [
        ({"text": "  "}, {"text": "Enter the question"}),
        ({"text": "x" * 301}, {"text": "Question must be 300 characters or fewer"}),
        ({"hint": "x" * 501}, {"hint": "Hint must be 500 characters or fewer"}),
        (
            {"kind": QuestionKind.SCALE, "scale_name": "Nope"},
            {"scale": "Choose a scale from the library"},
        ),
        (
            {"kind": QuestionKind.CHOICE, "options": ("Only",)},
            {"options": "Give between 2 and 10 options, one per line"},
        ),
        (
            {"kind": QuestionKind.CHOICE, "options": tuple("abcdefghijk")},
            {"options": "Give between 2 and 10 options, one per line"},
        ),
        (
            {"kind": QuestionKind.CHOICE, "options": ("Yes", "yes ")},
            {"options": "Each option must be different from the others"},
        ),
        (
            {"kind": QuestionKind.CHOICE, "options": ("a" * 81, "b")},
            {"options": "Each option must be 80 characters or fewer"},
        ),
    ],
)
def test_a_question_breaking_a_rule_is_refused_naming_it(
    session, event, organiser, fields, problems
):
    new_form(session, event, organiser)
    with pytest.raises(builder.InvalidQuestion) as refused:
        add(session, event, organiser, **fields)
    assert dict(refused.value.problems) == problems


def test_the_limits_themselves_are_allowed(session, event, organiser):
    new_form(session, event, organiser)
    question = add(
        session,
        event,
        organiser,
        kind=QuestionKind.CHOICE,
        text="x" * 300,
        hint="h" * 500,
        options=tuple(f"{n}" * 80 for n in range(10)),
    )
    assert len(question.options) == 10


def test_questions_move_up_and_down_and_removing_one_closes_the_gap(session, event, organiser):
    new_form(session, event, organiser)
    first, second, third = (add(session, event, organiser, text=t) for t in "ABC")
    move = dict(session=session, event_id=event.id, actor_id=organiser.id, now=NOW)
    builder.move_question(question_id=third.id, up=True, **move)
    builder.move_question(question_id=first.id, up=True, **move)  # already first: no change
    form = session.scalars(select(FeedbackForm)).one()
    session.refresh(form)
    assert [q.text for q in form.questions] == ["A", "C", "B"]
    builder.remove_question(
        session, event_id=event.id, question_id=third.id, actor_id=organiser.id, now=NOW
    )
    session.refresh(form)
    assert [(q.text, q.position) for q in form.questions] == [("A", 1), ("B", 2)]
    assert second.position == 2


def test_an_answered_question_keeps_its_wording_but_new_questions_can_be_added(
    session, event, organiser
):
    form = new_form(session, event, organiser, "conference")
    asked = form.questions[0]
    answer(session, form, asked)
    assert rules.answered_question_ids(session, form.id) == {asked.id}
    same = QuestionFields(kind=asked.kind, text=asked.text, scale_name=asked.scale_name)
    edit = dict(
        session=session, event_id=event.id, question_id=asked.id, actor_id=organiser.id, now=NOW
    )
    for changed in (
        QuestionFields(kind=asked.kind, text="Reworded", scale_name=asked.scale_name),
        QuestionFields(kind=asked.kind, text=asked.text, scale_name="Poor to Excellent"),
        QuestionFields(kind=QuestionKind.LONG_TEXT, text=asked.text),
    ):
        with pytest.raises(builder.QuestionLocked) as refused:
            builder.edit_question(fields=changed, **edit)
        assert "cannot change" in refused.value.message
    with pytest.raises(builder.QuestionLocked):
        builder.remove_question(
            session, event_id=event.id, question_id=asked.id, actor_id=organiser.id, now=NOW
        )
    hinted = builder.edit_question(
        fields=QuestionFields(**{**same.__dict__, "hint": "Be honest", "required": False}), **edit
    )
    assert (hinted.text, hinted.hint, hinted.required) == (asked.text, "Be honest", False)
    added = add(session, event, organiser, text="Anything else?")
    assert added.position == 6


def test_an_unanswered_question_can_be_reworded(session, event, organiser):
    form = new_form(session, event, organiser, "conference")
    question = form.questions[1]
    builder.edit_question(
        session,
        event_id=event.id,
        question_id=question.id,
        fields=QuestionFields(kind=QuestionKind.YES_NO, text="Better?"),
        actor_id=organiser.id,
        now=NOW,
    )
    assert (question.text, question.options, question.scale_name) == ("Better?", ["Yes", "No"], "")


def test_questions_of_another_events_form_are_not_found(session, make, event, organiser):
    new_form(session, event, organiser)
    other = make.event()
    new_form(session, other, organiser)
    theirs = add(session, other, organiser)
    with pytest.raises(NotFound):
        builder.remove_question(
            session, event_id=event.id, question_id=theirs.id, actor_id=organiser.id, now=NOW
        )
    with pytest.raises(NotFound):
        add(session, make.event(), organiser)  # no form yet


def test_a_form_closes_four_weeks_after_the_event_unless_the_organiser_says_when(
    session, event, organiser
):
    form = new_form(session, event, organiser)
    assert rules.form_closes_at(form, event) == event.ends_at + timedelta(days=28)
    # one rule: open until it closes (a person checked in may answer before the end)
    assert rules.is_open(form, event, event.ends_at - timedelta(minutes=1))
    assert rules.is_open(form, event, event.ends_at + timedelta(days=28, seconds=-1))
    assert not rules.is_open(form, event, event.ends_at + timedelta(days=28))
    closes_on = (event.ends_at + timedelta(days=7)).date()
    settings = FormSettings(
        title=" Day one ", closes_on=closes_on, certificate_needs_feedback=False
    )
    builder.change_settings(
        session, event_id=event.id, settings=settings, actor_id=organiser.id, now=NOW
    )
    assert form.title == "Day one" and not form.certificate_needs_feedback
    assert builder.last_day(form.closes_at) == closes_on
    assert rules.closing_text(form, event).startswith("At the end of ")
    entries = session.scalars(select(AuditEntry.action).order_by(AuditEntry.id)).all()
    assert entries == ["feedback.form_created", "feedback.form_changed"]


def test_settings_breaking_a_rule_are_refused_naming_each(session, event, organiser):
    new_form(session, event, organiser)
    too_early = (event.ends_at - timedelta(days=2)).date()
    settings = FormSettings(title="", introduction="x" * 2001, closes_on=too_early)
    with pytest.raises(builder.InvalidQuestion) as refused:
        builder.change_settings(
            session, event_id=event.id, settings=settings, actor_id=organiser.id, now=NOW
        )
    assert [field for field, _ in refused.value.problems] == ["title", "introduction", "closes_on"]


def test_organisers_add_scales_to_the_library_after_the_built_in_ones(session, organiser):
    scales.save_scale(
        session,
        name="Never to Always",
        labels=["Never", "Sometimes", "Always"],
        by_id=organiser.id,
        now=NOW,
    )
    names = [s.name for s in scales.library(session)]
    assert names == [s.name for s in scales.BUILT_IN_SCALES] + ["Never to Always"]
    assert scales.find_scale(session, "Never to Always").labels == ("Never", "Sometimes", "Always")
    for name in ("Never to Always", "Poor to Excellent", ""):
        with pytest.raises(scales.InvalidScale):
            scales.save_scale(session, name=name, labels=["A", "B"], by_id=None, now=NOW)
    with pytest.raises(scales.InvalidScale) as refused:
        scales.save_scale(session, name="One", labels=["A"], by_id=None, now=NOW)
    assert refused.value.problems == (("labels", "Give between 2 and 10 labels, one per line"),)


def test_only_organisers_change_a_form_and_the_events_trainers_read_it(session, make, event):
    trainer, other = make.user(role=Role.TRAINER), make.user(role=Role.TRAINER)
    event.trainers.append(trainer)
    session.flush()
    found = builder.builder_for(session, event_id=event.id, person_id=trainer.id, role=Role.TRAINER)
    assert (found.event, found.form, found.may_edit) == (event, None, False)
    organiser = make.user(role=Role.ORGANISER)
    found = builder.builder_for(
        session, event_id=event.id, person_id=organiser.id, role=Role.ORGANISER
    )
    assert found.may_edit

    for person in (other, make.user()):
        with pytest.raises(NotAllowed):
            builder.builder_for(session, event_id=event.id, person_id=person.id, role=person.role)


def test_a_closing_date_is_the_end_of_that_day_in_london(session, event, organiser):
    new_form(session, event, organiser)
    summer = FormSettings(title="F", closes_on=date(2099, 7, 1))
    form = builder.change_settings(
        session, event_id=event.id, settings=summer, actor_id=organiser.id, now=NOW
    )
    assert form.closes_at == datetime(2099, 7, 1, 23, tzinfo=UTC)
