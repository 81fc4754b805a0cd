"""The organiser's event form shows every problem at once, each on its field."""

import re

import pytest

from booking.core.errors import InvalidEvent
from booking.events.editing import EventFields, validate
from booking.models import EventKind, Role
from tests.catalogue.test_manage import FORM
from tests.factories import NOW


@pytest.fixture
def organiser(client, given, db):
    user = given.user(role=Role.ORGANISER)
    db.commit()
    client.sign_in(user.email)
    return user


def _errors_of(page: str) -> dict[str, str]:
    """Each field's id in the error summary, with its message."""
    return dict(re.findall(r'<a href="#([\w-]+)">([^<]+)</a>', page))


def test_validation_names_every_problem_of_an_event():
    details = EventFields(
        kind=EventKind.TRAINING_DAY,
        title=" ",
        starts_at=NOW,
        ends_at=NOW,
        capacity=0,
        online_url="http://example.org",
    )
    with pytest.raises(InvalidEvent) as refused:
        validate(details, None, now=NOW)
    assert [field for field, _ in refused.value.problems] == [
        "title",
        "starts_on",
        "ends_at",
        "online_url",
        "capacity",
    ]


def test_the_form_shows_a_past_date_an_early_end_and_no_places_at_once(client, organiser):
    bad = {**FORM, "day": ["1", "1", "2020"], "ends": "9am", "capacity": "0"}
    page = client.post("/manage/events/new", bad).get_data(as_text=True)
    assert _errors_of(page) == {
        "day-day": "The date and start time must be in the future",
        "ends": "End time must be after the start time",
        "capacity": "Number of places must be between 1 and 10,000",
    }


def test_the_domain_rules_are_shown_beside_the_forms_own_messages(client, organiser):
    bad = {**FORM, "ends": "9am", "cpd_hours": "six"}
    page = client.post("/manage/events/new", bad).get_data(as_text=True)
    assert _errors_of(page) == {
        "ends": "End time must be after the start time",
        "cpd_hours": "Enter CPD hours as a number, like 6 or 2.5",
    }
