"""The bench's PostgreSQL floor (``bench.floor``) writes what a booking writes.

Its statements are written from the models' tables, so a change of schema must keep it working:
this books through it and checks the rows it wrote are the ones a booking writes.
"""

import pytest
from sqlalchemy import make_url, select

from booking.bookings.emails import BookingEmail
from booking.models import Booking, BookingStatus, OutboxMessage


@pytest.mark.parametrize("engine", ["postgresql"], indirect=True)
def test_the_floor_books_with_the_apps_statements(engine, make, session, monkeypatch):
    event, person = make.event(capacity=5), make.user()
    session.commit()
    url = make_url(engine.url).set(drivername="postgresql")
    monkeypatch.setenv("FLOOR_DSN", url.render_as_string(hide_password=False))
    monkeypatch.setenv("FLOOR_PERSON_ID", str(person.id))
    from bench import floor

    try:
        response = floor.app.test_client().post(f"/events/{event.id}/book")
    finally:
        for connection in floor._connections:
            connection.close()
        floor._connections.clear()

    booking = session.scalars(select(Booking).where(Booking.person_id == person.id)).one()
    assert response.status_code == 302
    assert response.location == f"/bookings/{booking.id}/ticket"
    assert (booking.event_id, booking.status) == (event.id, BookingStatus.WAITLISTED)
    message = session.scalars(select(OutboxMessage)).one()
    assert (message.kind, message.booking_id, message.user_id) == (
        BookingEmail.WAITLIST_JOINED,
        booking.id,
        person.id,
    )
