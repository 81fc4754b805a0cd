"""Reports across events: the periods (academic and financial years in Europe/London), the
figures over a range and its filters, the schools reached and the list of those not yet
reached, and a fixed number of statements whatever the data."""

from datetime import UTC, date, datetime, timedelta

import pytest

from booking.accounts.models import SchoolPhase, Sector
from booking.events.models import EventKind, EventStatus
from booking.reports.periods import Period, academic_year, financial_year, shortcut
from booking.reports.reach import ReachFilters, reach
from booking.reports.sentence import percent
from tests.factories import NOW
from tests.reports.people import People, last_years_conference_day
from tests.statements import statements_sent

WIDE = Period(date(2000, 1, 1), date(2100, 12, 31))


@pytest.fixture
def people(session):
    return People(session)


def _ended(make, days_ago: int = 2, **fields):
    return make.event(starts_in=timedelta(days=-days_ago), **fields)


def test_academic_years_run_september_to_august():
    assert academic_year(date(2025, 9, 1)) == academic_year(date(2026, 8, 31))
    year = academic_year(date(2026, 3, 4))
    assert (year.starts, year.ends) == (date(2025, 9, 1), date(2026, 8, 31))
    assert year.name == "Academic year 2025 to 2026"
    assert academic_year(date(2026, 3, 4), back=1).starts == date(2024, 9, 1)


def test_financial_years_run_april_to_march():
    year = financial_year(date(2026, 3, 31))
    assert (year.starts, year.ends) == (date(2025, 4, 1), date(2026, 3, 31))
    assert financial_year(date(2026, 4, 1)).starts == date(2026, 4, 1)
    assert shortcut("last-financial", date(2026, 4, 1)).starts == date(2025, 4, 1)
    assert shortcut("nonsense", date(2026, 4, 1)) is None


def test_a_periods_bounds_are_london_midnights():
    summer = Period(date(2026, 7, 1), date(2026, 7, 31))
    assert summer.bounds == (
        datetime(2026, 6, 30, 23, tzinfo=UTC),
        datetime(2026, 7, 31, 23, tzinfo=UTC),
    )
    winter = Period(date(2026, 1, 1), date(2026, 1, 1))
    assert winter.bounds == (datetime(2026, 1, 1, tzinfo=UTC), datetime(2026, 1, 2, tzinfo=UTC))
    assert summer.words == "1 July 2026 to 31 July 2026"


def test_percentages_are_whole_numbers_halves_up():
    assert [percent(41, 63), percent(1, 8), percent(1, 200), percent(3, 0)] == [65, 13, 1, None]


def test_the_figures_across_events(session, make, people):
    day = _ended(make, capacity=100, programme="Risky Behaviours")
    last_years_conference_day(people, day)
    second = _ended(make, days_ago=3, capacity=20, programme="Risky Behaviours")
    people.place(second, people.organisation("Another school"))
    people.place(second, None, came=False)
    people.place(second, None, cancelled_before=timedelta(hours=2))
    people.place(second, None, cancelled_before=timedelta(days=5))
    _ended(make, status=EventStatus.DRAFT)
    make.event()  # still to come
    report = reach(session, ReachFilters(WIDE), now=NOW)
    assert (report.events_run, report.places_offered) == (2, 120)
    assert (report.booked, report.attended, report.no_shows, report.walk_ins) == (94, 79, 20, 5)
    assert (report.cancellations, report.late_cancellations) == (2, 1)
    assert (report.fill_rate, report.no_show_rate) == (78, 21)
    assert report.distinct_people == 79
    by_sector = {row.sector: (row.people, row.organisations) for row in report.sectors}
    assert by_sector[Sector.SCHOOL] == (68, 36)
    assert by_sector[Sector.POST_16] == (3, 2)


def test_filters_by_period_programme_kind_and_sector(session, make, people):
    school, camhs = people.organisation("School"), people.organisation("CAMHS", Sector.CAMHS)
    day = _ended(make, days_ago=2, programme="Risky Behaviours")
    forum = _ended(make, days_ago=40, kind=EventKind.FORUM, programme="Networks")
    for event in (day, forum):
        people.place(event, school)
        people.place(event, camhs)
    today = NOW.date()
    recent = Period(today - timedelta(days=10), today)

    def attended(**filters):
        return reach(session, ReachFilters(filters.pop("period", WIDE), **filters), now=NOW)

    assert attended(period=recent).events_run == 1
    assert attended(programme="Networks").events_run == 1
    assert attended(kind=EventKind.FORUM).attended == 2
    by_camhs = attended(sector=Sector.CAMHS)
    assert (by_camhs.events_run, by_camhs.attended, by_camhs.booked) == (2, 2, 2)
    assert [row.sector for row in by_camhs.sectors] == [Sector.CAMHS]
    assert by_camhs.schools_reached == 1  # the schools reached ignore the sector


def test_schools_reached_and_those_not_yet_listed_by_phase_and_district(session, make, people):
    event = _ended(make)
    came = people.organisation("Ormesby Primary", phase=SchoolPhase.PRIMARY, district="Ashby")
    people.place(event, came)
    people.place(event, people.organisation("Absent Academy"), came=False)
    for name, phase, district in [
        ("Zeal Secondary", SchoolPhase.SECONDARY, "Ashby"),
        ("Brook Primary", SchoolPhase.PRIMARY, "Wold"),
        ("Acre Primary", SchoolPhase.PRIMARY, "Wold"),
        ("Beck Primary", SchoolPhase.PRIMARY, "Ashby"),
    ]:
        people.organisation(name, phase=phase, district=district)
    people.organisation("A college", Sector.POST_16)
    report = reach(session, ReachFilters(WIDE), now=NOW)
    assert report.schools_sentence == "1 of 6 schools in the register (17%) sent someone"
    assert [(s.name, s.phase_label, s.district) for s in report.not_reached] == [
        ("Beck Primary", "Primary", "Ashby"),
        ("Acre Primary", "Primary", "Wold"),
        ("Brook Primary", "Primary", "Wold"),
        ("Zeal Secondary", "Secondary", "Ashby"),
        ("Absent Academy", "Phase not given", ""),
    ]
    assert [(p.label, p.in_register, p.reached) for p in report.phases] == [
        ("Primary", 4, 1),
        ("Secondary", 1, 0),
        ("Phase not given", 1, 0),
    ]


def test_nothing_in_the_period_reads_as_zeros(session):
    report = reach(session, ReachFilters(WIDE), now=NOW)
    assert (report.events_run, report.fill_rate, report.no_show_rate) == (0, None, None)
    assert report.schools_sentence == "0 of 0 schools in the register sent someone"


def test_the_statements_do_not_grow_with_the_data(session, make, people, engine):
    def statements(filters):
        session.expire_all()
        with statements_sent(engine) as sent:
            reach(session, filters, now=NOW)
        return len(sent)

    statements(ReachFilters(WIDE))  # the transaction begins
    empty = statements(ReachFilters(WIDE))
    last_years_conference_day(people, _ended(make, capacity=100))
    for n in range(5):
        people.place(_ended(make, days_ago=3 + n), people.organisation(f"S{n}"))
    assert (
        empty
        == statements(ReachFilters(WIDE))
        == statements(ReachFilters(WIDE, sector=Sector.SCHOOL))
        <= 4
    )
