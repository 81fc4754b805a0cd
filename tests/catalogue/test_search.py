"""Search finds what people type: any case and accent, hyphens and spaces, words in any order,
and a conference by its workshops; in the catalogue, the API and the calendar feed."""

from datetime import timedelta

import pytest
from icalendar import Calendar

from booking.catalogue.listing import CatalogueFilters, list_events
from booking.models import EventKind, EventStatus
from tests.factories import NOW


def found(session, query: str) -> list[str]:
    filters = CatalogueFilters(words=tuple(query.split()))
    return [listing.event.title for listing in list_events(session, filters, now=NOW).listings]


@pytest.mark.parametrize("query", ["cafe", "CAFÉ", "Café", "café", "CAFE"])
def test_any_case_and_any_accent_finds_the_event(session, make, query):
    make.event(title="Café conversations for foster carers")
    make.event(title="Governors' briefing")
    assert found(session, query) == ["Café conversations for foster carers"]


@pytest.mark.parametrize("query", ["esafety", "e safety", "E-Safety", "e-safety", "ESAFETY"])
def test_hyphens_and_spaces_do_not_matter(session, make, query):
    make.event(title="E-safety training day")
    make.event(title="Governors' briefing")
    assert found(session, query) == ["E-safety training day"]


def test_words_match_in_any_order_across_the_texts(session, make):
    make.event(title="Online safety", summary="For designated safeguarding leads")
    make.event(title="Online gaming", summary="For parents")
    assert found(session, "leads safety online") == ["Online safety"]
    assert found(session, "online") == ["Online safety", "Online gaming"]
    assert found(session, "online cookery") == []


def test_descriptions_venues_audiences_and_programmes_are_searched(session, make):
    make.event(title="One", description="Bring a packed lunch", venue="Kings Lynn Town Hall")
    make.event(title="Two", audience="School governors", programme="Risky Behaviours")
    assert found(session, "lunch lynn") == ["One"]
    assert found(session, "governors risky") == ["Two"]


def test_a_conference_is_found_by_its_workshop_and_names_it(session, make):
    conference = make.event(title="Annual conference", kind=EventKind.CONFERENCE, hours=8)
    make.event(
        parent=conference, title="Sexting and the law", hours=1, starts_at=conference.starts_at
    )
    make.event(
        parent=conference,
        title="Secret workshop",
        description="sexting",
        hours=1,
        status=EventStatus.DRAFT,
        starts_at=conference.starts_at,
    )
    make.event(title="Governors' briefing")
    page = list_events(session, CatalogueFilters(words=("law", "SEXTING")), now=NOW)
    assert [(item.event.title, item.event.matched_workshop) for item in page.listings] == [
        ("Annual conference", "Sexting and the law")
    ]
    assert page.total == 1
    assert found(session, "secret") == []  # a draft workshop does not give itself away


def test_an_edit_changes_what_finds_the_event(session, make):
    event = make.event(title="Café club")
    event.title = "Tea club"
    session.flush()
    assert found(session, "cafe") == []
    assert found(session, "tea") == ["Tea club"]


def test_punctuation_alone_searches_for_nothing(session, make):
    make.event(title="100% online safety")
    make.event(title="Foster carers")
    assert len(found(session, "% -")) == 2
    assert found(session, "100%") == ["100% online safety"]


def test_the_api_and_the_feed_search_the_same_way(client, given, db):
    conference = given.event(title="Annual conference", kind=EventKind.CONFERENCE, hours=8)
    given.event(parent=conference, title="Café culture", hours=1, starts_at=conference.starts_at)
    given.event(title="E-safety training day", starts_in=timedelta(days=12))
    given.event(title="Governors' briefing")
    db.commit()
    api = client.get("/api/v1/events?q=CAFE").get_json()
    assert [(e["title"], e["matched_workshop"]) for e in api["events"]] == [
        ("Annual conference", "Café culture")
    ]
    feed = Calendar.from_ical(client.get("/events.ics?q=e+safety").data)
    assert [str(e["summary"]) for e in feed.walk("VEVENT")] == ["E-safety training day"]


def test_the_catalogue_names_the_workshop_a_conference_was_found_by(client, given, db):
    conference = given.event(title="Annual conference", kind=EventKind.CONFERENCE, hours=8)
    given.event(parent=conference, title="Café culture", hours=1, starts_at=conference.starts_at)
    db.commit()
    page = client.get("/events?q=cafe").get_data(as_text=True)
    assert "Annual conference" in page
    assert "Includes the workshop: Café culture" in page


def test_words_split_between_a_conference_and_its_workshops_find_it(session, make):
    conference = make.event(title="Annual conference", kind=EventKind.CONFERENCE, hours=8)
    make.event(parent=conference, title="Lego therapy", hours=1, starts_at=conference.starts_at)
    make.event(
        parent=conference, title="Sexting and the law", hours=1, starts_at=conference.starts_at
    )
    make.event(
        parent=conference,
        title="Secret workshop",
        description="gaming",
        hours=1,
        status=EventStatus.DRAFT,
        starts_at=conference.starts_at,
    )
    make.event(title="Sexting briefing")
    page = list_events(session, CatalogueFilters(words=("conference", "sexting")), now=NOW)
    assert [(item.event.title, item.event.matched_workshop) for item in page.listings] == [
        ("Annual conference", "Sexting and the law")
    ]
    assert found(session, "lego sexting") == ["Annual conference"]
    assert found(session, "conference gaming") == []  # a draft workshop does not count


@pytest.mark.parametrize(
    ("query", "title"),
    [
        ("oresund", "Øresund bridge"),
        ("lodz", "Łódź partnership"),
        ("aesop", "Æsop's fables"),
        ("oeuvre", "Œuvre complète"),
        ("strasse", "Straße day"),
        ("dakovo", "Đakovo visit"),
        ("thorn", "Þorn training"),
    ],
)
def test_letters_with_strokes_are_folded_too(session, make, query, title):
    make.event(title=title)
    make.event(title="Governors' briefing")
    assert found(session, query) == [title]
    assert found(session, title.upper()) == [title]


def test_a_word_does_not_match_across_two_fields(session, make):
    make.event(title="Foster care", summary="Reading list provided")
    assert found(session, "carer") == []
    assert found(session, "care reading") == ["Foster care"]


@pytest.mark.parametrize("query", ["esafety", "e safety", "E-SAFETY", "safety e", "e-safety"])
def test_e_safety_is_found_and_online_safety_is_not(session, make, query):
    make.event(title="E-safety training day")
    make.event(title="Digital safeguarding for governors", summary="Online safety for everyone")
    assert found(session, query) == ["E-safety training day"]


def test_a_word_written_apart_is_found_written_together(session, make):
    make.event(title="E safety training day")
    make.event(title="Online safety")
    assert found(session, "esafety") == ["E safety training day"]
    assert found(session, "safetytraining") == ["E safety training day"]


def test_a_query_word_matches_the_start_of_a_word_only(session, make):
    make.event(title="Online safety")
    make.event(title="Lineage of families")
    assert found(session, "line") == ["Lineage of families"]
    assert found(session, "safe") == ["Online safety"]


def test_words_joined_find_a_conference_through_its_workshop(session, make):
    conference = make.event(title="Annual conference", kind=EventKind.CONFERENCE, hours=8)
    make.event(parent=conference, title="E-safety now", hours=1, starts_at=conference.starts_at)
    make.event(title="Online safety")
    assert found(session, "e safety") == ["Annual conference"]
