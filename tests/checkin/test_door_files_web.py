"""The door's files through their routes: the sign-in sheet as a PDF, the register as CSV and
XLSX, read back as their readers read them; for the event's trainers and organisers only,
never cached, named without personal data, each download audited."""

import csv
import io
from datetime import timedelta

import openpyxl
import pytest
from pypdf import PdfReader
from sqlalchemy import select

from booking.checkin.files import REGISTER_HEADER
from booking.checkin.models import Via
from booking.checkin.services import check_in
from booking.models import AuditEntry, BookingStatus, Role
from tests.web_client import WebClient

FILES = ("sign-in-sheet.pdf", "register.csv", "register.xlsx")


@pytest.fixture
def door(given, db):
    event = given.event(starts_in=timedelta(hours=-8), hours=6, title="Governors day")
    trainer = given.user(role=Role.TRAINER, name="Jo Brown")
    event.trainers.append(trainer)
    came = given.booking(event, given.user(name="Siobhán Ní Bhriain"))
    given.booking(event, given.user(name="=HYPERLINK(1) Zed"))
    given.booking(event, given.user(name="Ann Cole"), status=BookingStatus.CANCELLED)
    check_in(db, event=event, booking=came, by_id=trainer.id, now=event.starts_at, via=Via.NAME)
    other = given.user(role=Role.TRAINER)
    db.commit()
    return event, trainer, other


def _client(app, person) -> WebClient:
    client = WebClient(app)
    client.sign_in(person.email)
    return client


def test_the_files_are_for_the_events_trainers_and_organisers(app, door, given, db):
    event, _trainer, other = door
    professional, organiser = given.user(), given.user(role=Role.ORGANISER)
    db.commit()
    anonymous = WebClient(app)
    for file in FILES:
        url = f"/door/{event.id}/{file}"
        assert anonymous.get(url).status_code == 302
        assert _client(app, professional).get(url).status_code == 403
        assert _client(app, other).get(url).status_code == 403
        assert _client(app, organiser).get(url).status_code == 200


def test_the_register_as_csv(app, door, db):
    event, trainer, _ = door
    response = _client(app, trainer).get(f"/door/{event.id}/register.csv")
    assert response.headers["Cache-Control"] == "no-store"
    disposition = response.headers["Content-Disposition"]
    assert disposition == f'attachment; filename="register-{event.id}.csv"'
    rows = list(csv.reader(io.StringIO(response.get_data(as_text=True).lstrip("\ufeff"))))
    assert tuple(rows[0]) == REGISTER_HEADER
    by_name = {row[0]: row for row in rows[1:]}
    assert [row[0] for row in rows[1:]] == ["Siobhán Ní Bhriain", "Ann Cole", "'=HYPERLINK(1) Zed"]
    assert by_name["Siobhán Ní Bhriain"][5:9] == [
        "Attended",
        by_name["Siobhán Ní Bhriain"][6],
        "Jo Brown",
        "No",
    ]
    assert by_name["'=HYPERLINK(1) Zed"][5] == "No-show"
    assert by_name["Ann Cole"][5] == "Cancelled"
    db.rollback()
    entry = db.scalars(select(AuditEntry).where(AuditEntry.action == "export.download")).one()
    assert entry.actor_id == trainer.id
    assert entry.details == {"file": "register.csv", "event_id": event.id}


def test_the_register_as_a_workbook(app, door):
    event, trainer, _ = door
    response = _client(app, trainer).get(f"/door/{event.id}/register.xlsx")
    assert response.headers["Cache-Control"] == "no-store"
    assert f'filename="register-{event.id}.xlsx"' in response.headers["Content-Disposition"]
    sheet = openpyxl.load_workbook(io.BytesIO(response.data)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0] == REGISTER_HEADER
    assert [row[0] for row in rows[1:]] == ["Siobhán Ní Bhriain", "Ann Cole", "'=HYPERLINK(1) Zed"]
    assert (rows[1][5], rows[1][7], rows[1][8]) == ("Attended", "Jo Brown", "No")


def test_the_sign_in_sheet(app, door, db):
    event, trainer, _ = door
    response = _client(app, trainer).get(f"/door/{event.id}/sign-in-sheet.pdf")
    assert response.mimetype == "application/pdf"
    assert response.headers["Cache-Control"] == "no-store"
    assert f'filename="sign-in-sheet-{event.id}.pdf"' in response.headers["Content-Disposition"]
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(response.data)).pages)
    assert "Sign-in sheet" in text and "Governors day" in text
    assert "Siobhán Ní Bhriain" in text and "Zed" in text
    assert "Ann Cole" not in text  # cancelled: no place
    assert text.index("Siobhán") < text.index("Zed")
    db.rollback()
    files = db.scalars(select(AuditEntry.details).where(AuditEntry.action == "export.download"))
    assert [details["file"] for details in files] == ["sign-in-sheet.pdf"]
