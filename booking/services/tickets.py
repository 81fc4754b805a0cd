"""QR codes for tickets: an SVG of the ticket's URL, nothing else inside it."""

import qrcode

from booking.models import Booking, BookingStatus, EventStatus

BORDER = 2  # modules of quiet zone around the code


def admits(booking: Booking) -> bool:
    """A ticket admits its holder while it is a confirmed place on an event not cancelled:
    only then is its QR code shown, and only then can the door check it in."""
    return (
        booking.status == BookingStatus.CONFIRMED and booking.event.status != EventStatus.CANCELLED
    )


def qr_svg(url: str, *, label: str) -> str:
    """An SVG QR code encoding the URL (error correction M, path-based, 1 mm a module,
    scalable), with an accessible name.

    The path is written straight from the module matrix: the library's SVG image draws each
    square through several layers of objects, which cost more than choosing the code itself.
    """
    code = qrcode.QRCode(error_correction=qrcode.constants.ERROR_CORRECT_M, border=BORDER)
    code.add_data(url)
    code.make(fit=True)
    modules = code.get_matrix()  # the quiet zone included
    size = len(modules)
    squares = "".join(
        f"M{x},{y}H{x + 1}V{y + 1}H{x}z"
        for y, row in enumerate(modules)
        for x, dark in enumerate(row)
        if dark
    )
    safe_label = label.replace("&", "&amp;").replace('"', "&quot;").replace("<", "&lt;")
    return (
        f'<svg role="img" aria-label="{safe_label}" width="{size}mm" height="{size}mm" '
        f'version="1.1" viewBox="0 0 {size} {size}" xmlns="http://www.w3.org/2000/svg">'
        f'<path d="{squares}" fill="#000000" fill-rule="nonzero" stroke="none"/></svg>'
    )
