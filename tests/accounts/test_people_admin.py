"""Organisers find people and change their role, audited; nobody demotes themselves."""

import pytest
from sqlalchemy import select

from booking.accounts.roles import PEOPLE_PER_PAGE, change_role, find_people
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


def test_people_come_a_page_at_a_time(session, make):
    for _ in range(PEOPLE_PER_PAGE + 1):
        make.user()
    first, second = find_people(session, page=1), find_people(session, page=2)
    assert (len(first.people), len(second.people), first.pages, first.total) == (
        PEOPLE_PER_PAGE,
        1,
        2,
        PEOPLE_PER_PAGE + 1,
    )
    assert find_people(session, page=99).page == 2


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


def test_the_search_finds_people_and_pages_through_them(client, given, db, organiser):
    given.user(name="Alice Ménard", email="alice@school.example")
    for n in range(PEOPLE_PER_PAGE):
        given.user(name=f"Zed {n:02d}")
    db.commit()
    page = client.get("/admin/people?q=ALICE").get_data(as_text=True)
    assert "Alice Ménard" in page and "Zed 01" not in page
    assert "1 person matching" in page
    first = client.get("/admin/people").get_data(as_text=True)
    assert "Next" in first and "/admin/people?page=2" in first
    second = client.get("/admin/people?page=2").get_data(as_text=True)
    assert "Zed 49" in second and "Previous" in second and "Alice" not in second
    assert client.get("/admin/people?page=abc&q=%00").status_code == 200


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
