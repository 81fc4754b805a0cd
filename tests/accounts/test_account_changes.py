"""Your account: changing details, and a new email address confirmed from that address."""

from datetime import timedelta

from sqlalchemy import select

from booking.accounts.tokens import new_email_token
from booking.models import AuditEntry, OutboxMessage, Sector, User
from tests.factories import PASSWORD
from tests.outbox.mailbox import deliver, link_in, text_of
from tests.web_client import WebClient

DETAILS = {
    "name": "Siobhán Ní Bhriain",
    "job_title": "Designated safeguarding lead",
    "organisation": "Abingdon Primary School",
    "sector": "school",
    "password": PASSWORD,  # asked again when the email address changes
}


def _fresh(db) -> None:
    """See what the requests wrote."""
    db.rollback()
    db.expire_all()


def _a_while_ago(db) -> None:
    """Move the links sent so far back in time, past the limit on asking for another."""
    _fresh(db)
    for message in db.scalars(select(OutboxMessage)):
        message.created_at -= timedelta(minutes=3)
    db.commit()


def _signed_in(app, given, db, **user):
    person = given.user(**user)
    db.commit()
    client = WebClient(app)
    client.sign_in(person.email)
    return client, person


def test_name_job_title_organisation_and_sector_change_at_once_and_are_audited(app, given, db):
    client, person = _signed_in(app, given, db)
    form = DETAILS | {
        "email": person.email,
        "organisation": "Early Help Hub",
        "sector": "early_help",
    }
    response = client.post("/account/details", form)
    assert response.status_code == 302 and response.location.endswith("/account")
    _fresh(db)
    user = db.get(User, person.id)
    assert (user.name, user.job_title) == (DETAILS["name"], DETAILS["job_title"])
    assert (user.organisation.name, user.organisation.sector) == (
        "Early Help Hub",
        Sector.EARLY_HELP,
    )
    (entry,) = db.scalars(select(AuditEntry).where(AuditEntry.action == "account.update")).all()
    assert (entry.actor_id, entry.subject_id) == (person.id, person.id)
    assert entry.details == {"fields": ["name", "job_title", "organisation_id"]}
    assert DETAILS["name"] not in str(entry.details)
    page = client.get("/account").get_data(as_text=True)
    assert (
        "Early Help Hub" in page and "Early help" in page and "Your details have been saved" in page
    )


def test_the_form_starts_from_the_account_and_shows_the_error_summary(app, given, db):
    client, person = _signed_in(app, given, db, name="Jo Brown")
    page = client.get("/account/details").get_data(as_text=True)
    assert 'value="Jo Brown"' in page and f'value="{person.email}"' in page
    assert 'value="Ormesby Primary School"' in page
    response = client.post("/account/details", DETAILS | {"name": "", "email": "not an address"})
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "<title>Error: Change your details" in page
    assert "govuk-error-summary" in page
    assert "Enter your full name" in page and "in the correct format" in page
    _fresh(db)
    assert db.get(User, person.id).name == "Jo Brown"


def test_a_new_address_is_used_only_once_confirmed_and_the_old_one_is_told(
    app, given, db, tmp_path
):
    client, person = _signed_in(app, given, db)
    old = person.email
    response = client.post("/account/details", DETAILS | {"email": "Jo.New@Example.org"})
    assert response.status_code == 302
    page = client.get("/account").get_data(as_text=True)
    assert "We have sent a link to jo.new@example.org" in page
    _fresh(db)
    assert db.get(User, person.id).email == old  # still in use until confirmed
    (confirmation,) = deliver(app, tmp_path / "first")
    assert confirmation["To"].addresses[0].addr_spec == "jo.new@example.org"
    link = link_in(confirmation, "/confirm-new-email/")
    assert "jo.new" not in link.lower() and "example.org" not in link
    WebClient(app).sign_in(old)  # the old address still signs in

    confirmed = client.get(link)
    assert confirmed.status_code == 302, confirmed.get_data(as_text=True)
    _fresh(db)
    user = db.get(User, person.id)
    assert (user.email, user.pending_email) == ("jo.new@example.org", None)
    (notice,) = deliver(app, tmp_path / "second")
    assert notice["To"].addresses[0].addr_spec == old
    assert "has been changed" in text_of(notice) and "jo.new" not in text_of(notice)
    assert "https://training.example.org/contact" in text_of(notice)
    WebClient(app).sign_in("jo.new@example.org")
    assert client.get(link).status_code == 400  # used
    actions = db.scalars(select(AuditEntry.action).order_by(AuditEntry.id)).all()
    assert actions[-2:] == ["account.email_change_requested", "account.email_changed"]


def test_asking_for_another_address_makes_the_first_link_stop_working(app, given, db, tmp_path):
    client, person = _signed_in(app, given, db)
    client.post("/account/details", DETAILS | {"email": "first@example.org"})
    _a_while_ago(db)
    client.post("/account/details", DETAILS | {"email": "second@example.org"})
    emails = deliver(app, tmp_path)
    assert [e["To"].addresses[0].addr_spec for e in emails] == ["second@example.org"]
    skipped = db.scalars(
        select(OutboxMessage).where(OutboxMessage.to_address == "first@example.org")
    )
    assert skipped.one().status == "skipped"  # no longer pending when its turn came
    _fresh(db)
    user = db.get(User, person.id)
    user.pending_email = "first@example.org"  # a link made while the first was pending
    stale = new_email_token(app.config["SECRET_KEY"], user)
    db.rollback()  # the account is left as it was
    assert client.get(f"/confirm-new-email/{stale}").status_code == 400
    assert client.get(link_in(emails[0], "/confirm-new-email/")).status_code == 302
    _fresh(db)
    assert db.get(User, person.id).email == "second@example.org"


def test_giving_the_current_address_again_drops_a_pending_change(app, given, db):
    client, person = _signed_in(app, given, db)
    client.post("/account/details", DETAILS | {"email": "new@example.org"})
    client.post("/account/details", DETAILS | {"email": person.email})
    _fresh(db)
    assert db.get(User, person.id).pending_email is None


def test_an_address_taken_meanwhile_is_refused_when_confirming(app, given, db, tmp_path):
    client, _person = _signed_in(app, given, db)
    client.post("/account/details", DETAILS | {"email": "wanted@example.org"})
    (confirmation,) = deliver(app, tmp_path)
    given.user(email="wanted@example.org")
    db.commit()
    response = client.get(link_in(confirmation, "/confirm-new-email/"))
    assert response.status_code == 400
    assert "already exists" in response.get_data(as_text=True)


def test_changing_details_needs_signing_in_and_csrf(app, client, given, db):
    assert client.get("/account/details").status_code == 302
    signed_in, person = _signed_in(app, given, db)
    response = signed_in.post("/account/details", DETAILS | {"email": person.email}, csrf=False)
    assert response.status_code == 400


def test_links_to_new_addresses_go_out_at_most_once_every_two_minutes(app, given, db):
    client, person = _signed_in(app, given, db)
    client.post("/account/details", DETAILS | {"email": "first@example.org"})
    refused = client.post("/account/details", DETAILS | {"email": "stranger@example.org"})
    page = refused.get_data(as_text=True)
    assert refused.status_code == 200 and "govuk-error-summary" in page
    assert "Wait 2 minutes" in page
    sent = db.scalars(select(OutboxMessage.to_address)).all()
    assert sent == ["first@example.org"]
    _a_while_ago(db)
    client.post("/account/details", DETAILS | {"email": "stranger@example.org"})
    _fresh(db)
    assert db.get(User, person.id).pending_email == "stranger@example.org"


def _links_to(db, address: str) -> list[OutboxMessage]:
    _fresh(db)
    return db.scalars(
        select(OutboxMessage)
        .where(OutboxMessage.kind == "confirm_new_email", OutboxMessage.to_address == address)
        .order_by(OutboxMessage.id)
    ).all()


def test_a_new_address_whose_link_expired_or_failed_can_have_it_again(app, given, db):
    client, person = _signed_in(app, given, db)
    client.post("/account/details", DETAILS | {"email": "new@example.org"})
    client.post("/account/details", DETAILS | {"email": "new@example.org"})  # saved twice
    assert len(_links_to(db, "new@example.org")) == 1  # the link just sent works
    assert "We have sent a link to new@example.org" in client.get("/account").get_data(as_text=True)

    for message in _links_to(db, "new@example.org"):
        message.created_at -= timedelta(days=3, minutes=1)  # past NEW_EMAIL_MAX_AGE
    db.commit()
    page = client.get("/account").get_data(as_text=True)
    assert "We have sent a link to new@example.org" not in page and "has expired" in page
    client.post("/account/details", DETAILS | {"email": "new@example.org"})
    assert len(_links_to(db, "new@example.org")) == 2

    (_, latest) = _links_to(db, "new@example.org")
    latest.status, latest.created_at = "failed", latest.created_at - timedelta(minutes=3)
    db.commit()
    page = client.get("/account").get_data(as_text=True)
    assert "We have sent a link to new@" not in page and "could not be delivered" in page
    resend = {"csrf_token": client.csrf("/account")}
    assert client.post("/account/new-email/send-again", resend).status_code == 302
    assert len(_links_to(db, "new@example.org")) == 3
    assert "We have sent a link to new@example.org" in client.get("/account").get_data(as_text=True)
