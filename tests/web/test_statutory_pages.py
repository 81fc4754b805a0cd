"""The accessibility statement, privacy notice, cookies and contact pages: linked from every
page's footer and from registration, with the partnership's details from the settings."""

import re

import pytest

from booking import create_app
from booking.accounts.views import DEVICE_COOKIE
from booking.config import from_environment, partnership
from booking.models import Role
from tests.conftest import app_config
from tests.web_client import WebClient

PAGES = {
    "/accessibility": "Accessibility statement",
    "/privacy": "Privacy notice",
    "/cookies": "Cookies",
    "/contact": "Contact",
}
FOOTER = re.compile(r'<footer class="govuk-footer">.*</footer>', re.S)


def _footer_links(page: str) -> dict[str, str]:
    footer = FOOTER.search(page)
    assert footer, "no footer"
    return dict(re.findall(r'<a class="govuk-footer__link" href="([^"]+)">([^<]+)</a>', footer[0]))


def _pages_without_values(app) -> list[str]:
    """Every HTML page whose address takes no values (not files, feeds or the API)."""
    return sorted(
        rule.rule
        for rule in app.url_map.iter_rules()
        if "GET" in rule.methods
        and not rule.arguments
        and not rule.rule.startswith(("/api/", "/static"))
        and not rule.rule.endswith((".ics", ".json"))
    )


@pytest.fixture
def organiser(app, given, db):
    person = given.user(role=Role.ORGANISER)
    event = given.event()
    db.commit()
    client = WebClient(app)
    client.sign_in(person.email)
    return client, event


def test_every_page_links_to_the_statutory_pages_in_its_footer(app, client, organiser):
    signed_in, event = organiser
    pages = _pages_without_values(app) + [f"/events/{event.id}", "/no-such-page"]
    assert "/contact" in pages and "/account" in pages
    for browser in (client, signed_in):
        for url in pages:
            response = browser.get(url)
            if response.mimetype != "text/html" or response.status_code == 302:
                continue
            links = _footer_links(response.get_data(as_text=True))
            assert {href: links.get(href) for href in PAGES} == PAGES, url


def test_each_page_has_its_title_and_one_heading(client):
    for url, name in PAGES.items():
        response = client.get(url)
        page = response.get_data(as_text=True)
        assert response.status_code == 200, url
        assert page.count("<h1") == 1, url
        assert f"<title>{name}" in page, url


def test_registration_links_to_the_privacy_notice(client):
    page = client.get("/register").get_data(as_text=True)
    main = page.split("<main", 1)[1].split("</main>", 1)[0]
    assert 'href="/privacy"' in main


def test_the_partnership_s_details_come_from_the_settings(engine):
    details = {
        "PARTNERSHIP_NAME": "Northshire Safeguarding Children Partnership",
        "PARTNERSHIP_ADDRESS": "Shire Hall, Northtown, NT1 2AB",
        "PARTNERSHIP_EMAIL": "nscp@northshire.example",
        "PARTNERSHIP_PHONE": "01632 960 123",
        "PARTNERSHIP_DPO_EMAIL": "dpo@northshire.example",
    }
    client = WebClient(create_app(app_config(ENGINE=engine, **details)))
    privacy = client.get("/privacy").get_data(as_text=True)
    contact = client.get("/contact").get_data(as_text=True)
    for value in details.values():
        assert value in contact, value
    assert "Northshire Safeguarding Children Partnership is the data controller" in privacy
    assert "dpo@northshire.example" in privacy and "Shire Hall" in privacy
    assert "task in the public interest" in privacy and "Article 6(1)(e)" in privacy
    assert "ico.org.uk" in privacy
    statement = client.get("/accessibility").get_data(as_text=True)
    for words in ("WCAG", "2.2 AA", "Equality and Human Rights Commission", "Northern Ireland"):
        assert words in statement, words
    assert "This statement was prepared on" in statement


def test_the_settings_read_the_environment_with_demo_defaults(tmp_path, monkeypatch):
    monkeypatch.setenv("BOOKING_DEMO", "1")
    monkeypatch.setenv("BOOKING_PARTNERSHIP_EMAIL", "training@partnership.example")
    monkeypatch.delenv("BOOKING_PARTNERSHIP_PHONE", raising=False)
    config = from_environment(str(tmp_path), {"SECRET_KEY": "given"})
    details = partnership(config)
    assert details.email == "training@partnership.example"
    assert details.phone == "01632 960 001"  # Ofcom's range for drama: rings nobody


def test_the_cookies_page_names_every_cookie_the_app_sets(app, given, db):
    person = given.user()
    db.commit()
    client = WebClient(app)
    client.sign_in(person.email)
    set_cookies = {cookie.key for cookie in client.http._cookies.values()}
    page = client.get("/cookies").get_data(as_text=True)
    assert set_cookies == {app.config["SESSION_COOKIE_NAME"], DEVICE_COOKIE}
    for name in set_cookies:
        assert f'<h3 class="govuk-heading-s">{name}</h3>' in page


def test_the_privacy_notice_says_what_the_code_does(client):
    from booking.accounts.signin import THROTTLE_WINDOW
    from booking.bookings.needs import NEEDS_KEPT_FOR

    page = " ".join(client.get("/privacy").get_data(as_text=True).split())
    assert f"deleted {NEEDS_KEPT_FOR.days} days after the event" in page
    assert "until the event starts" in page and "a short time after" not in page
    assert "two cookies" in page and "only the cookie" not in page
    minutes = int(THROTTLE_WINDOW.total_seconds() // 60)
    assert f"Failed attempts to sign in are kept for {minutes} minutes" in page
    assert "keyed with a secret" in page


def test_outside_demo_mode_the_app_refuses_to_start_without_the_partnership_s_details(
    tmp_path, monkeypatch
):
    from booking.config import MissingSettings

    for variable in ("BOOKING_DEMO", "BOOKING_PARTNERSHIP_PHONE", "BOOKING_PARTNERSHIP_EMAIL"):
        monkeypatch.delenv(variable, raising=False)
    monkeypatch.setenv("BOOKING_PARTNERSHIP_NAME", "Northshire Safeguarding Children Partnership")
    monkeypatch.setenv("BOOKING_PARTNERSHIP_ADDRESS", "Shire Hall, Northtown, NT1 2AB")
    monkeypatch.setenv("BOOKING_PARTNERSHIP_DPO_EMAIL", "dpo@northshire.example")
    with pytest.raises(MissingSettings) as refusal:
        from_environment(str(tmp_path), {"SECRET_KEY": "given"})
    message = str(refusal.value)
    assert "BOOKING_PARTNERSHIP_EMAIL" in message and "BOOKING_PARTNERSHIP_PHONE" in message
    assert "BOOKING_PARTNERSHIP_NAME" not in message
    monkeypatch.setenv("BOOKING_PARTNERSHIP_EMAIL", "nscp@northshire.example")
    monkeypatch.setenv("BOOKING_PARTNERSHIP_PHONE", "01632 960 123")
    details = partnership(from_environment(str(tmp_path), {"SECRET_KEY": "given"}))
    assert (details.name, details.phone) == (
        "Northshire Safeguarding Children Partnership",
        "01632 960 123",
    )
