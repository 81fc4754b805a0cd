"""The notices' pages: who may use each route, CSRF, the organiser's journey from writing to
sending (and a double click), sending only what was checked, scheduling, the members' archive,
and no 5xx on any input."""

import re

import pytest
from hypothesis import given as given_input
from hypothesis import strategies as st
from sqlalchemy import func, select

from booking.models import Role
from booking.network.models import Notice, NoticeStatus
from booking.network.notice_forms import NoticeForm, SendForm
from booking.network.notices import send_notice
from booking.outbox.models import OutboxMessage
from tests.factories import NOW
from tests.network.notice_helpers import member, network, notice
from tests.web.test_fuzz import FUZZ, anything, field_names
from tests.web_client import WebClient

ROLES = ["anonymous", "professional", "member", "trainer", "organiser"]


@pytest.fixture
def world(given, db):
    dsl, other = network(db), network(db, "Foster carers' network")
    organiser = given.user(role=Role.ORGANISER)
    person = member(given, dsl, name="Mem Ber")
    member(given, other, organisation="Fostering team")
    sent = notice(db, [dsl], title="Sent to the DSLs", by_id=organiser.id)
    send_notice(db, notice_id=sent.id, by_id=organiser.id, now=NOW)
    elsewhere = notice(db, [other], title="Only for foster carers")
    send_notice(db, notice_id=elsewhere.id, by_id=organiser.id, now=NOW)
    draft = notice(db, [dsl], title="A draft", body="<script>x</script>\n- a list")
    professional, trainer = given.user(), given.user(role=Role.TRAINER)
    db.commit()
    return {
        "organiser": organiser,
        "member": person,
        "professional": professional,
        "trainer": trainer,
        "network": dsl,
        "sent": sent,
        "elsewhere": elsewhere,
        "draft": draft,
    }


def _client(app, world, role: str) -> WebClient:
    client = WebClient(app)
    if role != "anonymous":
        client.sign_in(world[role].email)
    return client


def _checked(client: WebClient, notice_id: int) -> str:
    """The version of the notice its check page carries to the send form."""
    page = client.get(f"/manage/notices/{notice_id}/check").get_data(as_text=True)
    return re.search(r'name="checked"[^>]*value="([^"]*)"', page)[1]


def _routes(world):
    draft, sent, elsewhere = world["draft"].id, world["sent"].id, world["elsewhere"].id
    return [
        ("get", "/manage/notices", {}),
        ("get", "/manage/notices/new", {}),
        ("post", "/manage/notices/new", {"title": ""}),
        ("get", f"/manage/notices/{draft}", {}),
        ("post", f"/manage/notices/{draft}", {"title": ""}),
        ("get", f"/manage/notices/{sent}", {}),
        ("get", f"/manage/notices/{draft}/check", {}),
        ("post", f"/manage/notices/{draft}/send", {"when": ""}),
        ("post", f"/manage/notices/{draft}/unschedule", {}),
        ("get", "/network/messages", {}),
        ("get", f"/network/messages/{sent}", {}),
        ("get", f"/network/messages/{elsewhere}", {}),
        ("get", f"/network/messages/{draft}", {}),
    ]


def _expected(role: str, url: str, world) -> int:
    if url.startswith("/manage/"):
        return 200 if role == "organiser" else 403
    if url.endswith(f"/{world['draft'].id}"):
        return 404  # never in the archive before it is sent
    if url.endswith(f"/{world['elsewhere'].id}"):
        return 200 if role == "organiser" else 404
    if url.endswith(f"/{world['sent'].id}"):
        return 200 if role in ("organiser", "member") else 404
    return 200


@pytest.mark.parametrize("role", ROLES)
def test_who_may_use_each_route(app, world, role):
    client = _client(app, world, role)
    for method, url, data in _routes(world):
        response = client.get(url) if method == "get" else client.post(url, data)
        status = response.status_code
        if role == "anonymous":
            assert status == 302 and "/sign-in" in response.location, url
        elif method == "post" and role == "organiser":
            assert status in (200, 302), (url, status)
        else:
            assert status == _expected(role, url, world), (url, role, status)


def test_posts_need_the_csrf_token(app, world):
    client = _client(app, world, "organiser")
    for method, url, data in _routes(world):
        if method == "post":
            assert client.post(url, data, csrf=False).status_code == 400, url


def test_an_organiser_writes_checks_and_sends_an_alert_once(app, world, db):
    client = _client(app, world, "organiser")
    form = {
        "title": "A risky new app",
        "body": "Pupils talk about <b>it</b>.\n\n- look out\n- see https://ex.test",
        "kind": "alert",
        "networks": str(world["network"].id),
    }
    made = client.post("/manage/notices/new", form)
    assert made.status_code == 302 and made.location.endswith("/check")
    check = client.get(made.location).get_data(as_text=True)
    assert "This will go to 1 professional from 1 school, academy or college." in check
    assert "ALERT: A risky new app" in check
    assert "&lt;b&gt;it&lt;/b&gt;" in check and "<b>it</b>" not in check
    assert '<a class="govuk-link" href="https://ex.test">' in check
    send_url = made.location.replace("/check", "/send")
    token = client.csrf(made.location)
    notice_id = int(made.location.split("/")[-2])
    asked = {"when": "now", "csrf_token": token, "checked": _checked(client, notice_id)}
    sent = client.post(send_url, asked, csrf=False)
    assert sent.status_code == 302
    again = client.post(send_url, asked, csrf=False)
    assert again.status_code == 302
    page = client.get(again.location).get_data(as_text=True)
    assert "This message has already been sent." in page
    assert "Sent to 1 professional from 1 school, academy or college." in page
    db.rollback()
    assert db.scalar(select(Notice.status).where(Notice.id == notice_id)) == NoticeStatus.SENT
    batch = select(func.count()).where(OutboxMessage.batch_key == f"notice:{notice_id}")
    assert db.scalar(batch.select_from(OutboxMessage)) == 1
    listing = client.get("/manage/notices").get_data(as_text=True)
    assert "A risky new app" in listing and "Alert" in listing


def test_bad_input_is_explained_on_the_form(app, world):
    client = _client(app, world, "organiser")
    page = client.post("/manage/notices/new", {"title": "x" * 201, "body": ""})
    text = page.get_data(as_text=True)
    assert page.status_code == 200 and "There is a problem" in text
    for message in ("The title must be 200 characters or fewer", "Enter the message"):
        assert message in text
    assert "Select at least one network" in text


def test_sending_to_nobody_is_refused_on_the_check_page(app, world, db):
    lonely = network(db, "Empty network")
    empty = notice(db, [lonely], title="To nobody")
    db.commit()
    client = _client(app, world, "organiser")
    check = client.get(f"/manage/notices/{empty.id}/check").get_data(as_text=True)
    assert "This would go to nobody" in check
    asked = {"when": "now", "checked": _checked(client, empty.id)}
    refused = client.post(f"/manage/notices/{empty.id}/send", asked)
    assert refused.status_code == 200 and "Nobody would receive this message" in refused.text


def test_an_organiser_schedules_and_cancels(app, world, db):
    client = _client(app, world, "organiser")
    draft = world["draft"].id
    checked = _checked(client, draft)
    past = client.post(
        f"/manage/notices/{draft}/send",
        {"when": "later", "send_at": ["1", "1", "2020"], "send_time": "9am", "checked": checked},
    )
    assert "The time to send it must be in the future" in past.text
    later = client.post(
        f"/manage/notices/{draft}/send",
        {"when": "later", "send_at": ["1", "1", "2099"], "send_time": "9:30am", "checked": checked},
    )
    assert later.status_code == 302
    check = client.get(later.location).get_data(as_text=True)
    assert "to be sent Thursday 1 January 2099 at 9:30am" in check
    assert client.post(f"/manage/notices/{draft}/unschedule", {}).status_code == 302
    db.rollback()
    assert db.get(Notice, draft).status == NoticeStatus.DRAFT


@pytest.mark.parametrize("when", ["now", "later"])
def test_a_message_changed_after_it_was_checked_is_not_sent(app, world, db, when):
    client = _client(app, world, "organiser")
    draft = world["draft"].id
    checked = _checked(client, draft)
    changed = {
        "title": "A draft, changed in another tab",
        "body": "Something else entirely.",
        "kind": "information",
        "networks": str(world["network"].id),
    }
    assert client.post(f"/manage/notices/{draft}", changed).status_code == 302
    asked = {"when": when, "send_at": ["1", "1", "2099"], "send_time": "9am", "checked": checked}
    refused = client.post(f"/manage/notices/{draft}/send", asked)
    assert refused.status_code == 302 and refused.location.endswith(f"/{draft}/check")
    page = client.get(refused.location).get_data(as_text=True)
    assert "The message changed after you checked it" in page
    assert "Something else entirely." in page
    db.rollback()
    assert db.get(Notice, draft).status == NoticeStatus.DRAFT
    batch = select(func.count()).where(OutboxMessage.batch_key == f"notice:{draft}")
    assert db.scalar(batch.select_from(OutboxMessage)) == 0
    asked["checked"] = _checked(client, draft)
    assert client.post(f"/manage/notices/{draft}/send", asked).status_code == 302
    db.rollback()
    assert db.get(Notice, draft).status != NoticeStatus.DRAFT


def _summary(page: str) -> dict[str, str]:
    """A page's summary list, key to value, as the organiser reads it."""
    rows = re.findall(
        r'govuk-summary-list__key">\s*(.*?)\s*</dt>\s*<dd class="govuk-summary-list__value">'
        r"\s*(.*?)\s*</dd>",
        page,
        re.S,
    )
    return dict(rows)


# The sectors chosen, in the register's order and escaped once.
CHOSEN = "School or academy, Post-16 establishment, Children&#39;s social care"


def test_the_sectors_chosen_are_shown_before_and_after_sending(app, world, db):
    chosen = notice(
        db, [world["network"]], title="For schools", sectors=("social_care", "post_16", "school")
    )
    db.commit()
    client = _client(app, world, "organiser")
    check = _summary(client.get(f"/manage/notices/{chosen.id}/check").get_data(as_text=True))
    assert check["Sectors"] == CHOSEN
    asked = {"when": "now", "checked": _checked(client, chosen.id)}
    assert client.post(f"/manage/notices/{chosen.id}/send", asked).status_code == 302
    sent = _summary(client.get(f"/manage/notices/{chosen.id}").get_data(as_text=True))
    assert sent["Networks"] == "Designated safeguarding leads"
    assert sent["Sectors"] == CHOSEN
    every = client.get(f"/manage/notices/{world['sent'].id}").get_data(as_text=True)
    assert _summary(every)["Sectors"] == "Every sector"
    draft = client.get(f"/manage/notices/{world['draft'].id}/check").get_data(as_text=True)
    assert _summary(draft)["Sectors"] == "Every sector"


def test_members_read_their_networks_messages_newest_first(app, world):
    client = _client(app, world, "member")
    archive = client.get("/network/messages").get_data(as_text=True)
    assert "Sent to the DSLs" in archive and "Alert" in archive
    assert "Only for foster carers" not in archive and "A draft" not in archive
    one = client.get(f"/network/messages/{world['sent'].id}").get_data(as_text=True)
    assert "Please share this with your staff." in one


FORMS = {"new": NoticeForm, "draft": NoticeForm, "send": SendForm}


@FUZZ
@given_input(data=st.data())
def test_the_forms_answer_any_input_without_a_server_error(app, world, data):
    client = _client(app, world, "organiser")
    token = client.csrf("/manage/notices/new")
    urls = {
        "new": "/manage/notices/new",
        "draft": f"/manage/notices/{world['draft'].id}",
        "send": f"/manage/notices/{world['draft'].id}/send",
    }
    which = data.draw(st.sampled_from(sorted(urls)))
    form = {
        name: data.draw(anything | st.lists(anything, max_size=4))
        for name in field_names(FORMS[which])
    }
    form["csrf_token"] = token
    assert client.http.post(urls[which], data=form).status_code < 500


@FUZZ
@given_input(page=anything)
def test_the_archive_answers_any_page_without_a_server_error(app, world, page):
    client = _client(app, world, "member")
    assert client.get("/network/messages", query_string={"page": page}).status_code == 200
