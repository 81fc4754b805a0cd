"""The pages the law and good practice ask for, linked from every footer: the accessibility
statement, the privacy notice, cookies and how to contact the partnership."""

from flask import Blueprint, current_app, render_template

from booking import config
from booking.accounts.signin import THROTTLE_WINDOW
from booking.accounts.views import DEVICE_COOKIE
from booking.bookings.needs import NEEDS_KEPT_FOR

bp = Blueprint("pages", __name__)


def _page(template: str, title: str, **context):
    return render_template(
        f"pages/{template}.html",
        title=title,
        **context,
        partnership=config.partnership(current_app.config),
        base_url=current_app.config["BASE_URL"],
    )


@bp.get("/accessibility")
def accessibility():
    return _page("accessibility", "Accessibility statement")


@bp.get("/privacy")
def privacy():
    return _page(
        "privacy",
        "Privacy notice",
        needs_kept_days=NEEDS_KEPT_FOR.days,
        failed_sign_ins_kept_minutes=int(THROTTLE_WINDOW.total_seconds() // 60),
    )


@bp.get("/cookies")
def cookies():
    return _page("cookies", "Cookies", device_cookie=DEVICE_COOKIE)


@bp.get("/contact")
def contact():
    return _page("contact", "Contact us")
