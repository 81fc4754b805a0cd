"""Sent notices for the messages report, written directly as sending leaves them (status sent,
sent_at, recipients, the reach snapshot, the networks, the outbox batch), without the sending
code: the report reads what a send stores."""

import uuid
from datetime import datetime

from booking.network.links import notice_batch_key
from booking.network.models import Network, Notice, NoticeKind, NoticeStatus
from booking.network.snapshot import ReachSnapshot
from booking.outbox.models import MessageStatus, OutboxMessage
from tests.factories import NOW


class Notices:
    """Makes networks and sent (or draft) notices with their outbox rows."""

    def __init__(self, session):
        self.session = session
        self.networks: dict[str, Network] = {}

    def network(self, name: str) -> Network:
        if name not in self.networks:
            network = Network(name=name, created_at=NOW)
            self.session.add(network)
            self.session.flush()
            self.networks[name] = network
        return self.networks[name]

    def sent(
        self,
        sent_at: datetime,
        *,
        title: str = "New app craze",
        kind: NoticeKind = NoticeKind.INFORMATION,
        people: int = 0,
        schools: int = 0,
        post_16: int = 0,
        others: dict[str, int] | None = None,
        shared_addresses: int = 0,
        networks: tuple[str, ...] = ("Designated safeguarding leads",),
        sectors: tuple[str, ...] = (),
        emails: dict[MessageStatus, int] | None = None,
        status: NoticeStatus = NoticeStatus.SENT,
    ) -> Notice:
        reach = ReachSnapshot(
            people=people,
            shared_addresses=shared_addresses,
            organisations={"school": schools, "post_16": post_16, **(others or {})},
        )
        notice = Notice(
            title=title,
            body="Read this.",
            kind=kind,
            status=status,
            sectors=list(sectors),
            created_at=sent_at,
            updated_at=sent_at,
            sent_at=sent_at if status == NoticeStatus.SENT else None,
            recipients=people + shared_addresses,
            reach=reach.to_json() if status == NoticeStatus.SENT else {},
            networks=[self.network(name) for name in networks],
        )
        self.session.add(notice)
        self.session.flush()
        self.emails(notice, emails or {})
        return notice

    def emails(self, notice: Notice, states: dict[MessageStatus, int]) -> None:
        """Outbox rows of the notice's batch, ``states`` saying how many are in each state."""
        for state, count in states.items():
            for _ in range(count):
                key = uuid.uuid4().hex
                self.session.add(
                    OutboxMessage(
                        kind="network_notice",
                        status=state,
                        message_key=key,
                        idempotency_key=f"{notice_batch_key(notice.id)}:{key}",
                        to_address=f"{key}@example.org",
                        batch_key=notice_batch_key(notice.id),
                        next_attempt_at=notice.sent_at,
                        created_at=notice.sent_at,
                    )
                )
        self.session.flush()
