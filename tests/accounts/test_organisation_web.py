"""The register's pages: only organisers curate it, every change behind CSRF; anyone may ask
the autocomplete's source; no input gives a server error."""

import io
from urllib.parse import quote

import pytest
from hypothesis import HealthCheck, settings
from hypothesis import given as for_any
from hypothesis import strategies as st
from sqlalchemy import select

from booking.accounts.forms import AccountDetailsForm, ImportForm, OrganisationForm, RegisterForm
from booking.accounts.services import find_or_create_organisation
from booking.models import AuditEntry, Organisation, Role, Sector, User
from tests.factories import PASSWORD
from tests.web.test_fuzz import anything, field_names

FUZZ = settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
CSV = "name,urn,sector,phase\nRedcar Academy,222222,school,secondary\n"


@pytest.fixture
def two(given, db):
    """Two entries for one school (the factory's and a misspelling), the second with a person."""
    kept = find_or_create_organisation(db, "Ormesby Primary School", Sector.SCHOOL)
    duplicate = find_or_create_organisation(db, "Ormesby Primry School", Sector.SCHOOL)
    given.user(email="moves@example.org").organisation = duplicate
    db.commit()
    return kept.id, duplicate.id


PAGES = [
    ("get", "/manage/organisations", None),
    ("get", "/manage/organisations/{duplicate}", None),
    ("get", "/manage/organisations/{duplicate}/merge", None),
    ("get", "/manage/organisations/{duplicate}/merge/{kept}", None),
    ("get", "/manage/organisations/import", None),
    ("post", "/manage/organisations/{duplicate}", {"name": "Renamed", "sector": "school"}),
    ("post", "/manage/organisations/{duplicate}/merge/{kept}", {}),
    ("post", "/manage/organisations/import", {"file": "csv"}),
]


def _send(client, method, path, data):
    if method == "get":
        return client.get(path)
    if data and data.get("file"):
        data = {"file": (io.BytesIO(CSV.encode()), "schools.csv")}
    return client.post(path, data, content_type="multipart/form-data")


@pytest.mark.parametrize(("method", "path", "data"), PAGES)
@pytest.mark.parametrize(
    ("role", "status"),
    [(None, 302), (Role.PROFESSIONAL, 403), (Role.TRAINER, 403), (Role.ORGANISER, None)],
)
def test_only_organisers_reach_the_register(
    client, given, db, two, method, path, data, role, status
):
    kept, duplicate = two
    if role:
        viewer = given.user(role=role)
        db.commit()
        client.sign_in(viewer.email)
    response = _send(client, method, path.format(kept=kept, duplicate=duplicate), data)
    expected = status or (200 if method == "get" else 302)
    assert response.status_code == expected, response.get_data(as_text=True)[:500]
    if role is None:
        assert "/sign-in" in response.headers["Location"]
    if role in (Role.PROFESSIONAL, Role.TRAINER, None):
        db.rollback()
        assert db.get(Organisation, duplicate).name == "Ormesby Primry School"


@pytest.mark.parametrize("role", [None, Role.PROFESSIONAL, Role.TRAINER, Role.ORGANISER])
def test_anyone_may_ask_for_suggestions_names_and_sectors_only(client, given, db, two, role):
    for organisation_id, reference in zip(two, ("111111", "999999"), strict=True):
        db.get(Organisation, organisation_id).reference = reference  # both on the county's list
    db.commit()
    if role:
        viewer = given.user(role=role)
        db.commit()
        client.sign_in(viewer.email)
    response = client.get("/organisations/search?q=ormesby%20prim")
    assert response.status_code == 200
    assert response.json == {
        "organisations": [
            {
                "name": "Ormesby Primary School",
                "sector": "school",
                "sector_label": "School or academy",
            },
            {
                "name": "Ormesby Primry School",
                "sector": "school",
                "sector_label": "School or academy",
            },
        ]
    }


def test_a_name_only_one_person_typed_is_not_suggested_to_anyone(client, given, db):
    carer = given.user(email="carer@example.org")
    carer.organisation = find_or_create_organisation(db, "Jo Bloggs Foster Care", Sector.OTHER)
    db.commit()
    assert client.get("/organisations/search?q=bloggs").json == {"organisations": []}
    given.user(email="partner@example.org").organisation = carer.organisation
    db.commit()
    found = client.get("/organisations/search?q=bloggs").json["organisations"]
    assert [o["name"] for o in found] == ["Jo Bloggs Foster Care"]


@pytest.fixture
def organiser(client, given, db):
    user = given.user(role=Role.ORGANISER, email="olive@example.org")
    db.commit()
    client.sign_in(user.email)
    return user


@pytest.mark.parametrize(
    "path",
    [
        "/manage/organisations/{duplicate}",
        "/manage/organisations/{duplicate}/merge/{kept}",
        "/manage/organisations/import",
    ],
)
def test_every_change_needs_its_csrf_token(client, db, two, organiser, path):
    kept, duplicate = two
    response = client.post(
        path.format(kept=kept, duplicate=duplicate),
        {"name": "Renamed", "sector": "school"},
        csrf=False,
    )
    assert response.status_code in (200, 400)
    db.rollback()
    assert db.get(Organisation, duplicate).name == "Ormesby Primry School"


def test_an_organiser_merges_two_duplicates_and_it_is_audited(client, db, two, organiser):
    kept, duplicate = two
    chooser = client.get(f"/manage/organisations/{duplicate}/merge").get_data(as_text=True)
    assert f"/manage/organisations/{duplicate}/merge/{kept}" in chooser
    confirm = client.get(f"/manage/organisations/{duplicate}/merge/{kept}").get_data(as_text=True)
    assert "1 person will move from Ormesby Primry School to Ormesby Primary School" in confirm
    response = client.post(f"/manage/organisations/{duplicate}/merge/{kept}", {})
    assert response.headers["Location"] == f"/manage/organisations/{kept}"
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Ormesby Primry School merged into Ormesby Primary School: 1 person moved." in page
    db.rollback()
    assert db.get(Organisation, duplicate) is None
    moved = db.scalars(select(User).where(User.email == "moves@example.org")).one()
    assert moved.organisation_id == kept
    entry = db.scalars(select(AuditEntry).where(AuditEntry.action == "organisation.merged")).one()
    assert entry.actor_id == organiser.id


def test_merging_again_or_into_itself_is_refused_not_an_error(client, db, two, organiser):
    kept, duplicate = two
    itself = client.get(f"/manage/organisations/{kept}/merge/{kept}").get_data(as_text=True)
    assert "cannot be merged into itself" in itself
    response = client.post(f"/manage/organisations/{kept}/merge/{kept}", {})
    assert "cannot be merged into itself" in client.get(response.headers["Location"]).text
    client.post(f"/manage/organisations/{duplicate}/merge/{kept}", {})
    assert client.get(f"/manage/organisations/{duplicate}/merge/{kept}").status_code == 404
    assert client.post(f"/manage/organisations/{duplicate}/merge/{kept}", {}).status_code == 404


def test_renaming_to_another_organisations_name_shows_the_error_keeping_what_was_typed(
    client, two, organiser
):
    _kept, duplicate = two
    response = client.post(
        f"/manage/organisations/{duplicate}",
        {"name": "ormesby primary  school", "sector": "school", "district": "Redcar"},
    )
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "There is a problem" in page
    assert "Ormesby Primary School is already in the register in that sector" in page
    assert 'value="ormesby primary  school"' in page and 'value="Redcar"' in page


def test_an_import_reports_its_counts_or_lists_every_bad_line(client, db, organiser):
    upload = lambda text: client.post(  # noqa: E731
        "/manage/organisations/import",
        {"file": (io.BytesIO(text.encode()), "schools.csv")},
        content_type="multipart/form-data",
    )
    bad = upload(CSV + "Skool House,3,Skool,\n,4,school,\n").get_data(as_text=True)
    assert "Line 3: sector &#39;Skool&#39; is not one of" in bad
    assert "Line 4: the name is empty." in bad
    assert "Nothing was imported" in bad
    db.rollback()
    assert db.scalar(select(Organisation).where(Organisation.reference == "222222")) is None
    good = upload(CSV)
    assert good.status_code == 302
    assert (
        "Organisations imported: 1 added, 0 updated." in client.get(good.headers["Location"]).text
    )
    empty = client.post("/manage/organisations/import", {}, content_type="multipart/form-data")
    assert "Select a CSV file" in empty.get_data(as_text=True)


def test_the_register_lists_searches_and_filters_by_sector(client, db, two, organiser):
    find_or_create_organisation(db, "Redcar Police Station", Sector.POLICE)
    db.commit()
    page = client.get("/manage/organisations?q=ormesby&sector=school").get_data(as_text=True)
    assert "2 organisations" in page and "Redcar Police Station" not in page
    police = client.get("/manage/organisations?sector=police").get_data(as_text=True)
    assert "1 organisation" in police and "Redcar Police Station" in police


def test_a_parent_or_carer_registers_without_a_job_title_or_organisation(client, db):
    response = client.post(
        "/register",
        {
            "name": "Pat Parent",
            "email": "pat@example.org",
            "parent": "y",
            "job_title": "",
            "organisation": "",
            "password": PASSWORD,
            "confirm_password": PASSWORD,
        },
        csrf=True,
    )
    assert response.status_code == 302, response.get_data(as_text=True)[:3000]
    db.rollback()
    person = db.scalars(select(User).where(User.email == "pat@example.org")).one()
    assert (person.job_title, person.organisation_id) == ("", None)


def test_without_the_parent_choice_job_title_organisation_and_sector_are_asked_for(client):
    page = client.post("/register", {"name": "Sam", "email": "sam@example.org"}).text
    for message in (
        "Enter your job title",
        "Enter the name of your organisation",
        "Select the sector you work in",
    ):
        assert message in page


def test_a_typed_name_joins_the_register_entry_of_that_name(client, db, two):
    kept, _ = two
    response = client.post(
        "/register",
        {
            "name": "Terry Teacher",
            "email": "terry@example.org",
            "job_title": "Teacher",
            "organisation": "  ORMESBY primary school ",
            "sector": "school",
            "password": PASSWORD,
            "confirm_password": PASSWORD,
        },
    )
    assert response.status_code == 302
    db.rollback()
    assert (
        db.scalars(select(User.organisation_id).where(User.email == "terry@example.org")).one()
        == kept
    )


@FUZZ
@for_any(data=st.data())
def test_the_new_forms_answer_any_input_without_a_server_error(client, db, two, organiser, data):
    kept, duplicate = two
    forms = {
        f"/manage/organisations/{duplicate}": OrganisationForm,
        "/manage/organisations/import": ImportForm,
        "/register": RegisterForm,
        "/account/details": AccountDetailsForm,
    }
    url = data.draw(st.sampled_from(sorted(forms)))
    form = {
        name: data.draw(anything | st.lists(anything, max_size=3))
        for name in field_names(forms[url])
    }
    if url.endswith("import") and data.draw(st.booleans()):
        form["file"] = (io.BytesIO(data.draw(st.binary(max_size=300))), "x.csv")
    form["csrf_token"] = client.csrf("/account/details")
    response = client.http.post(url, data=form, content_type="multipart/form-data")
    assert response.status_code < 500, response.get_data(as_text=True)[:500]


@FUZZ
@for_any(
    params=st.dictionaries(st.sampled_from(["q", "sector", "page", "x"]), anything, max_size=4),
    segment=st.text(min_size=1, max_size=40).filter(lambda s: "/" not in s),
)
def test_the_register_parameters_and_paths_never_break(client, two, organiser, params, segment):
    kept, _ = two
    segment = quote(segment, safe="")  # a "?" or "#" typed into the path, sent as typed
    for url in (
        "/manage/organisations",
        "/organisations/search",
        f"/manage/organisations/{kept}/merge",
        f"/manage/organisations/{segment}",
        f"/manage/organisations/{kept}/merge/{segment}",
    ):
        response = client.get(url, query_string=params)
        assert response.status_code in (200, 404), response.get_data(as_text=True)[:500]
