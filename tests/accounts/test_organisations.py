"""The register of organisations: finding, correcting and merging them, on both databases."""

import threading

import pytest
from sqlalchemy import select

from booking.accounts.models import (
    LeadStatus,
    Organisation,
    OrganisationLead,
    Role,
    SchoolPhase,
    Sector,
    User,
)
from booking.accounts.organisations import (
    OrganisationChange,
    OrganisationExists,
    OrganisationGone,
    SameOrganisation,
    change_organisation,
    merge,
    register_page,
    suggest,
)
from booking.accounts.services import find_or_create_organisation
from booking.audit.models import AuditEntry
from booking.bookings.models import Booking
from booking.db import make_sessions
from booking.referrals.models import Referral
from tests.factories import NOW, Factory
from tests.locks import until_a_transaction_waits_on_a_lock


def _person_at(make: Factory, organisation: Organisation, **kwargs) -> User:
    person = make.user(**kwargs)
    person.organisation = organisation
    make.session.flush()
    return person


def _org(session, name: str, sector: Sector = Sector.SCHOOL) -> Organisation:
    return find_or_create_organisation(session, name, sector)


def test_a_typed_name_finds_the_register_entry_whatever_its_case_and_spacing(session):
    kept = _org(session, "Ormesby Primary School")
    assert _org(session, "  ormesby   PRIMARY school ") is kept
    assert _org(session, "Ormesby Primary", Sector.SCHOOL) is not kept  # only alike: organisers
    assert _org(session, "Ormesby Primary School", Sector.HEALTH) is not kept


def _listed(session, name: str, sector: Sector = Sector.SCHOOL) -> Organisation:
    """An organisation with the county's reference, as an import gives it."""
    organisation = _org(session, name, sector)
    organisation.reference = f"R{organisation.id}"
    session.flush()
    return organisation


def test_suggestions_hold_every_word_typed_names_and_sectors_only(session):
    _listed(session, "Ormesby Primary School")
    _listed(session, "Ormesby Village Infant School")
    _listed(session, "Redcar Primary School")
    _listed(session, "Ormesby Surgery", Sector.HEALTH)
    found = suggest(session, "orm  PRIM")
    assert [(s.name, s.sector) for s in found] == [("Ormesby Primary School", Sector.SCHOOL)]
    assert [s.name for s in suggest(session, "ormesby")] == [
        "Ormesby Primary School",
        "Ormesby Surgery",
        "Ormesby Village Infant School",
    ]
    assert suggest(session, "   ") == []
    assert suggest(session, "100%_") == []  # % and _ are plain characters


def test_only_curated_organisations_are_suggested(session, make):
    organiser = make.user(role=Role.ORGANISER)
    typed = _org(session, "Ormesby Foster Carer Jo Bloggs", Sector.OTHER)
    _person_at(make, typed)
    assert suggest(session, "ormesby foster") == []  # one person's free text
    _person_at(make, typed)
    assert [s.name for s in suggest(session, "ormesby foster")] == [typed.name]
    edited = _org(session, "Ormesby Childminders", Sector.OTHER)
    assert suggest(session, "childminders") == []
    change_organisation(
        session,
        organisation_id=edited.id,
        change=OrganisationChange("Ormesby Childminders", Sector.OTHER, None, "Tees", ""),
        by_id=organiser.id,
        now=NOW,
    )
    assert [s.name for s in suggest(session, "childminders")] == ["Ormesby Childminders"]
    _listed(session, "Ormesby Nursery", Sector.EARLY_YEARS)
    assert [s.name for s in suggest(session, "nursery")] == ["Ormesby Nursery"]


def test_suggestions_stop_at_twenty(session):
    for n in range(25):
        _listed(session, f"Academy {n:02}")
    assert len(suggest(session, "academy")) == 20


def test_the_register_pages_by_fifty_with_how_many_people_belong(session, make):
    for n in range(55):
        _org(session, f"School {n:02}")
    health = _org(session, "School nursing team", Sector.HEALTH)
    _person_at(make, health)
    _person_at(make, health)
    first = register_page(session)
    # and the factory's people's school
    assert (first.total, first.pages, len(first.rows)) == (57, 2, 50)
    last = register_page(session, page=99)
    assert last.page == 2 and len(last.rows) == 7
    only = register_page(session, text="nursing", sector=Sector.HEALTH)
    assert [(row.name, row.people) for row in only.rows] == [("School nursing team", 2)]
    assert register_page(session, text="nursing", sector=Sector.POLICE).rows == []


def _change(name="Ormesby Primary School", **kwargs) -> OrganisationChange:
    fields = {"sector": Sector.SCHOOL, "phase": None, "district": "", "reference": ""}
    return OrganisationChange(name=name, **(fields | kwargs))


def test_renaming_and_setting_the_phase_are_audited_separately(session, make):
    organiser = make.user(role=Role.ORGANISER)
    school = _org(session, "Redcar Primary")
    change = _change(
        "Redcar  Primary School", phase=SchoolPhase.PRIMARY, district="Redcar", reference="1111"
    )
    changed = change_organisation(
        session, organisation_id=school.id, change=change, by_id=organiser.id, now=NOW
    )
    assert set(changed) == {"name", "name_key", "phase", "district", "reference"}
    assert (school.name, school.name_key, school.phase) == (
        "Redcar Primary School",
        "redcar primary school",
        SchoolPhase.PRIMARY,
    )
    entries = {e.action: e.details for e in session.scalars(select(AuditEntry))}
    assert entries["organisation.renamed"] == {
        "from": "Redcar Primary",
        "to": "Redcar Primary School",
    }
    assert sorted(entries["organisation.changed"]["fields"]) == ["district", "phase", "reference"]


def test_only_schools_keep_a_phase(session, make):
    organiser = make.user(role=Role.ORGANISER)
    team = _org(session, "Early help hub")
    change = _change("Early help hub", sector=Sector.EARLY_HELP, phase=SchoolPhase.PRIMARY)
    change_organisation(
        session, organisation_id=team.id, change=change, by_id=organiser.id, now=NOW
    )
    assert (team.sector, team.phase) == (Sector.EARLY_HELP, None)


def test_a_name_or_reference_another_organisation_has_is_refused(session, make):
    organiser = make.user(role=Role.ORGANISER)
    _org(session, "Ormesby Primary School").reference = "1111"
    other = _org(session, "Ormesby Primary")
    session.flush()
    for change, field in (
        (_change(), "name"),
        (_change("New name", reference="1111"), "reference"),
    ):
        with pytest.raises(OrganisationExists) as refused:
            change_organisation(
                session, organisation_id=other.id, change=change, by_id=organiser.id, now=NOW
            )
        assert (refused.value.code, refused.value.field) == ("organisation_exists", field)


def test_merging_moves_people_bookings_referrals_and_leads_then_removes_the_duplicate(
    session, make
):
    organiser = make.user(role=Role.ORGANISER)
    kept = _org(session, "Ormesby Primary School")
    duplicate = _org(session, "Ormesby Primary Sch")
    stays, moves = _person_at(make, kept), _person_at(make, duplicate)
    leads_both = _person_at(make, duplicate)
    booking = make.booking(make.event(), moves)
    session.add(
        Referral(
            booking_id=booking.id,
            referring_organisation_id=duplicate.id,
            parent_name="A parent",
            parent_email="parent@example.org",
            parent_agreed=True,
            created_at=NOW,
        )
    )
    for organisation, status in ((kept, LeadStatus.REQUESTED), (duplicate, LeadStatus.APPROVED)):
        session.add(
            OrganisationLead(
                organisation_id=organisation.id,
                person_id=leads_both.id,
                status=status,
                requested_at=NOW,
            )
        )
    session.flush()
    duplicate_id = duplicate.id

    merged = merge(session, kept_id=kept.id, merged_id=duplicate_id, by_id=organiser.id, now=NOW)

    assert (merged.people, merged.merged_name, merged.kept_name) == (
        2,
        "Ormesby Primary Sch",
        "Ormesby Primary School",
    )
    assert session.get(Organisation, duplicate_id) is None
    for person in (stays, moves, leads_both):
        assert session.get(User, person.id).organisation_id == kept.id
    assert session.get(Booking, booking.id).person_id == moves.id
    assert session.scalar(select(Referral.referring_organisation_id)) == kept.id
    leads = session.execute(select(OrganisationLead.organisation_id, OrganisationLead.status))
    assert leads.all() == [(kept.id, LeadStatus.APPROVED)]  # one per person, the furthest on
    entry = session.scalars(select(AuditEntry).where(AuditEntry.action == "organisation.merged"))
    entry = entry.one()
    assert (entry.subject_id, entry.actor_id, entry.details) == (
        kept.id,
        organiser.id,
        {"from": "Ormesby Primary Sch", "to": "Ormesby Primary School", "moved_people": 2},
    )


def test_merging_into_itself_or_with_one_not_in_the_register_is_refused(session, make):
    organiser = make.user(role=Role.ORGANISER)
    school = _org(session, "Ormesby Primary School")
    with pytest.raises(SameOrganisation) as refused:
        merge(session, kept_id=school.id, merged_id=school.id, by_id=organiser.id, now=NOW)
    assert refused.value.code == "same_organisation"
    for kept_id, merged_id in ((school.id, 9999), (9999, school.id)):
        with pytest.raises(OrganisationGone) as gone:
            merge(session, kept_id=kept_id, merged_id=merged_id, by_id=organiser.id, now=NOW)
        assert gone.value.code == "organisation_gone"
    assert session.get(Organisation, school.id) is not None


def test_two_merges_of_one_duplicate_at_once_one_wins_the_other_is_refused(engine):
    """Two organisers merge the same duplicate, each into a different organisation: the second
    waits on the first's row locks (PostgreSQL) or its write lock (SQLite), then finds the
    duplicate gone; its people moved once, to one place."""
    sessions = make_sessions(engine)
    with sessions.writer() as session:
        make = Factory(session)
        organiser = make.user(role=Role.ORGANISER)
        first, second = _org(session, "Kept A"), _org(session, "Kept B")
        duplicate = _org(session, "Duplicate")
        person = _person_at(make, duplicate)
        ids = (organiser.id, first.id, second.id, duplicate.id, person.id)
        session.commit()
    organiser_id, first_id, second_id, duplicate_id, person_id = ids
    outcomes = []

    def merge_into(kept_id):
        try:
            with sessions.writer() as other:
                merge(other, kept_id=kept_id, merged_id=duplicate_id, by_id=organiser_id, now=NOW)
                other.commit()
                outcomes.append("merged")
        except OrganisationGone as refusal:
            outcomes.append(refusal.code)
        except Exception as error:  # noqa: BLE001 - the test reports whatever escapes
            outcomes.append(repr(error))

    with sessions.writer() as session:
        merge(session, kept_id=first_id, merged_id=duplicate_id, by_id=organiser_id, now=NOW)
        waiting = threading.Thread(target=merge_into, args=(second_id,))
        waiting.start()
        until_a_transaction_waits_on_a_lock(engine)
        session.commit()
    waiting.join()

    assert outcomes == ["organisation_gone"]
    with sessions.writer() as session:
        assert session.get(User, person_id).organisation_id == first_id
        merged = select(AuditEntry).where(AuditEntry.action == "organisation.merged")
        assert len(session.scalars(merged).all()) == 1


def test_a_merge_keeps_the_duplicate_s_reference_phase_and_district_the_kept_one_lacks(
    session, make
):
    organiser = make.user(role=Role.ORGANISER)
    kept, duplicate = _org(session, "Ormesby Primary"), _org(session, "Ormesby Primary School")
    duplicate.reference, duplicate.phase, duplicate.district = "111111", SchoolPhase.PRIMARY, "Tees"
    other_kept, other = _org(session, "Redcar Academy"), _org(session, "Redcar Acad")
    other_kept.reference, other_kept.district = "222222", "Redcar"
    other.reference, other.phase, other.district = "999999", SchoolPhase.SECONDARY, "Elsewhere"
    session.flush()
    merge(session, kept_id=kept.id, merged_id=duplicate.id, by_id=organiser.id, now=NOW)
    merge(session, kept_id=other_kept.id, merged_id=other.id, by_id=organiser.id, now=NOW)
    kept, other_kept = session.get(Organisation, kept.id), session.get(Organisation, other_kept.id)
    assert (kept.reference, kept.phase, kept.district) == ("111111", SchoolPhase.PRIMARY, "Tees")
    assert (other_kept.reference, other_kept.phase, other_kept.district) == (
        "222222",  # what the kept one has stays
        SchoolPhase.SECONDARY,
        "Redcar",
    )
