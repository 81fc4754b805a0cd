"""Messages and alerts: organisers write one, check how it reads and whom it reaches, and send
it now or schedule it; members read the messages of their networks in an archive."""

from flask import abort, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required

from booking.core.clock import utcnow
from booking.core.errors import Refused
from booking.network import archive, notices
from booking.network.models import NoticeStatus
from booking.network.notice_emails import notice_subject
from booking.network.notice_forms import NoticeForm, SendForm
from booking.network.plain_text import render
from booking.network.reach import reach_of
from booking.network.views import bp
from booking.web.database import carry_out, db
from booking.web.forms import ConfirmForm, add_service_error
from booking.web.navigation import page_number
from booking.web.security import organisers_only

NO_STORE = {"Cache-Control": "no-store"}
FORM_FIELDS = {"networks": "networks", "sectors": "sectors", "kind": "kind"}


@bp.get("/manage/notices", endpoint="notices")
@organisers_only
def notices_list():
    """Every message and alert: status, when, reach and deliveries (one count for the page)."""
    rows = archive.organiser_notices(db())
    return render_template("network/notices.html", rows=rows, subject=notice_subject), NO_STORE


def _form_page(form: NoticeForm, notice=None):
    page = render_template("network/notice_form.html", form=form, notice=notice)
    return page, NO_STORE


@bp.route("/manage/notices/new", methods=["GET", "POST"])
@organisers_only
def new_notice():
    """Write a new message or alert (saved as a draft, then checked before sending)."""
    form = NoticeForm(networks=notices.networks_to_choose(db()))
    if form.validate_on_submit():
        try:
            notice = carry_out(
                notices.create_notice, fields=form.fields(), by_id=current_user.id, now=utcnow()
            )
        except Refused as refusal:
            add_service_error(form, refusal)
        else:
            flash("The message has been saved as a draft. Check it before sending.", "success")
            return redirect(url_for("network.check_notice", notice_id=notice.id))
    return _form_page(form)


@bp.route("/manage/notices/<int:notice_id>", methods=["GET", "POST"])
@organisers_only
def notice(notice_id: int):
    """A draft's (or scheduled message's) form; a sent message's reach and deliveries."""
    found = notices.notice_of(db(), notice_id)
    if found.status == NoticeStatus.SENT:
        if request.method == "POST":
            flash("This message has already been sent: it cannot be changed now.", "error")
            return redirect(url_for("network.notice", notice_id=notice_id))
        (row,) = archive.with_deliveries(db(), [found])
        body = render(found.body)
        sectors = notices.sectors_words(found.sectors)
        page = render_template("network/notice.html", row=row, body=body, sectors=sectors)
        return page, NO_STORE
    form = NoticeForm(networks=notices.networks_to_choose(db()))
    if not form.is_submitted():
        form.fill_from(found)
    if form.validate_on_submit():
        try:
            carry_out(
                notices.edit_notice,
                notice_id=notice_id,
                fields=form.fields(),
                by_id=current_user.id,
                now=utcnow(),
            )
        except Refused as refusal:
            add_service_error(form, refusal)
        else:
            flash("The message has been changed.", "success")
            return redirect(url_for("network.check_notice", notice_id=notice_id))
    return _form_page(form, found)


def _check_page(found, send_form: SendForm):
    reach = reach_of(db(), [n.id for n in found.networks], found.sectors)
    page = render_template(
        "network/notice_check.html",
        notice=found,
        subject=notice_subject(found),
        body=render(found.body),
        reach=reach,
        sectors=notices.sectors_words(found.sectors),
        form=send_form,
        confirm=ConfirmForm(),
    )
    return page, NO_STORE


@bp.get("/manage/notices/<int:notice_id>/check")
@organisers_only
def check_notice(notice_id: int):
    """The message exactly as members will read it, whom it will reach, and how to send it."""
    found = notices.notice_of(db(), notice_id)
    if found.status == NoticeStatus.SENT:
        return redirect(url_for("network.notice", notice_id=notice_id))
    send_form = SendForm()
    send_form.fill_from(found)
    return _check_page(found, send_form)


@bp.post("/manage/notices/<int:notice_id>/send")
@organisers_only
def send_notice(notice_id: int):
    """Send the message now (once, however often the button is pressed), or schedule it."""
    send_form = SendForm()
    if not send_form.validate_on_submit():
        return _check_page(notices.notice_of(db(), notice_id), send_form)
    asked = {"notice_id": notice_id, "by_id": current_user.id, "now": utcnow()}
    asked["checked"] = send_form.checked.data or ""
    try:
        if send_form.when.data == "now":
            count = carry_out(notices.send_notice, **asked)
            flash(f"The message is on its way to {count} recipients.", "success")
        else:
            carry_out(notices.schedule_notice, send_at=send_form.moment(), **asked)
            flash("The message is scheduled.", "success")
    except notices.AlreadySent as refusal:
        flash(refusal.message, "error")
        return redirect(url_for("network.notice", notice_id=notice_id))
    except notices.ChangedSinceChecked as refusal:
        flash(refusal.message, "error")
        return redirect(url_for("network.check_notice", notice_id=notice_id))
    except Refused as refusal:
        add_service_error(send_form, refusal, default_field="when", fields={"send_at": "send_at"})
        return _check_page(notices.notice_of(db(), notice_id), send_form)
    if send_form.when.data == "now":
        return redirect(url_for("network.notice", notice_id=notice_id))
    return redirect(url_for("network.check_notice", notice_id=notice_id))


@bp.post("/manage/notices/<int:notice_id>/unschedule")
@organisers_only
def unschedule_notice(notice_id: int):
    """Cancel a scheduled send: the message is a draft again."""
    if not ConfirmForm().validate_on_submit():
        abort(400)
    try:
        carry_out(
            notices.unschedule_notice, notice_id=notice_id, by_id=current_user.id, now=utcnow()
        )
    except Refused as refusal:
        flash(refusal.message, "error")
    else:
        flash("The schedule has been cancelled: the message is a draft again.", "success")
    return redirect(url_for("network.check_notice", notice_id=notice_id))


@bp.get("/network/messages", endpoint="archive")
@login_required
def archive_page():
    """The messages and alerts sent to the networks the person is a member of, newest first."""
    found = archive.member_archive(
        db(),
        person_id=current_user.id,
        everything=current_user.is_organiser,
        page=page_number(request.args.get("page")),
    )
    previous = url_for("network.archive", page=found.page - 1) if found.page > 1 else None
    following = url_for("network.archive", page=found.page + 1) if found.has_next else None
    return render_template(
        "network/archive.html",
        found=found,
        previous=previous,
        next_page=following,
        subject=notice_subject,
    )


@bp.get("/network/messages/<int:notice_id>")
@login_required
def archive_notice(notice_id: int):
    """One message of the person's networks (404 for another network's)."""
    found = archive.archived_notice(
        db(), notice_id=notice_id, person_id=current_user.id, everything=current_user.is_organiser
    )
    return render_template("network/archive_notice.html", notice=found, body=render(found.body))
