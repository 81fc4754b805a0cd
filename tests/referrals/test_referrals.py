"""Referring parents: the place follows the booking rules, the referrer sees a status word."""

from datetime import timedelta

import pytest
from sqlalchemy import select

from booking.audit.models import AuditEntry
from booking.bookings.services import cancel_booking
from booking.checkin.models import Via
from booking.checkin.services import check_in
from booking.core.errors import AlreadyBooked, EmailNotConfirmed, NotBookable
from booking.models import Booking, BookingStatus, EventKind, OutboxMessage, Role
from booking.referrals import services
from booking.referrals.services import NotAgreed, NoWayToReach, Parent, refer_parent
from tests.factories import NOW


def _session(make, **fields):
    return make.event(kind=EventKind.PARENTING_SESSION, title="Digital parenting", **fields)


def _parent(n=1, email=None, phone="", agreed=True):
    email = f"parent{n}@example.net" if email is None else email
    return Parent(name=f"Parent {n}", email=email, phone=phone, agreed=agreed)


def _refer(session, event, referrer, parent, now=NOW):
    return refer_parent(session, event_id=event.id, parent=parent, referrer_id=referrer.id, now=now)


def test_parents_take_places_then_join_the_waiting_list(session, make):
    event = _session(make, capacity=1)
    referrer = make.user()
    first = _refer(session, event, referrer, _parent(1))
    second = _refer(session, event, referrer, _parent(2, email="", phone="01632 960 001"))
    assert first.booking.status == BookingStatus.CONFIRMED
    assert second.booking.status == BookingStatus.WAITLISTED
    assert second.booking.person.email.endswith(".invalid")
    assert second.booking.person.organisation_id is None
    kinds = [(m.kind, m.to_address) for m in session.scalars(select(OutboxMessage))]
    assert kinds == [("referral_invitation", "parent1@example.net")]
    lines = services.my_referrals(session, referrer_id=referrer.id, now=NOW)
    assert {line.status for line in lines} == {"Place confirmed", "On the waiting list"}
    # cancelling the first place promotes the second, by the bookings' own rule
    cancel_booking(session, booking_id=first.booking_id, person_id=None, now=NOW)
    words = {
        line.parent_name: line.status
        for line in services.my_referrals(session, referrer_id=referrer.id, now=NOW)
    }
    assert words == {"Parent 1": "Cancelled", "Parent 2": "Place confirmed"}


def test_the_referrer_sees_came_or_did_not_come_after_the_session(session, make):
    event = _session(make)
    referrer, trainer = make.user(), make.user()
    came = _refer(session, event, referrer, _parent(1))
    _refer(session, event, referrer, _parent(2))
    check_in(session, event=event, booking=came.booking, by_id=trainer.id, now=NOW, via=Via.NAME)
    after = event.ends_at + timedelta(minutes=1)
    words = {
        line.parent_name: line.status
        for line in services.my_referrals(session, referrer_id=referrer.id, now=after)
    }
    assert words == {"Parent 1": "Came", "Parent 2": "Did not come"}


def test_the_referrer_sees_nothing_more_than_name_session_and_status(session, make):
    event = _session(make)
    referrer, other = make.user(), make.user()
    _refer(session, event, referrer, _parent(1, phone="01632 960 001"))
    [line] = services.my_referrals(session, referrer_id=referrer.id, now=NOW)
    assert (line.parent_email, line.parent_phone, line.team) == ("", "", "")
    assert services.my_referrals(session, referrer_id=other.id, now=NOW) == []
    [seen] = services.all_referrals(session, now=NOW)
    assert (seen.parent_email, seen.parent_phone) == ("parent1@example.net", "01632 960 001")
    assert seen.team == "Ormesby Primary School"


def test_a_referral_needs_agreement_a_way_to_reach_and_a_parenting_session(session, make):
    event = _session(make)
    referrer = make.user()
    with pytest.raises(NotAgreed):
        _refer(session, event, referrer, _parent(agreed=False))
    with pytest.raises(NoWayToReach):
        _refer(session, event, referrer, _parent(email=" ", phone=""))
    with pytest.raises(NotBookable):
        _refer(session, make.event(), referrer, _parent())
    with pytest.raises(EmailNotConfirmed):
        _refer(session, event, make.user(confirmed=False), _parent())
    _refer(session, event, referrer, _parent(1))
    with pytest.raises(AlreadyBooked):
        _refer(session, event, referrer, _parent(1))
    _refer(session, event, referrer, _parent(3, email="", phone="01632 960 003"))
    with pytest.raises(AlreadyBooked):  # the same parent by phone
        _refer(session, event, referrer, _parent(4, email="", phone="01632  960 003"))


def test_a_referral_never_books_an_existing_account_nor_tells_of_it(session, make):
    event = _session(make)
    referrer = make.user()
    colleague, organiser = make.user(), make.user(role=Role.ORGANISER)
    colleague_place = make.booking(event, person=colleague)
    check_in(
        session, event=event, booking=colleague_place, by_id=organiser.id, now=NOW, via=Via.NAME
    )
    closed = make.user()
    closed.closed_at = NOW
    for person in (colleague, organiser, closed):
        parent = Parent(name="Anyone", email=person.email.upper(), phone="", agreed=True)
        referral = _refer(session, event, referrer, parent)
        placeholder = referral.booking.person
        assert placeholder.id not in (colleague.id, organiser.id, closed.id)
        assert placeholder.placeholder and placeholder.email.endswith(".invalid")
    # the colleague keeps one place, and the referrer sees only their own referrals' words
    held = session.scalars(select(Booking).where(Booking.person_id == colleague.id)).all()
    assert held == [colleague_place]
    lines = services.my_referrals(session, referrer_id=referrer.id, now=NOW)
    assert [line.status for line in lines] == ["Place confirmed"] * 3
    # every invitation goes to the address typed, naming nobody
    sent = session.scalars(select(OutboxMessage).order_by(OutboxMessage.id)).all()
    assert [(m.to_address, m.to_name) for m in sent] == [
        (person.email, "") for person in (colleague, organiser, closed)
    ]


def test_a_parent_new_to_us_gets_a_placeholder_at_their_address_for_later_news(session, make):
    event = _session(make)
    referral = _refer(session, event, make.user(), _parent(1))
    person = referral.booking.person
    assert (person.email, person.placeholder, person.password_hash) == (
        "parent1@example.net",
        True,
        "",
    )
    other = _refer(session, _session(make), make.user(), _parent(1))
    assert other.booking.person_id != person.id  # each referral its own person


def test_a_referral_is_audited_and_counted_by_session_and_team(session, make):
    event = _session(make)
    referrer = make.user()
    referral = _refer(session, event, referrer, _parent(1))
    [entry] = session.scalars(select(AuditEntry).where(AuditEntry.action == "referral.made"))
    assert (entry.actor_id, entry.subject_id) == (referrer.id, referral.booking_id)
    lines = services.all_referrals(session, now=NOW)
    [by_team] = services.tallies(lines, lambda line: line.team)
    assert (by_team.name, by_team.referred, by_team.came) == ("Ormesby Primary School", 1, 0)


def test_a_parent_with_no_email_gets_a_letter_and_no_email_is_ever_sent(session, make):
    event = _session(make, capacity=1)
    make.booking(event)  # full: the parent waits, and is promoted later
    referral = _refer(session, event, make.user(), _parent(1, email="", phone="01632 960 001"))
    letter = services.letter(session, referral_id=referral.id, now=NOW)
    assert (letter.parent_name, letter.status) == ("Parent 1", "On the waiting list")
    assert session.scalars(select(OutboxMessage)).all() == []


def test_the_invitation_holds_the_place_with_its_qr_code_and_no_name(session, make):
    from booking.core.links import Links
    from booking.outbox.composing import MailSettings, compose

    event = _session(make)
    referral = _refer(session, event, make.user(), _parent(1))
    [message] = session.scalars(select(OutboxMessage))
    settings = MailSettings(Links("https://training.example.org"), "s", "t@example.org", "T")
    email = compose(session, message, settings)
    assert email["Subject"] == "You are invited: Digital parenting"
    assert email["To"] == "parent1@example.net"  # the typed name is not put on an unproven address
    text = email.get_body(("plain",)).get_content()
    assert "A place is held for you." in text and "Parent 1" not in text
    assert [part.get_content_type() for part in email.walk()].count("image/png") == 1
    assert referral.booking.ticket_token not in text
