"""Signing in or registering from an event found by a search leads back to that event page
with the search, so its Back link still returns to the results the person came from."""

import html
import re
from urllib.parse import parse_qs, urlsplit

from tests.factories import PASSWORD
from tests.outbox.mailbox import deliver, link_in

REGISTRATION = {
    "name": "Sam Field",
    "email": "sam.field@school.example",
    "job_title": "Teacher",
    "organisation": "Ormesby Primary School",
    "sector": "school",
    "password": PASSWORD,
    "confirm_password": PASSWORD,
}


def _link(page: str, text: str) -> str:
    match = re.search(rf'<a class="govuk-link" href="([^"]+)">{text}</a>', page)
    assert match, f"no link {text!r}"
    return html.unescape(match.group(1))


def _next(url: str) -> str:
    return parse_qs(urlsplit(url).query)["next"][0]


def test_the_links_to_sign_in_and_register_carry_the_search(client, given, db):
    event = given.event(title="SIMFIN safeguarding")
    db.commit()
    searched = client.get(f"/events/{event.id}?q=SIMFIN").get_data(as_text=True)
    for text in ("Sign in", "create an account"):
        assert _next(_link(searched, text)) == f"/events/{event.id}?q=SIMFIN"
    plain = client.get(f"/events/{event.id}").get_data(as_text=True)
    assert _next(_link(plain, "create an account")) == f"/events/{event.id}"


def test_a_query_too_long_to_carry_leaves_only_the_event(client, given, db):
    event = given.event()
    db.commit()
    page = client.get(f"/events/{event.id}?q={'x' * 600}").get_data(as_text=True)
    assert _next(_link(page, "create an account")) == f"/events/{event.id}"


def test_after_registering_confirming_and_signing_in_back_leads_to_the_search(
    app, client, given, db, tmp_path
):
    event = given.event(title="SIMFIN safeguarding")
    db.commit()
    searched = client.get(f"/events/{event.id}?q=SIMFIN").get_data(as_text=True)
    register = _link(searched, "create an account")
    assert client.post(register, REGISTRATION).status_code == 302

    (confirmation,) = deliver(app, tmp_path)
    to_sign_in = client.get(link_in(confirmation, "/confirm-email/")).location
    signed_in = client.post(
        to_sign_in, {"email": REGISTRATION["email"], "password": PASSWORD}
    ).location

    assert signed_in == f"/events/{event.id}?q=SIMFIN"
    page = client.get(signed_in).get_data(as_text=True)
    assert '<a href="/events?q=SIMFIN" class="govuk-back-link">' in page
