from flask import Blueprint

bp = Blueprint("tickets", __name__)

from booking.web.tickets import views  # noqa: E402,F401
