"""QR codes of a link, and nothing else inside them: an SVG for pages, a PNG for emails.

Both are drawn from one code (error correction M, a quiet zone of 2 modules), so a ticket's
code is the same on the page and in the email.
"""

import io

import qrcode

BORDER = 2  # modules of quiet zone around the code


def _code(url: str, box_size: int = 10) -> qrcode.QRCode:
    code = qrcode.QRCode(
        error_correction=qrcode.constants.ERROR_CORRECT_M, border=BORDER, box_size=box_size
    )
    code.add_data(url)
    code.make(fit=True)
    return code


def qr_svg(url: str, *, label: str) -> str:
    """An SVG QR code of the URL (path-based, 1 mm a module, scalable), with an accessible name.

    The path is written straight from the module matrix: the library's SVG image draws each
    square through several layers of objects, which cost more than choosing the code itself.
    """
    modules = _code(url).get_matrix()  # the quiet zone included
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


def qr_png(url: str, *, box_size: int = 8) -> bytes:
    """A PNG QR code of the URL, ``box_size`` pixels a module (for email clients, which do not
    all show SVG)."""
    buffer = io.BytesIO()
    _code(url, box_size).make_image().save(buffer, format="PNG")
    return buffer.getvalue()
