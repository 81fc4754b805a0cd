"""The subscriptions' links and inputs: an invitation's link names its person and network (a
reused row id makes no one else a member), a shared address is not flooded with confirmations,
names from a file are cleaned, a search is taken as typed, and recipients' keys are read once."""

from datetime import timedelta

import pytest
from sqlalchemy import select, update

from booking.accounts.models import Role, User
from booking.core.errors import InvalidLink
from booking.network import invitations, shared_addresses
from booking.network.links import Recipient
from booking.network.models import Subscription, SubscriptionStatus
from booking.network.networks import members_page, remove_member
from booking.network.subscriptions import join_network
from booking.outbox.models import MessageStatus, OutboxMessage
from tests.factories import NOW
from tests.network.subscription_helpers import network

SECRET = "test-secret"


def _invite(session, dsl, typed, upload=None):
    invitations.invite_people(
        session, network_id=dsl.id, typed=typed, upload=upload, by_id=None, now=NOW
    )
    return session.scalars(select(Subscription).order_by(Subscription.id.desc())).first()


def test_a_removed_invitations_link_does_not_accept_for_whoever_gets_its_id(session, make):
    dsl = network(session, "DSL")
    first = _invite(session, dsl, "first@school.example")
    reused_id, old_link = first.id, invitations.invitation_token(SECRET, first)
    remove_member(session, network_id=dsl.id, subscription_id=reused_id, by_id=None, now=NOW)
    second = _invite(session, dsl, "second@school.example")
    if second.id != reused_id:  # SQLite reuses the rowid by itself; PostgreSQL's sequence not
        session.execute(
            update(Subscription).where(Subscription.id == second.id).values(id=reused_id)
        )
        session.expire_all()
    second = session.get(Subscription, reused_id)
    assert second.person.email == "second@school.example"
    with pytest.raises(InvalidLink):
        invitations.accept_invitation(session, secret=SECRET, token=old_link, now=NOW)
    assert second.status == SubscriptionStatus.INVITED
    own_link = invitations.invitation_token(SECRET, second)
    invitations.accept_invitation(session, secret=SECRET, token=own_link, now=NOW)
    assert second.status == SubscriptionStatus.ACTIVE


def _confirmations(session):
    return session.scalars(
        select(OutboxMessage.to_address)
        .where(OutboxMessage.kind == shared_addresses.CONFIRM_EMAIL)
        .order_by(OutboxMessage.id)
    ).all()


def test_saving_an_unconfirmed_address_again_does_not_email_it_again_within_the_hour(session, make):
    organiser = make.user(role=Role.ORGANISER)
    school = make.user().organisation_id

    def save(email, minutes):
        shared_addresses.name_shared_address(
            session,
            organisation_id=school,
            email=email,
            network_ids=[],
            by_id=organiser.id,
            now=NOW + timedelta(minutes=minutes),
        )

    save("office@school.example", 0)
    save("office@school.example", 1)
    assert _confirmations(session) == ["office@school.example"]
    session.execute(update(OutboxMessage).values(status=MessageStatus.SENT))
    save("office@school.example", 30)  # sent, but within the hour
    assert len(_confirmations(session)) == 1
    save("office@school.example", 61)  # sent over an hour ago: again
    save("head@school.example", 62)  # a changed address: at once
    assert _confirmations(session) == [
        "office@school.example",
        "office@school.example",
        "head@school.example",
    ]


def test_a_name_from_a_file_loses_its_bidirectional_override(session, make):
    dsl = network(session, "DSL")
    upload = "email,name\neve@school.example,Eve \u202eredliub\u202c Smith\n".encode()
    _invite(session, dsl, "", upload)
    person = session.scalars(select(User).where(User.email == "eve@school.example")).one()
    assert person.name == "Eve redliub Smith"


def test_a_search_is_taken_as_typed_underscores_and_all(session, make):
    dsl = network(session, "DSL")
    for email in ("a_b@x.example", "axb@x.example"):
        join_network(session, network_id=dsl.id, person_id=make.user(email=email).id, now=NOW)
    assert [row.email for row in members_page(session, dsl.id, search="a_b@x").rows] == [
        "a_b@x.example"
    ]


@pytest.mark.parametrize(
    "key, recipient",
    [
        ("p12", Recipient(person_id=12)),
        ("a3", Recipient(shared_address_id=3)),
        ("x3", None),
        ("p", None),
        ("p1x", None),
        ("p\u00b2", None),
        (12, None),
        (None, None),
    ],
)
def test_a_recipients_key_is_read_one_way(key, recipient):
    assert Recipient.parse(key) == recipient
