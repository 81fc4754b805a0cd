"""Merging two organisations that each hold a row allowed once per organisation (a shared
alerts address, a school in a survey): the kept one's row stays, the duplicate's goes when
nothing refers to it, and the merge is refused, changing nothing, when something does."""

import pytest
from sqlalchemy import select

from booking.accounts.models import Role
from booking.accounts.organisations import MergeConflict, merge
from booking.network.models import SharedAddress, SurveyResponse, SurveySchool
from booking.network.shared_addresses import name_shared_address
from tests.factories import NOW
from tests.network.subscription_helpers import network
from tests.network.survey_helpers import open_survey, organisation, school_in


@pytest.fixture
def two(session, make):
    organiser = make.user(role=Role.ORGANISER)
    kept = organisation(session, "Ormesby Primary School")
    duplicate = organisation(session, "Ormesby Primry School")
    return organiser, kept, duplicate


def _address(session, organiser, organisation_id, email, networks=()):
    name_shared_address(
        session,
        organisation_id=organisation_id,
        email=email,
        network_ids=[n.id for n in networks],
        by_id=organiser.id,
        now=NOW,
    )


def _merge(session, organiser, kept, duplicate):
    return merge(session, kept_id=kept.id, merged_id=duplicate.id, by_id=organiser.id, now=NOW)


def test_twin_rows_with_nothing_referring_to_them_go_and_the_rest_move(session, two):
    organiser, kept, duplicate = two
    kept_id, duplicate_id = kept.id, duplicate.id
    _address(session, organiser, kept_id, "office@kept.example")
    _address(session, organiser, duplicate_id, "office@duplicate.example")
    both, only_duplicate = open_survey(session), open_survey(session, year=2027)
    kept_school = school_in(session, both, "Ormesby Primary School")
    school_in(session, both, "Ormesby Primry School")
    moved = school_in(session, only_duplicate, "Ormesby Primry School")
    _merge(session, organiser, kept, duplicate)
    addresses = session.execute(select(SharedAddress.organisation_id, SharedAddress.email)).all()
    assert addresses == [(kept_id, "office@kept.example")]
    schools = session.execute(
        select(SurveySchool.id, SurveySchool.organisation_id).order_by(SurveySchool.id)
    ).all()
    assert schools == [(kept_school.id, kept_id), (moved.id, kept_id)]


def test_a_twin_row_with_records_of_its_own_refuses_the_merge(session, two):
    organiser, kept, duplicate = two
    survey = open_survey(session)
    school_in(session, survey, "Ormesby Primary School")
    answered = school_in(session, survey, "Ormesby Primry School")
    session.add(
        SurveyResponse(
            survey_id=survey.id,
            survey_school_id=answered.id,
            submission_token="t" * 32,
            submitted_on=NOW.date(),
        )
    )
    session.flush()
    with pytest.raises(MergeConflict) as refused:
        _merge(session, organiser, kept, duplicate)
    assert "survey schools" in refused.value.message
    assert "survey responses" in refused.value.message


def test_a_shared_address_with_subscriptions_refuses_the_merge(session, two):
    organiser, kept, duplicate = two
    dsl = network(session, "DSL")
    _address(session, organiser, kept.id, "office@kept.example")
    _address(session, organiser, duplicate.id, "office@duplicate.example", [dsl])
    with pytest.raises(MergeConflict) as refused:
        _merge(session, organiser, kept, duplicate)
    assert "shared addresses" in refused.value.message
