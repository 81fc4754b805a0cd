"""Where signing in leads: an organiser to Manage events, a trainer to Your events, others to
My bookings, and anyone to a safe local ``next``."""

from booking.accounts.models import Role


def test_an_organiser_lands_on_manage_events(client, given, db):
    organiser = given.user(role=Role.ORGANISER)
    db.commit()
    assert client.sign_in(organiser.email).location == "/manage/events"


def test_a_trainer_lands_on_your_events(client, given, db):
    trainer = given.user(role=Role.TRAINER)
    db.commit()
    assert client.sign_in(trainer.email).location == "/your-events"


def test_a_professional_lands_on_my_bookings(client, given, db):
    person = given.user()
    db.commit()
    assert client.sign_in(person.email).location == "/bookings"


def test_next_wins_when_it_is_local(client, given, db):
    organiser = given.user(role=Role.ORGANISER)
    db.commit()
    response = client.post(
        "/sign-in?next=/events", {"email": organiser.email, "password": "correct horse battery"}
    )
    assert response.location == "/events"
    other = client.post(
        "/sign-in?next=https://evil.example/",
        {"email": organiser.email, "password": "correct horse battery"},
    )
    assert other.location == "/manage/events"
