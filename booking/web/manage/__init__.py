from flask import Blueprint

bp = Blueprint("manage", __name__, url_prefix="/manage")

from booking.web.manage import views  # noqa: E402,F401
