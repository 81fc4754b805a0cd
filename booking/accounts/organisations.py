"""The register of organisations, curated by organisers: finding one as you type, listing them
with how many people belong to each, correcting one, and merging duplicates.

A typed name becomes an organisation only through ``services.find_or_create_organisation``,
which matches the register's names with case and spacing ignored; names that are merely alike
("St Mary's" and "St Marys C of E") stay apart until an organiser merges them here.
"""

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Index, UniqueConstraint, and_, delete, exists, func, or_, select, update
from sqlalchemy.orm import Session

from booking.accounts.models import (
    LeadStatus,
    Organisation,
    OrganisationLead,
    SchoolPhase,
    Sector,
    User,
)
from booking.accounts.services import organisation_key
from booking.audit.models import AuditEntry
from booking.audit.services import record
from booking.core.errors import NotFound, Refused

SUGGESTIONS = 20  # the most the autocomplete is sent
SUGGESTED_FROM_PEOPLE = 2  # an organisation nobody curated is suggested once this many belong
CURATING_ACTIONS = ("organisation.changed", "organisation.renamed", "organisation.merged")
PAGE_SIZE = 50
MAX_WORDS = 6
MAX_WORD_LENGTH = 60


class SameOrganisation(Refused):
    code = "same_organisation"


class MergeConflict(Refused):
    """Both organisations hold a row that may exist once per organisation, and the
    duplicate's has records of its own, which a merge would lose."""

    code = "merge_conflict"


class OrganisationGone(Refused):
    """The organisation is no longer in the register: another organiser merged it away."""

    code = "organisation_gone"


class OrganisationExists(Refused):
    """Another organisation of the register has that name in that sector, or that reference."""

    code = "organisation_exists"


@dataclass(frozen=True)
class Suggestion:
    name: str
    sector: Sector


@dataclass(frozen=True)
class RegisterRow:
    id: int
    name: str
    sector: Sector
    phase: SchoolPhase | None
    district: str
    reference: str | None
    people: int


@dataclass(frozen=True)
class RegisterPage:
    rows: list[RegisterRow]
    total: int  # how many the search finds in all
    page: int
    pages: int


@dataclass(frozen=True)
class OrganisationChange:
    """What an organiser sets on an organisation."""

    name: str
    sector: Sector
    phase: SchoolPhase | None
    district: str
    reference: str


def _words(text: str) -> list[str]:
    return [word[:MAX_WORD_LENGTH] for word in organisation_key(text).split()][:MAX_WORDS]


def _matching(query, text: str, sector: Sector | None):
    for word in _words(text):
        query = query.where(Organisation.name_key.contains(word, autoescape=True))
    if sector is not None:
        query = query.where(Organisation.sector == sector)
    return query


def _curated():
    """Whether an organisation is one the register vouches for: it has the county's reference,
    an organiser changed or merged it, or SUGGESTED_FROM_PEOPLE people belong to it. A name only
    one person typed (perhaps a foster carer's free text) is not."""
    people = (
        select(func.count(User.id))
        .where(User.organisation_id == Organisation.id)
        .correlate(Organisation)
        .scalar_subquery()
    )
    edited = (
        select(AuditEntry.id)
        .where(
            AuditEntry.subject_type == "organisation",
            AuditEntry.subject_id == Organisation.id,
            AuditEntry.action.in_(CURATING_ACTIONS),
        )
        .correlate(Organisation)
        .exists()
    )
    return or_(Organisation.reference.is_not(None), edited, people >= SUGGESTED_FROM_PEOPLE)


def suggest(session: Session, text: str) -> list[Suggestion]:
    """Curated organisations (``_curated``) whose name holds every word typed (any case), by
    name: at most SUGGESTIONS of them, names and sectors only (the autocomplete of
    registration, which anyone may use). Nothing for an empty text. Raises nothing."""
    if not _words(text):
        return []
    query = _matching(select(Organisation.name, Organisation.sector), text, None)
    query = query.where(_curated())
    query = query.order_by(Organisation.name_key, Organisation.id).limit(SUGGESTIONS)
    rows = session.execute(query)
    return [Suggestion(name, sector) for name, sector in rows]


def register_page(
    session: Session, *, text: str = "", sector: Sector | None = None, page: int = 1
) -> RegisterPage:
    """A page of the register (PAGE_SIZE rows by name), narrowed to names holding every word
    of ``text`` and to a sector, with how many accounts belong to each organisation. A page
    past the last gives the last. Raises nothing."""
    people = (
        select(func.count(User.id))
        .where(User.organisation_id == Organisation.id)
        .correlate(Organisation)
        .scalar_subquery()
    )
    query = _matching(select(Organisation, people.label("people")), text, sector)
    total = session.scalar(_matching(select(func.count(Organisation.id)), text, sector)) or 0
    pages = max(1, -(-total // PAGE_SIZE))
    page = min(max(page, 1), pages)
    rows = session.execute(
        query.order_by(Organisation.name_key, Organisation.id)
        .offset((page - 1) * PAGE_SIZE)
        .limit(PAGE_SIZE)
    )
    return RegisterPage(
        [
            RegisterRow(o.id, o.name, o.sector, o.phase, o.district, o.reference, count)
            for o, count in rows
        ],
        total,
        page,
        pages,
    )


def read_organisation(session: Session, organisation_id: int) -> Organisation:
    """The organisation, to show. Raises NotFound ("not_found")."""
    organisation = session.get(Organisation, organisation_id)
    if organisation is None:
        raise NotFound("Organisation not found")
    return organisation


def people_in(session: Session, organisation_id: int) -> int:
    """How many accounts belong to the organisation (closed ones too: they still count in
    reports). Raises nothing."""
    count = select(func.count(User.id)).where(User.organisation_id == organisation_id)
    return session.scalar(count) or 0


def change_organisation(
    session: Session, *, organisation_id: int, change: OrganisationChange, by_id: int, now: datetime
) -> tuple[str, ...]:
    """Set an organisation's name, sector, phase (schools only: others lose it), district and
    reference; audited as "organisation.renamed" (with the old and new names) when the name
    changes and "organisation.changed" (the fields, by name) for the rest. Returns the fields
    changed. Raises NotFound ("not_found"); OrganisationExists ("organisation_exists") when
    another organisation has that name in that sector (merge them instead) or that reference.
    """
    organisation = _locked(session, [organisation_id]).get(organisation_id)
    if organisation is None:
        raise NotFound("Organisation not found")
    name = " ".join(change.name.split())
    values = {
        "name": name,
        "name_key": organisation_key(name),
        "sector": change.sector,
        "phase": change.phase if change.sector == Sector.SCHOOL else None,
        "district": " ".join(change.district.split()),
        "reference": change.reference.strip() or None,
    }
    _ensure_unclaimed(session, organisation.id, values)
    changed = tuple(f for f, v in values.items() if getattr(organisation, f) != v)
    old_name = organisation.name
    for field in changed:
        setattr(organisation, field, values[field])
    if "name" in changed:
        _audit(session, "organisation.renamed", organisation.id, by_id, now, old_name, name)
    rest = [f for f in changed if f not in ("name", "name_key")]
    if rest:
        _audit(session, "organisation.changed", organisation.id, by_id, now, fields=rest)
    session.flush()
    return changed


def _ensure_unclaimed(session: Session, organisation_id: int, values: dict) -> None:
    twin = session.scalar(
        select(Organisation.name).where(
            Organisation.id != organisation_id,
            Organisation.name_key == values["name_key"],
            Organisation.sector == values["sector"],
        )
    )
    if twin is not None:
        raise OrganisationExists(
            f"{twin} is already in the register in that sector. Merge the two instead.",
            field="name",
        )
    if values["reference"] and session.scalar(
        select(Organisation.id).where(
            Organisation.id != organisation_id, Organisation.reference == values["reference"]
        )
    ):
        raise OrganisationExists(
            "Another organisation in the register has that reference.", field="reference"
        )


def _locked(session: Session, ids: list[int]) -> dict[int, Organisation]:
    """The organisations of these ids that exist, their rows locked in id order (the order
    every writer takes them in, so two merges never wait on each other in a circle); read
    afresh. On SQLite the writer began with BEGIN IMMEDIATE and holds the database."""
    rows = session.scalars(
        select(Organisation)
        .where(Organisation.id.in_(ids))
        .order_by(Organisation.id)
        .with_for_update()
        .execution_options(populate_existing=True)
    ).all()
    return {organisation.id: organisation for organisation in rows}


@dataclass(frozen=True)
class Merged:
    kept_id: int
    kept_name: str
    merged_name: str
    people: int  # accounts moved to the kept organisation


def merge(session: Session, *, kept_id: int, merged_id: int, by_id: int, now: datetime) -> Merged:
    """Merge a duplicate into the organisation kept: its people (and so their bookings and
    history), every other row naming it (referrals' referring team...) and its training leads
    move to the kept one (a person leading both keeps one lead record, the furthest along),
    then the duplicate leaves the register, and the kept one takes the duplicate's reference,
    phase (a school's) and district where it has none (so importing the county's file again
    finds it rather than adding the duplicate back). Audited as "organisation.merged" on the
    kept one, naming the duplicate and how many people moved.

    Where a table holds a row once per organisation (a unique constraint including the
    organisation's column: a shared alerts address, a school in a survey) and both have one,
    the kept organisation's row stays. The duplicate's row is dropped when nothing refers to
    it; when something does (a survey school's pupils' answers, a shared address's
    subscriptions), the merge is refused, naming the table, and nothing changes.

    Both rows are locked in id order first, so two merges racing are decided one after the
    other: the second finds its duplicate (or its kept one) gone. Raises SameOrganisation
    ("same_organisation") for a merge into itself, OrganisationGone ("organisation_gone")
    when either is not (or no longer) in the register, MergeConflict ("merge_conflict").
    """
    if kept_id == merged_id:
        raise SameOrganisation("An organisation cannot be merged into itself.")
    locked = _locked(session, [kept_id, merged_id])
    if len(locked) != 2:
        raise OrganisationGone(
            "That organisation is no longer in the register: it may have just been merged. "
            "Check the register and try again."
        )
    kept, duplicate = locked[kept_id], locked[merged_id]
    people = people_in(session, merged_id)
    _move_leads(session, kept_id, merged_id)
    _repoint(session, kept_id, merged_id)
    merged_name, details = duplicate.name, _details(duplicate)
    session.delete(duplicate)
    session.flush()  # its reference is free to take over
    _fill_in(kept, *details)
    _audit(session, "organisation.merged", kept_id, by_id, now, merged_name, kept.name, people)
    session.flush()
    session.expire_all()
    return Merged(kept_id, kept.name, merged_name, people)


def _details(organisation: Organisation) -> tuple:
    return organisation.reference, organisation.phase, organisation.district


def _fill_in(kept: Organisation, reference, phase, district) -> None:
    """What the kept organisation lacks, taken from the duplicate's ``_details``."""
    kept.reference = kept.reference or reference
    kept.district = kept.district or district
    if kept.phase is None and kept.sector == Sector.SCHOOL:
        kept.phase = phase


_LEAD_RANK = {
    LeadStatus.APPROVED: 0,
    LeadStatus.REQUESTED: 1,
    LeadStatus.REFUSED: 2,
    LeadStatus.ENDED: 3,
}


def _move_leads(session: Session, kept_id: int, merged_id: int) -> None:
    leads = session.scalars(
        select(OrganisationLead).where(OrganisationLead.organisation_id.in_([kept_id, merged_id]))
    ).all()
    kept_by_person = {lead.person_id: lead for lead in leads if lead.organisation_id == kept_id}
    for lead in (lead for lead in leads if lead.organisation_id == merged_id):
        other = kept_by_person.get(lead.person_id)
        if other is None:
            lead.organisation_id = kept_id
        elif _LEAD_RANK[lead.status] < _LEAD_RANK[other.status]:
            session.delete(other)
            session.flush()
            lead.organisation_id = kept_id
        else:
            session.delete(lead)
    session.flush()


def _columns_naming_an_organisation():
    """Every column of the schema that refers to an organisation, found from the foreign keys
    (the contexts above accounts own some: referrals' referring team), except the training
    leads, which ``_move_leads`` moves one per person."""
    for table in Organisation.metadata.sorted_tables:
        if table.name == OrganisationLead.__tablename__:
            continue
        for key in table.foreign_keys:
            if key.column.table.name == Organisation.__tablename__:
                yield key.parent


def _repoint(session: Session, kept_id: int, merged_id: int) -> None:
    """Every other row naming the duplicate names the kept one, twins dropped first."""
    columns = list(_columns_naming_an_organisation())
    for column in columns:
        _drop_twins(session, column, kept_id, merged_id)
    for column in columns:
        session.execute(
            update(column.table).where(column == merged_id).values({column.name: kept_id})
        )


def _twins(column, kept_id: int, merged_id: int):
    """The condition for rows naming ``merged_id`` in ``column`` that would break a unique
    constraint (or index) of its table once moved to ``kept_id``; None when none can."""
    table, conditions = column.table, []
    groups = [c.columns for c in table.constraints if isinstance(c, UniqueConstraint)]
    groups += [i.columns for i in table.indexes if isinstance(i, Index) and i.unique]
    for group in (g for g in groups if column.name in g):
        kept = table.alias()
        same = [kept.c[other.name] == other for other in group if other.name != column.name]
        conditions.append(exists().where(kept.c[column.name] == kept_id, *same))
    return and_(column == merged_id, or_(*conditions)) if conditions else None


def _drop_twins(session: Session, column, kept_id: int, merged_id: int) -> None:
    """Drop the duplicate's rows the kept organisation already has a twin of (see ``merge``).
    Raises MergeConflict ("merge_conflict") when another row refers to one of them."""
    twins = _twins(column, kept_id, merged_id)
    if twins is None:
        return
    table = column.table
    ids = select(*table.primary_key.columns).where(twins)
    for other in Organisation.metadata.sorted_tables:
        for key in (k for k in other.foreign_keys if k.column.table is table):
            if session.scalar(select(exists().where(key.parent.in_(ids)))):
                raise MergeConflict(
                    f"Both organisations have {table.name.replace('_', ' ')} with records "
                    f"({other.name.replace('_', ' ')}) of their own, which a merge would lose,"
                    " so they cannot be merged."
                )
    session.execute(delete(table).where(twins))


def _audit(session, action, organisation_id, by_id, now, old=None, new=None, people=None, **more):
    details = dict(more)
    if old is not None:
        details.update({"from": old, "to": new})
    if people is not None:
        details["moved_people"] = people
    record(
        session,
        actor_id=by_id,
        action=action,
        subject_type="organisation",
        subject_id=organisation_id,
        now=now,
        **details,
    )
