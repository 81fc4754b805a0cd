"""Importing the county's list of schools and settings: all or nothing, and again without
duplicates."""

import pytest
from sqlalchemy import func, select

from booking.accounts.models import Organisation, Role, SchoolPhase, Sector, User
from booking.accounts.organisation_import import (
    MAX_IMPORT_BYTES,
    BadImport,
    import_organisations,
)
from booking.accounts.services import find_or_create_organisation
from booking.audit.models import AuditEntry
from tests.factories import NOW

GOOD = (
    "Name,URN,Sector,Phase,District\n"
    "Ormesby Primary School,111111,School or academy,Primary,Middlesbrough\n"
    "Redcar Academy,222222,school,Secondary,Redcar\n"
    "Prior Pursglove College,333333,Post-16 establishment,,Guisborough\n"
    "Kirkleatham Children's Centre,,early years,,Redcar\n"
)


@pytest.fixture(autouse=True)
def organiser(make):
    """An organiser, who belongs to Ormesby Primary School (the factory's people's school)."""
    return make.user(role=Role.ORGANISER)


def _import(session, data: str | bytes):
    organiser_id = session.scalar(select(User.id).where(User.role == Role.ORGANISER))
    raw = data.encode() if isinstance(data, str) else data
    return import_organisations(session, raw, by_id=organiser_id, now=NOW)


def _count(session) -> int:
    return session.scalar(select(func.count()).select_from(Organisation))


def _register(session) -> dict[str, tuple]:
    rows = session.scalars(
        select(Organisation).where(Organisation.name != "Ormesby Primary School")
    )
    return {o.name: (o.reference, o.sector, o.phase, o.district) for o in rows}


def test_a_good_file_adds_each_row_and_the_factory_school_is_taken_over(session):
    imported = _import(session, GOOD)
    # The factory's organiser belongs to Ormesby Primary School, now given its URN.
    assert (imported.added, imported.updated, imported.unchanged) == (3, 1, 0)
    assert imported.sentence == "3 added, 1 updated"
    ormesby = session.scalars(select(Organisation).where(Organisation.reference == "111111")).one()
    assert (ormesby.name, ormesby.phase, ormesby.district) == (
        "Ormesby Primary School",
        SchoolPhase.PRIMARY,
        "Middlesbrough",
    )
    assert _register(session) == {
        "Redcar Academy": ("222222", Sector.SCHOOL, SchoolPhase.SECONDARY, "Redcar"),
        "Prior Pursglove College": ("333333", Sector.POST_16, None, "Guisborough"),
        "Kirkleatham Children's Centre": (None, Sector.EARLY_YEARS, None, "Redcar"),
    }
    entry = session.scalars(select(AuditEntry).where(AuditEntry.action == "organisation.imported"))
    assert entry.one().details == {"added_count": 3, "updated_count": 1}


def test_importing_again_updates_by_reference_and_never_duplicates(session):
    _import(session, GOOD)
    before = _count(session)
    renamed = GOOD.replace("Redcar Academy,222222", "Redcar Academy Trust,222222")
    again = _import(session, renamed)
    assert (again.added, again.updated, again.unchanged) == (0, 1, 3)
    assert _count(session) == before
    assert "Redcar Academy Trust" in _register(session)
    assert "Redcar Academy" not in _register(session)


def test_a_row_without_a_reference_finds_the_organisation_people_typed(session):
    typed = find_or_create_organisation(session, "redcar  academy", Sector.SCHOOL)
    _import(session, GOOD)
    assert (typed.name, typed.reference) == ("Redcar Academy", "222222")


def test_any_bad_row_imports_nothing_and_every_bad_line_is_listed(session):
    before = _count(session)
    bad = (
        GOOD
        + "Skool House,444444,Skool,,Redcar\n"
        + ",555555,school,,Redcar\n"
        + "Guisborough Surgery,,health,Primary,\n"
        + "Redcar Academy Again,222222,school,Infant,Redcar\n"
        + "Redcar Academy,,School or academy,,\n"
    )
    with pytest.raises(BadImport) as refused:
        _import(session, bad)
    assert refused.value.code == "bad_import"
    sectors = ", ".join(sector.label for sector in Sector)
    assert [problem for _, problem in refused.value.problems] == [
        f"Line 6: sector 'Skool' is not one of {sectors}.",
        "Line 7: the name is empty.",
        "Line 8: only schools have a phase (this row's sector is Health).",
        "Line 9: phase 'Infant' is not one of Primary, Secondary, Special, All-through, Post-16.",
        "Line 10: Redcar Academy is also on line 3.",
    ]
    assert _count(session) == before


def test_a_reference_twice_in_the_file_or_taken_by_another_name_is_refused(session):
    _import(session, GOOD)
    twice = "name,reference,sector\nA School,999,school\nB School,999,school\n"
    with pytest.raises(BadImport) as refused:
        _import(session, twice)
    assert refused.value.message == "Line 3: reference 999 is also on line 2."
    clash = "name,reference,sector\nRedcar Academy,777,school\n"
    with pytest.raises(BadImport) as refused:
        _import(session, clash)
    assert refused.value.message == (
        "Line 2: Redcar Academy is in the register with another reference (222222)."
    )
    takes_a_name = "name,reference,sector\nRedcar Academy,333333,school\n"
    with pytest.raises(BadImport) as refused:
        _import(session, takes_a_name)
    assert refused.value.message == (
        "Line 2: another organisation in the register is called Redcar Academy."
    )


def test_excel_files_with_a_byte_order_mark_semicolons_or_windows_characters_import(session):
    excel = "\ufeffNAME;urn;SECTOR\r\nSt Hilda’s School;888;School or academy\r\n"
    assert _import(session, excel.encode("utf-8")).added == 1
    windows = "Name,Sector\r\nCafé Nursery,Early years\r\n".encode("cp1252")
    assert _import(session, windows).added == 1
    assert {"St Hilda’s School", "Café Nursery"} <= set(_register(session))


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "The first line must name the columns, including name and sector"),
        (b"name,district\nA,B\n", "The first line must name the columns, including sector"),
        (b"name,sector\n", "The file has no organisations in it."),
        (b"x" * (MAX_IMPORT_BYTES + 1), "The file must be smaller than"),
    ],
)
def test_files_that_are_not_a_list_of_organisations_are_refused(session, data, message):
    with pytest.raises(BadImport) as refused:
        _import(session, data)
    assert refused.value.message.startswith(message)


def test_a_file_without_phase_or_district_columns_keeps_those_of_the_register(session):
    _import(session, GOOD)
    again = _import(
        session,
        "Name,URN,Sector\n"
        "Redcar Academy Trust,222222,School or academy\n"
        "Prior Pursglove College,333333,Post-16 establishment\n",
    )
    assert (again.added, again.updated, again.unchanged) == (0, 1, 1)
    register = _register(session)
    assert register["Redcar Academy Trust"] == (
        "222222",
        Sector.SCHOOL,
        SchoolPhase.SECONDARY,
        "Redcar",
    )
    assert register["Prior Pursglove College"][3] == "Guisborough"


def test_a_school_made_something_else_loses_its_phase_even_without_a_phase_column(session):
    _import(session, GOOD)
    _import(session, "Name,URN,Sector\nRedcar Academy,222222,Post-16 establishment\n")
    assert _register(session)["Redcar Academy"] == ("222222", Sector.POST_16, None, "Redcar")
