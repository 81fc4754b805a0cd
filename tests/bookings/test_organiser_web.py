"""The organisers' bookings pages and a training lead's booking of a colleague, through the web:
who may open each route, CSRF, the forms (with the GOV.UK error summary keeping what was
typed), and no 5xx on any input."""

from datetime import timedelta

import pytest
from hypothesis import given as given_input
from hypothesis import strategies as st
from sqlalchemy import select

from booking.accounts.models import LeadStatus, OrganisationLead, Sector
from booking.accounts.services import find_or_create_organisation
from booking.audit.models import AuditEntry
from booking.bookings.forms import (
    BookSomeoneForm,
    CancelOnBehalfForm,
    EmailEveryoneForm,
    LeadBookForm,
    MoveForm,
    OfferPlaceForm,
    SearchForm,
)
from booking.models import Booking, BookingStatus, OutboxMessage, Role, User
from tests.factories import NOW
from tests.statements import statements_sent
from tests.web.test_fuzz import FUZZ, anything, field_names
from tests.web_client import WebClient

TITLE = "E-safety training day"


@pytest.fixture
def world(app, given, db):
    """An event with one place taken and one person waiting, a later date of the same course,
    and one person of each role (the lead leads Ormesby Primary School, like everyone the
    factory makes)."""
    people = {role: given.user(role=role) for role in (Role.ORGANISER, Role.TRAINER)}
    people["professional"] = given.user()
    lead = given.user(name="Lena Lead")
    db.add(
        OrganisationLead(
            organisation_id=lead.organisation_id,
            person_id=lead.id,
            status=LeadStatus.APPROVED,
            requested_at=NOW,
        )
    )
    people["lead"] = lead
    event = given.event(title=TITLE, capacity=1)
    later = given.event(title=TITLE, starts_in=timedelta(days=40))
    booked = given.booking(event, given.user(name="Bea Booked"))
    waiting = given.booking(event, given.user(name="Walt Waiting"), BookingStatus.WAITLISTED)
    db.commit()
    return {"people": people, "event": event, "later": later, "booked": booked, "waiting": waiting}


def _pages(w) -> list[str]:
    event, booked, waiting = w["event"], w["booked"], w["waiting"]
    return [
        f"/manage/events/{event.id}/bookings",
        f"/manage/events/{event.id}/bookings/new",
        f"/manage/events/{event.id}/bookings/email",
        f"/manage/bookings/{booked.id}/cancel",
        f"/manage/bookings/{booked.id}/move",
        f"/manage/bookings/{waiting.id}/offer",
    ]


def _signed_in(app, person: User | None) -> WebClient:
    client = WebClient(app)
    if person is not None:
        client.sign_in(person.email)
    return client


@pytest.mark.parametrize(
    ("who", "page_status"),
    [(None, 302), ("professional", 403), ("lead", 403), (Role.TRAINER, 403), (Role.ORGANISER, 200)],
)
def test_only_organisers_open_the_bookings_pages(app, world, who, page_status):
    client = _signed_in(app, world["people"].get(who))
    token = client.csrf()
    for url in _pages(world):
        response = client.get(url)
        assert response.status_code == page_status, url
        if who is None:
            assert "/sign-in" in response.location
        posted = client.post(url, {"csrf_token": token})
        assert posted.status_code in (
            (302,) if who is None else (403,) if page_status == 403 else (200, 302)
        ), url


def test_lead_book_by_role(app, db, world):
    event, colleague = world["later"], world["people"]["professional"]
    for who, status in ((None, 302), (Role.TRAINER, 403), ("professional", 403), ("lead", 302)):
        client = _signed_in(app, world["people"].get(who))
        response = client.post("/lead/book", {"colleague_id": colleague.id, "event_id": event.id})
        assert response.status_code == status, who
    db.rollback()
    booking = db.scalars(
        select(Booking).where(Booking.event_id == event.id, Booking.person_id == colleague.id)
    ).one()
    assert booking.status == BookingStatus.CONFIRMED
    kinds = db.scalars(select(OutboxMessage.kind).where(OutboxMessage.booking_id == booking.id))
    assert list(kinds) == ["booked_on_behalf"]


def test_a_lead_cannot_book_someone_from_another_organisation(app, db, given, world):
    stranger = given.user()
    stranger.organisation = find_or_create_organisation(db, "Cleveland Police", Sector.POLICE)
    db.commit()
    client = _signed_in(app, world["people"]["lead"])
    response = client.post(
        "/lead/book", {"colleague_id": stranger.id, "event_id": world["later"].id}
    )
    assert response.status_code == 403
    colleague = world["people"]["professional"]
    unknown = client.post("/lead/book", {"colleague_id": colleague.id, "event_id": 2**31 - 1})
    assert unknown.status_code == 404


def test_every_post_needs_the_csrf_token(app, world):
    client = _signed_in(app, world["people"][Role.ORGANISER])
    for url in [*_pages(world), "/lead/book"]:
        assert client.post(url, {"reason": "x"}, csrf=False).status_code == 400, url


def test_the_page_lists_booked_waiting_and_cancelled_and_searches_by_post(app, world):
    client = _signed_in(app, world["people"][Role.ORGANISER])
    url = _pages(world)[0]
    page = client.get(url).text
    assert "Booked (1)" in page and "Waiting list (1)" in page and "Cancelled (0)" in page
    assert "Bea Booked" in page and "Walt Waiting" in page
    found = client.post(url, {"q": "walt"}).text
    assert "Walt Waiting" in found and "Bea Booked" not in found
    assert 'method="post"' in found  # the search is never in the address
    too_long = client.post(url, {"q": "w" * 101}).text
    assert "Search must be 100 characters or fewer" in too_long and "Walt Waiting" in too_long


def test_booking_an_account_and_a_new_person_from_the_form(app, db, world):
    client = _signed_in(app, world["people"][Role.ORGANISER])
    url = f"/manage/events/{world['later'].id}/bookings/new"
    professional = world["people"]["professional"]
    done = client.post(url, {"email": professional.email.upper()}, follow_redirects=True).text
    assert "Place booked. We have emailed them." in done
    typed = client.post(url, {"email": "ada@example.org", "name": "Ada Lovelace"}).text
    assert "There is a problem" in typed
    assert "Enter the name of their organisation" in typed
    assert 'value="Ada Lovelace"' in typed  # what was typed is kept
    client.post(
        url,
        {
            "email": "ada@example.org",
            "name": "Ada Lovelace",
            "organisation": "Ormesby Primary School",
            "sector": "school",
        },
    )
    db.rollback()
    ada = db.scalars(select(User).where(User.email == "ada@example.org")).one()
    assert ada.placeholder


def test_booking_into_a_full_event_says_the_waiting_list_plainly(app, world):
    client = _signed_in(app, world["people"][Role.ORGANISER])
    url = f"/manage/events/{world['event'].id}/bookings/new"
    email = world["people"]["professional"].email
    done = client.post(url, {"email": email}, follow_redirects=True).text
    assert "Added to the waiting list: the event is full. We have emailed them." in done


def test_cancel_needs_a_reason_and_then_passes_the_place_on(app, db, world):
    client = _signed_in(app, world["people"][Role.ORGANISER])
    url = f"/manage/bookings/{world['booked'].id}/cancel"
    assert "Enter a reason" in client.post(url, {"reason": ""}).text
    done = client.post(url, {"reason": "Left the school"}, follow_redirects=True).text
    assert "Booking cancelled. We have emailed them." in done
    assert "Left the school" in done  # shown in the Cancelled list
    assert "Booked (1)" in done and "Walt Waiting" in done.split("Waiting list (")[0]
    db.expire_all()
    assert db.get(Booking, world["waiting"].id).status == BookingStatus.CONFIRMED


def test_move_offer_and_email_everyone(app, db, world):
    client = _signed_in(app, world["people"][Role.ORGANISER])
    later = world["later"]
    moved = client.post(
        f"/manage/bookings/{world['booked'].id}/move",
        {"to_event_id": later.id},
        follow_redirects=True,
    ).text
    assert "Booking moved, onto a place. We have emailed them." in moved
    # the moved place freed one on the first date, which promoted Walt: nobody is left to offer
    offer = client.post(f"/manage/bookings/{world['waiting'].id}/offer", {"reason": "x"})
    assert "This person is not on the waiting list." in offer.text
    sent = client.post(
        f"/manage/events/{later.id}/bookings/email",
        {"subject": "Room change", "body": "Room 4"},
        follow_redirects=True,
    ).text
    assert "Your message is on its way to 1 person." in sent
    db.rollback()
    actions = set(db.scalars(select(AuditEntry.action)))
    assert {"booking.moved", "booking.event_emailed"} <= actions


def test_offering_a_place_out_of_turn_from_the_page(app, db, world):
    event = world["event"]
    db.get(type(event), event.id).capacity = 2  # a place free, the queue not yet moved
    db.commit()
    client = _signed_in(app, world["people"][Role.ORGANISER])
    page = client.get(f"/manage/events/{event.id}/bookings").text
    assert f"/manage/bookings/{world['waiting'].id}/offer" in page
    done = client.post(
        f"/manage/bookings/{world['waiting'].id}/offer",
        {"reason": "Named in a plan"},
        follow_redirects=True,
    ).text
    assert "Place given. We have emailed them." in done


def _flashed(app, client: WebClient) -> str:
    """Everything the signed (not encrypted) session cookie holds, as anyone holding it reads."""
    cookie = client.http.get_cookie(app.config.get("SESSION_COOKIE_NAME", "session"))
    return str(app.session_interface.get_signing_serializer(app).loads(cookie.value))


def test_no_flash_puts_a_name_in_the_session_cookie(app, world):
    client = _signed_in(app, world["people"][Role.ORGANISER])
    event, later = world["event"], world["later"]
    posts = [
        (
            f"/manage/events/{later.id}/bookings/new",
            {"email": world["people"]["professional"].email},
        ),
        (f"/manage/bookings/{world['booked'].id}/move", {"to_event_id": later.id}),
        (f"/manage/bookings/{world['waiting'].id}/cancel", {"reason": "Left"}),
    ]
    for url, form in posts:
        response = client.post(url, form)
        assert response.status_code == 302, url
        held = _flashed(app, client)
        assert "We have emailed them" in held, url
        for name in ("Bea", "Walt", world["people"]["professional"].name):
            assert name not in held, (url, held)
        client.get(f"/manage/events/{event.id}/bookings")  # shows, and so clears, the flash


def test_the_waiting_list_page_counts_places_per_organisation_once(app, db, given, world):
    event = world["event"]
    db.get(type(event), event.id).places_per_organisation = 1
    db.commit()
    client = _signed_in(app, world["people"][Role.ORGANISER])
    url = f"/manage/events/{event.id}/bookings"
    with statements_sent(db.get_bind()) as one:
        page = client.get(url).text
    assert "Their school already has 1 place on this course" in page
    for n in range(4):
        given.booking(event, given.user(name=f"Wendy Waiting {n}"), BookingStatus.WAITLISTED)
    db.commit()
    with statements_sent(db.get_bind()) as five:
        page = client.get(url).text
    assert page.count("Their school already has 1 place on this course") == 5
    assert len(five) == len(one)


def test_a_lead_s_incomplete_form_goes_back_to_their_page_saying_so(app, world):
    client = _signed_in(app, world["people"]["lead"])
    response = client.post("/lead/book", {"colleague_id": "x", "event_id": ""})
    assert response.status_code == 302 and response.location.endswith("/lead")
    page = client.get("/lead").text
    assert "Choose a colleague and a course" in page
    stranger = _signed_in(app, world["people"][Role.TRAINER])
    assert stranger.post("/lead/book", {"colleague_id": "x"}).status_code == 403


FORMS = {
    "bookings": SearchForm,
    "new": BookSomeoneForm,
    "email": EmailEveryoneForm,
    "cancel": CancelOnBehalfForm,
    "move": MoveForm,
    "offer": OfferPlaceForm,
}


@FUZZ
@given_input(data=st.data())
def test_the_forms_answer_any_input_without_a_server_error(app, world, data):
    client = _signed_in(app, world["people"][Role.ORGANISER])
    token = client.csrf()
    url = data.draw(st.sampled_from([*_pages(world), "/lead/book"]))
    name = url.rstrip("/").rsplit("/", 1)[-1]
    form_class = LeadBookForm if url == "/lead/book" else FORMS[name]
    form = {
        field: data.draw(anything | st.lists(anything, max_size=3))
        for field in field_names(form_class)
    }
    form["csrf_token"] = token
    response = client.http.post(url, data=form)
    assert response.status_code < 500, response.get_data(as_text=True)[:500]


@FUZZ
@given_input(segment=st.text(min_size=1, max_size=40).filter(lambda s: "/" not in s))
def test_path_segments_never_break(app, world, segment):
    client = _signed_in(app, world["people"][Role.ORGANISER])
    for url in (
        f"/manage/events/{segment}/bookings",
        f"/manage/bookings/{segment}/cancel",
        f"/manage/bookings/{segment}/move",
        f"/manage/bookings/{segment}/offer",
    ):
        assert client.get(url).status_code < 500
