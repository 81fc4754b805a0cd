"""A sent notice's reach as it was when it went, kept in ``Notice.reach``: how many people and
shared addresses it was sent to, and how many organisations of each sector they belong to.

The figures are kept, not counted again later, because members join and leave: "sent to 214
professionals from 61 schools" stays true of that message whatever the networks hold today.
The JSON is ``{"people": 214, "shared_addresses": 12, "organisations": {"school": 61,
"post_16": 4, "health": 3}}`` (sectors with none left out); a draft's is ``{}``.
"""

from dataclasses import dataclass, field

from booking.accounts.models import Sector

_SECTORS = frozenset(sector.value for sector in Sector)


def _count(value) -> int:
    """A stored count as a whole number of 0 or more; anything else (missing, text, a
    negative, a float, true) is 0."""
    if isinstance(value, bool) or not isinstance(value, int):
        return 0
    return max(value, 0)


@dataclass(frozen=True)
class ReachSnapshot:
    """Whom a notice reached when it was sent. ``organisations`` maps a Sector's value to the
    number of distinct organisations of that sector reached (by a person or a shared
    address)."""

    people: int = 0
    shared_addresses: int = 0
    organisations: dict[str, int] = field(default_factory=dict)

    @property
    def schools(self) -> int:
        """Schools, academies and colleges reached (the school sector)."""
        return self.organisations.get(Sector.SCHOOL.value, 0)

    @property
    def post_16(self) -> int:
        """Post-16 establishments reached."""
        return self.organisations.get(Sector.POST_16.value, 0)

    @property
    def others(self) -> int:
        """Organisations of every other sector reached."""
        return sum(
            count
            for sector, count in self.organisations.items()
            if sector not in (Sector.SCHOOL.value, Sector.POST_16.value)
        )

    def to_json(self) -> dict:
        """The snapshot as ``Notice.reach`` stores it; sectors with none left out, in the
        order of Sector."""
        return {
            "people": self.people,
            "shared_addresses": self.shared_addresses,
            "organisations": {
                sector.value: self.organisations[sector.value]
                for sector in Sector
                if self.organisations.get(sector.value)
            },
        }

    @classmethod
    def from_json(cls, data) -> "ReachSnapshot":
        """The snapshot a notice stored; a draft's ``{}`` (or anything unreadable: None, an
        unknown sector, a count that is not a whole number) reads as nothing reached."""
        if not isinstance(data, dict):
            return cls()
        organisations = data.get("organisations")
        if not isinstance(organisations, dict):
            organisations = {}
        return cls(
            people=_count(data.get("people")),
            shared_addresses=_count(data.get("shared_addresses")),
            organisations={
                sector: _count(count)
                for sector, count in organisations.items()
                if sector in _SECTORS and _count(count)
            },
        )
