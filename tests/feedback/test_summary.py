"""The summary's figures: percentages rounded half up as the board report prints them, every
option shown, answered and skipped, the top two, the response rate against attendance, the
"Copy as text" lines, the free-text answers, and a fixed number of statements."""

from datetime import timedelta

import pytest
from hypothesis import given as hypothesis_given
from hypothesis import strategies as st
from sqlalchemy import select

from booking.accounts.models import Role
from booking.audit.models import AuditEntry
from booking.core.errors import NotAllowed, NotFound
from booking.events.models import EventStatus
from booking.feedback import compare, free_text
from booking.feedback.charts import question_chart
from booking.feedback.copy_text import copy_text
from booking.feedback.models import Answer, QuestionKind
from booking.feedback.summary import form_summary, percent, readable_event
from tests.factories import NOW
from tests.feedback.summary_helpers import (
    QUALITY,
    add_responses,
    answers_by_counts,
    attend,
    make_form,
    standard_form,
)
from tests.statements import statements_sent


@pytest.mark.parametrize(
    ("part", "whole", "expected"),
    [(1, 8, 13), (3, 8, 38), (5, 8, 63), (1, 2, 50), (1, 3, 33), (2, 3, 67), (0, 7, 0)],
)
def test_percentages_round_half_up(part, whole, expected):
    assert percent(part, whole) == expected


def test_there_is_no_percentage_of_nobody():
    assert percent(0, 0) is None


@hypothesis_given(st.integers(0, 10_000), st.integers(1, 10_000))
def test_a_percentage_is_the_nearest_whole_number_halves_up(part, whole):
    share = percent(part, whole)
    assert abs(share - part * 100 / whole) <= 0.5
    assert (share - 0.5) * whole <= part * 100 < (share + 0.5) * whole


@pytest.mark.parametrize(
    ("counts", "shares"),
    [
        ([0, 0, 13, 34, 5], [0, 0, 25, 65, 10]),  # 34 and 13 of 52
        ([0, 14, 19, 19, 0], [0, 27, 37, 37, 0]),  # 19 and 19 of 52
        ([0, 0, 39, 13, 0], [0, 0, 75, 25, 0]),  # 13 and 39 of 52
        ([0, 0, 0, 7, 45], [0, 0, 0, 13, 87]),  # 45 and 7 of 52
    ],
)
def test_the_reports_figures_from_52_responses(make, session, counts, shares):
    event = make.event()
    labels = ["Very poor", "Poor", "Good", "Very good", "Excellent"]
    form = make_form(session, event, [(QuestionKind.SCALE, "Overall satisfaction", labels)])
    add_responses(session, form, answers_by_counts(1, counts))
    question = form_summary(session, form.id).questions[0]
    assert [o.percent for o in question.options] == shares
    assert [o.count for o in question.options] == counts
    assert [o.label for o in question.options] == labels
    assert question.answered == 52 and question.skipped == 0


def test_87_and_13_copy_as_the_report_writes_them(make, session):
    event = make.event(title="E-safety training day")
    form = make_form(session, event, [(QuestionKind.SCALE, "Overall satisfaction", QUALITY)])
    add_responses(session, form, answers_by_counts(1, [0, 0, 7, 45]))
    text = copy_text(form_summary(session, form.id))
    assert "Overall satisfaction: 87% Excellent / 13% Good" in text.splitlines()


def test_a_summary_counts_answered_skipped_the_top_two_and_the_rate(make, session):
    event = make.event(starts_in=timedelta(days=-1))
    attend(make, session, event, 5)
    form = standard_form(session, event)
    add_responses(
        session,
        form,
        [
            {1: 3, 2: 3, 3: 0, 4: "Very useful"},
            {1: 2, 2: 2, 3: 0},
            {1: 3, 2: 0},
            {4: "Too long"},
        ],
    )
    summary = form_summary(session, form.id)
    assert summary.responses == 4 and summary.attended == 5
    assert summary.attendance_line == "4 of 5 delegates responded, 80%"
    overall, trainer, recommend, comments = summary.questions
    assert [(o.label, o.count, o.percent) for o in overall.options] == [
        ("Poor", 0, 0),
        ("Fair", 0, 0),
        ("Good", 1, 33),
        ("Excellent", 2, 67),
    ]
    assert (overall.answered, overall.skipped) == (3, 1)
    assert trainer.top_two.text == "67% Rather much so or Very much so"
    assert recommend.top_two is None and [o.percent for o in recommend.options] == [100, 0]
    assert (comments.answered, comments.skipped, comments.options) == (2, 2, [])
    assert comments.comments == []  # only asked for


def test_a_walk_in_checked_in_attended_and_nobody_checked_in_gives_no_rate(make, session):
    event = make.event()
    form = standard_form(session, event)
    add_responses(session, form, [{1: 0}])
    assert form_summary(session, form.id).rate is None
    assert "nobody is recorded as attending" in form_summary(session, form.id).attendance_line


def test_the_summary_sends_as_many_statements_for_200_responses_as_for_10(make, session, engine):
    counts = []
    for size in (10, 200):
        form = standard_form(session, make.event())
        add_responses(session, form, [{1: i % 4, 2: i % 3, 3: i % 2, 4: "ok"} for i in range(size)])
        with statements_sent(engine) as sent:
            summary = form_summary(session, form.id, with_comments=True)
        assert summary.responses == size
        counts.append(len(sent))
    assert counts[0] == counts[1] <= 7


def test_hidden_answers_are_left_out_of_the_summarys_comments(make, session):
    form = standard_form(session, make.event())
    add_responses(session, form, [{4: "Keep"}, {4: "Hide me"}])
    hidden = session.scalar(select(Answer).where(Answer.text == "Hide me"))
    free_text.set_hidden(
        session,
        event_id=form.event_id,
        answer_id=hidden.id,
        hidden=True,
        by_id=make.user(role=Role.ORGANISER).id,
        role=Role.ORGANISER,
        now=NOW,
    )
    summary = form_summary(session, form.id, with_comments=True)
    assert summary.questions[3].comments == ["Keep"]
    entry = session.scalar(select(AuditEntry).where(AuditEntry.action == "feedback.answer_hidden"))
    assert entry.subject_id == form.event_id and entry.details == {"answer_id": hidden.id}


def test_only_organisers_hide_an_answer_and_only_of_that_events_form(make, session):
    form = standard_form(session, make.event())
    other = standard_form(session, make.event())
    add_responses(session, form, [{4: "Mine"}])
    answer = session.scalar(select(Answer).where(Answer.text == "Mine"))
    arguments = {"answer_id": answer.id, "hidden": True, "by_id": 1, "now": NOW}
    with pytest.raises(NotAllowed):
        free_text.set_hidden(session, event_id=form.event_id, role=Role.TRAINER, **arguments)
    with pytest.raises(NotFound):
        free_text.set_hidden(session, event_id=other.event_id, role=Role.ORGANISER, **arguments)


def test_searching_free_text_finds_answers_holding_every_word(make, session):
    form = standard_form(session, make.event())
    add_responses(
        session, form, [{4: "Great venue, poor lunch"}, {4: "Poor VENUE"}, {4: "100% good"}]
    )
    found = free_text.text_answers(session, form.id, words="venue poor")
    texts = [a.text for a in found.answers[form.questions[3].id]]
    assert sorted(texts) == ["Great venue, poor lunch", "Poor VENUE"]
    assert free_text.text_answers(session, form.id, words="%").totals == {form.questions[3].id: 1}
    assert free_text.text_answers(session, form.id, words="nothing").answers == {}


def test_the_chart_labels_every_segment_and_names_its_caption(make, session):
    form = make_form(session, make.event(), [(QuestionKind.SCALE, "Overall <b>", QUALITY)])
    add_responses(session, form, answers_by_counts(1, [0, 1, 3, 4]))
    svg = str(question_chart(form_summary(session, form.id).questions[0], "chart-1"))
    assert 'role="img" aria-labelledby="chart-1-caption"' in svg
    assert 'id="chart-1-caption"' in svg and "Overall &lt;b&gt;" in svg
    for words in ("Poor: 0% (0)", "Fair: 13% (1)", "Good: 38% (3)", "Excellent: 50% (4)"):
        assert words in svg
    assert "url(#chart-1-hatch)" in svg


def test_a_trainer_reads_only_their_own_events_summary(make, session):
    trainer = make.user(role=Role.TRAINER)
    theirs, other = make.event(), make.event()
    theirs.trainers.append(trainer)
    session.flush()
    assert readable_event(session, event_id=theirs.id, person_id=trainer.id, role=Role.TRAINER)
    with pytest.raises(NotAllowed):
        readable_event(session, event_id=other.id, person_id=trainer.id, role=Role.TRAINER)
    with pytest.raises(NotFound):
        readable_event(session, event_id=other.id + 99, person_id=1, role=Role.ORGANISER)


def test_comparing_a_question_across_a_programmes_events(make, session):
    first = make.event(programme="E-safety", starts_at=NOW - timedelta(days=60))
    second = make.event(programme="E-safety", starts_at=NOW - timedelta(days=30))
    elsewhere = make.event(programme="Neglect", starts_at=NOW - timedelta(days=20))
    for event, counts in ((first, [0, 0, 1, 3]), (second, [0, 1, 1, 2]), (elsewhere, [4])):
        question = "overall  Satisfaction" if event is second else "Overall satisfaction"
        form = make_form(session, event, [(QuestionKind.SCALE, question, QUALITY)])
        add_responses(session, form, answers_by_counts(1, counts))
    found = compare.compare(session, question="Overall satisfaction", programme="E-safety")
    assert [row.event_id for row in found.rows] == [first.id, second.id]
    assert [row.percent_of("Excellent") for row in found.rows] == [75, 50]
    assert [row.responses for row in found.rows] == [4, 4]
    assert found.labels == QUALITY
    assert "E-safety" in compare.programme_choices(session)
    assert compare.question_choices(session) == ["Overall satisfaction"]


@pytest.mark.parametrize("status", [EventStatus.DRAFT, EventStatus.CANCELLED])
def test_comparing_leaves_out_drafts_and_cancelled_events(make, session, status):
    shown = make.event(programme="E-safety", starts_at=NOW - timedelta(days=60))
    hidden = make.event(programme="E-safety", starts_at=NOW - timedelta(days=30), status=status)
    for event in (shown, hidden):
        form = make_form(session, event, [(QuestionKind.SCALE, "Overall satisfaction", QUALITY)])
        add_responses(session, form, answers_by_counts(1, [0, 0, 1, 3]))
    found = compare.compare(session, question="Overall satisfaction", programme="E-safety")
    assert [row.event_id for row in found.rows] == [shown.id]


def test_an_academic_year_runs_from_september():
    from datetime import UTC, datetime

    from booking.core.periods import school_year_label

    assert compare.academic_year_of(datetime(2027, 8, 31, 22, tzinfo=UTC)) == 2026
    assert compare.academic_year_of(datetime(2026, 9, 1, 9, tzinfo=UTC)) == 2026
    assert school_year_label(2026) == "2026/27"  # the one way the year is written
