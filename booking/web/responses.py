"""Responses that are not pages, and the public links of the running app."""

from flask import Response, current_app

from booking.core.links import Links


def ics_response(body: bytes, filename: str, *, personal: bool = False) -> Response:
    """A calendar file; a ``personal`` one (a person's booking) is kept by no cache, as pages
    are (``web.security``)."""
    response = Response(body, mimetype="text/calendar")
    response.headers["Content-Disposition"] = f'attachment; filename="{filename}"'
    if personal:
        response.headers["Cache-Control"] = "no-store"
    response.charset = "utf-8"
    return response


def public_links() -> Links:
    """Absolute links on BASE_URL (for QR codes, calendars, emails and the API)."""
    return Links(current_app.config["BASE_URL"])
