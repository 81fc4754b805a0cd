"""The pupils' survey's results: county-wide or one school's, as the plan reports them ("956
pupils aged 9–11 from 14 primary schools"), every question's counts and whole-number
percentages (half up, ``feedback.summary.question_summary``, the form engine's summary), each
question's finding with the earlier survey's figure beside it (``results_findings``), and the
schools taking part with their counts.

Small numbers: figures over fewer than ten responses are withheld, and so are those that
subtraction would give back (``network.suppression``, the one home of the rule).

Over time: while a survey takes answers, only numbers of responses are shown — a reload after
each pupil would otherwise give that pupil's answers. Results appear once it closes.

Counting is a GROUP BY (question, option) the index ``ix_survey_answers_question_option``
answers alone; ``survey_results`` sends a fixed number of statements whatever the number of
responses.
"""

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import Session, joinedload

from booking.accounts.models import Organisation, SchoolPhase
from booking.core.errors import NotFound
from booking.core.formatting import long_date
from booking.core.periods import school_year_label
from booking.feedback.summary import QuestionSummary, question_summary
from booking.network.models import (
    Survey,
    SurveyAnswer,
    SurveyQuestion,
    SurveyResponse,
    SurveySchool,
    SurveyStatus,
)
from booking.network.results_findings import Finding, finding, wording_key
from booking.network.suppression import (
    FEWER,
    NOT_SHOWN,
    answered_by_few,
    is_suppressed,
    school_count_text,
    shown_count,
    withheld_schools,
)
from booking.network.surveys import is_taking_answers
from booking.reports.sentence import counted, joined

PHASE_WORDS = {
    SchoolPhase.PRIMARY: "primary",
    SchoolPhase.SECONDARY: "secondary",
    SchoolPhase.SPECIAL: "special",
    SchoolPhase.ALL_THROUGH: "all-through",
    SchoolPhase.POST_16: "post-16",
}


def schools_phrase(by_phase: dict[SchoolPhase | None, int]) -> str:
    """ "14 primary schools"; mixed phases "12 primary schools and 2 secondary schools" (a
    school without a phase among others: "1 other school"); no phase at all "14 schools"."""
    phases = [phase for phase in SchoolPhase if by_phase.get(phase)]
    unknown = by_phase.get(None, 0)
    if not phases:
        return counted(unknown, "school", "schools")
    parts = [
        counted(by_phase[p], f"{PHASE_WORDS[p]} school", f"{PHASE_WORDS[p]} schools")
        for p in phases
    ]
    if unknown:
        parts.append(counted(unknown, "other school", "other schools"))
    return joined(parts)


@dataclass(frozen=True)
class QuestionResult:
    """A question's figures; when fewer than ``SUPPRESS_BELOW`` answered it, its options'
    counts and percentages are left out and it has no finding (``answered_line`` says so)."""

    summary: QuestionSummary  # counts and percentages, as the feedback summary gives them
    finding: Finding | None
    # County-wide only: the answers hidden school by school total fewer than SUPPRESS_BELOW,
    # so the county's figures less the shown ones would give them (``answered_by_few``).
    withheld: bool = False

    @property
    def suppressed(self) -> bool:
        return self.withheld or is_suppressed(self.summary.answered)

    @property
    def answered_line(self) -> str:
        """ "110 answered, 0 skipped"; "Fewer than 10 answered"; "No answers yet"; "Not
        shown…" for a question withheld county-wide."""
        if self.summary.answered <= 0:
            return "No answers yet"
        if is_suppressed(self.summary.answered):
            return f"{FEWER[0].upper()}{FEWER[1:]} answered"
        if self.withheld:
            return "Not shown: too few pupils answered it at some schools"
        return f"{self.summary.answered:,} answered, {self.summary.skipped:,} skipped"


def _question_result(
    question: SurveyQuestion,
    summary: QuestionSummary,
    before: QuestionSummary | None,
    year: str,
    withheld: bool = False,
) -> QuestionResult:
    if withheld or is_suppressed(summary.answered):
        return QuestionResult(replace(summary, options=[], top_two=None), None, withheld)
    return QuestionResult(summary, finding(summary, question.finding, before, year))


@dataclass(frozen=True)
class SurveyResults:
    survey_id: int
    title: str
    age_group: str
    year: str  # "2016/17"
    school_name: str | None  # None: county-wide
    survey_school_id: int | None
    responses: int  # show it through ``responses_text`` only
    schools: dict[SchoolPhase | None, int]  # schools with a response, by phase
    questions: list[QuestionResult] = field(default_factory=list)  # none without figures
    compared_with: str = ""  # the earlier survey's year, "2014/15", when it is compared
    withheld: bool = False  # 10 or more, withheld with a smaller school: "not shown"
    closed: bool = True  # False while it takes answers: no figures, only the count
    closes_on: str = ""  # "Friday 24 March 2017", when the survey has a closing date

    @property
    def suppressed(self) -> bool:
        """Whether small numbers withhold the figures (under ``SUPPRESS_BELOW``, or withheld)."""
        return self.withheld or is_suppressed(self.responses)

    @property
    def shows_figures(self) -> bool:
        return self.closed and not self.suppressed

    @property
    def responses_text(self) -> str:
        return NOT_SHOWN if self.withheld else shown_count(self.responses)

    @property
    def where(self) -> str:
        """ "from 14 primary schools", or "at Ormesby Primary School"."""
        if self.school_name is not None:
            return f"at {self.school_name}"
        return f"from {schools_phrase(self.schools)}"

    @property
    def headline(self) -> str:
        """ "956 pupils aged 9–11 from 14 primary schools"; "Fewer than 10 pupils aged 9–11
        at Ormesby Primary School"; "The number of pupils aged 9–11 at Ormesby Primary School
        is not shown"; "No pupils have answered yet"."""
        if self.withheld:
            return f"The number of pupils aged {self.age_group} {self.where} is {NOT_SHOWN}"
        if self.responses <= 0:
            return "No pupils have answered yet"
        count = self.responses_text
        return f"{count[0].upper()}{count[1:]} pupils aged {self.age_group} {self.where}"

    @property
    def why_no_figures(self) -> str:
        """Why no figures are shown ("This school's results appear when the survey closes on
        …", "Fewer than 10 pupils have answered at Elm, so no figures are shown."); "" when
        they are, or nobody has answered."""
        on = f" on {self.closes_on}" if self.closes_on else ""
        if not self.closed and self.school_name is not None:
            return f"This school's results appear when the survey closes{on}."
        if not self.closed:
            so_far = (
                f"{self.responses_text} pupils {self.where} have answered so far"
                if self.responses > 0
                else "no pupils have answered yet"
            )
            return f"Results appear when the survey closes{on}; {so_far}."
        if self.withheld:
            return f"The figures {self.where} are {NOT_SHOWN}, so that no pupil can be singled out."
        if self.responses <= 0 or not self.suppressed:
            return ""
        count = self.responses_text
        at = f" at {self.school_name}" if self.school_name else ""
        return f"{count[0].upper()}{count[1:]} pupils have answered{at}, so no figures are shown."

    @property
    def analysis_line(self) -> str:
        """The plan's opening: "Analysis of data relating to 956 9–11 year olds from 14
        primary schools (2016/17) indicated that:"."""
        return (
            f"Analysis of data relating to {self.responses_text} {self.age_group} year olds "
            f"{self.where} ({self.year}) indicated that:"
        )

    @property
    def findings(self) -> list[Finding]:
        return [q.finding for q in self.questions if q.finding is not None]


@dataclass(frozen=True)
class SchoolCount:
    survey_school_id: int
    organisation_id: int
    name: str
    phase: SchoolPhase | None
    responses: int  # show it through ``shown`` only
    withheld: bool = False  # ``withheld_schools``

    @property
    def shown(self) -> str:
        return school_count_text(self.responses, self.withheld)

    @property
    def has_figures(self) -> bool:
        return not self.withheld and not is_suppressed(self.responses)


def survey_results(
    session: Session,
    survey_id: int,
    survey_school_id: int | None = None,
    *,
    now: datetime | None = None,
) -> SurveyResults:
    """The survey's results, county-wide or (given ``survey_school_id``) one school's: the
    headline, and once the survey has closed (at ``now``; without it, once closed by hand),
    unless small numbers withhold them (fewer than ``SUPPRESS_BELOW`` responded, or the school
    is in ``withheld_schools``), every question's figures and finding (none for a question
    fewer answered: ``QuestionResult``), compared with ``survey.compare_with`` (county with
    county, a school with the same school's earlier results; no comparison where the earlier
    figure is withheld). Free-text answers are counted, never read.

    At most fourteen statements whatever the number of responses. Raises NotFound ("not_found")
    for no such survey, or a school not taking part in it."""
    survey = session.get(Survey, survey_id)
    if survey is None:
        raise NotFound("Survey not found")
    school = _school(session, survey.id, survey_school_id) if survey_school_id else None
    questions, counts, phases = _figures(session, survey.id)
    chosen = [survey_school_id] if survey_school_id else list(counts)
    results = SurveyResults(
        survey_id=survey.id,
        title=survey.title,
        age_group=survey.age_group,
        year=school_year_label(survey.year_start),
        school_name=school.organisation.name if school else None,
        survey_school_id=school.id if school else None,
        responses=sum(counts.get(place, 0) for place in chosen),
        schools=dict(Counter(phases[place] for place in chosen if place in counts)),
        closed=_closed(survey, now),
        closes_on=long_date(survey.closes_at - timedelta(seconds=1)) if survey.closes_at else "",
    )
    if survey_school_id in withheld_schools(counts) and not results.suppressed:
        results = replace(results, withheld=True)
    if not results.shows_figures:
        return results
    earlier, earlier_year = _earlier(session, survey, school, now)
    summaries = _summaries(session, questions, survey_school_id, results.responses)
    few = set() if school else answered_by_few(session, counts, summaries, results.responses)
    matched = [
        _question_result(
            question,
            summary,
            earlier.get(wording_key(question.text)),
            earlier_year,
            question.id in few,
        )
        for question, summary in zip(questions, summaries, strict=True)
    ]
    compared = earlier_year if any(q.finding and q.finding.earlier for q in matched) else ""
    return replace(results, questions=matched, compared_with=compared)


def _closed(survey: Survey, now: datetime | None) -> bool:
    """Whether the survey no longer takes answers (``surveys.is_taking_answers``, the rule)."""
    if now is None:
        return survey.status != SurveyStatus.OPEN
    return not is_taking_answers(survey, now)


def _school(session: Session, survey_id: int, survey_school_id: int) -> SurveySchool:
    school = session.scalar(
        select(SurveySchool)
        .options(joinedload(SurveySchool.organisation))
        .where(SurveySchool.id == survey_school_id, SurveySchool.survey_id == survey_id)
    )
    if school is None:
        raise NotFound("That school is not taking part in this survey")
    return school


def _figures(
    session: Session, survey_id: int
) -> tuple[list[SurveyQuestion], dict[int, int], dict[int, SchoolPhase | None]]:
    """The survey's questions, and each school with a response: its count and its phase, by
    ``survey_school_id``. Two statements."""
    questions = list(
        session.scalars(
            select(SurveyQuestion)
            .where(SurveyQuestion.survey_id == survey_id)
            .order_by(SurveyQuestion.position)
        )
    )
    # Per school, from the schools: each one's count read from the responses' index on it.
    rows = session.execute(
        select(SurveySchool.id, Organisation.phase, func.count())
        .join(Organisation, Organisation.id == SurveySchool.organisation_id)
        .join(SurveyResponse, SurveyResponse.survey_school_id == SurveySchool.id)
        .where(SurveySchool.survey_id == survey_id)
        .group_by(SurveySchool.id, Organisation.phase)
    ).all()
    counts = {school: count for school, _phase, count in rows}
    return questions, counts, {school: phase for school, phase, _count in rows}


def _summaries(
    session: Session,
    questions: Sequence[SurveyQuestion],
    survey_school_id: int | None,
    responses: int,
) -> list[QuestionSummary]:
    counts = answer_counts(session, questions, survey_school_id)
    return [
        question_summary(question, number, counts, responses, [])
        for number, question in enumerate(questions, start=1)
    ]


def answer_counts(
    session: Session, questions: Sequence[SurveyQuestion], survey_school_id: int | None = None
) -> dict:
    """{(question_id, option_index): answers} for the questions with options, and
    {(question_id, None): answers} for free-text ones (their text never read), as
    ``feedback.summary.question_summary`` reads them; one school's when given. One statement
    (a GROUP BY the index answers alone, county-wide), two with free-text questions."""
    with_options = [q.id for q in questions if not q.kind.is_text]
    with_text = [q.id for q in questions if q.kind.is_text]
    counts: dict = {}
    for ids, key in ((with_options, SurveyAnswer.option_index), (with_text, None)):
        if not ids:
            continue
        columns = [SurveyAnswer.question_id] + ([key] if key is not None else [])
        query = select(*columns, func.count()).where(SurveyAnswer.question_id.in_(ids))
        if key is not None:
            query = query.where(key.is_not(None))
        if survey_school_id is not None:
            query = query.join(SurveyResponse, SurveyResponse.id == SurveyAnswer.response_id)
            query = query.where(SurveyResponse.survey_school_id == survey_school_id)
        for row in session.execute(query.group_by(*columns)):
            counts[(row[0], row[1] if key is not None else None)] = row[-1]
    return counts


def _earlier(
    session: Session, survey: Survey, school: SurveySchool | None, now: datetime | None
) -> tuple[dict[str, QuestionSummary], str]:
    """The earlier survey's question summaries by wording (``wording_key``) and its year; none
    when there is no earlier survey (of an earlier school year), it still takes answers (its
    figures would move with each pupil), the school did not take part in it, or its figures
    are withheld there — a question's too, as its own results withhold them."""
    earlier = session.get(Survey, survey.compare_with_id) if survey.compare_with_id else None
    if earlier is None or earlier.year_start >= survey.year_start or not _closed(earlier, now):
        return {}, ""
    earlier_school_id = None
    if school is not None:
        earlier_school_id = session.scalar(
            select(SurveySchool.id).where(
                SurveySchool.survey_id == earlier.id,
                SurveySchool.organisation_id == school.organisation_id,
            )
        )
        if earlier_school_id is None:
            return {}, ""
    questions, counts, _phases = _figures(session, earlier.id)
    if earlier_school_id is None:
        responses = sum(counts.values())
    elif earlier_school_id in withheld_schools(counts):
        return {}, ""
    else:
        responses = counts.get(earlier_school_id, 0)
    if is_suppressed(responses):
        return {}, ""
    summaries = _summaries(session, questions, earlier_school_id, responses)
    few = set() if school else answered_by_few(session, counts, summaries, responses)
    by_wording = {
        wording_key(q.text): s
        for q, s in zip(questions, summaries, strict=True)
        if not is_suppressed(s.answered) and q.id not in few
    }
    return by_wording, school_year_label(earlier.year_start)


def school_counts(session: Session, survey_id: int) -> list[SchoolCount]:
    """Every school taking part in the survey, by name, with its responses (shown through
    ``SchoolCount.shown``: "fewer than 10" under the rule, "not shown" for a school withheld
    with a smaller one, ``withheld_schools``). One statement; raises nothing."""
    rows = session.execute(
        select(
            SurveySchool.id,
            Organisation.id,
            Organisation.name,
            Organisation.phase,
            func.count(SurveyResponse.id),
        )
        .join(Organisation, Organisation.id == SurveySchool.organisation_id)
        .outerjoin(SurveyResponse, SurveyResponse.survey_school_id == SurveySchool.id)
        .where(SurveySchool.survey_id == survey_id)
        .group_by(SurveySchool.id, Organisation.id, Organisation.name, Organisation.phase)
        .order_by(Organisation.name, SurveySchool.id)
    ).all()
    withheld = withheld_schools({row[0]: row[-1] for row in rows})
    return [SchoolCount(*row, withheld=row[0] in withheld) for row in rows]
