"""What a ticket link (any phone camera's reading of the QR code) opens for each person: the
holder's ticket, the check-in for door staff, nothing personal for anyone else."""

from sqlalchemy import select

from booking.accounts.models import Role
from booking.checkin.models import CheckIn, Via
from tests.checkin.door_helpers import conference_with_workshop, door, signed_in, today


def test_the_holder_still_sees_their_ticket(app, given, db):
    at = door(given, db, people=1)
    holder = at.bookings[0].person
    page = signed_in(app, holder).get(f"/t/{at.bookings[0].ticket_token}")
    assert page.status_code == 200
    assert "<svg" in page.get_data(as_text=True)  # the QR code
    assert "Check in" not in page.get_data(as_text=True)


def test_a_trainer_of_the_event_checks_in_and_undoes_from_the_link(app, given, db):
    at = door(given, db, people=1)
    client = signed_in(app, at.trainer)
    url = f"/t/{at.bookings[0].ticket_token}"
    page = client.get(url).get_data(as_text=True)
    assert "Siobhán Ní Bhriain" in page and "Ormesby Primary School" in page
    assert "Check in<span" in page and "<svg" not in page
    assert client.post(f"{url}/check-in").location == url
    page = client.get(url).get_data(as_text=True)
    assert "app-result--success" in page and "Undo" in page
    assert "Checked in at " in page and "Already checked in" not in page  # said once, not twice
    assert "Already checked in at " in client.get(url).get_data(as_text=True)
    db.rollback()
    (check_in,) = db.scalars(select(CheckIn)).all()
    assert check_in.via == Via.TICKET_LINK
    client.post(f"{url}/undo")
    assert "Check-in undone" in client.get(url).get_data(as_text=True)


def test_anyone_else_sees_nothing_personal(app, given, db):
    at = door(given, db, people=1)
    other_trainer = given.user(role=Role.TRAINER)
    elsewhere = today(given)
    elsewhere.trainers.append(other_trainer)
    db.commit()
    url = f"/t/{at.bookings[0].ticket_token}"
    for who in (None, other_trainer, given.user()):
        db.commit()
        client = signed_in(app, who)
        page = client.get(url)
        assert page.status_code == 403
        assert "Siobh" not in page.get_data(as_text=True)
        assert client.post(f"{url}/check-in").status_code in (302, 403)
    db.rollback()
    assert db.scalars(select(CheckIn)).all() == []


def test_a_conference_ticket_links_to_the_workshops_the_viewer_works(app, given, db):
    conference, workshop, trainer, place, _chosen = conference_with_workshop(given, db)
    page = signed_in(app, trainer).get(f"/t/{place.ticket_token}").get_data(as_text=True)
    assert "Check in<span" in page
    assert f'href="/door/{workshop.id}"' in page
    workshop_trainer = given.user(role=Role.TRAINER)
    workshop.trainers.append(workshop_trainer)
    db.commit()
    only_workshop = signed_in(app, workshop_trainer).get(f"/t/{place.ticket_token}")
    assert only_workshop.status_code == 200
    text = only_workshop.get_data(as_text=True)
    assert f'href="/door/{workshop.id}"' in text and "Check in<span" not in text
    assert conference.id != workshop.id
