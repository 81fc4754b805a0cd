"""The accessibility check itself: it must find a known violation, with and without JavaScript."""

import pytest

BROKEN = (
    "<!DOCTYPE html><html lang='en'><head><title>Broken</title></head>"
    "<body><main><h1>Broken</h1><img src='/static/favicon.svg'></main></body></html>"
)


@pytest.mark.parametrize("javascript", [True, False], ids=["with-js", "without-js"])
def test_check_axe_reports_violations(new_page, check_axe, javascript):
    page = new_page(java_script_enabled=javascript)
    page.route(
        "**/axe-self-test",
        lambda route: route.fulfill(status=200, content_type="text/html", body=BROKEN),
    )
    page.goto("/axe-self-test")
    with pytest.raises(AssertionError) as failure:
        check_axe(page)
    message = str(failure.value)
    assert "image-alt" in message
    assert "img" in message
