"""The bench's search measure: its rows are found by search as the app's own rows are, and
its searches are ones the catalogue reads."""

import random

from sqlalchemy import select

from bench import measures
from bench.seed import event_row, insert_events
from booking.catalogue.listing import CatalogueFilters, list_events, parse_filters
from booking.events.models import event_search_terms
from tests.factories import NOW


def test_seeded_rows_are_filed_under_the_search_terms_the_model_files(session, make):
    row = event_row(1, random.Random(1), NOW, title="Recognising neglect, Łódź")
    [seeded] = insert_events(session.connection(), [row])
    made = make.event(**{name: row[name] for name in ("summary", "description", "venue")})
    made.title, made.audience, made.programme = row["title"], row["audience"], row["programme"]
    session.flush()
    assert filed_terms(session, seeded) == filed_terms(session, made.id) != set()
    filters = CatalogueFilters(words=("LODZ", "neglect"))
    assert len(list_events(session, filters, now=NOW).listings) == 2


def filed_terms(session, event_id: int) -> set[str]:
    terms = event_search_terms.c
    return set(session.scalars(select(terms.term).where(terms.event_id == event_id)))


def test_each_search_is_one_the_catalogue_reads():
    for i in range(len(measures.SEARCHES)):
        path, _, query = measures.search_path(i).partition("?")
        assert path == "/events"
        filters, page, errors = parse_filters(dict([query.split("=")]))
        assert errors == {} and page == 1 and filters.words
