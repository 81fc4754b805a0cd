"""Search reads an index of terms that follows every write of an event, and a B-tree finds a
word's terms by their range on both databases."""

from datetime import timedelta

from sqlalchemy import event, func, select

from booking.catalogue.listing import CatalogueFilters, list_events
from booking.events.models import event_search_terms
from booking.models import EventKind, EventStatus
from tests.factories import NOW


def found(session, query: str) -> list[str]:
    filters = CatalogueFilters(words=tuple(query.split()))
    return [listing.event.title for listing in list_events(session, filters, now=NOW).listings]


def test_a_workshop_finds_its_conference_only_while_it_is_published(session, make):
    conference = make.event(title="Annual conference", kind=EventKind.CONFERENCE, hours=8)
    workshop = make.event(
        parent=conference,
        title="Lego therapy",
        hours=1,
        status=EventStatus.DRAFT,
        starts_at=conference.starts_at,
    )
    assert found(session, "lego") == []
    workshop.status = EventStatus.PUBLISHED
    session.flush()
    assert found(session, "lego") == ["Annual conference"]
    workshop.status = EventStatus.CANCELLED
    session.flush()
    assert found(session, "lego") == []


def test_a_change_of_anything_else_keeps_the_terms(session, make):
    item = make.event(title="Café club")
    item.capacity, item.sequence = 20, 1
    session.flush()
    assert found(session, "cafe") == ["Café club"]


def test_a_deleted_event_leaves_no_terms(session, make):
    conference = make.event(title="Annual conference", kind=EventKind.CONFERENCE, hours=8)
    make.event(parent=conference, title="Lego therapy", hours=1, starts_at=conference.starts_at)
    session.flush()
    session.delete(conference.workshops[0])
    session.delete(conference)
    session.flush()
    assert session.scalar(select(func.count()).select_from(event_search_terms)) == 0


def test_a_word_is_found_by_a_range_of_the_terms_index(session, make):
    make.event(title="E-safety training day")
    engine = session.get_bind()
    searches = []

    def keep_the_search(_connection, _cursor, statement, parameters, _context, _many):
        if "search_terms" in statement:
            searches.append((statement, parameters))

    event.listen(engine, "before_cursor_execute", keep_the_search)
    try:
        assert found(session, "safe") == ["E-safety training day"]
    finally:
        event.remove(engine, "before_cursor_execute", keep_the_search)
    [(statement, parameters)] = searches
    connection = session.connection()
    if engine.dialect.name == "sqlite":
        plan = connection.exec_driver_sql(f"EXPLAIN QUERY PLAN {statement}", parameters).all()
        assert "SEARCH search_terms USING COVERING INDEX" in str(plan)
        assert "(term>? AND term<?)" in str(plan)
    else:
        # A handful of rows reads faster whole: ask for the plan the index gives.
        connection.exec_driver_sql("SET LOCAL enable_seqscan = off")
        plan = connection.exec_driver_sql(f"EXPLAIN {statement}", parameters).all()
        lines = [line for (line,) in plan]
        assert not any("Seq Scan on search_terms" in line for line in lines)
        uses = [line for line in lines if "Index" in line and "pk_search_terms" in line]
        assert uses and all(">= 'safe'" in lines[lines.index(use) + 1] for use in uses)


def test_a_search_counts_every_match_on_every_page(session, make):
    for day in range(5):
        make.event(title=f"Neglect day {day}", starts_in=timedelta(days=10 + day))
    make.event(title="Governors' briefing")
    filters = CatalogueFilters(words=("neglect",))
    second = list_events(session, filters, now=NOW, page=2, per_page=2)
    assert [item.event.title for item in second.listings] == ["Neglect day 2", "Neglect day 3"]
    assert second.total == 5
    past_the_end = list_events(session, filters, now=NOW, page=9, per_page=2)
    assert (past_the_end.total, past_the_end.page) == (5, 3)
