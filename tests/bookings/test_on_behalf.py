"""Organisers (and a setting's training lead) acting on people's bookings: each action decides
places by the usual rules, tells the person by email and is in the audit log."""

from datetime import timedelta

import pytest
from sqlalchemy import select

from booking.accounts.models import LeadStatus, OrganisationLead, Role, Sector
from booking.accounts.services import find_or_create_organisation
from booking.audit.actions import detail_lines
from booking.audit.models import AuditEntry
from booking.bookings.on_behalf import (
    ReasonMissing,
    book_new_person,
    book_on_behalf,
    cancel_on_behalf,
    email_everyone,
    move_booking,
    offer_place,
)
from booking.bookings.privacy import erase_person
from booking.core.clock import utcnow
from booking.core.errors import AlreadyBooked, NotAllowed, NotBookable
from booking.models import Booking, BookingStatus, EventKind, OutboxMessage, User
from tests.factories import NOW
from tests.outbox.mailbox import deliver, text_of


def _kinds(session, booking_id=None) -> list[str]:
    query = select(OutboxMessage.kind).order_by(OutboxMessage.id)
    if booking_id is not None:
        query = query.where(OutboxMessage.booking_id == booking_id)
    return list(session.scalars(query))


def _audited(session, action: str) -> list[AuditEntry]:
    return list(session.scalars(select(AuditEntry).where(AuditEntry.action == action)))


def _lead_of(session, person: User) -> User:
    session.add(
        OrganisationLead(
            organisation_id=person.organisation_id,
            person_id=person.id,
            status=LeadStatus.APPROVED,
            requested_at=NOW,
        )
    )
    session.flush()
    return person


def test_an_organiser_books_someone_and_they_are_told_who(session, make):
    organiser, person = make.user(role=Role.ORGANISER, name="Olive Organiser"), make.user()
    event = make.event()
    booked = book_on_behalf(
        session, event_id=event.id, person_id=person.id, by_id=organiser.id, now=NOW
    )
    assert booked.status == BookingStatus.CONFIRMED
    assert booked.message == "Place booked. We have emailed them."  # flashed: no name
    assert _kinds(session, booked.booking_id) == ["booked_on_behalf"]
    (entry,) = _audited(session, "booking.booked_on_behalf")
    assert (entry.actor_id, entry.subject_id) == (organiser.id, booked.booking_id)


def test_booking_on_behalf_into_a_full_event_joins_the_waiting_list_said_plainly(session, make):
    organiser, person = make.user(role=Role.ORGANISER), make.user(name="Siobhán Ní Bhriain")
    event = make.event(capacity=1)
    make.booking(event)
    booked = book_on_behalf(
        session, event_id=event.id, person_id=person.id, by_id=organiser.id, now=NOW
    )
    assert booked.status == BookingStatus.WAITLISTED
    assert booked.message == "Added to the waiting list: the event is full. We have emailed them."
    assert "Siobh" not in booked.message


def test_booking_on_behalf_twice_is_refused(session, make):
    organiser, person, event = make.user(role=Role.ORGANISER), make.user(), make.event()
    book_on_behalf(session, event_id=event.id, person_id=person.id, by_id=organiser.id, now=NOW)
    with pytest.raises(AlreadyBooked):
        book_on_behalf(session, event_id=event.id, person_id=person.id, by_id=organiser.id, now=NOW)


def test_a_lead_books_a_colleague_but_nobody_else(session, make):
    lead = _lead_of(session, make.user(name="Lena Lead"))
    colleague, stranger = make.user(), make.user()
    stranger.organisation = find_or_create_organisation(session, "Cleveland Police", Sector.POLICE)
    session.flush()
    event = make.event()
    booked = book_on_behalf(
        session, event_id=event.id, person_id=colleague.id, by_id=lead.id, now=NOW
    )
    assert booked.status == BookingStatus.CONFIRMED
    with pytest.raises(NotAllowed):
        book_on_behalf(session, event_id=event.id, person_id=stranger.id, by_id=lead.id, now=NOW)
    with pytest.raises(NotAllowed):  # a colleague who is not the lead
        book_on_behalf(session, event_id=event.id, person_id=lead.id, by_id=colleague.id, now=NOW)


def test_a_new_person_gets_a_placeholder_account_and_a_place(session, make):
    organiser, event = make.user(role=Role.ORGANISER), make.event()
    booked = book_new_person(
        session,
        event_id=event.id,
        name="  Ada   Lovelace ",
        email="Ada@Example.org",
        organisation="Ormesby Primary School",
        sector=Sector.SCHOOL,
        by_id=organiser.id,
        now=NOW,
    )
    person = session.get(Booking, booked.booking_id).person
    assert (person.name, person.email, person.placeholder) == (
        "Ada Lovelace",
        "ada@example.org",
        True,
    )
    assert booked.status == BookingStatus.CONFIRMED


def test_cancelling_on_behalf_needs_a_reason_and_passes_the_place_on(session, make):
    organiser, event = make.user(role=Role.ORGANISER), make.event(capacity=1)
    booking = make.booking(event)
    waiting = make.booking(event, status=BookingStatus.WAITLISTED)
    with pytest.raises(ReasonMissing):
        cancel_on_behalf(session, booking_id=booking.id, reason="  ", by_id=organiser.id, now=NOW)
    promoted = cancel_on_behalf(
        session, booking_id=booking.id, reason="Left the school", by_id=organiser.id, now=NOW
    )
    assert promoted == [waiting]
    assert (booking.status, booking.cancel_reason) == (BookingStatus.CANCELLED, "Left the school")
    (entry,) = _audited(session, "booking.cancelled_on_behalf")
    assert entry.details["reason"] == "Left the school"


def test_moving_keeps_the_history_and_the_needs(session, make):
    organiser = make.user(role=Role.ORGANISER)
    first = make.event(title="E-safety training day")
    later = make.event(title="E-safety training day", starts_in=timedelta(days=40))
    other_course = make.event(title="Governors' course", starts_in=timedelta(days=40))
    booking = make.booking(first)
    booking.access_needs = "Step-free access"
    with pytest.raises(NotBookable):
        move_booking(
            session, booking_id=booking.id, to_event_id=other_course.id, by_id=organiser.id, now=NOW
        )
    moved = move_booking(
        session, booking_id=booking.id, to_event_id=later.id, by_id=organiser.id, now=NOW
    )
    assert (moved.event_id, moved.status, moved.access_needs) == (
        later.id,
        BookingStatus.CONFIRMED,
        "Step-free access",
    )
    assert booking.status == BookingStatus.CANCELLED
    assert booking.cancel_reason.startswith("Moved to ")
    assert _kinds(session, moved.id) == ["booking_moved"]
    assert _kinds(session, booking.id) == []  # one email, about the new date
    (entry,) = _audited(session, "booking.moved")
    assert entry.details["to_booking"] == moved.id


def test_offering_a_place_out_of_turn_needs_a_free_place_and_a_reason(session, make):
    organiser, event = make.user(role=Role.ORGANISER), make.event(capacity=1)
    make.booking(event)
    head = make.booking(event, status=BookingStatus.WAITLISTED, queued_at=NOW)
    chosen = make.booking(
        event, status=BookingStatus.WAITLISTED, queued_at=NOW + timedelta(minutes=5)
    )
    with pytest.raises(NotBookable, match="No place is free"):
        offer_place(session, booking_id=chosen.id, reason="Urgent", by_id=organiser.id, now=NOW)
    event.capacity = 2  # a place freed without promoting (as a raised capacity would)
    session.flush()
    with pytest.raises(ReasonMissing):
        offer_place(session, booking_id=chosen.id, reason="", by_id=organiser.id, now=NOW)
    offer_place(
        session,
        booking_id=chosen.id,
        reason="Named in a child protection plan",
        by_id=organiser.id,
        now=NOW,
    )
    assert (chosen.status, head.status) == (BookingStatus.CONFIRMED, BookingStatus.WAITLISTED)
    (entry,) = _audited(session, "booking.offered")
    assert (entry.actor_id, entry.details["reason"]) == (
        organiser.id,
        "Named in a child protection plan",
    )
    assert "Reason: Named in a child protection plan" in detail_lines(entry.details)


def test_offering_a_place_respects_the_cap_per_organisation(session, make):
    organiser = make.user(role=Role.ORGANISER)
    event = make.event(capacity=2, places_per_organisation=1)
    make.booking(event)  # Ormesby Primary School's one place
    waiting = make.booking(event, status=BookingStatus.WAITLISTED)
    with pytest.raises(NotBookable, match="Their school already has 1 place on this course"):
        offer_place(session, booking_id=waiting.id, reason="Asked", by_id=organiser.id, now=NOW)


def test_emailing_everyone_booked_goes_to_each_place_once(session, make):
    organiser, event = make.user(role=Role.ORGANISER), make.event(capacity=2)
    places = [make.booking(event), make.booking(event)]
    make.booking(event, status=BookingStatus.WAITLISTED)
    sent = email_everyone(
        session,
        event_id=event.id,
        subject="Room change\r\nBcc: x@example.org",
        body="We are in room 4.",
        by_id=organiser.id,
        now=NOW,
    )
    assert sent == 2
    messages = session.scalars(select(OutboxMessage).order_by(OutboxMessage.id)).all()
    assert [m.booking_id for m in messages] == [b.id for b in places]
    assert "\n" not in messages[0].payload["subject"]
    (entry,) = _audited(session, "booking.event_emailed")
    assert (entry.subject_id, entry.details["people"]) == (event.id, 2)


def test_the_emails_say_who_and_why(app, given, db, tmp_path):
    organiser = given.user(role=Role.ORGANISER, name="Olive Organiser")
    event, person = given.event(title="E-safety training day"), given.user()
    db.commit()
    with app.extensions["sessions"].writer() as session:
        booked = book_on_behalf(
            session, event_id=event.id, person_id=person.id, by_id=organiser.id, now=utcnow()
        )
        cancel_on_behalf(
            session,
            booking_id=booked.booking_id,
            reason="Booked in error",
            by_id=organiser.id,
            now=utcnow(),
        )
        session.commit()
    emails = deliver(app, tmp_path)
    assert [e["Subject"] for e in emails] == ["Booking cancelled: E-safety training day"]
    assert "Their reason: Booked in error" in text_of(emails[0])


def test_the_booked_for_you_email_names_who_and_how_to_cancel(app, given, db, tmp_path):
    organiser = given.user(role=Role.ORGANISER, name="Olive Organiser")
    event = given.event(title="E-safety training day")
    db.commit()
    with app.extensions["sessions"].writer() as session:
        book_new_person(
            session,
            event_id=event.id,
            name="Ada Lovelace",
            email="ada@example.org",
            organisation="Ormesby Primary School",
            sector=Sector.SCHOOL,
            by_id=organiser.id,
            now=utcnow(),
        )
        session.commit()
    (email,) = deliver(app, tmp_path)
    assert email["Subject"] == "A place has been booked for you: E-safety training day"
    text = text_of(email)
    assert "Olive Organiser booked you a place on E-safety training day." in text
    assert "You can cancel it from My bookings: https://training.example.org/bookings" in text
    assert "Forgotten your password?" in text
    assert "Ada" not in email["To"]  # an address nobody has proven is not named


def test_a_waiting_list_place_held_back_by_the_cap_says_so_without_a_name(session, make):
    organiser = make.user(role=Role.ORGANISER)
    event = make.event(capacity=5, places_per_organisation=1)
    make.booking(event)  # Ormesby Primary School's one place
    booked = book_on_behalf(
        session, event_id=event.id, person_id=make.user().id, by_id=organiser.id, now=NOW
    )
    assert booked.message == (
        "Added to the waiting list (their school already has 1 place on this course). "
        "We have emailed them."
    )


def test_erasing_a_person_blanks_the_organisers_reason_for_cancelling(session, make):
    organiser, person = make.user(role=Role.ORGANISER), make.user()
    past, upcoming = make.event(starts_in=timedelta(days=-3)), make.event()
    for event in (past, upcoming):
        booking = make.booking(event, person)
        cancel_on_behalf(
            session,
            booking_id=booking.id,
            reason=f"{person.name} is on long-term sick leave",
            by_id=organiser.id,
            now=NOW - timedelta(days=5),
        )
    erase_person(session, person.id, NOW)
    session.expire_all()
    reasons = session.scalars(select(Booking.cancel_reason).where(Booking.person_id == person.id))
    assert list(reasons) == ["", ""]


def test_offering_a_workshop_place_never_makes_a_clash(session, make):
    organiser = make.user(role=Role.ORGANISER)
    conference = make.event(kind=EventKind.CONFERENCE, capacity=50, hours=8)
    starts_at = conference.starts_at + timedelta(hours=1)
    held = make.event(parent=conference, starts_at=starts_at, hours=1, title="Sexting")
    offered = make.event(parent=conference, starts_at=starts_at, hours=1, capacity=1)
    person = make.user()
    make.booking(conference, person)
    make.booking(held, person)
    make.booking(offered)
    waiting = make.booking(offered, person, BookingStatus.WAITLISTED)
    offered.capacity = 2  # a place free, the queue not yet moved
    session.flush()
    with pytest.raises(NotBookable, match="another workshop at the same time"):
        offer_place(session, booking_id=waiting.id, reason="Asked", by_id=organiser.id, now=NOW)
    assert waiting.status == BookingStatus.WAITLISTED
