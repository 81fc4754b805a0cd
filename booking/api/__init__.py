"""The read-only JSON API under /api/v1, for partner websites listing the training."""

from flask import Blueprint

bp = Blueprint("api", __name__, url_prefix="/api/v1")

from booking.api import views  # noqa: E402,F401
