"""Certificates of attendance: the PDF for the booking's holder, the public page its QR code
opens, and what "My bookings" offers (``certificate_withheld``)."""

from flask import Response, current_app, flash, redirect, render_template, url_for
from flask_login import current_user, login_required

from booking.bookings.models import Booking
from booking.bookings.services import get_own_booking
from booking.core.clock import utcnow
from booking.core.errors import NotFound
from booking.feedback import certificates
from booking.feedback.certificate_pdf import certificate_pdf
from booking.feedback.views import bp
from booking.web.database import db
from booking.web.responses import public_links


@bp.app_template_global()
def certificate_withheld(booking: Booking) -> certificates.Withheld | None:
    """For "My bookings": None when the booking is offered a certificate, or why not."""
    return certificates.certificate_offer(db(), booking, utcnow())


@bp.get("/bookings/<int:booking_id>/certificate.pdf")
@login_required
def certificate(booking_id: int):
    """The certificate of attendance as a PDF, for the booking's holder only (404 for anyone
    else); issued, and audited, on the first download."""
    booking = get_own_booking(db(), booking_id=booking_id, person_id=current_user.id)
    try:
        issued = certificates.issue_certificate(db(), booking, by_id=current_user.id, now=utcnow())
        db().commit()
    except certificates.NoCertificate as refusal:
        db().rollback()
        flash(refusal.message, "info")
        return redirect(url_for("bookings.mine"))
    pdf = certificate_pdf(
        certificates.certificate_facts(db(), issued),
        partnership=current_app.config["PARTNERSHIP_NAME"],
        verify_url=public_links().to("certificate", code=issued.code),
    )
    response = Response(pdf, mimetype="application/pdf")
    filename = f"certificate-{booking.id}.pdf"  # never a person's name
    response.headers["Content-Disposition"] = f'attachment; filename="{filename}"'
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.get("/certificates/<code>")
def verify(code: str):
    """Public: whose certificate the code is, of which event and on what date, and nothing
    else; the same plain page, with a 404, for any code that is not one."""
    try:
        found = certificates.verify(db(), code)
    except NotFound:
        return render_template("feedback/certificate_unknown.html"), 404
    return render_template("feedback/certificate_verified.html", certificate=found)
