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
    PrimaryKeyConstraint,
    String,
    Table,
    Text,
    delete,
    event,
    insert,
    inspect,
    text,
)
from sqlalchemy.engine import Connection
from sqlalchemy.orm import Mapped, mapped_column, relationship

from booking.accounts.models import User
from booking.core.formatting import MAX_TERM_LENGTH, search_terms
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
        CheckConstraint(
            "places_per_organisation IS NULL OR places_per_organisation > 0",
            name="places_per_organisation_positive",
        ),
        CheckConstraint(
            "current_for_years IS NULL OR current_for_years > 0", name="current_for_years_positive"
        ),
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
    # At most this many confirmed places per organisation (None: no cap).
    places_per_organisation: Mapped[int | None]
    # The training stays current this many years (refresher prompts); None: it does not lapse.
    current_for_years: Mapped[int | None]
    sequence: Mapped[int] = mapped_column(default=0)
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


# The texts search looks in; a conference is also found by its published workshops' texts.
SEARCHED_FIELDS = ("title", "summary", "description", "audience", "programme", "venue")

# What search finds an event by: each of its ``search_terms``, filed under the event a search
# lists (``event_id``: the event itself, or a published workshop's conference) and the event
# whose texts hold it (``source_id``). Looked up by a range of terms on the primary key, so a
# plain B-tree serves both databases; compared by code point (PostgreSQL's "C" collation,
# SQLite's default), the order ``core.formatting.search_bounds`` relies on.
event_search_terms = Table(
    "search_terms",
    Base.metadata,
    Column(
        "term",
        String(MAX_TERM_LENGTH).with_variant(String(MAX_TERM_LENGTH, collation="C"), "postgresql"),
    ),
    Column("event_id", ForeignKey("events.id", ondelete="CASCADE")),
    Column("source_id", ForeignKey("events.id", ondelete="CASCADE")),
    PrimaryKeyConstraint("term", "event_id", "source_id"),
    # A workshop's own terms, to name the one a conference was found by; and to refile them.
    Index("ix_search_terms_source", "source_id", "term"),
)

# What decides an event's terms and where they are filed.
_FILING_FIELDS = (*SEARCHED_FIELDS, "status", "parent_id")


@event.listens_for(Event, "after_insert")
def _file_new_event(_mapper, connection: Connection, target: Event) -> None:
    """Whoever writes an event (organisers' forms, duplicates, the demo), its search terms
    are filed with it; deleting it deletes them (cascade)."""
    file_search_terms(connection, target)


@event.listens_for(Event, "after_update")
def _refile_changed_event(_mapper, connection: Connection, target: Event) -> None:
    """An event's search terms follow its texts, its status and its conference."""
    state = inspect(target)
    if any(state.attrs[name].history.has_changes() for name in _FILING_FIELDS):
        file_search_terms(connection, target)


def file_search_terms(connection: Connection, target: Event) -> None:
    """File the event's terms afresh (``search_term_rows``)."""
    connection.execute(
        delete(event_search_terms).where(event_search_terms.c.source_id == target.id)
    )
    texts = {name: getattr(target, name) for name in SEARCHED_FIELDS}
    listed = listed_id(target.id, target.parent_id, target.status)
    if rows := search_term_rows(target.id, listed, texts):
        connection.execute(insert(event_search_terms), rows)


def listed_id(event_id: int, parent_id: int | None, status: str) -> int | None:
    """The event a search lists when it finds this one's texts: the event itself, or its
    conference while it is a published workshop; none for a workshop not published."""
    if parent_id is None:
        return event_id
    return parent_id if status == EventStatus.PUBLISHED else None


def search_term_rows(
    event_id: int, listed: int | None, texts: Mapping[str, str | None]
) -> list[dict]:
    """The ``search_terms`` rows of an event's texts by field name, filed under ``listed``
    (``listed_id``; none when it is None): what the model files, and what rows written with
    plain INSERTs (the bench's seed, migrations) are given."""
    if listed is None:
        return []
    terms = search_terms(*(texts.get(name) or "" for name in SEARCHED_FIELDS))
    return [{"term": term, "event_id": listed, "source_id": event_id} for term in terms]
