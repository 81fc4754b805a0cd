"""Safe redirects: only to paths on this site."""

from urllib.parse import urlsplit


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
