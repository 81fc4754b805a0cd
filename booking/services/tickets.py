"""QR codes for tickets: an SVG of the ticket's URL, nothing else inside it."""

import qrcode
import qrcode.image.svg


def qr_svg(url: str, *, label: str) -> str:
    """An SVG QR code encoding the URL (error correction M, path-based, scalable), with an
    accessible name."""
    image = qrcode.make(
        url,
        image_factory=qrcode.image.svg.SvgPathImage,
        error_correction=qrcode.constants.ERROR_CORRECT_M,
        border=2,
    )
    svg = image.to_string(encoding="unicode")
    safe_label = label.replace("&", "&amp;").replace('"', "&quot;").replace("<", "&lt;")
    return svg.replace("<svg ", f'<svg role="img" aria-label="{safe_label}" ', 1)
