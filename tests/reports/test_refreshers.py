"""Refresher prompts: one email two months before training lapses, listing the coming dates,
once only, and not to people who switched them off."""

from datetime import UTC, datetime, timedelta

from sqlalchemy import select

from booking.checkin.models import Via
from booking.checkin.services import check_in
from booking.core.links import Links
from booking.models import OutboxMessage
from booking.outbox.composing import MailSettings, compose, reason_to_skip
from booking.reports.refreshers import lapses_on, schedule_refresher_prompts, training_lapses
from tests.factories import NOW

SETTINGS = MailSettings(Links("https://training.example.org"), "secret", "t@example.org", "T")


def _attended(session, make, person, *, years=2, title="E-safety", ago=timedelta(days=700)):
    event = make.event(title=title, starts_at=NOW - ago, current_for_years=years)
    booking = make.booking(event, person)
    check_in(
        session, event=event, booking=booking, by_id=person.id, now=event.starts_at, via=Via.NAME
    )
    return event


def test_lapse_dates_keep_the_day_and_29_february_lapses_on_the_28th():
    leap = datetime(2024, 2, 29, 16, tzinfo=UTC)
    assert lapses_on(leap, 2) == datetime(2026, 2, 28, 16, tzinfo=UTC)
    assert lapses_on(datetime(2025, 3, 1, tzinfo=UTC), 1) == datetime(2026, 3, 1, tzinfo=UTC)


def test_one_prompt_two_months_before_the_lapse_however_often_it_runs(session, make):
    person = make.user()
    event = _attended(session, make, person)  # lapses 730 days after, i.e. in about 30 days
    coming = make.event(title="e-safety", starts_in=timedelta(days=20))
    make.event(title="Something else", starts_in=timedelta(days=20))
    assert schedule_refresher_prompts(session, now=NOW) == 1
    assert schedule_refresher_prompts(session, now=NOW + timedelta(days=3)) == 0
    [message] = session.scalars(select(OutboxMessage))
    assert (message.kind, message.to_address) == ("refresher_prompt", person.email)
    text = compose(session, message, SETTINGS).get_body(("plain",)).get_content()
    assert f"/events/{coming.id}" in text
    assert "Something else" not in text and f"/events/{event.id}" not in text


def test_no_prompt_too_early_after_the_lapse_or_after_coming_again(session, make):
    early, lapsed, renewed = make.user(), make.user(), make.user()
    _attended(session, make, early, ago=timedelta(days=300))
    _attended(session, make, lapsed, ago=timedelta(days=800))
    _attended(session, make, renewed, ago=timedelta(days=700))
    _attended(session, make, renewed, ago=timedelta(days=10))
    make.booking(make.event(current_for_years=2, starts_at=NOW - timedelta(days=700)))  # no-show
    assert schedule_refresher_prompts(session, now=NOW) == 0
    assert {lapse.person_id for lapse in training_lapses(session)} == {
        early.id,
        lapsed.id,
        renewed.id,
    }


def test_switched_off_people_get_no_prompt_and_a_queued_one_is_skipped(session, make):
    off, on = make.user(), make.user()
    off.refresher_prompts = False
    _attended(session, make, off)
    _attended(session, make, on)
    assert schedule_refresher_prompts(session, now=NOW) == 1
    on.refresher_prompts = False
    [message] = session.scalars(select(OutboxMessage))
    assert reason_to_skip(session, message, NOW) == "Not sent: renewal reminders are switched off."


def test_upcoming_dates_match_a_course_as_lapses_do_whatever_case_or_spacing(session, make):
    from booking.reports.emails import course_key, upcoming_dates

    later = make.event(title="ÉTUDE  of neglect", starts_at=NOW + timedelta(days=30))
    make.event(title="Neglect", starts_at=NOW + timedelta(days=31))
    assert course_key("Étude of Neglect") == course_key(later.title)
    assert upcoming_dates(session, "Étude of Neglect", now=NOW) == [later]
