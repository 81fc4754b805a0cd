"""Notices: writing rules, reach counted (each address once, organisations by sector), sending
once, refusing to send to nobody, and scheduled sends; on SQLite and PostgreSQL."""

from datetime import timedelta

import pytest
from sqlalchemy import func, select

from booking.accounts.models import Sector
from booking.audit.models import AuditEntry
from booking.network.models import NoticeKind, NoticeStatus, Subscription, SubscriptionStatus
from booking.network.notices import (
    AlreadySent,
    InvalidNotice,
    NoRecipients,
    NoticeFields,
    create_notice,
    schedule_notice,
    send_due_notices,
    send_notice,
    unschedule_notice,
)
from booking.network.reach import reach_of
from booking.outbox.models import OutboxMessage
from tests.factories import NOW
from tests.network.notice_helpers import member, network, notice, shared_address
from tests.statements import statements_sent


def _fields(**changes) -> NoticeFields:
    values = {
        "title": "T",
        "body": "B",
        "kind": NoticeKind.INFORMATION,
        "network_ids": (),
        "sectors": (),
    }
    return NoticeFields(**(values | changes))


def test_a_notice_needs_a_title_a_body_a_network_and_known_sectors(session, make):
    net = network(session)
    with pytest.raises(InvalidNotice) as refused:
        create_notice(
            session,
            fields=_fields(title=" ", body="x" * 10_001, sectors=("pirates",)),
            by_id=None,
            now=NOW,
        )
    fields = {field for field, _ in refused.value.problems}
    assert fields == {"title", "body", "networks", "sectors"}
    made = create_notice(
        session, fields=_fields(title="x" * 200, network_ids=(net.id,)), by_id=None, now=NOW
    )
    assert made.status == NoticeStatus.DRAFT and made.networks == [net]


def test_reach_counts_people_once_organisations_by_sector_and_shared_addresses_once(session, make):
    dsl, esafety = network(session), network(session, "Digital resilience network")
    both = member(make, dsl, organisation="Ormesby Primary School")
    member(make, esafety, person=both)  # in two networks: once
    member(make, dsl, organisation="Ormesby Primary School")  # same school: one organisation
    member(make, esafety, organisation="Marston Academy")
    member(make, dsl, organisation="Abingdon College", sector=Sector.POST_16)
    member(make, dsl, organisation="Thames Valley Police", sector=Sector.POLICE)
    member(make, dsl, organisation="Oxford Health", sector=Sector.HEALTH)
    member(make, dsl, organisation="Nowhere", status=SubscriptionStatus.LEFT)
    member(make, dsl, organisation="Nowhere 2", status=SubscriptionStatus.INVITED)
    shared_address(session, dsl, organisation="Wood Farm School", email="office@wood.example")
    shared_address(session, esafety, organisation="Wood Farm School", email="office@wood.example")
    shared_address(session, dsl, organisation="Unsure School", email="u@x.example", confirmed=False)
    # A shared address that is also a member's own address is one address.
    member(make, dsl, organisation="Cutteslowe School", email="office@cutteslowe.example")
    shared_address(
        session, dsl, organisation="Cutteslowe School", email="Office@Cutteslowe.example"
    )

    reach = reach_of(session, [dsl.id, esafety.id], [])
    assert (reach.people, reach.shared_addresses) == (7, 1)
    assert reach.organisations == {
        "school": 4,  # Ormesby, Marston, Cutteslowe, Wood Farm (its shared address)
        "post_16": 1,
        "police": 1,
        "health": 1,
    }
    assert reach.sentence == (
        "This will go to 7 professionals and 1 shared address from 4 schools, academies and "
        "colleges, 1 post-16 establishment and 2 other organisations."
    )
    schools_only = reach_of(session, [dsl.id], [Sector.SCHOOL.value])
    assert (schools_only.people, schools_only.organisations) == (3, {"school": 3})


def test_sending_queues_one_email_per_address_in_one_batch_with_the_reach_kept(session, make):
    net = network(session)
    organiser = make.user()
    for n in range(3):
        member(make, net, organisation=f"School {n}")
    written = notice(session, [net], by_id=organiser.id)

    assert send_notice(session, notice_id=written.id, by_id=organiser.id, now=NOW) == 3

    batch = session.scalars(
        select(OutboxMessage).where(OutboxMessage.batch_key == f"notice:{written.id}")
    )
    assert sorted(m.kind for m in batch) == ["network_notice"] * 3
    session.refresh(written)
    assert written.status == NoticeStatus.SENT and written.recipients == 3
    assert written.reach == {"people": 3, "shared_addresses": 0, "organisations": {"school": 3}}
    sent = select(func.count()).where(AuditEntry.action == "notice.sent")
    assert session.scalar(sent.select_from(AuditEntry)) == 1
    with pytest.raises(AlreadySent):
        send_notice(session, notice_id=written.id, by_id=organiser.id, now=NOW)
    assert session.scalar(select(func.count()).select_from(OutboxMessage)) == 3


def test_sending_to_nobody_is_refused_before_anything_changes(session, make):
    net = network(session)
    member(make, net, status=SubscriptionStatus.LEFT)
    written = notice(session, [net])
    with pytest.raises(NoRecipients) as refused:
        send_notice(session, notice_id=written.id, by_id=None, now=NOW)
    assert refused.value.code == "no_recipients"
    session.refresh(written)
    assert written.status == NoticeStatus.DRAFT
    assert session.scalar(select(func.count()).select_from(OutboxMessage)) == 0


def test_a_scheduled_notice_is_sent_when_its_time_comes_and_once(session, make):
    net = network(session)
    member(make, net)
    written = notice(session, [net])
    with pytest.raises(InvalidNotice):
        schedule_notice(session, notice_id=written.id, send_at=NOW, by_id=None, now=NOW)
    at = NOW + timedelta(hours=2)
    schedule_notice(session, notice_id=written.id, send_at=at, by_id=None, now=NOW)
    assert written.status == NoticeStatus.SCHEDULED

    assert send_due_notices(session, now=NOW + timedelta(hours=1)) == 0
    assert send_due_notices(session, now=at) == 1
    assert send_due_notices(session, now=at + timedelta(minutes=1)) == 0
    session.refresh(written)
    assert written.status == NoticeStatus.SENT and written.recipients == 1


def test_a_schedule_can_be_cancelled_and_a_due_one_with_nobody_goes_back_to_draft(session, make):
    net = network(session)
    member(make, net)
    written = notice(session, [net])
    at = NOW + timedelta(hours=2)
    schedule_notice(session, notice_id=written.id, send_at=at, by_id=None, now=NOW)
    unschedule_notice(session, notice_id=written.id, by_id=None, now=NOW)
    assert (written.status, written.send_at) == (NoticeStatus.DRAFT, None)

    schedule_notice(session, notice_id=written.id, send_at=at, by_id=None, now=NOW)
    for subscription in session.scalars(select(Subscription)):  # they leave before it is due
        subscription.status = SubscriptionStatus.LEFT
    assert send_due_notices(session, now=at) == 0
    assert written.status == NoticeStatus.DRAFT


def _statements_to_send(session, make, members: int) -> list[str]:
    net = network(session, f"Network of {members}")
    for n in range(members):
        member(make, net, organisation=f"School {members}-{n}")
    written = notice(session, [net])
    session.expire_all()
    with statements_sent(session.get_bind()) as sent:
        assert send_notice(session, notice_id=written.id, by_id=None, now=NOW) == members
    return sent


def test_sending_costs_the_same_statements_for_3_members_or_40(session, make):
    few, many = _statements_to_send(session, make, 3), _statements_to_send(session, make, 40)
    assert len(few) == len(many)
    assert sum("INSERT INTO outbox_messages" in s for s in many) == 1
