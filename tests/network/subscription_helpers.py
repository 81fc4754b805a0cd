"""Networks, notices and training leads for the subscriptions' tests."""

from booking.accounts.models import Sector, User
from booking.accounts.services import find_or_create_organisation
from booking.network.models import Network, Notice, NoticeKind, NoticeStatus
from booking.network.networks import create_network
from booking.reports.leads import decide_lead, request_lead
from tests.factories import NOW


def network(session, name: str, by: User | None = None) -> Network:
    return create_network(session, name=name, description="", by_id=by.id if by else None, now=NOW)


def notice(session, *networks: Network) -> Notice:
    made = Notice(
        title="New app",
        body="Be careful",
        kind=NoticeKind.ALERT,
        status=NoticeStatus.SENT,
        sectors=[],
        created_at=NOW,
        updated_at=NOW,
        networks=list(networks),
    )
    session.add(made)
    session.flush()
    return made


def make_lead(session, person: User, organiser: User) -> None:
    asked = request_lead(session, person_id=person.id, now=NOW)
    decide_lead(session, lead_id=asked.id, decision="approve", by_id=organiser.id, now=NOW)


def move_to(session, person: User, name: str, sector: Sector) -> None:
    person.organisation = find_or_create_organisation(session, name, sector)
    session.flush()
