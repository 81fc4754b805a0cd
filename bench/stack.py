"""A baseline on both databases: the app itself, with one more route, a signed-in POST that
books nothing.

``POST /bench/signed-in`` goes through what every signed-in POST of the app goes through: the
session cookie, the CSRF check, the sign-in lookup of the person in the request's writing
transaction (committed, as a booking's is), a flash message and a redirect. It does nothing
else. Its ratio to hello is what the app's own stack costs any signed-in POST on this machine;
the booking POST's ratio beyond it is what booking costs. It has no target.

Served by gunicorn like the app (``bench.stack:make_app()``), with the same environment.
``tests/test_bench_stack.py`` checks the route, so a change to sign-in cannot break it unnoticed.
"""

from flask import Flask, flash, redirect
from flask_login import login_required

from booking import create_app
from booking.web.database import db

PATH = "/bench/signed-in"


@login_required
def signed_in_post():
    """Sign-in, CSRF, an empty commit, a flash and a redirect, as a booking POST has them."""
    db().commit()
    flash("Nothing was booked.", "success")
    return redirect("/events")


def add_route(app: Flask) -> Flask:
    app.add_url_rule(PATH, "bench_signed_in", signed_in_post, methods=["POST"])
    return app


def make_app() -> Flask:
    """The app as ``wsgi.py`` makes it, with the route added."""
    return add_route(create_app())
