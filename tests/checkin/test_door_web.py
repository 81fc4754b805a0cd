"""The door over HTTP: who may open which door, scanning by JSON and by form, checking in and
undoing by name, the offline list and sync, and the headers door pages send."""

from datetime import timedelta

import pytest
from sqlalchemy import func, select

from booking.accounts.models import Role
from booking.audit.models import AuditEntry
from booking.bookings.models import BookingStatus
from booking.checkin.models import CheckIn, Via
from booking.core.clock import utcnow
from tests.checkin.door_helpers import (
    conference_with_workshop,
    csrf_of,
    door,
    post_json,
    signed_in,
    today,
)
from tests.factories import NOW

TICKET = "https://training.example.org/t/{}"


def _live(db) -> list[CheckIn]:
    db.rollback()
    return db.scalars(select(CheckIn).where(CheckIn.undone_at.is_(None))).all()


# -- who may open which door ------------------------------------------------------------------


def _routes(event_id: int, booking_id: int) -> list[tuple[str, str, object]]:
    """(method, path, body): every door route about one event; a dict body is sent as JSON."""
    base = f"/door/{event_id}"
    return [
        ("GET", base, None),
        ("POST", f"{base}/find", {"q": "sio"}),
        ("POST", f"{base}/scans", {"code": "garbage"}),
        ("JSON", f"{base}/scans", {"code": "garbage"}),
        ("POST", f"{base}/people/{booking_id}/check-in", {}),
        ("JSON", f"{base}/people/{booking_id}/undo", {}),
        ("GET", f"{base}/list.json", None),
        ("JSON", f"{base}/sync", {"scans": []}),
    ]


def _call(client, method, path, body):
    if method == "GET":
        return client.get(path)
    if method == "JSON":
        return post_json(client, path, body)
    return client.http.post(path, data={**body, "csrf_token": csrf_of(client)})


def _expected_for_staff(method: str, path: str) -> int:
    return 302 if method == "POST" and not path.endswith("/find") else 200


def test_only_the_events_trainers_and_organisers_open_its_door(app, given, db):
    at = door(given, db, people=1)
    other_trainer = given.user(role=Role.TRAINER)
    elsewhere = today(given)
    elsewhere.trainers.append(other_trainer)
    organiser = given.user(role=Role.ORGANISER)
    professional = given.user()
    db.commit()
    routes = _routes(at.event.id, at.bookings[0].id)
    for method, path, body in routes:
        anonymous = _call(signed_in(app, None), method, path, body)
        if method == "JSON" or path.endswith(".json"):
            assert anonymous.status_code == 401, path
            assert anonymous.json["error"]["code"] == "not_signed_in"
        else:
            assert anonymous.status_code == 302 and "/sign-in" in anonymous.location, path
    for who, allowed in ((professional, False), (other_trainer, False), (at.trainer, True)):
        client = signed_in(app, who)
        for method, path, body in routes:
            response = _call(client, method, path, body)
            expected = _expected_for_staff(method, path) if allowed else 403
            assert response.status_code == expected, (who.name, method, path)
            if not allowed and (method == "JSON" or path.endswith(".json")):
                assert response.json["error"]["code"] == "not_allowed"
                assert "Siobh" not in response.get_data(as_text=True)
    client = signed_in(app, organiser)
    for method, path, body in routes:
        assert _call(client, method, path, body).status_code == _expected_for_staff(method, path)


def test_a_conferences_trainer_works_its_workshops_doors(app, given, db):
    _conference, workshop, trainer, _place, chosen = conference_with_workshop(given, db)
    client = signed_in(app, trainer)
    for method, path, body in _routes(workshop.id, chosen.id):
        assert _call(client, method, path, body).status_code == _expected_for_staff(method, path)


def test_your_events_is_for_trainers_and_organisers(app, given, db):
    professional = given.user()
    db.commit()
    assert signed_in(app, None).get("/your-events").status_code == 302
    assert signed_in(app, professional).get("/your-events").status_code == 403


def test_a_draft_has_no_door(app, given, db):
    organiser = given.user(role=Role.ORGANISER)
    from booking.events.models import EventStatus

    draft = today(given, status=EventStatus.DRAFT)
    db.commit()
    assert signed_in(app, organiser).get(f"/door/{draft.id}").status_code == 404


# -- scanning ---------------------------------------------------------------------------------


def test_a_scan_by_json_answers_green_then_amber_with_the_counter(app, given, db):
    at = door(given, db, people=2)
    client = signed_in(app, at.trainer)
    code = TICKET.format(at.bookings[0].ticket_token)
    url = f"/door/{at.event.id}/scans"

    first = post_json(client, url, {"code": code})
    again = post_json(client, url, {"code": f"  {at.bookings[0].ticket_token} "})

    assert first.status_code == 200 and first.headers["Cache-Control"] == "no-store"
    assert first.json == {
        "outcome": "checked_in",
        "tone": "success",
        "headline": "Checked in",
        "detail": "Siobhán Ní Bhriain, Ormesby Primary School",
        "message": "Checked in: Siobhán Ní Bhriain, Ormesby Primary School",
        "booking_id": at.bookings[0].id,
        "checked_in": 1,
        "booked": 2,
    }
    assert again.json["outcome"] == "already_checked_in" and again.json["tone"] == "warning"
    assert again.json["message"].startswith("Already checked in at ")
    assert again.json["message"].endswith(" by Jo Brown")
    assert again.json["checked_in"] == 1
    (check_in,) = _live(db)
    assert check_in.via == Via.SCAN and not check_in.offline


def test_red_answers_change_nothing(app, given, db):
    at = door(given, db, people=1)
    cancelled = given.booking(at.event, status=BookingStatus.CANCELLED)
    waiting = given.booking(at.event, status=BookingStatus.WAITLISTED)
    elsewhere = given.booking(given.event(title="Governors: online safety"))
    db.commit()
    client = signed_in(app, at.trainer)
    url = f"/door/{at.event.id}/scans"

    def answer(code):
        return post_json(client, url, {"code": code}).json

    assert answer("garbage")["message"] == "Not a ticket for this event"
    assert answer(TICKET.format("A" * 32))["message"] == "Not a ticket for this event"
    assert answer(cancelled.ticket_token)["outcome"] == "cancelled"
    assert answer(waiting.ticket_token)["headline"] == "On the waiting list (number 1)"
    other = answer(elsewhere.ticket_token)
    assert other["message"] == "Ticket for another event: Governors: online safety"
    assert {other["tone"]} == {"error"}
    assert _live(db) == []


def test_a_scan_with_a_client_id_is_received_once(app, given, db):
    at = door(given, db, people=1)
    client = signed_in(app, at.trainer)
    body = {"code": at.bookings[0].ticket_token, "client_id": "abc-123"}
    url = f"/door/{at.event.id}/scans"
    assert post_json(client, url, body).json["outcome"] == "checked_in"
    assert post_json(client, url, body).json["outcome"] == "checked_in"  # said as before
    assert len(_live(db)) == 1


def test_an_online_scan_takes_the_servers_time_not_the_bodys(app, given, db):
    at = door(given, db, people=1)
    client = signed_in(app, at.trainer)
    claimed = at.event.starts_at.isoformat()  # the door was open then: a sync would keep it
    body = {"code": at.bookings[0].ticket_token, "client_id": "abc-1", "scanned_at": claimed}
    before = utcnow()
    assert post_json(client, f"/door/{at.event.id}/scans", body).json["outcome"] == "checked_in"
    (check_in,) = _live(db)
    assert check_in.checked_in_at >= before


def test_bad_json_scans_are_400_with_a_json_error(app, given, db):
    at = door(given, db, people=1)
    client = signed_in(app, at.trainer)
    url = f"/door/{at.event.id}/scans"
    for body in ([], {"code": 12}, {"code": "x" * 501}, {"code": "x", "client_id": "bad id!"}):
        response = post_json(client, url, body)
        assert response.status_code == 400, body
        assert response.json["error"]["code"] == "bad_scan"


def test_a_json_post_without_csrf_is_refused_with_json(app, given, db):
    at = door(given, db, people=1)
    client = signed_in(app, at.trainer)
    for path in ("scans", "sync", f"people/{at.bookings[0].id}/check-in"):
        response = post_json(client, f"/door/{at.event.id}/{path}", {"code": "x"}, csrf=False)
        assert response.status_code == 400 and response.is_json
        assert "error" in response.json
    assert _live(db) == []


def test_the_code_form_works_without_javascript(app, given, db):
    at = door(given, db, people=1)
    client = signed_in(app, at.trainer)
    url = f"/door/{at.event.id}"
    posted = client.post(f"{url}/scans", {"code": TICKET.format(at.bookings[0].ticket_token)})
    assert posted.status_code == 302 and posted.location == url
    page = client.get(url).get_data(as_text=True)
    assert "app-result--success" in page and "Checked in" in page
    assert "Siobhán Ní Bhriain, Ormesby Primary School" in page
    assert "1 of 1 checked in" in page
    assert "app-result" not in client.get(url).get_data(as_text=True)  # shown once
    client.post(f"{url}/scans", {"code": "nonsense"})
    assert "Not a ticket for this event" in client.get(url).get_data(as_text=True)


def test_an_empty_code_is_an_error_on_the_form(app, given, db):
    at = door(given, db, people=1)
    page = signed_in(app, at.trainer).post(f"/door/{at.event.id}/scans", {"code": ""})
    assert page.status_code == 200
    assert "Enter the ticket code" in page.get_data(as_text=True)


# -- by name ----------------------------------------------------------------------------------


def test_check_in_and_undo_by_name_are_recorded(app, given, db):
    at = door(given, db, people=2)
    client = signed_in(app, at.trainer)
    person = f"/door/{at.event.id}/people/{at.bookings[1].id}"
    assert client.post(f"{person}/check-in").location == f"/door/{at.event.id}"
    (check_in,) = _live(db)
    assert check_in.via == Via.NAME
    page = client.get(f"/door/{at.event.id}").get_data(as_text=True)
    assert "Checked in at " in page and "by Jo Brown" in page
    assert 'Undo<span class="govuk-visually-hidden"> Ahmed Khan</span>' in page
    undone = post_json(client, f"{person}/undo", {})
    assert undone.json["outcome"] == "undone" and undone.json["checked_in"] == 0
    assert _live(db) == []
    actions = db.scalars(select(AuditEntry.action).order_by(AuditEntry.id)).all()
    assert actions[-2:] == ["checkin.check_in", "checkin.undo"]


def test_a_booking_of_another_event_is_not_found(app, given, db):
    at = door(given, db, people=1)
    elsewhere = given.booking(given.event())
    db.commit()
    client = signed_in(app, at.trainer)
    response = post_json(client, f"/door/{at.event.id}/people/{elsewhere.id}/check-in", {})
    assert response.status_code == 404 and response.json["error"]["code"] == "not_found"


def test_find_by_name_is_a_post_and_ignores_accents(app, given, db):
    at = door(given, db, people=3)
    client = signed_in(app, at.trainer)
    page = client.post(f"/door/{at.event.id}/find", {"q": "sio"}).get_data(as_text=True)
    assert "Siobhán Ní Bhriain" in page and "Ahmed Khan" not in page
    everyone = client.get(f"/door/{at.event.id}").get_data(as_text=True)
    assert everyone.index("Zoë Adams") < everyone.index("Siobhán Ní Bhriain")  # by surname
    assert everyone.index("Siobhán Ní Bhriain") < everyone.index("Ahmed Khan")


def test_the_door_list_shows_needs_and_search_text(app, given, db):
    at = door(given, db, people=1)
    at.bookings[0].access_needs = "Step-free access"
    db.commit()
    page = signed_in(app, at.trainer).get(f"/door/{at.event.id}").get_data(as_text=True)
    assert "Access needs" in page and "Step-free access" in page
    assert 'data-search="siobhan ni bhriain ormesby primary school"' in page
    assert f'data-scan-url="/door/{at.event.id}/scans"' in page
    people = f"/door/{at.event.id}/people"
    assert f'data-check-in-url-template="{people}/{{id}}/check-in"' in page
    assert f'data-undo-url-template="{people}/{{id}}/undo"' in page
    assert f'action="{people}/{at.bookings[0].id}/check-in"' in page


def _audited(db, action: str) -> list[AuditEntry]:
    db.rollback()
    return db.scalars(select(AuditEntry).where(AuditEntry.action == action)).all()


def test_the_door_page_audits_showing_needs_by_how_many_never_what(app, given, db):
    at = door(given, db, people=3)
    at.bookings[0].access_needs = "Step-free access"
    at.bookings[1].dietary_needs = "Vegan"
    db.commit()
    client = signed_in(app, at.trainer)
    client.get(f"/door/{at.event.id}")
    client.post(f"/door/{at.event.id}/find", {"q": "sio"})  # only Siobhán's shown
    entries = _audited(db, "needs.view")
    assert [(e.actor_id, e.subject_type, e.subject_id) for e in entries] == [
        (at.trainer.id, "event", at.event.id)
    ] * 2
    assert sorted(e.details["people"] for e in entries) == [1, 2]
    assert {e.details["via"] for e in entries} == {"door"}
    assert "Step-free" not in str([e.details for e in entries])


def test_a_door_page_showing_no_needs_is_not_audited(app, given, db):
    at = door(given, db, people=2)
    client = signed_in(app, at.trainer)
    assert client.get(f"/door/{at.event.id}").status_code == 200
    assert client.post(f"/door/{at.event.id}/find", {"q": "sio"}).status_code == 200
    assert _audited(db, "needs.view") == []


def test_a_too_long_search_is_an_error_in_the_summary(app, given, db):
    at = door(given, db, people=2)
    client = signed_in(app, at.trainer)
    page = client.post(f"/door/{at.event.id}/find", {"q": "x" * 201}).get_data(as_text=True)
    assert "<title>Error: " in page
    assert "govuk-error-summary" in page and 'href="#q"' in page
    assert "must be 200 characters or fewer" in page


# -- the offline list and sync ----------------------------------------------------------------


def test_the_offline_list_holds_no_token_and_no_needs(app, given, db):
    at = door(given, db, people=2)
    at.bookings[0].access_needs = "Hearing loop"
    db.commit()
    response = signed_in(app, at.trainer).get(f"/door/{at.event.id}/list.json")
    assert response.headers["Cache-Control"] == "no-store"
    (download,) = _audited(db, "export.download")
    assert download.actor_id == at.trainer.id
    assert download.details == {"file": "door-list.json", "event_id": at.event.id}
    body = response.json
    assert body["event"]["id"] == at.event.id and body["event"]["door_closes_at"].endswith("Z")
    assert (body["checked_in"], body["booked"]) == (0, 2)
    text = response.get_data(as_text=True)
    assert at.bookings[0].ticket_token not in text and "Hearing loop" not in text
    import hashlib

    hashes = {p["token_hash"] for p in body["people"]}
    assert hashlib.sha256(at.bookings[0].ticket_token.encode()).hexdigest() in hashes
    assert set(body["people"][0]) == {
        "booking_id",
        "name",
        "organisation",
        "search",
        "checked_in_at",
        "checked_in_by",
        "token_hash",
    }


def test_a_sync_stores_the_good_and_reports_the_bad(app, given, db):
    at = door(given, db, people=2)
    client = signed_in(app, at.trainer)
    scanned = NOW.isoformat()
    scans = [
        {"client_id": "one", "code": at.bookings[0].ticket_token, "scanned_at": scanned},
        {"client_id": "two", "booking_id": at.bookings[1].id, "scanned_at": scanned},
        {"client_id": "three", "code": "garbage", "scanned_at": scanned},
        {"client_id": "four", "code": "x", "scanned_at": "yesterday"},
        {"client_id": "five", "code": "x", "scanned_at": "2001-01-01T00:00:00+00:00"},
        {"client_id": "bad id", "code": "x", "scanned_at": scanned},
        {"client_id": "six", "code": "x", "booking_id": 3, "scanned_at": scanned},
        "not an object",
    ]
    response = post_json(client, f"/door/{at.event.id}/sync", {"scans": scans})
    assert response.status_code == 200
    results = response.json["results"]
    assert [r["outcome"] for r in results] == [
        "checked_in",
        "checked_in",
        "not_a_ticket",
        "invalid",
        "invalid",
        "invalid",
        "invalid",
        "invalid",
    ]
    assert [r["client_id"] for r in results[:5]] == ["one", "two", "three", "four", "five"]
    assert response.json["checked_in"] == 2
    assert {c.offline for c in _live(db)} == {True}
    again = post_json(client, f"/door/{at.event.id}/sync", {"scans": scans[:2]})
    assert [r["outcome"] for r in again.json["results"]] == ["checked_in", "checked_in"]
    assert len(_live(db)) == 2


def test_a_sync_that_is_no_batch_is_refused_whole(app, given, db):
    at = door(given, db, people=1)
    client = signed_in(app, at.trainer)
    url = f"/door/{at.event.id}/sync"
    too_many = [{"client_id": "a", "code": "x", "scanned_at": NOW.isoformat()}] * 1001
    for body in ({}, [], {"scans": "x"}, {"scans": too_many}):
        response = post_json(client, url, body)
        assert response.status_code == 400 and response.json["error"]["code"] == "bad_batch"


def test_the_csrf_token_and_the_service_worker(app, given, db):
    at = door(given, db, people=1)
    client = signed_in(app, at.trainer)
    token = client.get("/door/csrf-token")
    assert token.headers["Cache-Control"] == "no-store" and token.json["csrf_token"]
    assert signed_in(app, None).get("/door/csrf-token").status_code == 401
    worker = client.get("/door/sw.js")
    if worker.status_code == 200:
        assert worker.mimetype == "text/javascript"
        assert worker.headers["Cache-Control"] == "no-cache"
    else:
        assert worker.status_code == 404


# -- headers ----------------------------------------------------------------------------------


def test_only_the_door_page_may_use_the_camera(app, given, db):
    at = door(given, db, people=1)
    client = signed_in(app, at.trainer)
    door_page = client.get(f"/door/{at.event.id}")
    assert "camera=(self)" in door_page.headers["Permissions-Policy"]
    assert "worker-src 'self'" in door_page.headers["Content-Security-Policy"]
    assert door_page.headers["Cache-Control"] == "no-store"
    for path in ("/events", "/your-events", "/bookings"):
        assert "camera=()" in client.get(path).headers["Permissions-Policy"], path


def test_a_trainer_lands_on_your_events_with_counts(app, given, db):
    at = door(given, db, people=2)
    from booking.checkin.models import CheckIn as Row

    db.add(Row(booking_id=at.bookings[0].id, checked_in_at=NOW, recorded_at=NOW, via=Via.NAME))
    db.commit()
    client = signed_in(app, None)
    assert client.sign_in(at.trainer.email).location == "/your-events"
    page = client.get("/your-events").get_data(as_text=True)
    assert "Today" in page and at.event.title in page
    assert "2 booked, 1 checked in" in page
    assert 'href="/your-events"' in page  # in the header


@pytest.mark.parametrize("role", [Role.ORGANISER, Role.TRAINER])
def test_your_events_says_what_to_do_when_empty(app, given, db, role):
    person = given.user(role=role)
    db.commit()
    page = signed_in(app, person).get("/your-events").get_data(as_text=True)
    assert ("Manage events" if role == Role.ORGANISER else "contact the organisers") in page


def test_check_ins_counted_once_per_booking(app, given, db):
    at = door(given, db, people=1)
    client = signed_in(app, at.trainer)
    for _ in range(3):
        client.post(f"/door/{at.event.id}/people/{at.bookings[0].id}/check-in")
    db.rollback()
    assert db.scalar(select(func.count()).select_from(CheckIn)) == 1


def test_a_trainer_finds_the_report_and_feedback_of_recent_events_not_upcoming_ones(app, given, db):
    trainer = given.user(role=Role.TRAINER)
    recent = given.event(title="Last week's training", starts_in=timedelta(days=-7))
    upcoming = given.event(title="Next month's training", starts_in=timedelta(days=30))
    for event in (recent, upcoming):
        event.trainers.append(trainer)
    db.commit()
    client = signed_in(app, trainer)
    page = client.get("/your-events").get_data(as_text=True)
    assert f"/manage/events/{recent.id}/report" in page
    assert f"/manage/events/{recent.id}/feedback/summary" in page
    assert f"/manage/events/{upcoming.id}/report" not in page
    assert client.get(f"/manage/events/{recent.id}/report").status_code == 200
    assert client.get(f"/manage/events/{recent.id}/feedback/summary").status_code == 200
