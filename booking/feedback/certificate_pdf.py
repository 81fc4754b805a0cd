"""A certificate of attendance as an A4 PDF: the person's name in any script, the event, its
date, CPD hours, trainers, a conference's workshops attended, the partnership's name, and the
verification code with a QR code of the public page that confirms it."""

import io

from fpdf.enums import Align, XPos, YPos

from booking.core.exports import FONT, A4Document
from booking.core.formatting import hours_text
from booking.core.qr import qr_png
from booking.feedback.certificates import CertificateFacts

_QR_SIZE = 32  # mm
_GREY = (80, 80, 80)


def certificate_pdf(facts: CertificateFacts, *, partnership: str, verify_url: str) -> bytes:
    """The certificate, one A4 page (a long list of workshops may run onto a second)."""
    texts = [facts.name, facts.event_title, *facts.trainers, *facts.workshops, partnership]
    pdf = A4Document(
        title=f"Certificate of attendance: {facts.event_title}", author=partnership, texts=texts
    )
    pdf.add_page()
    _centred(pdf, partnership, size=12, height=7)
    pdf.ln(12)
    _centred(pdf, "Certificate of attendance", size=26, height=12, bold=True)
    pdf.ln(14)
    _centred(pdf, "This is to certify that", size=12, height=7)
    pdf.ln(3)
    _centred(pdf, facts.name, size=22, height=11, bold=True)
    pdf.ln(3)
    _centred(pdf, "attended", size=12, height=7)
    pdf.ln(3)
    _centred(pdf, facts.event_title, size=16, height=8, bold=True)
    _centred(pdf, facts.when, size=12, height=7)
    pdf.ln(8)
    if facts.cpd_hours:
        _centred(pdf, f"Continuing professional development: {hours_text(facts.cpd_hours)}")
    if facts.trainers:
        label = "Trainer" if len(facts.trainers) == 1 else "Trainers"
        _centred(pdf, f"{label}: {', '.join(facts.trainers)}")
    if facts.workshops:
        pdf.ln(4)
        _centred(pdf, "Workshops attended", bold=True)
        for line in facts.workshops:
            _centred(pdf, line, size=10, height=6)
    _verification(pdf, facts.code, verify_url)
    return pdf.to_bytes()


def _centred(
    pdf: A4Document, text: str, *, size: float = 11, height: float = 6, bold: bool = False
) -> None:
    pdf.set_font(FONT, "B" if bold else "", size=size)
    pdf.multi_cell(0, height, text, align=Align.C, new_x=XPos.LMARGIN, new_y=YPos.NEXT)


def _verification(pdf: A4Document, code: str, verify_url: str) -> None:
    """The QR code and the words beside it, at the foot of the page."""
    top = max(pdf.get_y() + 10, pdf.h - 30 - _QR_SIZE)
    if top + _QR_SIZE > pdf.h - 18:
        pdf.add_page()
        top = pdf.get_y()
    pdf.image(io.BytesIO(qr_png(verify_url)), x=pdf.l_margin, y=top, w=_QR_SIZE, h=_QR_SIZE)
    left = pdf.l_margin + _QR_SIZE + 6
    pdf.set_xy(left, top + 6)
    pdf.set_font(FONT, "B", size=11)
    pdf.cell(0, 6, f"Verification code: {code}", new_x=XPos.LEFT, new_y=YPos.NEXT)
    pdf.set_font(FONT, size=9)
    pdf.set_text_color(*_GREY)
    pdf.multi_cell(
        pdf.w - pdf.r_margin - left,
        5,
        f"Scan the code, or visit {verify_url}, to check this certificate.",
        align=Align.L,
        new_x=XPos.LEFT,
        new_y=YPos.NEXT,
    )
    pdf.set_text_color(0)
