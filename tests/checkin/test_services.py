"""Checking in at the door: by code and by booking, idempotent, undoable, audited; workshops;
phones' scans received once, the earliest kept."""

from datetime import timedelta

import pytest
from sqlalchemy import func, select

from booking.accounts.models import Role
from booking.audit.models import AuditEntry
from booking.bookings.models import BookingStatus
from booking.bookings.tickets import ticket_code
from booking.checkin import services, sync
from booking.checkin.door_list import door_count, door_list
from booking.checkin.models import CheckIn, Via
from booking.checkin.results import Outcome
from booking.core.errors import NotFound
from booking.core.formatting import iso_utc
from tests.factories import NOW
from tests.statements import statements_sent

TICKET = "https://training.example.org/t/{}"


def _today(make, **fields):
    return make.event(starts_in=timedelta(hours=-1), **fields)


def _live_check_ins(session) -> int:
    return session.scalar(
        select(func.count()).select_from(CheckIn).where(CheckIn.undone_at.is_(None))
    )


def test_a_scanned_ticket_checks_its_holder_in_once(session, make):
    event = _today(make)
    trainer = make.user(name="Jo Brown", role=Role.TRAINER)
    booking = make.booking(event, make.user(name="Siobhán Ní Bhriain"))
    code = TICKET.format(booking.ticket_token)

    first = services.scan(session, event=event, code=code, by_id=trainer.id, now=NOW)
    again = services.scan(session, event=event, code=code, by_id=trainer.id, now=NOW)

    assert first.outcome == Outcome.CHECKED_IN and first.tone == "success"
    assert first.message == "Checked in: Siobhán Ní Bhriain, Ormesby Primary School"
    assert again.outcome == Outcome.ALREADY_CHECKED_IN and again.tone == "warning"
    assert again.message.startswith("Already checked in at ") and again.message.endswith(
        " by Jo Brown"
    )
    assert _live_check_ins(session) == 1
    assert door_count(session, event.id).text == "1 of 1 checked in"
    actions = session.scalars(select(AuditEntry.action)).all()
    assert actions.count("checkin.check_in") == 1


def test_a_bare_token_with_spaces_is_a_ticket_too(session, make):
    event = _today(make)
    booking = make.booking(event)
    typed = f" {booking.ticket_token[:10]} {booking.ticket_token[10:]} "
    result = services.scan(session, event=event, code=typed, by_id=make.user().id, now=NOW)
    assert result.outcome == Outcome.CHECKED_IN


def test_codes_that_are_no_ticket_here_change_nothing(session, make):
    event = _today(make)
    other = make.event(title="Governors: online safety")
    elsewhere = make.booking(other)
    cancelled = make.booking(event, status=BookingStatus.CANCELLED)
    make.booking(event, status=BookingStatus.WAITLISTED)
    waiting = make.booking(event, status=BookingStatus.WAITLISTED, queued_at=NOW + timedelta(1))
    by = make.user().id

    def answer(code):
        return services.scan(session, event=event, code=code, by_id=by, now=NOW)

    assert answer("garbage").message == "Not a ticket for this event"
    assert answer(TICKET.format("A" * 32)).outcome == Outcome.NOT_A_TICKET
    assert answer(elsewhere.ticket_token).message == (
        "Ticket for another event: Governors: online safety"
    )
    assert answer(cancelled.ticket_token).outcome == Outcome.CANCELLED
    waiting_answer = answer(waiting.ticket_token)
    assert waiting_answer.headline == "On the waiting list (number 2)"
    assert waiting_answer.tone == "error"
    assert _live_check_ins(session) == 0


def test_undo_keeps_the_row_and_allows_a_new_check_in(session, make):
    event = _today(make)
    booking = make.booking(event)
    by = make.user().id
    services.check_in(session, event=event, booking=booking, by_id=by, now=NOW, via=Via.NAME)

    assert services.undo(session, event=event, booking=booking, by_id=by, now=NOW).outcome == (
        Outcome.UNDONE
    )
    assert services.undo(session, event=event, booking=booking, by_id=by, now=NOW).outcome == (
        Outcome.NOT_CHECKED_IN
    )
    again = services.check_in(
        session, event=event, booking=booking, by_id=by, now=NOW, via=Via.NAME
    )
    assert again.outcome == Outcome.CHECKED_IN
    assert session.scalar(select(func.count()).select_from(CheckIn)) == 2
    assert _live_check_ins(session) == 1


def test_at_a_workshop_the_conference_ticket_admits_those_who_chose_it(session, make):
    conference = _today(make, kind="conference", title="Digital resilience conference", hours=8)
    starts = conference.starts_at + timedelta(hours=1)
    room_a = make.event(parent=conference, title="Sexting", starts_at=starts, hours=1)
    room_b = make.event(parent=conference, title="Gaming", starts_at=starts, hours=1)
    delegate = make.user()
    ticket = make.booking(conference, delegate)
    chose_a = make.booking(room_a, delegate)
    by = make.user().id

    at_a = services.scan(session, event=room_a, code=ticket.ticket_token, by_id=by, now=NOW)
    at_b = services.scan(session, event=room_b, code=ticket.ticket_token, by_id=by, now=NOW)

    assert at_a.outcome == Outcome.CHECKED_IN and at_a.booking_id == chose_a.id
    assert at_b.outcome == Outcome.OTHER_WORKSHOP
    assert at_b.message.startswith("Not booked on this workshop — booked on: ")
    assert at_b.message.endswith(": Sexting")
    assert door_count(session, conference.id).checked_in == 0  # the day's door is its own
    [listed] = door_list(session, room_a)
    assert listed.ticket_token == ticket.ticket_token


def test_the_door_list_is_by_surname_and_found_without_accents(session, make):
    event = _today(make)
    for name in ("Zoë Adams", "Siobhán Ní Bhriain", "Łukasz Żółć", "Ann Cole"):
        make.booking(event, make.user(name=name))

    names = [person.name for person in door_list(session, event)]
    found = [person.name for person in door_list(session, event, "sio")]

    assert names == ["Zoë Adams", "Siobhán Ní Bhriain", "Ann Cole", "Łukasz Żółć"]
    assert found == ["Siobhán Ní Bhriain"]
    assert [p.name for p in door_list(session, event, "zolc")] == ["Łukasz Żółć"]
    assert len(door_list(session, event, "ormesby prim")) == 4


def test_a_sync_received_twice_changes_nothing(session, make):
    event = _today(make)
    bookings = [make.booking(event) for _ in range(3)]
    by = make.user().id
    scans = [
        sync.PhoneScan("phone-1", NOW, code=bookings[0].ticket_token),
        sync.PhoneScan("phone-2", NOW, booking_id=bookings[1].id),
        sync.PhoneScan("phone-3", NOW, code="not a ticket"),
        sync.PhoneScan("phone-4", NOW, booking_id=bookings[2].id),
    ]

    first = sync.receive_all(session, event=event, scans=scans, by_id=by, now=NOW)
    again = sync.receive_all(session, event=event, scans=scans, by_id=by, now=NOW)

    assert [r.outcome for r in first] == [
        Outcome.CHECKED_IN,
        Outcome.CHECKED_IN,
        Outcome.NOT_A_TICKET,
        Outcome.CHECKED_IN,
    ]
    assert [r.outcome for r in again] == [r.outcome for r in first]
    assert _live_check_ins(session) == 3


def test_two_phones_keep_the_earliest_scan(session, make):
    event = _today(make)
    booking = make.booking(event)
    first_phone, second_phone = make.user(name="Jo Brown"), make.user(name="Sam Reed")
    later, earlier = NOW - timedelta(minutes=5), NOW - timedelta(minutes=20)

    services.check_in(
        session,
        event=event,
        booking=booking,
        by_id=second_phone.id,
        now=NOW,
        via=Via.SCAN,
        at=later,
    )
    won = sync.receive(
        session,
        event=event,
        scan=sync.PhoneScan("a", earlier, code=booking.ticket_token),
        by_id=first_phone.id,
        now=NOW,
        offline=True,
    )
    lost = sync.receive(
        session,
        event=event,
        scan=sync.PhoneScan("b", later + timedelta(1), booking_id=booking.id),
        by_id=second_phone.id,
        now=NOW + timedelta(1),
        offline=True,
    )

    live = services.live_check_in(session, booking.id)
    replacing = session.scalars(select(AuditEntry).order_by(AuditEntry.id.desc())).first()
    assert replacing.details["replaced"] == iso_utc(later)
    assert won.outcome == Outcome.CHECKED_IN
    assert lost.outcome == Outcome.ALREADY_CHECKED_IN and lost.detail.endswith("by Jo Brown")
    assert (live.checked_in_at, live.by_id, live.offline) == (earlier, first_phone.id, True)


def test_a_booking_of_another_event_by_id_is_not_booked_here(session, make):
    event, other = _today(make), _today(make)
    elsewhere = make.booking(other)
    result = sync.receive(
        session,
        event=event,
        scan=sync.PhoneScan("x", NOW, booking_id=elsewhere.id),
        by_id=make.user().id,
        now=NOW,
    )
    assert result.outcome == Outcome.NOT_BOOKED
    assert _live_check_ins(session) == 0


def test_a_phones_batch_costs_the_same_statements_whatever_its_size(session, make):
    event = _today(make)
    by = make.user(name="Jo Brown").id

    def statements_for(size: int) -> int:
        bookings = [make.booking(event) for _ in range(size)]
        scans = [
            sync.PhoneScan(f"{size}-{i}", NOW - timedelta(minutes=i), code=b.ticket_token)
            if i % 2
            else sync.PhoneScan(f"{size}-{i}", NOW - timedelta(minutes=i), booking_id=b.id)
            for i, b in enumerate(bookings)
        ]
        with statements_sent(session.get_bind()) as sent:
            answers = sync.receive_all(session, event=event, scans=scans, by_id=by, now=NOW)
        assert {answer.outcome for answer in answers} == {Outcome.CHECKED_IN}
        return len(sent)

    assert statements_for(3) == statements_for(40)


def test_a_scan_id_received_at_another_door_is_decided_here_afresh(session, make):
    first, second = _today(make), _today(make)
    here = make.booking(second)
    by = make.user().id
    sync.receive(
        session, event=first, scan=sync.PhoneScan("same-id", NOW, code="x"), by_id=by, now=NOW
    )
    result = sync.receive(
        session,
        event=second,
        scan=sync.PhoneScan("same-id", NOW, code=here.ticket_token),
        by_id=by,
        now=NOW,
    )
    assert result.outcome == Outcome.CHECKED_IN
    assert services.live_check_in(session, here.id) is not None


def test_the_door_never_locks_or_touches_another_events_booking(session, make):
    event, other = _today(make), _today(make)
    elsewhere = make.booking(other)
    by = make.user().id
    services.check_in(session, event=other, booking=elsewhere, by_id=by, now=NOW, via=Via.NAME)
    with pytest.raises(NotFound):
        services.undo(session, event=event, booking=elsewhere.id, by_id=by, now=NOW)
    assert services.live_check_in(session, elsewhere.id) is not None


def test_the_short_code_on_a_ticket_can_be_typed_in_any_case(session, make):
    event, other = _today(make), _today(make)
    booking, elsewhere = make.booking(event), make.booking(other)
    by = make.user().id
    typed = ticket_code(booking.ticket_token).lower()
    typed = f"{typed[:4]} {typed[4:]}"

    result = services.scan(session, event=event, code=typed, by_id=by, now=NOW)
    foreign = services.scan(
        session, event=event, code=ticket_code(elsewhere.ticket_token), by_id=by, now=NOW
    )

    assert result.outcome == Outcome.CHECKED_IN and result.booking_id == booking.id
    assert foreign.outcome == Outcome.NOT_A_TICKET  # a short code names a ticket of this door


def test_a_conference_tickets_short_code_works_at_its_workshops_door(session, make):
    conference = _today(make, kind="conference", hours=8)
    workshop = make.event(parent=conference, starts_at=conference.starts_at, hours=1)
    delegate = make.user()
    ticket = make.booking(conference, delegate)
    chosen = make.booking(workshop, delegate)
    result = services.scan(
        session, event=workshop, code=ticket_code(ticket.ticket_token), by_id=delegate.id, now=NOW
    )
    assert result.booking_id == chosen.id and result.outcome == Outcome.CHECKED_IN
