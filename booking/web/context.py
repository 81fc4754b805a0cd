"""Templates: GOV.UK Frontend macros, date filters, and what every page knows."""

from typing import NamedTuple

from flask import Flask, current_app, get_flashed_messages, message_flashed, session
from govuk_frontend_wtf.main import WTFormsHelpers
from jinja2 import ChoiceLoader, FileSystemLoader, PackageLoader, PrefixLoader

from booking.core import formatting
from booking.events.rules import DEFAULT_REMINDER_DAYS, booking_text, where
from booking.web.forms import error_summary
from booking.web.navigation import this_page
from booking.web.security import csp_nonce


def _flashes():
    return get_flashed_messages(with_categories=True)


MAX_FLASHES = 3


def _keep_flashes_few(_app, message, category) -> None:
    """Flashed messages live in the session cookie until a page shows them: a message already
    waiting is not added twice, and only the last few are kept, so requests that never show a
    page cannot grow the cookie past what browsers accept."""
    waiting = session.get("_flashes", [])
    kept = [item for item in waiting[:-1] if tuple(item) != (category, message)]
    session["_flashes"] = [*kept, waiting[-1]][-MAX_FLASHES:] if waiting else []


class SelectItem(NamedTuple):
    """One option of a select: attributes, which Jinja reads faster than a dict's keys."""

    value: str
    text: str
    selected: bool = False


def select_items(choices, selected: str, any_text: str, same: bool = False) -> list[SelectItem]:
    """Options for a select: an 'any' option, then the choices, the selected one marked.

    ``choices`` are (value, text) pairs, or plain strings when ``same`` (value is the text).
    """
    pairs = [(c, c) for c in choices] if same else choices
    return [SelectItem("", any_text)] + [
        SelectItem(value, text, value == selected) for value, text in pairs
    ]


GOVUK_MACROS = {
    "govukBackLink": "back-link",
    "govukButton": "button",
    "govukErrorSummary": "error-summary",
    "govukInsetText": "inset-text",
    "govukNotificationBanner": "notification-banner",
    "govukSummaryList": "summary-list",
    "govukWarningText": "warning-text",
}


# The catalogue's filter form and pagination, written out as plain GOV.UK markup.
PAGE_MACROS = {
    "filter_search": "macros/filters.html",
    "filter_select": "macros/filters.html",
    "pagination_nav": "macros/filters.html",
}


def _register_macros(app: Flask) -> None:
    """Make the GOV.UK Frontend macros, and our own macros that need no page context, available
    to every template.

    Loaded once here rather than imported by each template: an import costs on every render.
    """
    govuk = {
        name: f"govuk_frontend_jinja/components/{component}/macro.html"
        for name, component in GOVUK_MACROS.items()
    }
    for name, path in (govuk | PAGE_MACROS).items():
        app.jinja_env.globals[name] = getattr(app.jinja_env.get_template(path).module, name)


def init_app(app: Flask) -> None:
    app.jinja_loader = ChoiceLoader(
        [
            FileSystemLoader(app.template_folder),
            PrefixLoader(
                {
                    "govuk_frontend_jinja": PackageLoader("govuk_frontend_jinja"),
                    "govuk_frontend_wtf": PackageLoader("govuk_frontend_wtf"),
                }
            ),
        ]
    )
    app.jinja_env.trim_blocks = True
    app.jinja_env.lstrip_blocks = True
    WTFormsHelpers(app)
    app.jinja_env.filters.update(
        date_range=lambda e: formatting.date_range(e.starts_at, e.ends_at),
        long_date=formatting.long_date,
        day_and_month=formatting.day_and_month,
        booking_text=booking_text,
        hours=formatting.hours_text,
        paragraphs=formatting.paragraphs,
        time_of_day=formatting.time_of_day,
        iso_utc=formatting.iso_utc,
        where=where,
        select_items=select_items,
    )
    app.jinja_env.globals.update(
        csp_nonce=csp_nonce,
        error_summary=error_summary,
        flashes=_flashes,
        partnership_name=lambda: current_app.config["PARTNERSHIP_NAME"],
        demo_mode=lambda: current_app.config["DEMO"],
        default_reminder_days=DEFAULT_REMINDER_DAYS,
        this_page=this_page,
    )
    _register_macros(app)
    message_flashed.connect(_keep_flashes_few, app)
