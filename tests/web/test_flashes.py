"""Messages shown once on the next page cannot pile up in the session cookie."""

from flask import flash, redirect


def test_flash_messages_are_capped_and_never_repeated(app, client):
    @app.get("/test/flash/<int:n>")
    def flash_one(n: int):
        flash(f"Message number {n} " + "x" * 100, "success")
        flash("The same message again", "success")
        return redirect("/test/nothing")

    for n in range(60):
        client.get(f"/test/flash/{n}")
    cookie = client.http.get_cookie("session")
    assert cookie is not None and len(cookie.value) < 1500

    page = client.get("/events").get_data(as_text=True)
    assert page.count("The same message again") == 1
    assert "Message number 59" in page
    assert "Message number 0 " not in page
