"""A request that only reads gets a session that refuses to write."""

from sqlalchemy import select

from booking.models import Organisation, Sector, User
from booking.web.database import WriteOnReadingSession, db
from tests.factories import NOW


def test_a_get_that_writes_without_saying_so_fails_and_writes_nothing(app, client, given, caplog):
    @app.get("/test/writes-on-get")
    def writes_on_get():
        db().add(Organisation(name="Written on a GET", name_key="written", sector=Sector.OTHER))
        db().flush()
        return "written"

    response = client.get("/test/writes-on-get")

    assert response.status_code == 500
    assert any(
        isinstance(record.exc_info[1], WriteOnReadingSession)
        and "writes_on_get" in str(record.exc_info[1])
        for record in caplog.records
        if record.exc_info
    )

    given.session.rollback()
    names = given.session.scalars(select(Organisation.name)).all()
    assert "Written on a GET" not in names


def test_a_get_that_only_reads_works(app, client):
    @app.get("/test/reads-on-get")
    def reads_on_get():
        return str(len(db().scalars(select(Organisation.id)).all()))

    response = client.get("/test/reads-on-get")
    assert response.status_code == 200


def test_a_database_error_reaches_the_log_without_the_values_it_quotes(app, client, given, caplog):
    given.user(email="quoted@school.example")
    given.session.commit()

    @app.post("/test/duplicate")
    def duplicate():
        db().add(
            User(email="quoted@school.example", name="Twin", password_hash="x", created_at=NOW)
        )
        db().flush()
        return "stored"

    response = client.post("/test/duplicate")
    assert response.status_code == 500
    assert "quoted@school.example" not in caplog.text
    assert "IntegrityError" in caplog.text
