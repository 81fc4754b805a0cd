"""The web layer: blueprints per feature, and what every page shares."""

from flask import Flask
from werkzeug.routing import IntegerConverter

from booking.web import context, database, errors, security
from booking.web.admin import bp as admin_bp
from booking.web.auth import bp as auth_bp
from booking.web.bookings import bp as bookings_bp
from booking.web.catalogue import bp as catalogue_bp
from booking.web.manage import bp as manage_bp
from booking.web.tickets import bp as tickets_bp


class IdConverter(IntegerConverter):
    """``<int:...>`` in routes: ids fit a 32-bit database integer, so larger numbers are 404s."""

    def __init__(self, url_map, *args, **kwargs):
        kwargs.setdefault("max", 2**31 - 1)
        super().__init__(url_map, *args, **kwargs)


def init_app(app: Flask) -> None:
    app.url_map.converters["int"] = IdConverter
    database.init_app(app)
    security.init_app(app)
    context.init_app(app)
    errors.init_app(app)
    for blueprint in (catalogue_bp, auth_bp, bookings_bp, tickets_bp, manage_bp, admin_bp):
        app.register_blueprint(blueprint)
