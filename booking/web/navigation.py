"""Safe redirects: only to paths on this site; and the page to come back to."""

from urllib.parse import urlsplit

from flask import request


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
