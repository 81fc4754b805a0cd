"""Closing an account erases what referrals and training leads hold about the person."""

from sqlalchemy import select

from booking.accounts.models import OrganisationLead, Role
from booking.models import EventKind
from booking.privacy.services import close_account
from booking.referrals import services
from booking.referrals.models import Referral
from booking.referrals.services import Parent, refer_parent
from booking.reports.leads import decide_lead, request_lead
from tests.factories import NOW


def _refer(session, make, referrer):
    event = make.event(kind=EventKind.PARENTING_SESSION, title="Digital parenting")
    parent = Parent(name="Pat Parent", email="pat@example.net", phone="01632 960 001", agreed=True)
    return refer_parent(session, event_id=event.id, parent=parent, referrer_id=referrer.id, now=NOW)


def test_erasing_the_parent_blanks_how_the_referral_names_and_reaches_them(session, make):
    referrer = make.user()
    referral = _refer(session, make, referrer)
    close_account(session, person_id=referral.booking.person_id, now=NOW, secret="s")
    session.expire_all()
    kept = session.get(Referral, referral.id)
    assert "Pat" not in kept.parent_name and kept.parent_phone == ""
    assert kept.parent_email.endswith(".invalid") and "pat" not in kept.parent_email
    assert kept.referred_by_id == referrer.id
    [line] = services.all_referrals(session, now=NOW)  # still counted
    assert line.team == "Ormesby Primary School"


def test_erasing_the_referrer_forgets_who_referred_and_keeps_the_count(session, make):
    referrer = make.user()
    referral = _refer(session, make, referrer)
    close_account(session, person_id=referrer.id, now=NOW, secret="s")
    session.expire_all()
    kept = session.get(Referral, referral.id)
    assert kept.referred_by_id is None and kept.parent_name == "Pat Parent"
    assert services.my_referrals(session, referrer_id=referrer.id, now=NOW) == []
    [by_team] = services.tallies(services.all_referrals(session, now=NOW), lambda i: i.team)
    assert (by_team.name, by_team.referred) == ("Ormesby Primary School", 1)


def test_erasing_a_lead_deletes_their_requests_and_roles(session, make):
    lead, asker = make.user(), make.user()
    organiser = make.user(role=Role.ORGANISER)
    asked = request_lead(session, person_id=lead.id, now=NOW)
    decide_lead(session, lead_id=asked.id, decision="approve", by_id=organiser.id, now=NOW)
    request_lead(session, person_id=asker.id, now=NOW)
    close_account(session, person_id=lead.id, now=NOW, secret="s")
    left = session.scalars(select(OrganisationLead.person_id)).all()
    assert left == [asker.id]
