"""Events: training days, sessions, forums, conferences and their workshops."""

from collections.abc import Mapping
from datetime import datetime, timedelta
from decimal import Decimal
from enum import StrEnum

from sqlalchemy import (
    CheckConstraint,
    Column,
    ForeignKey,
    Index,
    Numeric,
    String,
    Table,
    Text,
    event,
    text,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from booking.accounts.models import User
from booking.core.formatting import search_key
from booking.core.models import Base, enum_type


class EventKind(StrEnum):
    TRAINING_DAY = "training_day"
    FOSTER_CARER_SESSION = "foster_carer_session"
    GOVERNOR_COURSE = "governor_course"
    PARENTING_SESSION = "parenting_session"
    FORUM = "forum"
    AWARENESS_DAY = "awareness_day"
    CONFERENCE = "conference"
    WORKSHOP = "workshop"

    @property
    def label(self) -> str:
        return KIND_LABELS[self]


KIND_LABELS = {
    EventKind.TRAINING_DAY: "Training day",
    EventKind.FOSTER_CARER_SESSION: "Session for foster carers",
    EventKind.GOVERNOR_COURSE: "Governor course",
    EventKind.PARENTING_SESSION: "Parenting session",
    EventKind.FORUM: "Network forum",
    EventKind.AWARENESS_DAY: "Awareness day",
    EventKind.CONFERENCE: "Conference",
    EventKind.WORKSHOP: "Conference workshop",
}


# The kinds an event of its own can have: a workshop is only ever made inside a conference.
STANDALONE_KINDS = tuple(kind for kind in EventKind if kind != EventKind.WORKSHOP)

MAX_EVENT_LENGTH = timedelta(days=7)
UPCOMING_INDEX_CONDITION = "status = 'published' AND parent_id IS NULL"


class EventStatus(StrEnum):
    DRAFT = "draft"
    PUBLISHED = "published"
    CANCELLED = "cancelled"


event_trainers = Table(
    "event_trainers",
    Base.metadata,
    Column("event_id", ForeignKey("events.id", ondelete="CASCADE"), primary_key=True),
    Column("user_id", ForeignKey("users.id", ondelete="CASCADE"), primary_key=True),
)


class Event(Base):
    __tablename__ = "events"
    __table_args__ = (
        CheckConstraint("capacity >= 0", name="capacity_not_negative"),
        CheckConstraint("ends_at > starts_at", name="ends_after_start"),
        CheckConstraint("sequence >= 0", name="sequence_not_negative"),
        # Covers the catalogue's count, filters and filter choices without reading rows.
        Index(
            "ix_events_catalogue",
            "status",
            "starts_at",
            "ends_at",
            "parent_id",
            "kind",
            "audience",
            "programme",
        ),
        # The catalogue's count: only the upcoming published events that are not workshops,
        # two narrow columns, so counting thousands reads half as much and tests nothing per
        # entry. Used when the statement names the status as a literal (a bound value cannot
        # prove the index's condition).
        Index(
            "ix_events_upcoming",
            "ends_at",
            "starts_at",
            postgresql_where=text(UPCOMING_INDEX_CONDITION),
            sqlite_where=text(UPCOMING_INDEX_CONDITION),
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    parent_id: Mapped[int | None] = mapped_column(
        ForeignKey("events.id", ondelete="CASCADE"), index=True
    )
    kind: Mapped[EventKind] = mapped_column(enum_type(EventKind))
    status: Mapped[EventStatus] = mapped_column(
        enum_type(EventStatus, 16), default=EventStatus.DRAFT
    )
    title: Mapped[str] = mapped_column(String(200))
    summary: Mapped[str] = mapped_column(String(500), default="")
    description: Mapped[str] = mapped_column(Text, default="")
    audience: Mapped[str] = mapped_column(String(120), default="")
    programme: Mapped[str] = mapped_column(String(120), default="")
    venue: Mapped[str] = mapped_column(String(300), default="")
    online_url: Mapped[str] = mapped_column(String(500), default="")
    starts_at: Mapped[datetime]
    ends_at: Mapped[datetime]
    capacity: Mapped[int]
    booking_opens_at: Mapped[datetime | None]
    booking_closes_at: Mapped[datetime | None]
    cpd_hours: Mapped[Decimal | None] = mapped_column(Numeric(4, 1))
    reminder_days: Mapped[int | None]  # None: the default (events.rules.reminder_days)
    sequence: Mapped[int] = mapped_column(default=0)
    # What search matches: the searched texts folded by ``core.formatting.search_key``, kept
    # in step with them on every write (``_keep_search_key``).
    search_key: Mapped[str] = mapped_column(Text, default="", server_default="")
    created_at: Mapped[datetime]
    updated_at: Mapped[datetime]

    parent: Mapped["Event | None"] = relationship(remote_side=[id], back_populates="workshops")
    workshops: Mapped[list["Event"]] = relationship(
        back_populates="parent", order_by="(Event.starts_at, Event.title)"
    )
    trainers: Mapped[list[User]] = relationship(secondary=event_trainers, order_by=User.name)

    @property
    def is_conference(self) -> bool:
        return self.kind == EventKind.CONFERENCE

    @property
    def is_workshop(self) -> bool:
        return self.parent_id is not None

    @property
    def parent_status(self) -> EventStatus | None:
        """A workshop's conference's status (None for an event with no conference)."""
        return self.parent.status if self.parent is not None else None


# The texts search looks in; a conference is also found by its workshops' texts.
SEARCHED_FIELDS = ("title", "summary", "description", "audience", "programme", "venue")


@event.listens_for(Event, "before_insert")
@event.listens_for(Event, "before_update")
def _keep_search_key(_mapper, _connection, target: Event) -> None:
    """Whoever writes an event (organisers' forms, duplicates, the demo), its search key
    follows its texts."""
    target.search_key = event_search_key({name: getattr(target, name) for name in SEARCHED_FIELDS})


def event_search_key(texts: Mapping[str, str | None]) -> str:
    """An event's search key from its texts by field name: what the model keeps, and what
    rows written with plain INSERTs (the bench's seed) are given."""
    return search_key(*(texts.get(name) or "" for name in SEARCHED_FIELDS))
