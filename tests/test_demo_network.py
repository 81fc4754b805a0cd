"""The demo's network and surveys: the plan's survey figures come out of the pupils' answers,
the network reaches the register, and six months of messages were delivered."""

from datetime import timedelta

from sqlalchemy import func, select

from booking import demo, demo_network, demo_reach, demo_surveys
from booking.core.formatting import LONDON, whole_percent
from booking.core.periods import academic_year_starting, school_year_label
from booking.models import Organisation, OutboxMessage, Sector, User
from booking.network.models import (
    Network,
    Notice,
    NoticeKind,
    NoticeStatus,
    SharedAddress,
    Subscription,
    SubscriptionStatus,
    Survey,
    SurveyAnswer,
    SurveyQuestion,
    SurveyResponse,
    SurveySchool,
    SurveyStatus,
)
from booking.network.results import survey_results
from booking.network.results_access import lead_surveys
from booking.outbox.models import MessageStatus
from tests.factories import NOW

# The plan's figures, question by question: the share answering the first option ("Yes"), every
# option of the single choice, and the top two of each "how good" scale.
PLAN = [81, 27, 22, 19, 42, (68, 24, 8), 25, 5, 20, 78, 53, 91, 84]
THIS_YEAR = academic_year_starting(NOW.astimezone(LONDON).date())


def _survey(session, year: int) -> Survey:
    return session.scalars(select(Survey).where(Survey.year_start == year)).one()


def _quoted(session, question: SurveyQuestion):
    """The figure the plan quotes for the question, counted from the answers in SQL."""
    counts = dict(
        session.execute(
            select(SurveyAnswer.option_index, func.count())
            .where(SurveyAnswer.question_id == question.id)
            .group_by(SurveyAnswer.option_index)
        ).all()
    )
    answered = sum(counts.values())
    if len(question.options) == 3:
        return tuple(whole_percent(counts.get(i, 0), answered) for i in range(3))
    if len(question.options) == 4:
        return whole_percent(counts.get(2, 0) + counts.get(3, 0), answered)
    return whole_percent(counts.get(0, 0), answered)


def _responses_by_school(session, survey: Survey) -> dict[str, int]:
    return dict(
        session.execute(
            select(Organisation.name, func.count(SurveyResponse.id))
            .select_from(SurveySchool)
            .join(Organisation, SurveySchool.organisation_id == Organisation.id)
            .outerjoin(SurveyResponse, SurveyResponse.survey_school_id == SurveySchool.id)
            .where(SurveySchool.survey_id == survey.id)
            .group_by(Organisation.name)
        ).all()
    )


def test_last_years_survey_gives_the_plans_county_wide_figures(session):
    demo.load(session, now=NOW)
    survey = _survey(session, THIS_YEAR - 1)
    assert (survey.status, survey.age_group) == (SurveyStatus.CLOSED, "9–11")
    assert [_quoted(session, question) for question in survey.questions] == PLAN
    by_school = _responses_by_school(session, survey)
    assert (sum(by_school.values()), len(by_school)) == (956, 14), "956 pupils, 14 schools"
    assert min(by_school.values()) < 10, "one school's figures are suppressed"
    assert len(set(by_school.values())) > 10, "spread unevenly"
    phases = session.scalars(
        select(Organisation.phase).join(SurveySchool).where(SurveySchool.survey_id == survey.id)
    )
    assert {phase.value for phase in phases} == {"primary"}
    earlier = survey.compare_with
    assert (earlier.year_start, earlier.status) == (THIS_YEAR - 3, SurveyStatus.CLOSED)
    device, smartphone, *_ = earlier.questions
    assert (_quoted(session, device), _quoted(session, smartphone)) == (70, 22)
    earlier_schools = _responses_by_school(session, earlier)
    assert len(earlier_schools) == 12 and 780 <= sum(earlier_schools.values()) <= 820


def test_this_years_survey_is_open_with_a_few_schools_answering(session):
    demo.load(session, now=NOW)
    survey = _survey(session, THIS_YEAR)
    assert survey.status == SurveyStatus.OPEN and survey.closes_at > NOW
    assert survey.compare_with.year_start == THIS_YEAR - 1
    by_school = _responses_by_school(session, survey)
    assert sorted(by_school.values(), reverse=True) == list(demo_surveys.OPEN_SCHOOLS)
    professional = session.scalars(select(User).where(User.email == demo.ACCOUNTS[0].email)).one()
    taking_part = session.scalars(
        select(SurveySchool.survey_id).where(
            SurveySchool.organisation_id == professional.organisation_id
        )
    ).all()
    assert len(taking_part) == 3, "the demo professional's school took part every year"
    # ... and they are its training lead, so they see its results.
    led = lead_surveys(session, professional.id)
    assert [row.year for row in led] == [school_year_label(THIS_YEAR - n) for n in (0, 1, 3)]
    assert survey_results(session, led[1].survey_id, led[1].survey_school_id).shows_figures
    codes = session.scalars(select(SurveySchool.code)).all()
    # Unique, and made as the app makes them (``survey_schools.new_code``).
    assert len(set(codes)) == len(codes) and all(len(code) == 12 for code in codes)


def _members(session, network: Network, status: SubscriptionStatus):
    return session.execute(
        select(User, Organisation)
        .join(Subscription, Subscription.person_id == User.id)
        .join(Organisation, User.organisation_id == Organisation.id)
        .where(Subscription.network_id == network.id, Subscription.status == status)
    ).all()


def test_the_networks_reach_the_register_and_the_professional(session):
    demo.load(session, now=NOW)
    forum, leads = (
        session.scalars(select(Network).where(Network.name == name)).one()
        for name, _text in demo_network.NETWORKS
    )
    assert "July 2017" in forum.description
    active = _members(session, forum, SubscriptionStatus.ACTIVE)
    assert 190 <= len(active) <= 230
    schools = {o.id for _person, o in active if o.sector.value == "school"}
    assert len(schools) == demo_network.SCHOOLS_REACHED
    assert len(demo_reach.SCHOOLS) - len(schools) == 2, "two schools not reached yet"
    assert demo.ACCOUNTS[0].email in {person.email for person, _o in active}
    assert len(_members(session, forum, SubscriptionStatus.INVITED)) == 3
    assert len(_members(session, forum, SubscriptionStatus.LEFT)) == 2
    assert len(_members(session, leads, SubscriptionStatus.ACTIVE)) > 40
    assert len(_members(session, leads, SubscriptionStatus.INVITED)) == 3
    addresses = session.execute(
        select(SharedAddress.confirmed_at, Subscription.status).join(
            Subscription, Subscription.shared_address_id == SharedAddress.id
        )
    ).all()
    assert sorted((confirmed is not None, status.value) for confirmed, status in addresses) == [
        (False, "invited"),
        (True, "active"),
        (True, "active"),
    ]


def test_six_months_of_messages_four_of_them_alerts_were_delivered(session):
    demo.load(session, now=NOW)
    notices = session.scalars(select(Notice).order_by(Notice.id)).all()
    sent = [n for n in notices if n.status == NoticeStatus.SENT]
    assert len(sent) == 10 and all(NOW - timedelta(days=183) < n.sent_at < NOW for n in sent)
    assert sum(n.kind == NoticeKind.ALERT for n in sent) == 4
    (draft,) = [n for n in notices if n.status == NoticeStatus.DRAFT]
    assert draft.kind == NoticeKind.ALERT and draft.networks and draft.sent_at is None
    months = {(n.sent_at.year, n.sent_at.month) for n in sent}
    assert len(months) >= 5, "spread over the months"
    failed = 0
    for notice in sent:
        key = f"notice:{notice.id}"
        emails = session.scalars(select(OutboxMessage).where(OutboxMessage.batch_key == key)).all()
        assert len(emails) == notice.recipients > 0
        assert len({email.to_address for email in emails}) == len(emails), "each address once"
        assert all(e.kind == "network_notice" for e in emails)
        assert all(e.idempotency_key.startswith(f"{key}:") for e in emails)
        reach = notice.reach
        assert set(reach) == {"people", "shared_addresses", "organisations"}
        assert reach["people"] + reach["shared_addresses"] == notice.recipients
        people = {e.user_id for e in emails if e.user_id is not None}
        assert len(people) == reach["people"]
        schools = session.scalar(
            select(func.count(func.distinct(User.organisation_id)))
            .join(Organisation, User.organisation_id == Organisation.id)
            .where(User.id.in_(people), Organisation.sector == Sector.SCHOOL)
        )
        assert reach["organisations"]["school"] >= schools
        failed += sum(e.status == MessageStatus.FAILED for e in emails)
        assert all(e.status in (MessageStatus.SENT, MessageStatus.FAILED) for e in emails)
    assert failed == 2


def test_the_results_page_says_what_the_plan_says(session):
    """The plan's sentences, as the county-wide results give them from the demo's answers."""
    demo.load(session, now=NOW)
    survey = _survey(session, THIS_YEAR - 1)
    results = survey_results(session, survey.id)
    assert results.headline == "956 pupils aged 9–11 from 14 primary schools"
    earlier = school_year_label(THIS_YEAR - 3)
    lines = [finding.line for finding in results.findings]
    assert lines[0] == (
        "81% had a computer, laptop or tablet they could use on their own at home "
        f"(70% in {earlier})"
    )
    assert lines[1] == f"27% had a smart phone (22% in {earlier})"
    assert lines[5].startswith(
        "68% said they followed e-safety guidelines all the time, 24% sometimes and 8% not "
        "really or never (61%, 29% and 10% in"
    )
    assert lines[8].startswith("20% said they had been cyberbullied")
    assert lines[11].startswith("91% said the information from school was very good/quite good")
