"""The web layer: blueprints per feature, and what every page shares."""

from flask import Flask

from booking.web import context, errors, security
from booking.web.auth import bp as auth_bp
from booking.web.bookings import bp as bookings_bp
from booking.web.catalogue import bp as catalogue_bp
from booking.web.manage import bp as manage_bp
from booking.web.tickets import bp as tickets_bp


def init_app(app: Flask) -> None:
    security.init_app(app)
    context.init_app(app)
    errors.init_app(app)
    for blueprint in (catalogue_bp, auth_bp, bookings_bp, tickets_bp, manage_bp):
        app.register_blueprint(blueprint)
