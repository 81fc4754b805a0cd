"""A notice's reach before it is sent, and the sentence that says it: "This will go to 214
professionals from 61 schools, academies and colleges, 4 post-16 establishments and 12 other
organisations". Counted over the same rows the send writes (``active_members_select``), so
the figure read before sending is the figure sent: each address once, organisations of
people and of shared addresses alike, by their sector."""

from collections.abc import Collection
from dataclasses import dataclass, field

from sqlalchemy import case, distinct, func, select
from sqlalchemy.orm import Session

from booking.accounts.models import Sector
from booking.network.snapshot import ReachSnapshot
from booking.network.subscriptions import active_members_select
from booking.reports.sentence import counted, joined


@dataclass(frozen=True)
class Reach:
    people: int = 0
    shared_addresses: int = 0
    organisations: dict[str, int] = field(default_factory=dict)  # by Sector value

    @property
    def recipients(self) -> int:
        return self.people + self.shared_addresses

    @property
    def words(self) -> str:
        """ "214 professionals and 3 shared addresses from 61 schools, academies and colleges,
        4 post-16 establishments and 12 other organisations"; "nobody" for none."""
        who = []
        if self.people:
            who.append(counted(self.people, "professional", "professionals"))
        if self.shared_addresses:
            who.append(counted(self.shared_addresses, "shared address", "shared addresses"))
        if not who:
            return "nobody"
        where = organisation_words(self.organisations)
        return joined(who) + (f" from {where}" if where else "")

    @property
    def sentence(self) -> str:
        """What the organiser reads before sending."""
        if not self.recipients:
            return "This would go to nobody: the networks chosen have no active members here."
        return f"This will go to {self.words}."

    def snapshot(self) -> ReachSnapshot:
        return ReachSnapshot(self.people, self.shared_addresses, dict(self.organisations))

    @classmethod
    def of(cls, snapshot: ReachSnapshot) -> "Reach":
        return cls(snapshot.people, snapshot.shared_addresses, dict(snapshot.organisations))


def organisation_words(organisations: dict[str, int]) -> str:
    """ "61 schools, academies and colleges, 4 post-16 establishments and 12 other
    organisations" (as the partnership's reports group them); "" for none."""
    schools = organisations.get(Sector.SCHOOL.value, 0)
    post_16 = organisations.get(Sector.POST_16.value, 0)
    others = sum(organisations.values()) - schools - post_16
    parts = []
    if schools:
        parts.append(
            counted(schools, "school, academy or college", "schools, academies and colleges")
        )
    if post_16:
        parts.append(counted(post_16, "post-16 establishment", "post-16 establishments"))
    if others:
        other = "other organisation" if parts else "organisation"
        parts.append(counted(others, other, other + "s"))
    return joined(parts)


def reach_of(session: Session, network_ids: Collection[int], sectors: Collection[str]) -> Reach:
    """Who a notice to these networks (and sectors; none: all) would reach now: people and
    shared addresses, each address once, and the distinct organisations by sector. Two
    statements whatever the number of members. Raises nothing."""
    if not network_ids:
        return Reach()
    members = active_members_select(network_ids, sectors).subquery()
    is_person = members.c.recipient_key.like("p%")
    people, shared = session.execute(
        select(
            func.count(case((is_person, 1))),
            func.count(case((~is_person, 1))),
        )
    ).one()
    by_sector = session.execute(
        select(members.c.sector, func.count(distinct(members.c.organisation_id)))
        .where(members.c.organisation_id.is_not(None))
        .group_by(members.c.sector)
    )
    organisations = {Sector(sector).value: count for sector, count in by_sector}
    return Reach(people or 0, shared or 0, organisations)
