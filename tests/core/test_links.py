"""The public links (emails, QR codes, calendars, the API) are the app's own routes."""

import re

from flask import url_for

from booking.core.links import PUBLIC_LINKS, Links


def test_every_public_link_is_the_url_of_its_route(app):
    with app.test_request_context():
        for name, (endpoint, path) in PUBLIC_LINKS.items():
            values = {key: _sample(key) for key in re.findall(r"{(\w+)}", path)}
            assert url_for(endpoint, **values) == path.format(**values), name


def test_every_public_link_is_served(app, client):
    adapter = app.url_map.bind("training.example.org")
    for name, (endpoint, path) in PUBLIC_LINKS.items():
        values = {key: _sample(key) for key in re.findall(r"{(\w+)}", path)}
        matched, _ = adapter.match(path.format(**values))
        assert matched == endpoint, name


def test_links_are_absolute_on_the_base_url_and_the_host_has_no_port():
    links = Links("http://127.0.0.1:5000")
    assert links.ticket("abc_DEF-123") == "http://127.0.0.1:5000/t/abc_DEF-123"
    assert links.event(7) == "http://127.0.0.1:5000/events/7"
    assert links.host == "127.0.0.1"
    assert Links("https://training.example.org/").to("my_bookings") == (
        "https://training.example.org/bookings"
    )


def _sample(key: str):
    return 12 if key.endswith("_id") else "tok3n_-Sample"
