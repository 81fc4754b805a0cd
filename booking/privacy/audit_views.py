"""The audit log, for organisers: who did what, filtered, newest first. Viewing it is not
itself audited; it is kept out of trainers' reach and out of every cache."""

from flask import Blueprint, render_template, request, url_for
from werkzeug.datastructures import MultiDict

from booking.audit.actions import SUBJECT_TYPES
from booking.core.formatting import date_and_time_without_day
from booking.privacy.audit_log import actor_choices, audit_page
from booking.privacy.forms import AuditFilterForm
from booking.web.database import db
from booking.web.navigation import page_number
from booking.web.security import organisers_only

bp = Blueprint("audit", __name__)

FILTER_NAMES = ("action", "who", "event", "from_day", "to_day")


@bp.get("/admin/audit")
@organisers_only
def audit_log():
    """The entries the filters let through, 50 to a page; a filter that cannot be read is
    shown in the error summary, with no entries."""
    form = AuditFilterForm(formdata=_filter_args(), actors=actor_choices(db()))
    page = None
    if form.validate():
        page = audit_page(db(), form.filters(), page=page_number(request.args.get("page")))
    html = render_template(
        "privacy/audit_log.html",
        form=form,
        page=page,
        subject_types=SUBJECT_TYPES,
        when=date_and_time_without_day,
        previous=_page_url(page.page - 1) if page and page.page > 1 else None,
        next=_page_url(page.page + 1) if page and page.has_next else None,
    )
    return html, {"Cache-Control": "no-store"}


def _filter_args() -> MultiDict:
    """The filters in the query string, without the page number or the button."""
    return MultiDict(
        [(key, value) for key, value in request.args.items(multi=True) if key in FILTER_NAMES]
    )


def _page_url(number: int) -> str:
    args = _filter_args()
    if number > 1:
        args["page"] = str(number)
    return url_for("audit.audit_log", **args.to_dict(flat=False))
