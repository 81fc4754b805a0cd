"""The network round's data (``bench.network``), in bulk: a network of 20,000 active
members working for 600 organisations, draft notices to send to it, and last year's pupils'
survey with 50,000 responses answering its 13 questions."""

import random
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import Connection, insert, select

from bench.seed import PASSWORD, user_row
from booking import demo_surveys
from booking.accounts.passwords import hash_password
from booking.accounts.services import organisation_key
from booking.core.periods import academic_year_starting
from booking.models import Organisation, Role, Sector, User
from booking.network.models import (
    Network,
    Notice,
    NoticeKind,
    NoticeStatus,
    Subscription,
    SubscriptionStatus,
    Survey,
    SurveyQuestion,
    SurveySchool,
    SurveyStatus,
    notice_networks,
)
from booking.network.survey_schools import new_code

SUBSCRIBERS = 20_000
ORGANISATIONS = 600  # seven in ten of them schools
RESPONSES = 50_000
SURVEY_SCHOOLS = 120
ORGANISER_EMAIL = "bench-network-organiser@example.org"
SEND_WARMUP = 2  # sends untimed before the timed ones (``bench.network``)
SENDS = 10
CHUNK = 10_000


@dataclass(frozen=True)
class NetworkSeeded:
    organiser_email: str
    network_id: int
    notice_ids: list[int]
    survey_id: int
    subscribers: int
    responses: int


def seed_network(
    connection: Connection,
    rng: random.Random,
    now: datetime,
    *,
    subscribers: int = SUBSCRIBERS,
    notices: int = SEND_WARMUP + SENDS,
    responses: int = RESPONSES,
    organisations: int = ORGANISATIONS,
    organiser_email: str = ORGANISER_EMAIL,
) -> NetworkSeeded:
    """An organiser (password ``seed.PASSWORD``); ``organisations`` organisations; a network of
    ``subscribers`` active members, one person each, working for them; ``notices`` draft notices
    to it; a closed survey with its questions, a link for up to SURVEY_SCHOOLS of the schools,
    and ``responses`` responses answering every question. In bulk."""
    organiser_id = connection.scalar(select(User.id).where(User.email == organiser_email))
    if organiser_id is None:
        row = user_row(organiser_email, hash_password(PASSWORD), now) | {"role": Role.ORGANISER}
        organiser_id = connection.scalar(insert(User.__table__).returning(User.id), [row])
    organisation_ids = _organisations(connection, rng, organisations)
    network_id = connection.scalar(
        insert(Network.__table__).returning(Network.__table__.c.id),
        [{"name": f"Bench network {secrets.token_hex(4)}", "description": "",
          "created_by_id": organiser_id, "created_at": now}],
    )  # fmt: skip
    for start in range(0, subscribers, CHUNK):
        size = min(CHUNK, subscribers - start)
        _subscribers(connection, rng, now, network_id, organisation_ids, start, size)
    notice_ids = connection.scalars(
        insert(Notice.__table__).returning(Notice.__table__.c.id, sort_by_parameter_order=True),
        [_draft(n, organiser_id, now) for n in range(notices)],
    ).all()
    connection.execute(
        insert(notice_networks),
        [{"notice_id": notice_id, "network_id": network_id} for notice_id in notice_ids],
    )
    survey_id = _survey(connection, rng, now, organisation_ids, responses)
    return NetworkSeeded(
        organiser_email, network_id, list(notice_ids), survey_id, subscribers, responses
    )


def _organisations(connection: Connection, rng: random.Random, count: int) -> list[int]:
    others = [sector for sector in Sector if sector not in (Sector.SCHOOL, Sector.OTHER)]
    rows = []
    for n in range(count):
        sector = Sector.SCHOOL if n % 10 < 7 else rng.choice(others)
        name = f"Bench {sector.label} {n} {secrets.token_hex(3)}"
        rows.append({"name": name, "name_key": organisation_key(name), "sector": sector,
                     "reference": None, "phase": None, "district": ""})  # fmt: skip
    return list(
        connection.scalars(
            insert(Organisation.__table__).returning(
                Organisation.__table__.c.id, sort_by_parameter_order=True
            ),
            rows,
        ).all()
    )


def _subscribers(connection, rng, now, network_id, organisation_ids, start: int, size: int):
    """``size`` people (who cannot sign in), each an active member of the network."""
    tag = secrets.token_hex(3)
    users = [
        user_row(f"bench-member-{tag}-{n}@example.org", "!", now)
        | {"organisation_id": rng.choice(organisation_ids)}
        for n in range(start, start + size)
    ]
    person_ids = connection.scalars(
        insert(User.__table__).returning(User.__table__.c.id, sort_by_parameter_order=True), users
    ).all()
    connection.execute(
        insert(Subscription.__table__),
        [
            {
                "network_id": network_id,
                "person_id": person_id,
                "shared_address_id": None,
                "status": SubscriptionStatus.ACTIVE,
                "added_by_id": None,
                "created_at": now,
                "confirmed_at": now,
                "left_at": None,
            }
            for person_id in person_ids
        ],  # fmt: skip
    )


def _draft(n: int, organiser_id: int, now: datetime) -> dict:
    return {
        "title": f"Bench alert {n}: a new app's location sharing",
        "body": "What to do:\n- check the setting\n- tell parents\n\nhttps://example.org/advice",
        "kind": NoticeKind.ALERT if n % 3 == 0 else NoticeKind.INFORMATION,
        "status": NoticeStatus.DRAFT,
        "sectors": [],
        "created_by_id": organiser_id,
        "created_at": now,
        "updated_at": now,
        "send_at": None,
        "sent_at": None,
        "sent_by_id": None,
        "recipients": 0,
        "reach": {},
    }


def _survey(connection, rng, now, organisation_ids: list[int], responses: int) -> int:
    """Last school year's survey, closed, its responses spread over the schools' links with
    the demo's shares of answers."""
    year = academic_year_starting(now.date()) - 1
    survey_id = connection.scalar(
        insert(Survey.__table__).returning(Survey.__table__.c.id),
        [{"title": "Bench cybersafety survey", "introduction": "", "age_group": "9–11",
          "year_start": year, "status": SurveyStatus.CLOSED, "closes_at": now,
          "compare_with_id": None, "created_by_id": None, "created_at": now,
          "updated_at": now}],
    )  # fmt: skip
    question_ids = connection.scalars(
        insert(SurveyQuestion.__table__).returning(
            SurveyQuestion.__table__.c.id, sort_by_parameter_order=True
        ),
        demo_surveys.question_rows(survey_id),
    ).all()
    schools = connection.scalars(
        select(Organisation.id)
        .where(Organisation.id.in_(organisation_ids), Organisation.sector == Sector.SCHOOL)
        .order_by(Organisation.id)
        .limit(SURVEY_SCHOOLS)
    ).all()
    school_ids = connection.scalars(
        insert(SurveySchool.__table__).returning(
            SurveySchool.__table__.c.id, sort_by_parameter_order=True
        ),
        [{"survey_id": survey_id, "organisation_id": organisation_id,
          "code": new_code(), "added_at": now}
         for organisation_id in schools],
    ).all()  # fmt: skip
    day = now.date() - timedelta(days=30)
    days = sorted((rng.choice(school_ids), day) for _ in range(responses))
    answers = [demo_surveys.spread(shares, responses, 0, rng) for shares in demo_surveys.LAST_YEAR]
    demo_surveys.insert_responses(
        connection, survey_id=survey_id, question_ids=question_ids, days=days, answers=answers
    )
    return survey_id
