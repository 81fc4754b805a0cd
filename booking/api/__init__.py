"""The read-only JSON API under /api/v1, for partner websites listing the training.

Routes come from each context's ``api.py``; the one error format is here: every 4xx and 5xx,
from a route or from routing itself, answers ``{"error": {"code": ..., "message": ...}}``.
"""

from flask import Blueprint, jsonify

bp = Blueprint("api", __name__, url_prefix="/api/v1")

# The code of an error that has no domain error behind it (an unknown path, a wrong method).
CODES = {
    400: "bad_request",
    403: "not_allowed",
    404: "not_found",
    405: "method_not_allowed",
    413: "too_large",
    429: "too_many_requests",
    500: "server_error",
}


def error_response(status: int, message: str, *, code: str | None = None, **extra):
    """The API's answer to anything that went wrong, with its HTTP status."""
    body = {"code": code or CODES.get(status, "error"), "message": message, **extra}
    return jsonify({"error": body}), status
