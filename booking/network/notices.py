"""Messages and alerts to the networks: a draft written and changed, scheduled or sent now.

A notice is sent once: one conditional UPDATE (draft or scheduled → sent) decides, so a double
click or two processes at once send it once, and the loser is told it has gone. Whatever
changes a notice (send, schedule, unschedule, edit) first locks its row and reads its status
afresh, and changes it only while it is still unsent, so a send committing meanwhile is never
undone: a sent notice is not turned back into a draft, edited, or sent again. Its emails are
one outbox batch written by one INSERT ... SELECT whatever the number of members; the outbox
delivers them, and retries while the relay is down.
"""

from collections.abc import Collection
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from booking.accounts.models import Sector
from booking.audit.services import record
from booking.core.errors import NotFound, Refused
from booking.network.links import notice_batch_key
from booking.network.models import Network, Notice, NoticeKind, NoticeStatus
from booking.network.notice_emails import NOTICE_EMAIL
from booking.network.reach import reach_of
from booking.network.subscriptions import active_members_select
from booking.outbox.queue import enqueue_batch

TITLE_MAX = 200
BODY_MAX = 10_000
UNSENT = (NoticeStatus.DRAFT, NoticeStatus.SCHEDULED)
CANNOT_CHANGE = "This message has already been sent: it cannot be changed now."


class InvalidNotice(Refused):
    """A notice breaks a rule; ``problems`` names each (field, message)."""

    code = "invalid_notice"


class AlreadySent(Refused):
    code = "already_sent"


class NoRecipients(Refused):
    code = "no_recipients"


class NotScheduled(Refused):
    code = "not_scheduled"


class ChangedSinceChecked(Refused):
    code = "changed_since_checked"


@dataclass(frozen=True)
class NoticeFields:
    """What the organiser writes: the title, the plain-text body, its kind, the networks it
    goes to and, optionally, only some sectors' members (none: every sector)."""

    title: str
    body: str
    kind: NoticeKind
    network_ids: tuple[int, ...]
    sectors: tuple[str, ...] = ()


def _problems(session: Session, fields: NoticeFields) -> list[tuple[str, str]]:
    problems = []
    title, body = fields.title.strip(), fields.body.strip()
    if not title:
        problems.append(("title", "Enter a title"))
    elif len(title) > TITLE_MAX:
        problems.append(("title", f"The title must be {TITLE_MAX} characters or fewer"))
    if not body:
        problems.append(("body", "Enter the message"))
    elif len(body) > BODY_MAX:
        problems.append(("body", f"The message must be {BODY_MAX:,} characters or fewer"))
    if not isinstance(fields.kind, NoticeKind):
        problems.append(("kind", "Select whether this is an alert or information"))
    known = session.scalars(select(Network.id).where(Network.id.in_(fields.network_ids))).all()
    if not fields.network_ids or len(set(known)) != len(set(fields.network_ids)):
        problems.append(("networks", "Select at least one network"))
    if not set(fields.sectors) <= {sector.value for sector in Sector}:
        problems.append(("sectors", "Select sectors from the list"))
    return problems


def _apply(session: Session, notice: Notice, fields: NoticeFields) -> None:
    if problems := _problems(session, fields):
        raise InvalidNotice.of(problems)
    notice.title, notice.body = fields.title.strip(), fields.body.strip()
    notice.kind = fields.kind
    notice.sectors = sorted(set(fields.sectors))
    notice.networks = list(
        session.scalars(
            select(Network).where(Network.id.in_(fields.network_ids)).order_by(Network.name)
        )
    )


def create_notice(session: Session, *, fields: NoticeFields, by_id: int, now: datetime) -> Notice:
    """A new draft notice. Raises InvalidNotice ("invalid_notice"): title 1–200 characters,
    body 1–10,000, a kind, one network or more, sectors of the register's list."""
    notice = Notice(status=NoticeStatus.DRAFT, created_by_id=by_id, created_at=now, updated_at=now)
    _apply(session, notice, fields)
    session.add(notice)
    session.flush()
    _audit(session, notice, "notice.created", by_id, now)
    return notice


def edit_notice(
    session: Session, *, notice_id: int, fields: NoticeFields, by_id: int, now: datetime
) -> Notice:
    """Change a notice not yet sent (a scheduled one keeps its time). Raises NotFound,
    AlreadySent ("already_sent"), InvalidNotice ("invalid_notice")."""
    unsent_notice(session, notice_id)
    notice = _change_unsent(session, notice_id, updated_at=now)
    _apply(session, notice, fields)
    session.flush()
    _audit(session, notice, "notice.changed", by_id, now)
    return notice


def notice_of(session: Session, notice_id: int) -> Notice:
    """The notice. Raises NotFound ("not_found")."""
    notice = session.get(Notice, notice_id)
    if notice is None:
        raise NotFound("There is no such message.")
    return notice


def notice_version(notice: Notice) -> str:
    """What the organiser saw: changes whenever the notice is changed (edited, scheduled or
    unscheduled), so a send can refuse what was not checked."""
    return notice.updated_at.isoformat()


def _locked(session: Session, notice_id: int) -> Notice:
    """The notice read afresh and locked until the transaction ends (FOR UPDATE; SQLite's
    writers take turns already). Raises NotFound ("not_found")."""
    notice = session.scalar(
        select(Notice)
        .where(Notice.id == notice_id)
        .with_for_update(of=Notice)
        .execution_options(populate_existing=True)
    )
    if notice is None:
        raise NotFound("There is no such message.")
    return notice


def unsent_notice(session: Session, notice_id: int) -> Notice:
    """The notice, not yet sent, locked until the transaction ends: a send waits for the
    change, or the change for the send (and is refused). Raises NotFound, AlreadySent
    ("already_sent")."""
    notice = _locked(session, notice_id)
    if notice.status == NoticeStatus.SENT:
        raise AlreadySent(CANNOT_CHANGE)
    return notice


def _change_unsent(session: Session, notice_id: int, **values) -> Notice:
    """Set ``values`` on the notice only while it is still unsent. Raises AlreadySent."""
    changed = session.execute(
        update(Notice).where(Notice.id == notice_id, Notice.status.in_(UNSENT)).values(**values)
    ).rowcount
    if not changed:
        raise AlreadySent(CANNOT_CHANGE)
    return session.get(Notice, notice_id)


def _checked_or_refuse(notice: Notice, checked: str | None) -> None:
    if checked is not None and checked != notice_version(notice):
        raise ChangedSinceChecked(
            "The message changed after you checked it — check it again before sending it."
        )


def _recipients_or_refuse(session: Session, notice: Notice):
    reach = reach_of(session, [n.id for n in notice.networks], notice.sectors)
    if not reach.recipients:
        raise NoRecipients(
            "Nobody would receive this message: the networks chosen have no active members "
            "in the sectors chosen. Choose other networks or sectors."
        )
    return reach


def send_notice(
    session: Session,
    *,
    notice_id: int,
    by_id: int | None,
    now: datetime,
    checked: str | None = None,
) -> int:
    """Send the notice now to the active members of its networks (and sectors); returns how
    many emails were queued. One conditional UPDATE decides (draft or scheduled → sent), so
    it is sent once however many ask at once; one INSERT ... SELECT queues every email; the
    reach is kept with the notice, and the send audited. ``checked``: the ``notice_version``
    the organiser checked (None: the scheduler, which sends the notice as it is).

    Raises NotFound, AlreadySent ("already_sent") for a notice sent already (also by another
    request at the same moment), ChangedSinceChecked ("changed_since_checked") when it changed
    after it was checked, NoRecipients ("no_recipients") before anything changes."""
    notice = _locked(session, notice_id)
    if notice.status == NoticeStatus.SENT:
        raise AlreadySent("This message has already been sent.")
    _checked_or_refuse(notice, checked)
    reach = _recipients_or_refuse(session, notice)
    network_ids, sectors = [n.id for n in notice.networks], list(notice.sectors)
    won = session.execute(
        update(Notice)
        .where(Notice.id == notice_id, Notice.status.in_(UNSENT))
        .values(status=NoticeStatus.SENT, sent_at=now, sent_by_id=by_id, updated_at=now)
        .execution_options(synchronize_session=False)
    ).rowcount
    if not won:
        raise AlreadySent("This message has already been sent.")
    recipients = enqueue_batch(
        session,
        NOTICE_EMAIL,
        active_members_select(network_ids, sectors),
        batch_key=notice_batch_key(notice_id),
        now=now,
        payload={"notice_id": notice_id},
    )
    session.execute(
        update(Notice)
        .where(Notice.id == notice_id)
        .values(recipients=recipients, reach=reach.snapshot().to_json())
        .execution_options(synchronize_session=False)
    )
    session.expire(notice)
    _audit(session, notice, "notice.sent", by_id, now, recipients=recipients)
    session.flush()
    return recipients


def schedule_notice(
    session: Session,
    *,
    notice_id: int,
    send_at: datetime,
    by_id: int,
    now: datetime,
    checked: str | None = None,
) -> Notice:
    """Send the notice at ``send_at`` (the schedule's worker sends it then); ``checked`` as
    for ``send_notice``. Raises NotFound, AlreadySent ("already_sent"), ChangedSinceChecked
    ("changed_since_checked"), InvalidNotice ("invalid_notice") for a time not in the future,
    NoRecipients ("no_recipients") when nobody would receive it now."""
    notice = unsent_notice(session, notice_id)
    _checked_or_refuse(notice, checked)
    if send_at <= now:
        raise InvalidNotice.of([("send_at", "The time to send it must be in the future")])
    _recipients_or_refuse(session, notice)
    values = {"status": NoticeStatus.SCHEDULED, "send_at": send_at, "updated_at": now}
    notice = _change_unsent(session, notice_id, **values)
    _audit(session, notice, "notice.scheduled", by_id, now, send_at=send_at.isoformat())
    return notice


def unschedule_notice(
    session: Session, *, notice_id: int, by_id: int | None, now: datetime, reason: str = ""
) -> Notice:
    """Cancel a scheduled send: the notice is a draft again. Raises NotFound, AlreadySent
    ("already_sent"), NotScheduled ("not_scheduled")."""
    notice = unsent_notice(session, notice_id)
    if notice.status != NoticeStatus.SCHEDULED:
        raise NotScheduled("This message is not scheduled.")
    notice = _change_unsent(
        session, notice_id, status=NoticeStatus.DRAFT, send_at=None, updated_at=now
    )
    details = {"reason": reason} if reason else {}
    _audit(session, notice, "notice.unscheduled", by_id, now, **details)
    return notice


def send_due_notices(session: Session, *, now: datetime) -> int:
    """Send every scheduled notice whose time has come; returns how many were sent. One that
    would reach nobody now goes back to draft (audited, with why) rather than wait forever.
    Safe in several processes at once: each notice is sent once. Raises nothing."""
    due = session.scalars(
        select(Notice.id)
        .where(Notice.status == NoticeStatus.SCHEDULED, Notice.send_at <= now)
        .order_by(Notice.send_at, Notice.id)
    ).all()
    sent = 0
    for notice_id in due:
        try:
            send_notice(session, notice_id=notice_id, by_id=None, now=now)
            sent += 1
        except AlreadySent:
            continue
        except NoRecipients:
            unschedule_notice(
                session, notice_id=notice_id, by_id=None, now=now, reason="Nobody to send it to"
            )
    return sent


def _audit(session, notice: Notice, action: str, by_id, now, **details) -> None:
    record(
        session,
        actor_id=by_id,
        action=action,
        subject_type="notice",
        subject_id=notice.id,
        now=now,
        **details,
    )


def networks_to_choose(session: Session) -> list[Network]:
    """Every network, by name, for the notice form."""
    return list(session.scalars(select(Network).order_by(Network.name)))


def sectors_words(sectors: Collection[str]) -> str:
    """The sectors a notice was limited to, as the register labels them and in its order
    ("School or academy, Police"), or "Every sector" for none."""
    chosen = [sector.label for sector in Sector if sector.value in set(sectors)]
    return ", ".join(chosen) if chosen else "Every sector"
