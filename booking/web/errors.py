"""Friendly error pages: nothing a person does produces a bare error or a 500 trace."""

from flask import Flask, render_template, request
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException

PAGES = {
    400: ("Sorry, there is a problem with that request", "Go back, reload the page and try again."),
    403: ("You do not have permission to see this page", "Sign in with an account that can."),
    404: ("Page not found", "If you typed the web address, check it is correct."),
    405: ("Sorry, that cannot be done here", "Go back and try again from the page you were on."),
    413: ("That was too much to send", "Shorten what you entered and try again."),
    429: ("Too many requests", "Wait a few minutes, then try again."),
}


def _render(status: int, message: str | None = None):
    title, advice = PAGES.get(
        status, ("Sorry, there is a problem with the service", "Try again later.")
    )
    if request.path.startswith("/api/"):
        return {"error": {"code": str(status), "message": message or title}}, status
    return render_template("errors/error.html", title=title, advice=message or advice), status


def init_app(app: Flask) -> None:
    @app.errorhandler(CSRFError)
    def csrf_error(_error):
        return _render(
            400,
            "Your form had expired or came from somewhere else, so we did not act on it. "
            "Go back, reload the page and try again.",
        )

    @app.errorhandler(HTTPException)
    def http_error(error: HTTPException):
        return _render(error.code or 500)

    @app.errorhandler(Exception)
    def unexpected(error: Exception):
        rule = request.url_rule.rule if request.url_rule else "(no route)"
        app.logger.exception("Unhandled error on %s %s", request.method, rule)
        return _render(500)
