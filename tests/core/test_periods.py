"""The academic year, one rule for reports and feedback comparisons."""

from datetime import UTC, date, datetime

from booking.core.formatting import LONDON
from booking.core.periods import academic_year_bounds, academic_year_starting


def test_the_academic_year_runs_from_september_to_august():
    assert academic_year_starting(date(2026, 9, 1)) == 2026
    assert academic_year_starting(date(2027, 8, 31)) == 2026
    assert academic_year_starting(date(2027, 1, 1)) == 2026
    assert academic_year_starting(date(2026, 8, 31)) == 2025


def test_its_bounds_are_london_midnights():
    starts, ends = academic_year_bounds(2026)
    assert starts == datetime(2026, 9, 1, tzinfo=LONDON)
    assert ends == datetime(2027, 9, 1, tzinfo=LONDON)
    assert starts.astimezone(UTC) == datetime(2026, 8, 31, 23, tzinfo=UTC)  # summer time
