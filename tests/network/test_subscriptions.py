"""Subscriptions in the domain: joining and leaving, double opt-in, shared addresses, one-click
unsubscribe, and who a notice goes to (each address once), on both databases."""

import pytest
from sqlalchemy import select

from booking.accounts.models import Role, Sector
from booking.audit.models import AuditEntry
from booking.core.errors import EmailNotConfirmed, InvalidLink, NotAllowed
from booking.network import invitations, shared_addresses
from booking.network.links import Recipient
from booking.network.models import Subscription, SubscriptionStatus
from booking.network.networks import InvalidNetwork, members_page, network_summaries
from booking.network.privacy import erase_person
from booking.network.subscriptions import (
    active_members_select,
    join_network,
    leave_by_unsubscribe,
    leave_network,
    member_network_ids,
)
from booking.outbox.models import OutboxMessage
from booking.privacy.services import ERASERS
from tests.factories import NOW
from tests.network.subscription_helpers import make_lead, move_to, network, notice

SECRET = "test-secret"


def recipients(session, network_ids, sectors=()):
    rows = session.execute(active_members_select(list(network_ids), list(sectors))).mappings()
    return sorted(rows, key=lambda row: row["recipient_key"])


def keys(session, network_ids, sectors=()):
    return [row["recipient_key"] for row in recipients(session, network_ids, sectors)]


def test_a_person_joins_and_leaves_at_once_and_twice_changes_nothing(session, make):
    person = make.user()
    dsl = network(session, "Designated safeguarding leads")
    join_network(session, network_id=dsl.id, person_id=person.id, now=NOW)
    join_network(session, network_id=dsl.id, person_id=person.id, now=NOW)
    assert member_network_ids(session, person.id) == {dsl.id}
    assert keys(session, [dsl.id]) == [f"p{person.id}"]
    leave_network(session, network_id=dsl.id, person_id=person.id, now=NOW)
    leave_network(session, network_id=dsl.id, person_id=person.id, now=NOW)
    assert member_network_ids(session, person.id) == set()
    assert keys(session, [dsl.id]) == []
    join_network(session, network_id=dsl.id, person_id=person.id, now=NOW)
    assert member_network_ids(session, person.id) == {dsl.id}


def test_an_unconfirmed_address_cannot_join(session, make):
    person = make.user(confirmed=False)
    dsl = network(session, "DSL")
    with pytest.raises(EmailNotConfirmed):
        join_network(session, network_id=dsl.id, person_id=person.id, now=NOW)


def test_network_names_are_unique_whatever_their_case(session, make):
    network(session, "Digital Resilience and Safeguarding Network")
    with pytest.raises(InvalidNetwork) as refused:
        network(session, "  digital resilience and  safeguarding network ")
    assert refused.value.field == "name"
    with pytest.raises(InvalidNetwork):
        network(session, "   ")


def test_an_invited_person_is_sent_nothing_until_they_accept(session, make):
    organiser = make.user(role=Role.ORGANISER)
    known = make.user(email="known@school.example")
    dsl = network(session, "DSL", organiser)
    invited = invitations.invite_people(
        session,
        network_id=dsl.id,
        typed="known@school.example\nNew.Person@School.example\n\nnew.person@school.example",
        upload=b"email,name\nfrom.file@school.example,Fran File\n",
        by_id=organiser.id,
        now=NOW,
    )
    assert invited == invitations.Invited(invited=3, already=0, left=0)
    assert keys(session, [dsl.id]) == []
    messages = session.scalars(select(OutboxMessage).order_by(OutboxMessage.id)).all()
    invitations_sent = [m for m in messages if m.kind == "network_invitation"]
    assert [m.to_address for m in invitations_sent] == [
        "known@school.example",
        "new.person@school.example",
        "from.file@school.example",
    ]
    held = session.get(Subscription, invitations_sent[0].payload["s"])
    assert held.person_id == known.id and held.status == SubscriptionStatus.INVITED
    token = invitations.invitation_token(SECRET, held)
    invitations.accept_invitation(session, secret=SECRET, token=token, now=NOW)
    invitations.accept_invitation(session, secret=SECRET, token=token, now=NOW)
    assert keys(session, [dsl.id]) == [f"p{known.id}"]
    again = invitations.invite_people(
        session, network_id=dsl.id, typed="known@school.example", upload=None, by_id=1, now=NOW
    )
    assert again == invitations.Invited(invited=0, already=1, left=0)
    assert network_summaries(session)[0][3:] == (1, 2)


def test_bad_addresses_are_named_by_line_and_nothing_is_invited(session, make):
    dsl = network(session, "DSL")
    with pytest.raises(invitations.BadAddresses) as refused:
        invitations.invite_people(
            session,
            network_id=dsl.id,
            typed="ok@x.example\nnot an address",
            upload=None,
            by_id=1,
            now=NOW,
        )
    assert refused.value.problems == (("addresses", "Line 2 is not an email address"),)
    with pytest.raises(invitations.BadAddresses):
        invitations.invite_people(
            session, network_id=dsl.id, typed="", upload=b"name\nx\n", by_id=1, now=NOW
        )
    assert session.scalar(select(Subscription.id)) is None


def test_an_invitation_link_tampered_with_or_withdrawn_is_refused(session, make):
    dsl = network(session, "DSL")
    invitations.invite_people(
        session, network_id=dsl.id, typed="a@x.example", upload=None, by_id=1, now=NOW
    )
    held = session.scalars(select(Subscription)).one()
    token = invitations.invitation_token(SECRET, held)
    with pytest.raises(InvalidLink):
        invitations.accept_invitation(session, secret=SECRET, token=token + "x", now=NOW)
    session.delete(held)
    session.flush()
    with pytest.raises(InvalidLink):
        invitations.accept_invitation(session, secret=SECRET, token=token, now=NOW)


def test_a_shared_address_receives_nothing_until_confirmed_and_again_when_changed(session, make):
    organiser = make.user(role=Role.ORGANISER)
    lead = make.user()
    make_lead(session, lead, organiser)
    stranger = make.user()
    move_to(session, stranger, "Elsewhere", Sector.HEALTH)
    dsl = network(session, "DSL")
    school = lead.organisation_id
    named = shared_addresses.name_shared_address(
        session,
        organisation_id=school,
        email="Office@School.example",
        network_ids=[dsl.id, 999],
        by_id=lead.id,
        now=NOW,
    )
    assert named.needs_confirming
    assert keys(session, [dsl.id]) == []
    address = session.scalars(select(shared_addresses.SharedAddress)).one()
    assert address.email == "office@school.example"
    old = shared_addresses.confirmation_token(SECRET, address)
    shared_addresses.confirm_shared_address(session, secret=SECRET, token=old, now=NOW)
    assert keys(session, [dsl.id]) == [f"a{address.id}"]
    shared_addresses.name_shared_address(
        session,
        organisation_id=school,
        email="head@school.example",
        network_ids=[dsl.id],
        by_id=organiser.id,
        now=NOW,
    )
    assert keys(session, [dsl.id]) == []
    with pytest.raises(InvalidLink):
        shared_addresses.confirm_shared_address(session, secret=SECRET, token=old, now=NOW)
    with pytest.raises(NotAllowed):
        shared_addresses.name_shared_address(
            session,
            organisation_id=school,
            email="x@y.example",
            network_ids=[],
            by_id=stranger.id,
            now=NOW,
        )
    kinds = session.scalars(select(OutboxMessage.to_address)).all()
    assert kinds.count("office@school.example") == 1 and "head@school.example" in kinds


def _confirmed_address(session, organisation_id, email, networks, by):
    shared_addresses.name_shared_address(
        session,
        organisation_id=organisation_id,
        email=email,
        network_ids=[n.id for n in networks],
        by_id=by.id,
        now=NOW,
    )
    address = session.scalars(
        select(shared_addresses.SharedAddress).where(
            shared_addresses.SharedAddress.organisation_id == organisation_id
        )
    ).one()
    token = shared_addresses.confirmation_token(SECRET, address)
    shared_addresses.confirm_shared_address(session, secret=SECRET, token=token, now=NOW)
    return address


def test_each_address_is_counted_once(session, make):
    organiser = make.user(role=Role.ORGANISER)
    dsl, drsn, other = network(session, "DSL"), network(session, "DRSN"), network(session, "X")
    both = make.user(name="In both")
    office_person = make.user(email="office@ormesby.example")
    police = make.user()
    move_to(session, police, "Thames Valley Police", Sector.POLICE)
    closed = make.user()
    nobody = make.user()
    for person in (both, office_person, police, closed, nobody):
        join_network(session, network_id=dsl.id, person_id=person.id, now=NOW)
    join_network(session, network_id=drsn.id, person_id=both.id, now=NOW)
    closed.closed_at = NOW
    nobody.email = "parent-1@no-address.invalid"
    school_address = _confirmed_address(
        session, both.organisation_id, "office@ormesby.example", [dsl, drsn], organiser
    )
    police_address = _confirmed_address(
        session, police.organisation_id, "alerts@police.example", [drsn], organiser
    )
    session.flush()
    rows = recipients(session, [dsl.id, drsn.id])
    assert [r["recipient_key"] for r in rows] == sorted(
        [f"p{both.id}", f"p{office_person.id}", f"p{police.id}", f"a{police_address.id}"]
    )
    assert len({r["to_address"] for r in rows}) == len(rows)
    by_key = {r["recipient_key"]: r for r in rows}
    assert by_key[f"a{police_address.id}"]["user_id"] is None
    assert by_key[f"a{police_address.id}"]["to_name"] == "Thames Valley Police"
    assert by_key[f"p{both.id}"]["sector"] == Sector.SCHOOL
    assert keys(session, [dsl.id, drsn.id], [Sector.POLICE.value]) == sorted(
        [f"p{police.id}", f"a{police_address.id}"]
    )
    assert keys(session, [drsn.id]) == sorted(
        [f"p{both.id}", f"a{school_address.id}", f"a{police_address.id}"]
    )
    assert keys(session, [other.id]) == []


def test_one_click_unsubscribe_leaves_the_notices_networks_once_audited_without_address(
    session, make
):
    person = make.user(email="pat@school.example")
    dsl, drsn, kept = network(session, "DSL"), network(session, "DRSN"), network(session, "K")
    for n in (dsl, drsn, kept):
        join_network(session, network_id=n.id, person_id=person.id, now=NOW)
    sent = notice(session, dsl, drsn)
    recipient = Recipient(person_id=person.id)
    names = leave_by_unsubscribe(session, notice_id=sent.id, recipient=recipient, now=NOW)
    assert names == ["DRSN", "DSL"]
    leave_by_unsubscribe(session, notice_id=sent.id, recipient=recipient, now=NOW)
    assert member_network_ids(session, person.id) == {kept.id}
    entries = session.scalars(
        select(AuditEntry).where(AuditEntry.action == "network.unsubscribed")
    ).all()
    assert len(entries) == 2
    assert all("pat@" not in str(e.details) for e in entries)


def test_members_are_listed_searched_and_paged(session, make):
    dsl = network(session, "DSL")
    for n in range(55):
        person = make.user(name=f"Member {n:02}")
        join_network(session, network_id=dsl.id, person_id=person.id, now=NOW)
    first = members_page(session, dsl.id)
    assert first.total == 55 and first.pages == 2 and len(first.rows) == 50
    assert first.rows[0].name == "Member 00" and first.rows[0].sector == Sector.SCHOOL
    found = members_page(session, dsl.id, search="member 54")
    assert [r.name for r in found.rows] == ["Member 54"]
    assert members_page(session, dsl.id, search="%_\\").total == 0  # searched as typed


def test_erasing_deletes_a_persons_subscriptions(session, make):
    person = make.user()
    dsl = network(session, "DSL")
    join_network(session, network_id=dsl.id, person_id=person.id, now=NOW)
    assert erase_person in ERASERS
    erase_person(session, person.id, NOW)
    held = select(Subscription.id).where(Subscription.person_id == person.id)
    assert session.scalars(held).all() == []
