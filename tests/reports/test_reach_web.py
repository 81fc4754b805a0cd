"""The leads' and referrals' pages: who may use each route, CSRF, the journeys end to end, and
no server error on any input."""

import pytest
from hypothesis import given as given_input
from hypothesis import strategies as st
from sqlalchemy import select

from booking.accounts.services import find_or_create_organisation
from booking.bookings.services import cancel_booking
from booking.checkin.models import Via
from booking.checkin.services import check_in
from booking.models import Event, EventKind, OutboxMessage, Role, Sector
from booking.referrals.forms import ReferralForm
from booking.referrals.models import Referral
from booking.reports.leads import decide_lead, request_lead
from tests.factories import NOW
from tests.outbox.mailbox import deliver
from tests.web.test_fuzz import FUZZ, anything, field_names
from tests.web_client import WebClient

ROLES = ["anonymous", "professional", "lead", "other lead", "trainer", "organiser"]


def _lead(db, person, organiser):
    asked = request_lead(db, person_id=person.id, now=NOW)
    decide_lead(db, lead_id=asked.id, decision="approve", by_id=organiser.id, now=NOW)
    return asked


@pytest.fixture
def world(given, db):
    organiser = given.user(role=Role.ORGANISER)
    lead = given.user(name="Dee Lead")
    other_lead = given.user(name="Oth Lead")
    other_lead.organisation = find_or_create_organisation(db, "Elsewhere", Sector.HEALTH)
    colleague = given.user(name="Cal Colleague")
    _lead(db, lead, organiser)
    _lead(db, other_lead, organiser)
    waiting = request_lead(db, person_id=colleague.id, now=NOW)
    session = given.event(kind=EventKind.PARENTING_SESSION, title="Digital parenting", capacity=1)
    given.booking(given.event(title="Risky behaviours"), colleague)
    given.event(title="Neglect")
    trainer = given.user(role=Role.TRAINER)
    db.commit()
    return {
        "organiser": organiser,
        "lead": lead,
        "other lead": other_lead,
        "professional": colleague,
        "trainer": trainer,
        "session": session,
        "waiting": waiting,
    }


def _referral(app, world, db, **typed):
    client = WebClient(app)
    client.sign_in(world["professional"].email)
    form = {"event": world["session"].id, "name": "Pat Parent", "agreed": "y"} | typed
    return client, client.post("/referrals/new", form)


def _routes(world, referral_id):
    org = world["lead"].organisation_id
    return [
        ("get", "/lead", {}),
        ("get", f"/lead/{org}", {}),
        ("get", "/lead/request", {}),
        ("post", "/lead/request", {}),
        ("get", "/manage/leads", {}),
        ("post", f"/manage/leads/{world['waiting'].id}/refuse", {}),
        ("get", "/referrals", {}),
        ("get", "/referrals/new", {}),
        ("post", "/referrals/new", {"event": world["session"].id}),
        ("get", "/manage/referrals", {}),
        ("get", f"/manage/referrals/{referral_id}/letter", {}),
    ]


def _allowed(role: str, url: str) -> bool:
    if url.startswith("/manage/"):
        return role == "organiser"
    if url == "/lead":
        return role in ("lead", "other lead")
    if url.startswith("/lead/") and url != "/lead/request":
        return role == "lead"
    return True


@pytest.mark.parametrize("role", ROLES)
def test_who_may_use_each_route(app, world, db, role):
    _, made = _referral(app, world, db, phone="01632 960 001")
    assert made.status_code == 302
    referral_id = db.scalar(select(Referral.id))
    client = WebClient(app)
    if role != "anonymous":
        client.sign_in(world[role].email)
    for method, url, data in _routes(world, referral_id):
        response = client.get(url) if method == "get" else client.post(url, data)
        if role == "anonymous":
            assert response.status_code == 302 and "/sign-in" in response.location, url
        elif _allowed(role, url):
            assert response.status_code in (200, 302), (url, role, response.status_code)
        else:
            assert response.status_code == 403, (url, role, response.status_code)


def test_posts_need_the_csrf_token(app, world, db):
    client = WebClient(app)
    client.sign_in(world["organiser"].email)
    for method, url, data in _routes(world, 1):
        if method == "post":
            assert client.post(url, data, csrf=False).status_code == 400, url


def test_a_lead_sees_colleagues_bookings_and_never_another_organisations(app, world):
    client = WebClient(app)
    client.sign_in(world["lead"].email)
    page = client.get("/lead").get_data(as_text=True)
    assert "Cal Colleague" in page and "Risky behaviours" in page and "Booked" in page
    assert "Oth Lead" not in page
    other = world["other lead"].organisation_id
    assert client.get(f"/lead/{other}").status_code == 403
    nav = client.get("/bookings").get_data(as_text=True)
    assert "Your organisation" in nav


def test_a_lead_books_a_colleague_from_their_organisations_page(app, world, db):
    client = WebClient(app)
    client.sign_in(world["lead"].email)
    page = client.get("/lead").get_data(as_text=True)
    form = page.split("Book a colleague onto a course", 1)[1].split("</form>", 1)[0]
    assert "Cal Colleague" in form and "Neglect" in form and "Oth Lead" not in form
    assert "Digital parenting" not in form  # a colleague's family is not the lead's
    neglect = db.scalar(select(Event.id).where(Event.title == "Neglect"))
    booked = client.post(
        "/lead/book", {"colleague_id": world["professional"].id, "event_id": neglect}
    )
    assert booked.status_code == 302 and booked.headers["Location"].endswith("/lead")
    page = client.get("/lead").get_data(as_text=True)
    bookings = page.split('<h2 class="govuk-heading-m">Bookings</h2>', 1)[1]
    assert "Neglect" in bookings


def test_a_lead_never_sees_a_colleagues_place_on_a_parenting_session(app, world, given, db):
    given.booking(world["session"], world["professional"])
    db.commit()
    client = WebClient(app)
    client.sign_in(world["lead"].email)
    page = client.get("/lead").get_data(as_text=True)
    assert "Risky behaviours" in page and "Digital parenting" not in page


def test_flash_messages_carry_no_names_in_the_session_cookie(app, world, db):
    client, response = _referral(app, world, db, email="pat@example.net")
    assert response.status_code == 302
    assert "Pat Parent" not in _cookie_text(client)
    assert "Referral made" in client.get("/referrals").get_data(as_text=True)
    organiser = WebClient(app)
    organiser.sign_in(world["organiser"].email)
    decided = organiser.post(f"/manage/leads/{world['waiting'].id}/approve", {})
    assert decided.status_code == 302
    assert "Cal Colleague" not in _cookie_text(organiser)
    assert "Training lead approved" in organiser.get("/manage/leads").get_data(as_text=True)


def _cookie_text(client) -> str:
    """The session cookie as anyone holding it reads it (signed, not encrypted)."""
    import base64
    import zlib

    cookie = client.http.get_cookie("session")
    payload = cookie.value.lstrip(".").split(".")[0]
    raw = base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4))
    return (zlib.decompress(raw) if cookie.value.startswith(".") else raw).decode()


def test_a_professional_refers_a_parent_and_later_sees_that_they_came(app, world, db):
    client, response = _referral(app, world, db, email="pat@example.net", phone="07700 900982")
    assert response.status_code == 302
    page = client.get("/referrals").get_data(as_text=True)
    assert "Pat Parent" in page and "Place confirmed" in page
    assert "pat@example.net" not in page and "07700" not in page
    db.rollback()
    referral = db.scalars(select(Referral)).one()
    kinds = db.scalars(select(OutboxMessage.kind)).all()
    assert kinds == ["referral_invitation"]
    event = world["session"]
    check_in(
        db,
        event=event,
        booking=referral.booking,
        by_id=world["organiser"].id,
        now=NOW,
        via=Via.NAME,
    )
    db.commit()
    assert "Came" in client.get("/referrals").get_data(as_text=True)


def test_the_referral_form_keeps_what_was_typed_and_explains_each_error(app, world, db):
    client, response = _referral(app, world, db, agreed="", email="not an email")
    page = response.get_data(as_text=True)
    assert response.status_code == 200 and "govuk-error-summary" in page
    assert "Confirm that the parent or carer agreed to be referred" in page
    assert "Enter an email address in the correct format" in page
    assert 'value="Pat Parent"' in page
    _, response = _referral(app, world, db)
    assert "Enter the parent&#39;s email address or phone number" in response.get_data(as_text=True)
    assert "circumstances" in client.get("/referrals/new").get_data(as_text=True)


def test_the_organiser_sees_referrals_per_session_and_by_team_and_prints_a_letter(app, world, db):
    _referral(app, world, db, phone="01632 960 001")
    client = WebClient(app)
    client.sign_in(world["organiser"].email)
    page = client.get("/manage/referrals").get_data(as_text=True)
    assert "Per session" in page and "By referring team" in page and "01632 960 001" in page
    referral_id = db.scalar(select(Referral.id))
    letter = client.get(f"/manage/referrals/{referral_id}/letter").get_data(as_text=True)
    assert "Dear Pat Parent" in letter and "Digital parenting" in letter and "<svg" in letter


def test_renewal_reminders_can_be_switched_off_on_the_account_page(app, world, db):
    client = WebClient(app)
    client.sign_in(world["professional"].email)
    client.post("/account", {"reminders": "on", "refreshers": "off"})
    db.rollback()
    db.refresh(world["professional"])
    assert world["professional"].refresher_prompts is False


@FUZZ
@given_input(data=st.data())
def test_the_new_forms_and_parameters_answer_any_input_without_a_server_error(app, world, data):
    client = WebClient(app)
    client.sign_in(world["organiser"].email)
    form = {name: data.draw(anything) for name in field_names(ReferralForm)}
    form["csrf_token"] = client.csrf()
    assert client.http.post("/referrals/new", data=form).status_code < 500
    decision = data.draw(anything.filter(lambda text: "/" not in text and "?" not in text))
    lead_id = data.draw(st.integers(min_value=-1, max_value=2**40))
    for response in (
        client.http.post(f"/manage/leads/{lead_id}/{decision or 'x'}", data=form),
        client.get(f"/lead/{lead_id}"),
        client.get(f"/manage/referrals/{lead_id}/letter"),
    ):
        assert response.status_code < 500


def test_a_parent_with_no_email_is_never_emailed(app, world, db, tmp_path):
    """Not invited, and not told of a place come free either: the outbox skips the address."""
    _referral(app, world, db, phone="01632 960 001")
    _referral(app, world, db, name="Sam Second", phone="01632 960 002")
    db.rollback()
    first = db.scalars(select(Referral).order_by(Referral.id)).first()
    cancel_booking(db, booking_id=first.booking_id, person_id=None, now=NOW)  # promotes Sam
    db.commit()
    assert deliver(app, tmp_path) == []
    db.rollback()
    messages = db.scalars(select(OutboxMessage)).all()
    assert sorted(m.kind for m in messages) == ["booking_cancelled_by_organiser", "promoted"]
    assert all(m.status == "skipped" for m in messages)
