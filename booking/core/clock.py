"""The one clock: services take ``now`` as an argument; the edges read it here."""

from datetime import UTC, datetime


def utcnow() -> datetime:
    """The current time, timezone-aware in UTC."""
    return datetime.now(UTC)
