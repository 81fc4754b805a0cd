"""The event's attendance report: the board report's sentence from the data, the table by
sector, the organisations with their counts, a conference's workshops, and a fixed number of
statements whatever the event's size."""

from datetime import timedelta

import pytest

from booking.accounts.models import Sector
from booking.bookings.models import BookingStatus
from booking.core.errors import NotFound
from booking.events.models import EventKind, EventStatus
from booking.reports.attendance import event_attendance
from booking.reports.sentence import joined, represented_sentence
from tests.factories import NOW
from tests.reports.people import People, last_years_conference_day
from tests.statements import statements_sent

AFTER = NOW + timedelta(days=1)
SENTENCE = (
    "78 delegates attended (92 booked, 19 no-shows, 5 walk-ins). 35 schools were represented, "
    "2 post-16 establishments, and professionals from children's social care, early help, "
    "CAMHS, public health and elected members."
)


@pytest.fixture
def people(session):
    return People(session)


def _ended(make, **fields):
    return make.event(starts_in=timedelta(days=-2), **fields)


def test_the_board_reports_sentence_comes_from_the_data(session, make, people):
    event = _ended(make, capacity=100)
    last_years_conference_day(people, event)
    report = event_attendance(session, event.id, now=AFTER)
    assert report.sentence == SENTENCE
    assert (report.booked_before, report.figures.attended) == (92, 78)
    assert (report.figures.no_shows, report.figures.walk_ins) == (19, 5)


def test_the_table_by_sector_counts_people_and_distinct_organisations(session, make, people):
    event = _ended(make, capacity=100)
    last_years_conference_day(people, event)
    rows = {
        row.sector: (row.people, row.organisations)
        for row in event_attendance(session, event.id, now=AFTER).sectors
    }
    assert rows == {
        Sector.SCHOOL: (35 + 27 + 5, 35),
        Sector.POST_16: (3, 2),
        Sector.SOCIAL_CARE: (2, 1),
        Sector.EARLY_HELP: (2, 1),
        Sector.CAMHS: (2, 1),
        Sector.PUBLIC_HEALTH: (1, 1),
        Sector.ELECTED_MEMBER: (1, 1),
    }
    assert sum(people for people, _ in rows.values()) == 78


def test_organisations_are_listed_with_their_counts_most_first(session, make, people):
    event = _ended(make)
    school, council = (
        people.organisation("Ormesby Primary"),
        people.organisation("Council", Sector.LOCAL_AUTHORITY),
    )
    for _ in range(3):
        people.place(event, school)
    people.place(event, council)
    people.place(event, council, came=False)
    people.place(event, None)
    report = event_attendance(session, event.id, now=AFTER)
    assert [(o.name, o.sector_label, o.people) for o in report.organisations] == [
        ("Ormesby Primary", "School or academy", 3),
        ("Council", "Local authority", 1),
    ]
    assert report.sectors[-1].label == "No organisation given"
    assert (report.sectors[-1].people, report.sectors[-1].organisations) == (1, 0)
    assert report.sentence == (
        "5 delegates attended (6 booked, 1 no-show, 0 walk-ins). 1 school was represented, "
        "and professionals from the local authority."
    )


def test_before_the_end_no_shows_are_not_yet_counted(session, make, people):
    event = make.event(starts_in=timedelta(hours=-1))
    people.place(event, people.organisation("Family support", Sector.EARLY_HELP))
    people.place(event, None, came=False)
    report = event_attendance(session, event.id, now=NOW)
    assert report.sentence == (
        "1 delegate attended (2 booked, 0 walk-ins). "
        "Professionals from early help were represented."
    )


def test_cancelled_and_waiting_places_are_not_counted_as_booked(session, make, people):
    event = _ended(make)
    school = people.organisation("School")
    people.place(event, school)
    people.place(event, school, status=BookingStatus.WAITLISTED)
    people.place(event, school, cancelled_before=timedelta(hours=1))
    report = event_attendance(session, event.id, now=AFTER)
    assert report.sentence.startswith("1 delegate attended (1 booked, 0 no-shows, 0 walk-ins).")
    assert (report.figures.cancellations, report.figures.late_cancellations) == (1, 1)


def test_a_conference_reports_each_of_its_workshops(session, make, people):
    conference = _ended(make, kind=EventKind.CONFERENCE, title="Conference")
    first = make.event(parent=conference, starts_at=conference.starts_at, title="A workshop")
    second = make.event(parent=conference, starts_at=conference.starts_at, title="B workshop")
    school, camhs = people.organisation("School"), people.organisation("CAMHS", Sector.CAMHS)
    for organisation in (school, camhs):
        people.place(conference, organisation)
    people.place(first, camhs)
    report = event_attendance(session, conference.id, now=AFTER)
    assert report.title == "Conference" and report.figures.attended == 2
    assert [w.title for w in report.workshops] == ["A workshop", "B workshop"]
    assert report.workshops[0].sentence == (
        "1 delegate attended (1 booked, 0 no-shows, 0 walk-ins). "
        "Professionals from CAMHS were represented."
    )
    assert report.workshops[1].sentence.startswith("0 delegates attended (0 booked")
    assert first.id == report.workshops[0].event_id and second.id == report.workshops[1].event_id


def test_drafts_and_unknown_events_are_not_found(session, make):
    draft = make.event(status=EventStatus.DRAFT)
    for event_id in (draft.id, draft.id + 1000):
        with pytest.raises(NotFound):
            event_attendance(session, event_id, now=AFTER)


def test_the_statements_do_not_grow_with_the_event_or_its_workshops(session, make, people, engine):
    def statements(event_id):
        session.expire_all()
        with statements_sent(engine) as sent:
            event_attendance(session, event_id, now=AFTER)
        return len(sent)

    small = _ended(make, kind=EventKind.CONFERENCE)
    make.event(parent=small, starts_at=small.starts_at)
    people.place(small, people.organisation("Small school"))
    large = _ended(make, kind=EventKind.CONFERENCE, capacity=100)
    last_years_conference_day(people, large)
    for n in range(4):
        workshop = make.event(parent=large, starts_at=large.starts_at)
        people.place(workshop, people.organisation(f"Workshop school {n}"))
    assert statements(small.id) == statements(large.id) <= 4


def test_lists_are_joined_as_people_write_them():
    assert [joined(w) for w in ([], ["a"], ["a", "b"], ["a", "b", "c"])] == [
        "",
        "a",
        "a and b",
        "a, b and c",
    ]
    assert represented_sentence({}) == ""
    assert represented_sentence({Sector.POST_16: 1, Sector.POLICE: 1, Sector.FOSTER_CARER: 2}) == (
        "1 post-16 establishment was represented, and professionals from police and foster carers."
    )
