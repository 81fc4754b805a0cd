"""Training leads: a person asks to be their organisation's lead, an organiser decides; an
approved lead sees their organisation's people only (bookings, attendance, certificates and
whose training lapses). Who is a lead is ``accounts.leads``: the one rule, asked here."""

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import exists, select
from sqlalchemy.orm import Session, joinedload

from booking.accounts.leads import is_lead_of
from booking.accounts.models import LeadStatus, Organisation, OrganisationLead, User
from booking.audit.services import record
from booking.bookings.models import Booking
from booking.checkin.models import live_check_in_of
from booking.core.errors import NotAllowed, NotFound, Refused
from booking.events.models import Event, EventKind, EventStatus
from booking.feedback.models import Certificate
from booking.referrals.status import PlaceState, place_state
from booking.reports.refreshers import Lapse, training_lapses


class LeadRefused(Refused):
    code = "lead_refused"


def _audit(session, action: str, lead: OrganisationLead, by_id: int, now: datetime) -> None:
    record(
        session,
        actor_id=by_id,
        action=action,
        subject_type="organisation",
        subject_id=lead.organisation_id,
        now=now,
        person_id=lead.person_id,
    )


def request_lead(session: Session, *, person_id: int, now: datetime) -> OrganisationLead:
    """Ask to be the training lead of one's own organisation; an organiser decides. Asking
    again after a refusal or an end asks afresh. Audited "lead.requested". Raises NotFound
    ("not_found") for no such person, LeadRefused ("lead_refused") for a person with no
    organisation, or who has asked already or is its lead."""
    person = session.get(User, person_id)
    if person is None or person.closed_at is not None:
        raise NotFound("Person not found")
    if person.organisation_id is None:
        raise LeadRefused("Add your organisation to your account details first.")
    lead = _lead_row(session, person.organisation_id, person_id)
    if lead is not None and lead.status == LeadStatus.REQUESTED:
        raise LeadRefused("You have asked already: an organiser will decide.")
    if lead is not None and lead.status == LeadStatus.APPROVED:
        raise LeadRefused("You are already your organisation's training lead.")
    if lead is None:
        lead = OrganisationLead(organisation_id=person.organisation_id, person_id=person_id)
        session.add(lead)
    lead.status = LeadStatus.REQUESTED
    lead.requested_at = now
    lead.decided_at = lead.decided_by_id = None
    session.flush()
    _audit(session, "lead.requested", lead, person_id, now)
    return lead


def _lead_row(session: Session, organisation_id: int, person_id: int) -> OrganisationLead | None:
    return session.scalars(
        select(OrganisationLead)
        .where(
            OrganisationLead.organisation_id == organisation_id,
            OrganisationLead.person_id == person_id,
        )
        .with_for_update()
    ).one_or_none()


def own_lead_request(session: Session, person_id: int) -> OrganisationLead | None:
    """The person's request (or role) as lead of the organisation they are in now, if any."""
    return session.scalars(
        select(OrganisationLead)
        .join(User, User.id == OrganisationLead.person_id)
        .where(
            OrganisationLead.person_id == person_id,
            OrganisationLead.organisation_id == User.organisation_id,
        )
    ).one_or_none()


_DECISIONS = {
    # action: (status it needs, status it gives, audit action, refusal)
    "approve": (LeadStatus.REQUESTED, LeadStatus.APPROVED, "lead.approved", "not waiting"),
    "refuse": (LeadStatus.REQUESTED, LeadStatus.REFUSED, "lead.refused", "not waiting"),
    "end": (LeadStatus.APPROVED, LeadStatus.ENDED, "lead.ended", "not a lead"),
}


def decide_lead(
    session: Session, *, lead_id: int, decision: str, by_id: int, now: datetime
) -> OrganisationLead:
    """An organiser approves or refuses a request ("approve", "refuse"), or ends an approved
    lead ("end"). Audited "lead.approved", "lead.refused" or "lead.ended". Raises NotFound
    ("not_found") for no such request or decision, LeadRefused ("lead_refused") when the
    request is not in the state the decision needs (decided already by someone else)."""
    if decision not in _DECISIONS:
        raise NotFound("No such decision")
    needs, gives, action, _ = _DECISIONS[decision]
    lead = session.get(OrganisationLead, lead_id, with_for_update=True)
    if lead is None:
        raise NotFound("Request not found")
    if lead.status != needs:
        raise LeadRefused("Someone has decided this already: the list shows it as it is now.")
    lead.status = gives
    lead.decided_at = now
    lead.decided_by_id = by_id
    session.flush()
    _audit(session, action, lead, by_id, now)
    return lead


def leads_to_manage(session: Session) -> list[OrganisationLead]:
    """Requests waiting for a decision, then approved leads, by organisation. Raises nothing."""
    return list(
        session.scalars(
            select(OrganisationLead)
            .join(Organisation, Organisation.id == OrganisationLead.organisation_id)
            .where(OrganisationLead.status.in_([LeadStatus.REQUESTED, LeadStatus.APPROVED]))
            .options(joinedload(OrganisationLead.organisation), joinedload(OrganisationLead.person))
            .order_by(OrganisationLead.status.desc(), Organisation.name, OrganisationLead.id)
        )
    )


# What a lead reads of a colleague's booking.
BOOKED, WAITING, ATTENDED, NOT_ATTENDED, CANCELLED = (
    "Booked",
    "On the waiting list",
    "Attended",
    "Did not attend",
    "Cancelled",
)


@dataclass(frozen=True)
class ColleagueBooking:
    person_id: int
    person_name: str
    job_title: str
    event_id: int
    event_title: str
    starts_at: datetime
    ends_at: datetime
    status: str
    certificate: bool


@dataclass(frozen=True)
class OrganisationOverview:
    organisation: Organisation
    people: list[User]
    bookings: list[ColleagueBooking]
    renewals: list[Lapse]  # lapsed, or lapsing within RENEWALS_AHEAD


RENEWALS_AHEAD = timedelta(days=180)


def organisation_overview(
    session: Session, *, person_id: int, organisation_id: int, now: datetime
) -> OrganisationOverview:
    """What the organisation's training lead sees: its people, their bookings (booked, on the
    waiting list, attended, did not attend, cancelled) with certificates, leaving out parenting
    sessions (a colleague's family matters), and whose training
    has lapsed or lapses within ``RENEWALS_AHEAD``. Nobody else's people. Raises NotAllowed
    ("not_allowed") unless the person is this organisation's approved lead."""
    if not is_lead_of(session, person_id=person_id, organisation_id=organisation_id):
        raise NotAllowed("Only the organisation's training lead can see this.")
    organisation = session.get(Organisation, organisation_id)
    people = list(
        session.scalars(
            select(User)
            .where(User.organisation_id == organisation_id, User.closed_at.is_(None))
            .order_by(User.name, User.id)
        )
    )
    renewals = [
        lapse
        for lapse in training_lapses(session, organisation_id=organisation_id)
        if lapse.lapses_on <= now + RENEWALS_AHEAD
    ]
    return OrganisationOverview(
        organisation, people, _colleague_bookings(session, organisation_id, now), renewals
    )


def _colleague_bookings(session: Session, organisation_id: int, now: datetime):
    came = exists().where(live_check_in_of(Booking.id))
    certified = exists().where(Certificate.booking_id == Booking.id)
    rows = session.execute(
        select(User, Booking, Event, came.label("came"), certified.label("certified"))
        .join(Booking, Booking.person_id == User.id)
        .join(Event, Event.id == Booking.event_id)
        .where(
            User.organisation_id == organisation_id,
            User.closed_at.is_(None),
            Event.parent_id.is_(None),  # a delegate's conference stands for their workshops
            Event.status != EventStatus.DRAFT,
            Event.kind != EventKind.PARENTING_SESSION,  # a colleague's family matters
        )
        .order_by(Event.starts_at.desc(), User.name, Booking.id)
    ).all()
    return [
        ColleagueBooking(
            person.id,
            person.name,
            person.job_title,
            event.id,
            event.title,
            event.starts_at,
            event.ends_at,
            _status(booking, event, came, now),
            bool(certified),
        )
        for person, booking, event, came, certified in rows
    ]


_WORDS = {
    PlaceState.CAME: ATTENDED,
    PlaceState.CANCELLED: CANCELLED,
    PlaceState.WAITING: WAITING,
    PlaceState.DID_NOT_COME: NOT_ATTENDED,
    PlaceState.HELD: BOOKED,
}


def _status(booking: Booking, event: Event, came: bool, now: datetime) -> str:
    return _WORDS[place_state(booking, event, came=came, now=now)]
