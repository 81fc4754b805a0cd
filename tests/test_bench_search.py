"""The bench's search measure: its rows are found by search as the app's own rows are, and
its searches are ones the catalogue reads."""

import random

from sqlalchemy import insert

from bench import measures
from bench.seed import event_row
from booking.catalogue.listing import CatalogueFilters, list_events, parse_filters
from booking.events.models import Event
from tests.factories import NOW


def test_seeded_rows_carry_the_search_key_the_model_gives(session, make):
    row = event_row(1, random.Random(1), NOW, title="Recognising neglect, Łódź")
    session.execute(insert(Event.__table__), row)
    made = make.event(**{name: row[name] for name in ("summary", "description", "venue")})
    made.title, made.audience, made.programme = row["title"], row["audience"], row["programme"]
    session.flush()
    assert made.search_key == row["search_key"]
    filters = CatalogueFilters(words=("LODZ", "neglect"))
    assert len(list_events(session, filters, now=NOW).listings) == 2


def test_each_search_is_one_the_catalogue_reads():
    for i in range(len(measures.SEARCHES)):
        path, _, query = measures.search_path(i).partition("?")
        assert path == "/events"
        filters, page, errors = parse_filters(dict([query.split("=")]))
        assert errors == {} and page == 1 and filters.words
