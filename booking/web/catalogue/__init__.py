from flask import Blueprint

bp = Blueprint("catalogue", __name__)

from booking.web.catalogue import views  # noqa: E402,F401
