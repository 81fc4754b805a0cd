from flask import Blueprint

bp = Blueprint("bookings", __name__)

from booking.web.bookings import views  # noqa: E402,F401
