"""The account pages read the account without locking it; saving locks it once."""

from contextlib import contextmanager

from sqlalchemy import event

from tests.web_client import WebClient

DETAILS = {
    "name": "Jo Brown",
    "job_title": "Teacher",
    "organisation": "Ormesby Primary School",
    "sector": "school",
}


@contextmanager
def _locks_taken(engine):
    """The statements that lock an account, as the app sends them while the block runs."""
    locks = []

    def seen(_conn, _cursor, statement, *_args):
        if "FOR UPDATE" in statement and "FROM users" in statement:
            locks.append(statement)

    event.listen(engine, "before_cursor_execute", seen)
    try:
        yield locks
    finally:
        event.remove(engine, "before_cursor_execute", seen)


def test_the_account_pages_read_without_locking_and_saving_locks_once(app, engine, given, db):
    person = given.user(name="Jo Brown")
    db.commit()
    client = WebClient(app)
    client.sign_in(person.email)
    for page in ("/account/details", "/account/close"):
        with _locks_taken(engine) as locks:
            assert client.get(page).status_code == 200
        assert locks == [], page
    form = DETAILS | {"email": person.email, "csrf_token": client.csrf("/account/details")}
    with _locks_taken(engine) as locks:
        assert client.post("/account/details", form).status_code == 302
    if engine.dialect.name == "postgresql":
        assert len(locks) == 1
