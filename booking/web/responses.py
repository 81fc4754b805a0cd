"""Responses that are not pages."""

from flask import Response, current_app, url_for


def ics_response(body: bytes, filename: str) -> Response:
    response = Response(body, mimetype="text/calendar")
    response.headers["Content-Disposition"] = f'attachment; filename="{filename}"'
    response.charset = "utf-8"
    return response


def absolute_url(endpoint: str, **values) -> str:
    """A full URL on BASE_URL (for QR codes, calendars and emails)."""
    return current_app.config["BASE_URL"] + url_for(endpoint, **values)


def calendar_host() -> str:
    """The host that qualifies calendar UIDs."""
    return current_app.config["BASE_URL"].split("://", 1)[-1].split("/", 1)[0]
