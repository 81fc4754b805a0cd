"""The networks' and subscriptions' pages: who may use each route, CSRF, the emailed links end
to end (invitation, shared address, one-click unsubscribe), and no server error on any input."""

import pytest
from hypothesis import given as given_input
from hypothesis import strategies as st
from sqlalchemy import select

from booking.accounts.models import Role
from booking.network.links import Recipient, unsubscribe_token
from booking.network.models import SharedAddress, Subscription, SubscriptionStatus
from booking.network.subscription_forms import InviteForm, NetworkForm, SharedAddressForm
from booking.network.subscriptions import join_network, member_network_ids
from tests.factories import NOW
from tests.network.subscription_helpers import make_lead, network, notice
from tests.outbox.mailbox import deliver, link_in, text_of
from tests.web.test_fuzz import FUZZ, anything, field_names
from tests.web_client import WebClient

ROLES = ["anonymous", "professional", "lead", "trainer", "organiser"]
SECRET = "test-secret"


@pytest.fixture
def world(given, db):
    organiser = given.user(role=Role.ORGANISER)
    lead = given.user(name="Dee Lead")
    make_lead(db, lead, organiser)
    professional = given.user(name="Pat Pro", email="pat@school.example")
    trainer = given.user(role=Role.TRAINER)
    dsl = network(db, "Designated safeguarding leads", organiser)
    join_network(db, network_id=dsl.id, person_id=professional.id, now=NOW)
    sent = notice(db, dsl)
    db.commit()
    return {
        "organiser": organiser,
        "lead": lead,
        "professional": professional,
        "trainer": trainer,
        "network": dsl,
        "notice": sent,
    }


def _routes(world):
    dsl, school = world["network"].id, world["lead"].organisation_id
    token = unsubscribe_token(
        SECRET, notice_id=world["notice"].id, recipient=Recipient(person_id=1)
    )
    return [
        ("get", "/manage/networks", {}),
        ("post", "/manage/networks", {"action": "network", "name": "New network"}),
        ("get", f"/manage/networks/{dsl}", {}),
        ("get", f"/manage/networks/{dsl}?q=pat&page=2", {}),
        ("post", f"/manage/networks/{dsl}", {"action": "invite", "addresses": "a@b.example"}),
        ("get", "/account/networks", {}),
        ("post", "/account/networks", {"network_id": dsl, "action": "join"}),
        ("get", "/lead/alerts-address", {}),
        ("get", f"/lead/alerts-address?organisation={school}", {}),
        (
            "post",
            f"/lead/alerts-address?organisation={school}",
            {"email": "office@school.example", "networks": dsl},
        ),
        ("get", f"/networks/unsubscribe/{token}", {}),
    ]


def _expected(role: str, method: str, url: str) -> set[int]:
    if url.startswith("/networks/"):
        return {200}
    if role == "anonymous":
        return {302}
    if url.startswith("/manage/"):
        return {200, 302} if role == "organiser" else {403}
    if url.startswith("/lead/"):
        if role == "lead" or (role == "organiser" and "organisation=" in url):
            return {200, 302}
        return {302} if role == "organiser" else {403}
    return {200, 302}


@pytest.mark.parametrize("role", ROLES)
def test_who_may_use_each_route(app, world, role):
    client = WebClient(app)
    if role != "anonymous":
        client.sign_in(world[role].email)
    for method, url, data in _routes(world):
        response = client.get(url) if method == "get" else client.post(url, data)
        assert response.status_code in _expected(role, method, url), (role, url, response)
        if role == "anonymous" and response.status_code == 302:
            assert "/sign-in" in response.location


def test_posts_need_the_csrf_token(app, world):
    client = WebClient(app)
    client.sign_in(world["organiser"].email)
    for method, url, data in _routes(world):
        if method == "post":
            assert client.post(url, data, csrf=False).status_code == 400, url


def test_an_organiser_creates_a_network_and_invites_a_person_who_accepts(app, world, db, tmp_path):
    client = WebClient(app)
    client.sign_in(world["organiser"].email)
    made = client.post("/manage/networks", {"action": "network", "name": "DRSN"})
    assert made.status_code == 302
    page = client.get(made.location).get_data(as_text=True)
    assert "This network has no members yet" in page
    taken = client.post("/manage/networks", {"action": "network", "name": "drsn"})
    assert taken.status_code == 200 and "A network with this name exists already" in taken.text
    invited = client.post(made.location, {"action": "invite", "addresses": "new@school.example"})
    assert invited.status_code == 302
    page = client.get(made.location).get_data(as_text=True)
    assert "new@school.example" in page and "Invited" in page
    bad = client.post(made.location, {"action": "invite", "addresses": "nope"})
    assert bad.status_code == 400 and "Line 1 is not an email address" in bad.text
    assert "govuk-error-summary" in bad.text
    emails = [e for e in deliver(app, tmp_path) if "new@school.example" in str(e["To"])]
    assert "We will not send you any messages until you say yes" in text_of(emails[0])
    link = link_in(emails[0], "/networks/invitation/")
    person = WebClient(app)
    assert "Accept and join" in person.get(link).get_data(as_text=True)
    accepted = person.post(link, {"csrf_token": person.csrf(link)})
    assert accepted.status_code == 200 and "You have joined DRSN" in accepted.text
    db.rollback()
    assert db.scalars(
        select(Subscription.status).where(Subscription.added_by_id.is_not(None))
    ).all() == [SubscriptionStatus.ACTIVE]
    assert person.get(link[:-3] + "abc").status_code == 400


def test_a_professional_joins_and_leaves_from_their_account(app, world, db):
    client = WebClient(app)
    client.sign_in(world["lead"].email)
    assert "/account/networks" in client.get("/account").get_data(as_text=True)
    page = client.get("/account/networks").get_data(as_text=True)
    assert "Designated safeguarding leads" in page and ">Join<" in page
    dsl = world["network"].id
    client.post("/account/networks", {"network_id": dsl, "action": "join"})
    db.rollback()
    assert member_network_ids(db, world["lead"].id) == {dsl}
    assert "You have joined Designated safeguarding leads" in client.get("/account/networks").text
    client.post("/account/networks", {"network_id": dsl, "action": "leave"})
    db.rollback()
    assert member_network_ids(db, world["lead"].id) == set()
    assert "You have left Designated safeguarding leads" in client.get("/account/networks").text
    odd = client.post("/account/networks", {"network_id": dsl, "action": "other"})
    assert odd.status_code == 400
    assert (
        client.post("/account/networks", {"network_id": 999, "action": "join"}).status_code == 404
    )


def test_a_lead_names_a_shared_address_confirmed_by_its_link(app, world, db, tmp_path):
    client = WebClient(app)
    client.sign_in(world["lead"].email)
    dsl = world["network"].id
    saved = client.post("/lead/alerts-address", {"email": "office@school.example", "networks": dsl})
    assert saved.status_code == 302
    page = client.get("/lead/alerts-address").get_data(as_text=True)
    assert "Waiting for confirmation" in page and "office@school.example" in page
    bad = client.post("/lead/alerts-address", {"email": "not an address"})
    assert bad.status_code == 400 and "govuk-error-summary" in bad.text
    email = next(e for e in deliver(app, tmp_path) if "office@school.example" in str(e["To"]))
    link = link_in(email, "/networks/shared-address/")
    anyone = WebClient(app)
    assert "Confirm this address" in anyone.get(link).text
    assert anyone.post(link, {"csrf_token": anyone.csrf(link)}).status_code == 200
    db.rollback()
    assert db.scalar(select(SharedAddress.confirmed_at)) is not None
    assert "Confirmed" in client.get("/lead/alerts-address").text
    other = world["professional"].organisation_id + 1000
    assert client.get(f"/lead/alerts-address?organisation={other}").status_code == 404


def test_one_click_unsubscribe_is_idempotent_and_a_tampered_link_gets_a_clear_page(app, world, db):
    person = world["professional"]
    token = unsubscribe_token(
        SECRET, notice_id=world["notice"].id, recipient=Recipient(person_id=person.id)
    )
    client = WebClient(app)
    page = client.get(f"/networks/unsubscribe/{token}").get_data(as_text=True)
    assert "Stop getting these messages?" in page and "Designated safeguarding leads" in page
    for _ in range(2):  # the mail client's one click (no CSRF token), then again
        done = client.post(f"/networks/unsubscribe/{token}", csrf=False)
        assert done.status_code == 200 and "Join again from your account" in done.text
    db.rollback()
    assert member_network_ids(db, person.id) == set()
    again = client.get(f"/networks/unsubscribe/{token}").get_data(as_text=True)
    assert "You have already left" in again and "<form" not in again.split("<main", 1)[1]
    assert "Join again from your account" in again
    tampered = client.get(f"/networks/unsubscribe/{token[:-2]}xx")
    assert tampered.status_code == 400 and "This link is not valid" in tampered.text
    assert client.post(f"/networks/unsubscribe/{token[:-2]}xx", csrf=False).status_code == 400


@FUZZ
@given_input(data=st.data())
def test_the_forms_and_parameters_answer_any_input_without_a_server_error(app, world, data):
    client = WebClient(app)
    client.sign_in(world["organiser"].email)
    token = client.csrf()
    dsl = world["network"].id
    school = world["lead"].organisation_id
    for url, form_class, action in (
        ("/manage/networks", NetworkForm, "network"),
        (f"/manage/networks/{dsl}", NetworkForm, "network"),
        (f"/manage/networks/{dsl}", InviteForm, "invite"),
        (f"/lead/alerts-address?organisation={school}", SharedAddressForm, None),
    ):
        form = {name: data.draw(anything) for name in field_names(form_class)}
        form |= {"csrf_token": token} | ({"action": action} if action else {})
        response = client.http.post(url, data=form)
        assert response.status_code < 500, response.get_data(as_text=True)[:500]
    words = data.draw(anything)
    for response in (
        client.http.post(
            f"/manage/networks/{dsl}",
            data={"action": words, "subscription_id": words, "csrf_token": token},
        ),
        client.http.post(
            "/account/networks",
            data={"network_id": words, "action": words, "csrf_token": token},
        ),
        client.get(f"/manage/networks/{dsl}", query_string={"q": words, "page": words}),
        client.get("/lead/alerts-address", query_string={"organisation": words}),
        client.get(f"/networks/unsubscribe/{words.replace('/', '') or 'x'}"),
        client.http.post(f"/networks/invitation/{words.replace('/', '') or 'x'}"),
        client.get(f"/networks/shared-address/{words.replace('/', '') or 'x'}"),
    ):
        assert response.status_code < 500
