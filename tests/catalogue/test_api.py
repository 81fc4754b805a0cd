"""The read-only JSON API and its OpenAPI description."""

from booking.models import BookingStatus, EventKind, EventStatus


def test_events_list_with_places_left_and_filters(client, given, db):
    event = given.event(title="Governors", kind=EventKind.GOVERNOR_COURSE, capacity=3)
    given.booking(event)
    given.booking(event, status=BookingStatus.WAITLISTED)
    given.event(title="Training day")
    given.event(title="Draft", status=EventStatus.DRAFT)
    db.commit()
    body = client.get("/api/v1/events?kind=governor_course").get_json()
    assert body["total"] == 1
    (item,) = body["events"]
    assert (item["title"], item["places_left"], item["places_left_text"]) == (
        "Governors",
        2,
        "2 places left",
    )
    assert item["url"] == f"https://training.example.org/events/{event.id}"
    assert client.get("/api/v1/events").get_json()["total"] == 2


def test_one_event_with_workshops(client, given, db):
    conference = given.event(title="Conference", kind=EventKind.CONFERENCE, hours=8)
    given.event(title="Lego", parent=conference, starts_at=conference.starts_at, hours=1)
    given.event(
        title="Hidden",
        parent=conference,
        starts_at=conference.starts_at,
        hours=1,
        status=EventStatus.DRAFT,
    )
    db.commit()
    body = client.get(f"/api/v1/events/{conference.id}").get_json()
    assert body["booking_state"] == "open"
    assert [w["title"] for w in body["workshops"]] == ["Lego"]


def test_errors_are_json_with_a_code(client, given, db):
    draft = given.event(status=EventStatus.DRAFT)
    db.commit()
    missing = client.get(f"/api/v1/events/{draft.id}")
    assert missing.status_code == 404 and missing.get_json()["error"]["code"] == "not_found"
    bad = client.get("/api/v1/events?month=never")
    assert bad.status_code == 400
    assert bad.get_json()["error"] == {
        "code": "invalid_parameter",
        "parameter": "month",
        "message": "Choose a month from the list",
    }
    unknown = client.get("/api/v1/nothing")
    assert unknown.status_code == 404
    assert unknown.get_json()["error"]["code"] == "not_found"  # the same code as a domain 404


def test_the_openapi_description_covers_every_api_route(app, client):
    spec = client.get("/api/v1/openapi.json").get_json()
    assert spec["openapi"].startswith("3.")
    documented = set(spec["paths"])
    routes = {
        rule.rule.replace("<int:event_id>", "{event_id}")
        for rule in app.url_map.iter_rules()
        if rule.endpoint.startswith("api.") and rule.endpoint != "api.openapi"
    }
    assert routes == documented
