"""A notice's email: ALERT in an alert's subject, one-click unsubscribe headers, the body as
text (never raw HTML), not sent to someone who left; and nothing lost while the relay is down:
every member gets it once when it is back."""

from datetime import timedelta
from email import policy
from email.parser import BytesParser

from sqlalchemy import select

from booking.core.links import Links
from booking.db import make_sessions
from booking.network.links import read_unsubscribe_token
from booking.network.models import NoticeKind, Subscription, SubscriptionStatus
from booking.network.notices import send_notice
from booking.outbox.composing import MailSettings, compose
from booking.outbox.models import MessageStatus, OutboxMessage
from booking.outbox.transports import DirectoryTransport, RelayDown
from booking.outbox.worker import Worker
from tests.factories import NOW
from tests.network.notice_helpers import member, network, notice, shared_address

SETTINGS = MailSettings(
    links=Links("https://training.example.org"),
    secret_key="test-secret",
    sender="training@example.org",
    sender_name="Safeguarding partnership",
)
BODY = "Watch for <script>alert(1)</script> and <b>this</b>:\n- one\n- see https://ex.test/a"


def _sent(session, make, kind=NoticeKind.ALERT):
    net = network(session)
    person = member(make, net)
    written = notice(session, [net], title="Risky app", body=BODY, kind=kind)
    send_notice(session, notice_id=written.id, by_id=None, now=NOW)
    message = session.scalars(select(OutboxMessage)).one()
    return written, person, message


def test_an_alerts_email_says_alert_offers_one_click_unsubscribe_and_escapes_the_body(
    session, make
):
    written, person, message = _sent(session, make)
    email = compose(session, message, SETTINGS)
    assert email["Subject"] == "ALERT: Risky app"
    assert email["To"].addresses[0].addr_spec == person.email
    assert email["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    link = email["List-Unsubscribe"].strip("<>")
    assert link.startswith("https://training.example.org/networks/unsubscribe/")
    notice_id, recipient = read_unsubscribe_token("test-secret", link.rsplit("/", 1)[1], now=NOW)
    assert (notice_id, recipient.person_id) == (written.id, person.id)
    # As mail programs read it: the link itself on one line, not an encoded word.
    assert f"\r\nList-Unsubscribe: <{link}>\r\n".encode() in email.as_bytes()

    parsed = BytesParser(policy=policy.default).parsebytes(email.as_bytes())
    html = parsed.get_body(("html",)).get_content()
    text = parsed.get_body(("plain",)).get_content()
    assert "<script>" not in html and "<b>" not in html
    assert "&lt;script&gt;" in html and "<li>one</li>" in html
    assert '<a class="govuk-link" href="https://ex.test/a">' in html
    assert "- one" in text and "<script>alert(1)</script>" in text  # text is text
    assert f"https://training.example.org/network/messages/{written.id}" in text


def test_information_has_the_title_as_its_subject(session, make):
    _written, _person, message = _sent(session, make, kind=NoticeKind.INFORMATION)
    assert compose(session, message, SETTINGS)["Subject"] == "Risky app"


def test_a_shared_address_gets_its_own_unsubscribe_link(session, make):
    net = network(session)
    address = shared_address(session, net, organisation="Wood Farm", email="office@wood.test")
    written = notice(session, [net])
    send_notice(session, notice_id=written.id, by_id=None, now=NOW)
    email = compose(session, session.scalars(select(OutboxMessage)).one(), SETTINGS)
    token = email["List-Unsubscribe"].strip("<>").rsplit("/", 1)[1]
    _, recipient = read_unsubscribe_token("test-secret", token, now=NOW)
    assert (
        recipient.shared_address_id == address.id
        and email["To"].addresses[0].display_name == "Wood Farm"
    )
    # The archive is for members signed in: a school office's address gets no link to it.
    parsed = BytesParser(policy=policy.default).parsebytes(email.as_bytes())
    for part in ("plain", "html"):
        assert "/network/messages/" not in parsed.get_body((part,)).get_content()


class FlakyRelay:
    """Down until told it is up; then writes into a folder."""

    def __init__(self, folder):
        self.up = False
        self.folder = DirectoryTransport(folder)

    def __enter__(self):
        if not self.up:
            raise RelayDown("Connection refused")
        return self.folder.__enter__()

    def __exit__(self, *exc):
        return None

    def send(self, email):
        self.folder.send(email)


def test_nothing_is_lost_while_the_relay_is_down_and_nobody_gets_it_twice(
    engine, session, make, tmp_path
):
    net = network(session)
    people = [member(make, net, organisation=f"School {n}") for n in range(5)]
    leaver = people.pop()
    written = notice(session, [net])
    send_notice(session, notice_id=written.id, by_id=None, now=NOW)
    session.commit()
    relay, clock = FlakyRelay(tmp_path), [NOW]
    worker = Worker(make_sessions(engine), relay, SETTINGS, lambda: clock[0])

    assert worker.deliver_all_due().retrying == 5
    session.execute(  # one member leaves while the relay is down
        Subscription.__table__.update()
        .where(Subscription.person_id == leaver.id)
        .values(status=SubscriptionStatus.LEFT)
    )
    session.commit()
    relay.up, clock[0] = True, NOW + timedelta(hours=1)
    report = worker.deliver_all_due()
    assert (report.sent, report.skipped) == (4, 1)
    assert worker.deliver_all_due().handled == 0

    emails = [
        BytesParser(policy=policy.default).parse(path.open("rb")) for path in tmp_path.glob("*.eml")
    ]
    assert sorted(e["To"].addresses[0].addr_spec for e in emails) == sorted(p.email for p in people)
    statuses = session.scalars(select(OutboxMessage.status)).all()
    assert sorted(statuses) == sorted([MessageStatus.SENT] * 4 + [MessageStatus.SKIPPED])


def test_the_email_names_only_the_networks_its_recipient_is_in(session, make):
    leads, forum = network(session), network(session, "Digital Resilience Network")
    in_one, in_both = member(make, leads), member(make, forum)
    member(make, leads, person=in_both)
    written = notice(session, [leads, forum])
    send_notice(session, notice_id=written.id, by_id=None, now=NOW)
    footers = {}
    for message in session.scalars(select(OutboxMessage)):
        parsed = BytesParser(policy=policy.default).parsebytes(
            compose(session, message, SETTINGS).as_bytes()
        )
        text = parsed.get_body(("plain",)).get_content()
        footers[message.user_id] = next(
            line for line in text.splitlines() if line.startswith("You receive these messages")
        )
    assert footers == {
        in_one.id: "You receive these messages as a member of: Designated safeguarding leads.",
        in_both.id: "You receive these messages as a member of: Designated safeguarding leads, "
        "Digital Resilience Network.",
    }
