"""The audit log's one list of actions, and the admin changes recorded in it."""

import ast
from dataclasses import replace
from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import select

from booking.audit.actions import ACTIONS, SUBJECT_TYPES, detail_lines
from booking.audit.services import record
from booking.bookings.event_changes import cancel_event, update_event
from booking.events.editing import EventFields, create_event, duplicate_event, publish_event
from booking.models import AuditEntry, EventKind, Role
from tests.factories import NOW

DETAILS = EventFields(
    kind=EventKind.TRAINING_DAY,
    title="E-safety training day",
    starts_at=NOW + timedelta(days=20),
    ends_at=NOW + timedelta(days=20, hours=6),
    capacity=20,
    venue="Abingdon Guildhall",
)
DOOR_CODES = {
    "checkin.check_in": "Checked in",
    "checkin.undo": "Check-in undone",
    "checkin.walk_in": "Walk-in added",
    "checkin.mark_attended": "Marked as attended",
    "checkin.mark_absent": "Marked as not attended",
    "checkin.close_register": "Register closed",
    "checkin.reopen_register": "Register reopened",
    "export.download": "File downloaded",
}


AUDITED_AREAS = {"event", "account", "needs", "checkin", "export", "survey"}


def entries(session) -> list[AuditEntry]:
    session.flush()
    return list(session.scalars(select(AuditEntry).order_by(AuditEntry.id)))


@pytest.mark.parametrize(
    ("action", "subject_type"), [("event.deleted", "event"), ("event.create", "conference")]
)
def test_an_unknown_action_or_subject_is_refused_and_nothing_is_written(
    session, action, subject_type
):
    with pytest.raises(ValueError, match="audit.actions"):
        record(
            session, actor_id=None, action=action, subject_type=subject_type, subject_id=1, now=NOW
        )
    assert entries(session) == []


def test_the_door_and_export_codes_are_listed_with_their_words():
    assert {code: ACTIONS[code] for code in DOOR_CODES} == DOOR_CODES
    assert set(SUBJECT_TYPES) == {
        "booking",
        "event",
        "user",
        "organisation",
        "report",
        "notice",
        "network",
        "survey",
    }


def test_every_action_the_code_records_is_listed():
    """Each literal action code given to ``record`` (or to a context's own audit helper) in
    the package is in the list, so the viewer can name it."""
    package = Path(__file__).resolve().parents[2] / "booking"
    found = set()
    for path in package.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.Constant) and isinstance(node.value, str):
                head, _, tail = node.value.partition(".")
                if head in AUDITED_AREAS and tail.replace("_", "").isalpha():
                    found.add(node.value)
    assert found - set(ACTIONS) == set()


def test_creating_with_trainers_records_the_event_and_its_trainers(session, make):
    organiser, trainer = make.user(role=Role.ORGANISER), make.user(role=Role.TRAINER)
    event = create_event(
        session, replace(DETAILS, trainer_ids=(trainer.id,)), actor_id=organiser.id, now=NOW
    )
    assert [(e.action, e.subject_id, e.actor_id, e.details) for e in entries(session)] == [
        ("event.create", event.id, organiser.id, {"title": DETAILS.title}),
        (
            "event.trainers",
            event.id,
            organiser.id,
            {"title": DETAILS.title, "added": [trainer.id], "removed": []},
        ),
    ]


def test_an_edit_names_the_fields_it_changed_never_their_values(session, make):
    first, second = make.user(role=Role.TRAINER), make.user(role=Role.TRAINER)
    event = create_event(session, replace(DETAILS, trainer_ids=(first.id,)), actor_id=None, now=NOW)
    before = len(entries(session))
    changed = replace(DETAILS, capacity=30, venue="County Hall", trainer_ids=(second.id,))
    update_event(session, event.id, changed, actor_id=None, now=NOW)
    edit, trainers = entries(session)[before:]
    assert (edit.action, edit.details) == (
        "event.edit",
        {"title": DETAILS.title, "fields": ["capacity", "venue"]},
    )
    assert "County Hall" not in str(edit.details)
    assert (trainers.action, trainers.details["added"], trainers.details["removed"]) == (
        "event.trainers",
        [second.id],
        [first.id],
    )


def test_an_edit_that_changes_nothing_records_nothing(session):
    event = create_event(session, DETAILS, actor_id=None, now=NOW)
    before = len(entries(session))
    update_event(session, event.id, DETAILS, actor_id=None, now=NOW)
    assert len(entries(session)) == before


def test_publish_duplicate_and_cancel_each_write_one_entry(session, make):
    organiser = make.user(role=Role.ORGANISER)
    event = create_event(session, DETAILS, actor_id=organiser.id, now=NOW)
    publish_event(session, event.id, actor_id=organiser.id, now=NOW)
    copy = duplicate_event(session, event.id, actor_id=organiser.id, now=NOW)
    cancel_event(session, event.id, actor_id=organiser.id, now=NOW)
    assert [(e.action, e.subject_id) for e in entries(session)[1:]] == [
        ("event.publish", event.id),
        ("event.duplicate", copy.id),
        ("event.cancel", event.id),
    ]
    assert entries(session)[2].details["copied_from"] == event.id


def test_details_read_as_lines_for_people():
    details = {"via": "scan", "offline": True, "file": "register.csv", "fields": ["venue"]}
    assert detail_lines(details, {"scan": "Ticket scanned"}) == [
        "Ticket scanned",
        "Sent later by a phone with no signal",
        "File: register.csv",
        "Changed: venue",
    ]
    assert detail_lines({"replaced": "2026-12-01T09:12:00Z"}) == [
        "Earlier than the check-in recorded at 9:12am"
    ]
    assert detail_lines({"from": "trainer", "to": "organiser"}) == ["From trainer to organiser"]
    assert detail_lines({"secret": "x"}) == []
