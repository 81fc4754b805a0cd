"""Responses that are not pages, and the public links of the running app."""

from flask import Response, current_app

from booking.core.links import Links


def ics_response(body: bytes, filename: str) -> Response:
    response = Response(body, mimetype="text/calendar")
    response.headers["Content-Disposition"] = f'attachment; filename="{filename}"'
    response.charset = "utf-8"
    return response


def public_links() -> Links:
    """Absolute links on BASE_URL (for QR codes, calendars, emails and the API)."""
    return Links(current_app.config["BASE_URL"])
