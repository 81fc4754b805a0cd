"""Small numbers in the pupils' survey's results: the one home of the rule.

Any figure over fewer than ``SUPPRESS_BELOW`` responses — a school's, a group's, even the
county's — is shown as "fewer than 10" everywhere (pages, spreadsheets, PDFs), its counts and
percentages withheld, so no pupil can be singled out. ``shown_count`` is how every output
writes a number of responses. Nor may subtraction give one back: so that the county's figures
less the other schools' cannot give a small school's, the next-smallest school is withheld with
it ("not shown", ``withheld_schools``), and a question whose answers hidden school by school
total fewer than ``SUPPRESS_BELOW`` is withheld county-wide (``answered_by_few``).
"""

from collections import Counter
from collections.abc import Mapping, Sequence

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from booking.feedback.summary import QuestionSummary
from booking.network.models import SurveyAnswer, SurveyResponse

SUPPRESS_BELOW = 10  # the one home of the rule
FEWER = f"fewer than {SUPPRESS_BELOW}"
NONE_YET = "none yet"
NOT_SHOWN = "not shown"
SUPPRESSED_MESSAGE = (
    f"Figures over {FEWER} responses are not shown, so that no pupil can be singled out; nor"
    " are the next smallest school's, or a question's, where the small numbers could be"
    " worked out from them."
)


def is_suppressed(responses: int) -> bool:
    """Whether figures over this many responses are withheld (fewer than ``SUPPRESS_BELOW``)."""
    return responses < SUPPRESS_BELOW


def shown_count(responses: int) -> str:
    """A number of responses as every output shows it: "none yet", "fewer than 10", "956"
    (thousands with a comma: "50,000")."""
    if responses <= 0:
        return NONE_YET
    return FEWER if is_suppressed(responses) else f"{responses:,}"


def school_count_text(responses: int, withheld: bool) -> str:
    """A school's number of responses as every output shows it: "91"; "fewer than 10"; "not
    shown" for a school withheld with a smaller one (``withheld_schools``)."""
    if withheld and not is_suppressed(responses):
        return NOT_SHOWN
    return shown_count(responses)


def withheld_schools(counts: Mapping[int, int]) -> frozenset[int]:
    """The schools whose figures are withheld, of ``counts`` ({survey_school_id: responses}):
    every school with fewer than ``SUPPRESS_BELOW`` responses, and while the withheld ones'
    responses together are 1 to ``SUPPRESS_BELOW`` - 1, the next-smallest school too (fewest
    responses, then lowest id) — else the county's figures less the shown schools' would give
    the small schools' count and answers. A school without responses is never withheld."""
    answered = sorted((responses, school) for school, responses in counts.items() if responses)
    withheld = {school for responses, school in answered if is_suppressed(responses)}
    total = sum(counts[school] for school in withheld)
    for responses, school in answered:
        if not 0 < total < SUPPRESS_BELOW:
            break
        if school not in withheld:
            withheld.add(school)
            total += responses
    return frozenset(withheld)


def answered_by_few(
    session: Session,
    counts: Mapping[int, int],
    summaries: Sequence[QuestionSummary],
    responses: int,
) -> set[int]:
    """The questions whose answers hidden school by school total 1 to ``SUPPRESS_BELOW`` - 1:
    the withheld schools' answers (``withheld_schools`` of ``counts``), and a shown school's
    to a question fewer than ``SUPPRESS_BELOW`` of its pupils answered. The county's figures
    of such a question less the shown ones would give those few pupils' answers. Only a
    question some pupils skipped (its summary answered by fewer than ``responses``) can be
    hidden in a shown school. One statement, also when nothing is hidden (a fixed number
    whatever the responses)."""
    withheld = withheld_schools(counts)
    skipped = [s.question_id for s in summaries if s.answered < responses]
    rows = session.execute(
        select(SurveyAnswer.question_id, SurveyResponse.survey_school_id, func.count())
        .join(SurveyResponse, SurveyResponse.id == SurveyAnswer.response_id)
        .where(
            SurveyAnswer.option_index.is_not(None),  # as the summaries count them
            or_(
                SurveyResponse.survey_school_id.in_(withheld),
                SurveyAnswer.question_id.in_(skipped),
            ),
        )
        .group_by(SurveyAnswer.question_id, SurveyResponse.survey_school_id)
    )
    hidden: Counter[int] = Counter()
    for question_id, school_id, answered in rows:
        if school_id in withheld or is_suppressed(answered):
            hidden[question_id] += answered
    return {question_id for question_id, answered in hidden.items() if answered < SUPPRESS_BELOW}
