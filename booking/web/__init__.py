"""What every page shares: the request's session, security, error handlers, base forms and
the templates' helpers. The pages themselves are each context's ``views.py``."""

from flask import Flask
from werkzeug.routing import IntegerConverter

from booking.web import context, database, errors, security


class IdConverter(IntegerConverter):
    """``<int:...>`` in routes: ASCII digits only (werkzeug's ``\\d`` takes "١٢" as 12), and ids
    fit a 32-bit database integer, so larger numbers are 404s."""

    regex = r"[0-9]+"

    def __init__(self, url_map, *args, **kwargs):
        kwargs.setdefault("max", 2**31 - 1)
        super().__init__(url_map, *args, **kwargs)


def init_app(app: Flask) -> None:
    app.url_map.converters["int"] = IdConverter
    database.init_app(app)
    security.init_app(app)
    context.init_app(app)
    errors.init_app(app)
