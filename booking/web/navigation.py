"""Safe redirects: only to paths on this site; the page to come back to; and where each
person starts."""

from urllib.parse import urlsplit

from flask import request

from booking.accounts.models import Role

# Where a person lands after signing in, by role: organisers manage events, trainers work
# their events' doors, everyone else sees their bookings.
HOME_ENDPOINTS = {Role.ORGANISER: "manage.events", Role.TRAINER: "door.your_events"}


def home_endpoint(role: Role) -> str:
    """The endpoint a person with this role starts on after signing in."""
    return HOME_ENDPOINTS.get(role, "bookings.mine")


def safe_next_url(target: str | None) -> str | None:
    """The target if it is a local path, otherwise None (no open redirects)."""
    if not target or len(target) > 500:
        return None
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not target.startswith("/") or target.startswith("//"):
        return None
    if "\\" in target or any(ord(c) < 0x20 or ord(c) == 0x7F for c in target):
        return None
    return target


def this_page() -> str:
    """The page being shown, as the ``next`` of a link to sign in or register from it: its
    path with its query string (the search an event page was found by, which its Back link
    returns to), or only its path when the query would not pass ``safe_next_url``."""
    if request.query_string:
        with_query = f"{request.path}?{request.query_string.decode('latin-1')}"
        return safe_next_url(with_query) or request.path
    return request.path


def page_number(text: str | None) -> int:
    """The page a query string asks for: 1 unless it is a small positive whole number."""
    text = (text or "").strip()
    return int(text) if text.isascii() and text.isdigit() and 0 < len(text) <= 6 else 1
