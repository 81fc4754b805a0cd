"""The academic year (1 September to 31 August, Europe/London): the one rule, for the reports'
periods and the feedback comparisons."""

from datetime import date, datetime

from booking.core.formatting import month_bounds

FIRST_MONTH = 9  # September


def academic_year_starting(day: date) -> int:
    """The year in which the academic year holding ``day`` began: 2026 for 1 September 2026
    and for 31 August 2027."""
    return day.year if day.month >= FIRST_MONTH else day.year - 1


def academic_year_bounds(year: int) -> tuple[datetime, datetime]:
    """The first instant of the academic year that began in ``year`` and of the next,
    Europe/London, as aware datetimes."""
    return month_bounds(year, FIRST_MONTH)[0], month_bounds(year + 1, FIRST_MONTH)[0]


def school_year_label(year: int) -> str:
    """ "2016/17" for the school year starting in September 2016, as the partnership's plans
    and surveys write it."""
    return f"{year}/{(year + 1) % 100:02d}"
