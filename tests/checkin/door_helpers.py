"""Doors for the web tests: an event running today with its trainer and people, and clients
signed in as each kind of person who may or may not work its door."""

import re
from dataclasses import dataclass, field
from datetime import timedelta

from booking.accounts.models import Role
from booking.events.models import Event, EventKind
from tests.factories import Factory
from tests.web_client import WebClient

NAMES = ("Siobhán Ní Bhriain", "Ahmed Khan", "Zoë Adams", "Oliver Brown", "Mary O'Connor")
_CSRF = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')


@dataclass
class Door:
    event: Event
    trainer: object
    bookings: list = field(default_factory=list)


def today(given: Factory, **fields) -> Event:
    """An event running now: it started an hour ago."""
    return given.event(starts_in=timedelta(hours=-1), **fields)


def door(given: Factory, db, *, people: int = 2, **fields) -> Door:
    """A training day running today, its trainer Jo Brown, and ``people`` with a place."""
    event = today(given, capacity=max(people, 10), **fields)
    trainer = given.user(name="Jo Brown", role=Role.TRAINER)
    event.trainers.append(trainer)
    bookings = [
        given.booking(event, given.user(name=NAMES[n % len(NAMES)] + ("" if n < 5 else f" {n}")))
        for n in range(people)
    ]
    db.commit()
    return Door(event, trainer, bookings)


def conference_with_workshop(given: Factory, db):
    """A conference today with one workshop; its trainer, and a delegate who chose it."""
    conference = today(given, kind=EventKind.CONFERENCE, hours=8, capacity=50)
    workshop = given.event(
        parent=conference, starts_at=conference.starts_at + timedelta(hours=1), hours=1
    )
    trainer = given.user(name="Conference Trainer", role=Role.TRAINER)
    conference.trainers.append(trainer)
    delegate = given.user(name="Siobhán Ní Bhriain")
    place = given.booking(conference, delegate)
    chosen = given.booking(workshop, delegate)
    db.commit()
    return conference, workshop, trainer, place, chosen


def signed_in(app, user) -> WebClient:
    client = WebClient(app)
    if user is not None:
        client.sign_in(user.email)
    return client


def csrf_of(client: WebClient) -> str:
    """A CSRF token of the client's session (any page with a form has one)."""
    page = client.get("/sign-in").get_data(as_text=True)
    match = _CSRF.search(page) or _CSRF.search(client.get("/events").get_data(as_text=True))
    assert match, "no CSRF token"
    return match.group(1)


def post_json(client: WebClient, url: str, body, *, csrf: bool = True):
    headers = {"X-CSRFToken": csrf_of(client)} if csrf else {}
    return client.http.post(url, json=body, headers=headers)
