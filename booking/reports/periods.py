"""The periods reports are read for: a range of dates (both days included, Europe/London), the
academic year (1 September to 31 August) and the financial year (1 April to 31 March)."""

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from booking.core.formatting import LONDON, MONTH_NAMES
from booking.core.periods import academic_year_starting


@dataclass(frozen=True)
class Period:
    starts: date  # the first day
    ends: date  # the last day, included
    name: str = ""

    @property
    def bounds(self) -> tuple[datetime, datetime]:
        """The first instant of the first day and of the day after the last, in UTC."""
        return _midnight(self.starts), _midnight(self.ends + timedelta(days=1))

    @property
    def words(self) -> str:
        """ "1 September 2025 to 31 August 2026"."""
        return f"{day_words(self.starts)} to {day_words(self.ends)}"


def _midnight(day: date) -> datetime:
    return datetime.combine(day, time(), tzinfo=LONDON).astimezone(UTC)


def day_words(day: date) -> str:
    """ "1 September 2025": a day as a period's words write it."""
    return f"{day.day} {MONTH_NAMES[day.month]} {day.year}"


def academic_year(today: date, *, back: int = 0) -> Period:
    """The academic year (September to August) holding ``today``, or ``back`` years before."""
    first = academic_year_starting(today) - back
    return Period(
        date(first, 9, 1), date(first + 1, 8, 31), f"Academic year {first} to {first + 1}"
    )


def financial_year(today: date, *, back: int = 0) -> Period:
    """The financial year (April to March) holding ``today``, or ``back`` years before."""
    first = (today.year if today.month >= 4 else today.year - 1) - back
    return Period(
        date(first, 4, 1), date(first + 1, 3, 31), f"Financial year {first} to {first + 1}"
    )


# The shortcuts the reports page offers, by the code in its address.
SHORTCUTS = {
    "academic": ("This academic year", lambda today: academic_year(today)),
    "last-academic": ("Last academic year", lambda today: academic_year(today, back=1)),
    "financial": ("This financial year", lambda today: financial_year(today)),
    "last-financial": ("Last financial year", lambda today: financial_year(today, back=1)),
}


def shortcut(code: str, today: date) -> Period | None:
    """The period a shortcut's code names, or None for an unknown code."""
    found = SHORTCUTS.get(code)
    return found[1](today) if found else None


def london_today(now: datetime) -> date:
    """The day it is in Europe/London."""
    return now.astimezone(LONDON).date()
