"""The email of a network's message or alert ("network_notice"): an alert's subject starts
"ALERT:", the body is the organiser's plain text read safely (``plain_text``), a link leads
to the message in the archive, and a one-click unsubscribe link (with ``List-Unsubscribe``)
leaves the networks the message went to. A member who left those networks before the email's
turn came is not sent it."""

from datetime import datetime

from sqlalchemy.orm import Session

from booking.network.links import recipient_of, unsubscribe_token
from booking.network.models import Notice, NoticeKind
from booking.network.plain_text import as_text, render
from booking.network.subscriptions import networks_receiving
from booking.outbox.composing import Content, Formatted, MailSettings, register
from booking.outbox.models import OutboxMessage

NOTICE_EMAIL = "network_notice"


def notice_subject(notice: Notice) -> str:
    """ "ALERT: <title>" for an alert, the title otherwise."""
    return f"ALERT: {notice.title}" if notice.kind == NoticeKind.ALERT else notice.title


def _notice(session: Session, message: OutboxMessage) -> Notice | None:
    notice_id = (message.payload or {}).get("notice_id")
    return session.get(Notice, notice_id) if isinstance(notice_id, int) else None


def _content(session: Session, message: OutboxMessage, settings: MailSettings) -> Content:
    notice = _notice(session, message)
    recipient = recipient_of(message)
    token = unsubscribe_token(settings.secret_key, notice_id=notice.id, recipient=recipient)
    networks = ", ".join(networks_receiving(session, notice, recipient))
    # The archive is for members signed in: a shared address (a school office) has no account.
    online = ("Read this message online", settings.links.to("network_message", notice_id=notice.id))
    return Content(
        subject=notice_subject(notice),
        heading=notice_subject(notice),
        formatted=Formatted(render(notice.body), as_text(notice.body)),
        link=online if recipient.person_id is not None else None,
        after=[
            f"You receive these messages as a member of: {networks}.",
            "To stop receiving them, unsubscribe: "
            + settings.links.to("network_unsubscribe", token=token),
        ],
        unsubscribe_url=settings.links.to("network_unsubscribe", token=token),
    )


def left_the_networks(session: Session, message: OutboxMessage, now: datetime) -> str | None:
    """Why a notice's email should not go: the notice is gone, or its recipient is no longer
    an active member of any network it went to."""
    notice = _notice(session, message)
    if notice is None:
        return "Not sent: the message was deleted."
    if not networks_receiving(session, notice, recipient_of(message)):
        return "Not sent: the recipient left the networks before it was delivered."
    return None


register(NOTICE_EMAIL, _content, left_the_networks)
