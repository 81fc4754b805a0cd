"""Organisers' view of email delivery, and the demo mailbox."""

import re
from email import policy
from email.parser import BytesParser
from pathlib import Path

from flask import Blueprint, abort, current_app, flash, redirect, render_template, url_for

from booking.core.clock import utcnow
from booking.outbox import queue
from booking.web.database import carry_out, db
from booking.web.forms import ConfirmForm
from booking.web.security import organisers_only

bp = Blueprint("admin", __name__)


@bp.get("/admin/outbox")
@organisers_only
def outbox():
    """Failed, pending and in-flight emails, with the relay's answer and a retry button."""
    return render_template("admin/outbox.html", messages=queue.unsent(db()), form=ConfirmForm())


@bp.post("/admin/outbox/<int:message_id>/retry")
@organisers_only
def retry(message_id: int):
    if not ConfirmForm().validate_on_submit():
        abort(400)
    carry_out(queue.retry, message_id, now=utcnow())
    flash(f"Message {message_id} will be sent again in a moment.", "success")
    return redirect(url_for("admin.outbox"))


_MAIL_FILE = re.compile(r"[0-9a-f]{32}")
DEV_MAIL_SHOWN = 100  # the newest; the rest stay in the folder


def _demo_mailbox() -> Path:
    if not current_app.config["DEMO"]:
        abort(404)
    return Path(current_app.config["MAIL_DIRECTORY"])


def _read(path: Path):
    return BytesParser(policy=policy.default).parse(path.open("rb"))


@bp.get("/dev/mail")
def dev_mail():
    """Demo mode only: what the app would have sent, newest first."""
    folder = _demo_mailbox()
    files = sorted(folder.glob("*.eml"), key=lambda p: p.stat().st_mtime, reverse=True)
    return render_template(
        "admin/dev_mail.html",
        messages=[(path.stem, _read(path)) for path in files[:DEV_MAIL_SHOWN]],
        total=len(files),
    )


@bp.get("/dev/mail/<key>")
def dev_mail_message(key: str):
    folder = _demo_mailbox()
    path = folder / f"{key}.eml"
    if not _MAIL_FILE.fullmatch(key) or not path.exists():
        abort(404)
    message = _read(path)
    text = message.get_body(preferencelist=("plain",))
    attachments = [
        part.get_filename() or part.get_content_type()
        for part in message.walk()
        if part.get_filename()
    ]
    return render_template(
        "admin/dev_mail_message.html",
        message=message,
        text=text.get_content() if text else "",
        attachments=attachments,
    )
