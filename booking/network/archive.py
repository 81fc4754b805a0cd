"""Reading the notices: the organisers' list with each one's deliveries (one count for the
whole page), and the members' archive of the messages of their networks."""

from dataclasses import dataclass, field

from sqlalchemy import exists, func, select
from sqlalchemy.orm import Session, selectinload

from booking.core.errors import NotFound
from booking.network.links import notice_batch_key
from booking.network.models import (
    Notice,
    NoticeStatus,
    Subscription,
    SubscriptionStatus,
    notice_networks,
)
from booking.network.reach import Reach
from booking.network.snapshot import ReachSnapshot
from booking.outbox.queue import batch_counts

ARCHIVE_PAGE_SIZE = 20


@dataclass(frozen=True)
class Deliveries:
    """A sent notice's emails by what became of them."""

    delivered: int = 0
    failed: int = 0
    pending: int = 0  # waiting or being sent (the relay may be down)
    not_sent: int = 0  # the recipient left before its turn came

    @classmethod
    def of(cls, counts: dict[str, int]) -> "Deliveries":
        return cls(
            delivered=counts.get("sent", 0),
            failed=counts.get("failed", 0),
            pending=counts.get("pending", 0) + counts.get("sending", 0),
            not_sent=counts.get("skipped", 0),
        )


@dataclass(frozen=True)
class NoticeRow:
    notice: Notice
    deliveries: Deliveries = field(default_factory=Deliveries)

    @property
    def reach(self) -> Reach:
        return Reach.of(ReachSnapshot.from_json(self.notice.reach))


def with_deliveries(session: Session, notices: list[Notice]) -> list[NoticeRow]:
    """Each notice with its deliveries: one statement for them all."""
    sent = [n for n in notices if n.status == NoticeStatus.SENT]
    counts = batch_counts(session, [notice_batch_key(n.id) for n in sent]) if sent else {}
    return [NoticeRow(n, Deliveries.of(counts.get(notice_batch_key(n.id), {}))) for n in notices]


def organiser_notices(session: Session) -> list[NoticeRow]:
    """Every notice, newest first (drafts by when last changed), with its deliveries."""
    newest = func.coalesce(Notice.sent_at, Notice.send_at, Notice.updated_at)
    notices = session.scalars(
        select(Notice)
        .options(selectinload(Notice.networks))
        .order_by(newest.desc(), Notice.id.desc())
    ).all()
    return with_deliveries(session, list(notices))


def _in_members_networks(person_id: int):
    return exists(
        select(notice_networks.c.notice_id)
        .join(Subscription, Subscription.network_id == notice_networks.c.network_id)
        .where(
            notice_networks.c.notice_id == Notice.id,
            Subscription.person_id == person_id,
            Subscription.status == SubscriptionStatus.ACTIVE,
        )
    )


@dataclass(frozen=True)
class ArchivePage:
    notices: list[Notice]
    page: int
    has_next: bool


def member_archive(
    session: Session, *, person_id: int, everything: bool, page: int = 1
) -> ArchivePage:
    """The sent notices of the networks the person is an active member of (``everything``:
    all sent notices, for organisers), newest first, a page at a time. Raises nothing."""
    page = max(1, min(page, 10_000))
    query = select(Notice).where(Notice.status == NoticeStatus.SENT)
    if not everything:
        query = query.where(_in_members_networks(person_id))
    notices = session.scalars(
        query.order_by(Notice.sent_at.desc(), Notice.id.desc())
        .offset((page - 1) * ARCHIVE_PAGE_SIZE)
        .limit(ARCHIVE_PAGE_SIZE + 1)
    ).all()
    return ArchivePage(list(notices[:ARCHIVE_PAGE_SIZE]), page, len(notices) > ARCHIVE_PAGE_SIZE)


def archived_notice(
    session: Session, *, notice_id: int, person_id: int, everything: bool
) -> Notice:
    """A sent notice the person may read: one of their networks' (any, for organisers).
    Raises NotFound ("not_found") otherwise, so nobody learns of another network's message."""
    query = select(Notice).where(Notice.id == notice_id, Notice.status == NoticeStatus.SENT)
    if not everything:
        query = query.where(_in_members_networks(person_id))
    notice = session.scalar(query)
    if notice is None:
        raise NotFound("There is no such message.")
    return notice
