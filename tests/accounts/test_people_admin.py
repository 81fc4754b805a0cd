"""Organisers find people (by a POST, so no name is put in an address) and change their role,
audited; nobody demotes themselves."""

import pytest
from hypothesis import HealthCheck, settings
from hypothesis import given as for_any
from hypothesis import strategies as st
from sqlalchemy import select

from booking.accounts.roles import PEOPLE_SHOWN, change_role, find_people
from booking.core.errors import NotFound, OwnRole
from booking.models import AuditEntry, Role, User
from tests.factories import NOW

# --- the service ------------------------------------------------------------------------------


def test_a_role_change_is_audited_from_and_to(session, make):
    organiser, person = make.user(role=Role.ORGANISER), make.user()
    change_role(session, person_id=person.id, role=Role.TRAINER, actor_id=organiser.id, now=NOW)
    assert person.role == Role.TRAINER
    (entry,) = session.scalars(select(AuditEntry).where(AuditEntry.action == "account.role"))
    assert (entry.actor_id, entry.subject_type, entry.subject_id, entry.details) == (
        organiser.id,
        "user",
        person.id,
        {"from": "professional", "to": "trainer"},
    )


def test_giving_the_same_role_records_nothing(session, make):
    organiser, person = make.user(role=Role.ORGANISER), make.user(role=Role.TRAINER)
    change_role(session, person_id=person.id, role=Role.TRAINER, actor_id=organiser.id, now=NOW)
    assert (
        session.scalars(select(AuditEntry).where(AuditEntry.action == "account.role")).all() == []
    )


def test_an_organiser_cannot_change_their_own_role(session, make):
    organiser = make.user(role=Role.ORGANISER)
    with pytest.raises(OwnRole) as refused:
        change_role(
            session, person_id=organiser.id, role=Role.TRAINER, actor_id=organiser.id, now=NOW
        )
    assert refused.value.code == "own_role"
    assert "cannot change your own role" in refused.value.message
    assert organiser.role == Role.ORGANISER


def test_a_closed_or_unknown_account_is_not_found(session, make):
    organiser, closed = make.user(role=Role.ORGANISER), make.user()
    closed.closed_at = NOW
    session.flush()
    for person_id in (closed.id, 999_999):
        with pytest.raises(NotFound):
            change_role(
                session, person_id=person_id, role=Role.TRAINER, actor_id=organiser.id, now=NOW
            )


def test_people_are_found_by_part_of_their_name_or_email_any_case(session, make):
    make.user(name="Alice Ménard", email="alice@school.example")
    make.user(name="Bob Smith", email="bob@police.example")
    make.user(name="100% Carol_", email="carol@example.org")
    names = lambda text: [p.name for p in find_people(session, text=text).people]  # noqa: E731
    assert names("alice") == ["Alice Ménard"]
    assert names("POLICE") == ["Bob Smith"]
    assert names("%") == ["100% Carol_"]
    assert names("_") == ["100% Carol_"]
    assert len(names("")) == 3


def test_the_first_50_are_shown_with_how_many_there_are(session, make):
    for n in range(PEOPLE_SHOWN + 1):
        make.user(name=f"Zed {n:02d}")
    found = find_people(session)
    assert (len(found.people), found.total) == (PEOPLE_SHOWN, PEOPLE_SHOWN + 1)
    assert [p.name for p in found.people][:2] == ["Zed 00", "Zed 01"]
    assert found.people[-1].name == f"Zed {PEOPLE_SHOWN - 1:02d}"


def test_closed_accounts_and_control_characters_are_left_out(session, make):
    make.user(name="Alice Ménard")
    make.user(name="Alice Closed").closed_at = NOW
    session.flush()
    assert [p.name for p in find_people(session, text="\x00ali\x00ce ").people] == ["Alice Ménard"]


# --- the pages --------------------------------------------------------------------------------


@pytest.mark.parametrize("path", ["/admin/people", "/admin/people/{id}"])
@pytest.mark.parametrize(
    ("role", "status"),
    [(None, 302), (Role.PROFESSIONAL, 403), (Role.TRAINER, 403), (Role.ORGANISER, 200)],
)
def test_only_organisers_see_people(client, given, db, path, role, status):
    someone = given.user()
    if role:
        viewer = given.user(role=role)
    db.commit()
    if role:
        client.sign_in(viewer.email)
    response = client.get(path.format(id=someone.id))
    assert response.status_code == status
    if role is None:
        assert "/sign-in" in response.headers["Location"]


@pytest.fixture
def organiser(client, given, db):
    user = given.user(role=Role.ORGANISER, name="Olive Organiser")
    db.commit()
    client.sign_in(user.email)
    return user


def search(client, text, **extra):
    return client.post("/admin/people", {"q": text, **extra}, csrf=True)


def test_the_page_shows_the_first_50_and_the_search_narrows_them(client, given, db, organiser):
    given.user(name="Alice Ménard", email="alice@school.example")
    given.user(name="100% Carol_", email="carol@example.org")
    for n in range(PEOPLE_SHOWN):
        given.user(name=f"Zed {n:02d}")
    db.commit()
    everyone = client.get("/admin/people").get_data(as_text=True)
    assert "53 people" in everyone and "Alice Ménard" in everyone
    assert f"Showing {PEOPLE_SHOWN} of 53 — narrow the search" in everyone
    assert "Zed 46" in everyone and "Zed 47" not in everyone  # Olive Organiser is among them
    assert 'method="post"' in everyone and 'name="csrf_token"' in everyone

    found = search(client, "ALICE")
    assert found.status_code == 200
    page = found.get_data(as_text=True)
    assert "1 person matching ‘ALICE’" in page and "Alice Ménard" in page
    assert "Zed 01" not in page and "Showing" not in page
    for text in ("%", "_"):
        page = search(client, text).get_data(as_text=True)
        assert "1 person matching" in page and "100% Carol_" in page and "Zed" not in page
    page = search(client, "\x00").get_data(as_text=True)
    assert "53 people" in page


def test_the_search_is_a_post_and_puts_nothing_in_the_address(client, given, db, organiser):
    given.user(name="Alice Ménard")
    db.commit()
    page = client.get("/admin/people?q=Alice").get_data(as_text=True)
    assert "matching" not in page  # an address's query is not a search
    response = search(client, "Alice")
    assert response.status_code == 200 and response.request.query_string == b""
    assert "Alice" not in response.request.url


def test_a_search_without_its_csrf_token_is_refused(client, given, db, organiser):
    given.user(name="Alice Ménard")
    db.commit()
    response = client.post("/admin/people", {"q": "Alice"}, csrf=False)
    assert response.status_code == 400
    assert "Alice Ménard" not in response.get_data(as_text=True)


def test_a_search_too_long_is_an_error_with_no_list(client, given, db, organiser):
    given.user(name="Alice Ménard")
    db.commit()
    response = search(client, "x" * 201)
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert "There is a problem" in page and "200 characters or fewer" in page
    assert "Alice Ménard" not in page


def test_a_result_leads_to_the_person_and_back_to_the_people(client, given, db, organiser):
    person = given.user(name="Tara Trainer")
    db.commit()
    page = search(client, "tara").get_data(as_text=True)
    assert f'href="/admin/people/{person.id}">Tara Trainer</a>' in page
    person_page = client.get(f"/admin/people/{person.id}").get_data(as_text=True)
    assert 'href="/admin/people" class="govuk-back-link">Back to people</a>' in person_page


@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@for_any(
    q=st.text(max_size=250)
    | st.sampled_from(["", " ", "\x00", "%", "_", "\\", "😀", "' OR 1=1 --"])
    | st.lists(st.text(max_size=20), max_size=3)
)
def test_the_search_answers_any_input(client, organiser, q):
    token = client.csrf("/admin/people")
    response = client.http.post("/admin/people", data={"q": q, "csrf_token": token})
    assert response.status_code in (200,), response.get_data(as_text=True)[:500]


def test_an_organiser_changes_a_role_and_it_is_audited(client, given, db, organiser):
    person = given.user(name="Tara Trainer")
    db.commit()
    page = client.get(f"/admin/people/{person.id}").get_data(as_text=True)
    assert "Change their role" in page
    response = client.post(f"/admin/people/{person.id}", {"role": "trainer"})
    assert response.status_code == 302
    shown = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Tara Trainer&#39;s role is now trainer." in shown
    db.rollback()
    db.expire_all()
    assert db.get(User, person.id).role == Role.TRAINER
    (entry,) = db.scalars(select(AuditEntry).where(AuditEntry.action == "account.role"))
    assert entry.actor_id == organiser.id


def test_an_organiser_is_told_they_cannot_demote_themselves(client, db, organiser):
    page = client.get(f"/admin/people/{organiser.id}").get_data(as_text=True)
    assert "You cannot change your own role" in page and "Save role" not in page
    response = client.post(f"/admin/people/{organiser.id}", {"role": "professional"})
    assert response.status_code == 200
    answer = response.get_data(as_text=True)
    assert "There is a problem" in answer and "You cannot change your own role" in answer
    db.rollback()
    db.expire_all()
    assert db.get(User, organiser.id).role == Role.ORGANISER


def test_a_role_that_is_not_offered_is_an_error_not_a_crash(client, given, db, organiser):
    person = given.user()
    db.commit()
    response = client.post(f"/admin/people/{person.id}", {"role": "admin"})
    assert response.status_code == 200
    assert "There is a problem" in response.get_data(as_text=True)
