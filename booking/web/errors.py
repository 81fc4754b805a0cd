"""Errors handled once: friendly pages (or the API's JSON) for every error, so nothing a person
does produces a bare error or a 500 trace. A domain ``NotFound`` is a 404 and ``NotAllowed`` a
403 wherever it is raised; views catch only refusals."""

import traceback

from flask import Flask, g, render_template, request
from flask_wtf.csrf import CSRFError
from sqlalchemy.exc import DBAPIError
from werkzeug.exceptions import HTTPException

from booking.api import error_response
from booking.core.errors import NotAllowed, NotFound

PAGES = {
    400: ("Sorry, there is a problem with that request", "Go back, reload the page and try again."),
    403: (
        "You do not have permission to see this page",
        "Sign in with an account that can, or ask an organiser if you should have access.",
    ),
    404: ("Page not found", "If you typed the web address, check it is correct."),
    405: ("Sorry, that cannot be done here", "Go back and try again from the page you were on."),
    413: ("That was too much to send", "Shorten what you entered and try again."),
    429: ("Too many requests", "Wait a few minutes, then try again."),
}
CSRF_ADVICE = (
    "Your form had expired or came from somewhere else, so we did not act on it. "
    "Go back, reload the page and try again."
)


def wants_json() -> bool:
    """Whether the request expects JSON back, errors included: the API, a JSON body, a view
    that answers only JSON (``g.answers_json``), or an Accept header asking for JSON first."""
    return (
        request.path.startswith("/api/")
        or request.is_json
        or g.get("answers_json", False)
        or request.accept_mimetypes.best == "application/json"
    )


def _render(status: int, advice: str | None = None, *, domain_error=None):
    """The error page, or for a request that wants JSON (``wants_json``) the API's error,
    whose message is the domain error's own when there is one."""
    title, usual_advice = PAGES.get(
        status, ("Sorry, there is a problem with the service", "Try again later.")
    )
    if wants_json():
        if domain_error is not None:
            return error_response(status, domain_error.message, code=domain_error.code)
        return error_response(status, advice or title)
    return render_template("errors/error.html", title=title, advice=advice or usual_advice), status


def init_app(app: Flask) -> None:
    @app.errorhandler(NotFound)
    def not_found(error: NotFound):
        return _render(404, domain_error=error)

    @app.errorhandler(NotAllowed)
    def not_allowed(error: NotAllowed):
        return _render(403, domain_error=error)

    @app.errorhandler(CSRFError)
    def csrf_error(_error):
        return _render(400, CSRF_ADVICE)

    @app.errorhandler(HTTPException)
    def http_error(error: HTTPException):
        return _render(error.code or 500)

    @app.errorhandler(Exception)
    def unexpected(error: Exception):
        rule = request.url_rule.rule if request.url_rule else "(no route)"
        if isinstance(error, DBAPIError):
            _log_database_error(app, error, f"{request.method} {rule}")
        else:
            app.logger.exception("Unhandled error on %s %s", request.method, rule)
        return _render(500)


def _log_database_error(app: Flask, error: DBAPIError, where: str) -> None:
    """The error's kind, constraint and stack, but not its message: PostgreSQL's quotes the
    values it refused (an email address), which the engine's hidden parameters do not cover."""
    constraint = getattr(getattr(error.orig, "diag", None), "constraint_name", None)
    app.logger.error(
        "Unhandled %s (%s%s) on %s\n%s",
        type(error).__name__,
        type(error.orig).__name__,
        f", constraint {constraint}" if constraint else "",
        where,
        "".join(traceback.format_tb(error.__traceback__)),
    )
