"""Chromium's fake camera, playing pictures we choose: a real ticket's QR code, or nothing.

Chromium plays a YUV4MPEG2 file as its camera (``--use-file-for-fake-video-capture``), looping
it; ``--use-fake-ui-for-media-stream`` answers the camera permission prompt with yes. The file is
fixed when the browser starts, so a test that films something starts a browser of its own with
``camera_browser``, from the Playwright behind the suite's shared browser.
"""

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from io import BytesIO
from pathlib import Path

import numpy as np
from PIL import Image

from booking.core.qr import qr_png

from .conftest import CHROMIUM, CHROMIUM_ARGS, TIMEOUT_MS

WIDTH, HEIGHT, FPS = 640, 480, 10
PICTURE_SIZE = 300  # pixels: inside qr-scanner's scan region (a centred square, 2/3 of 480)
HEADER = f"YUV4MPEG2 W{WIDTH} H{HEIGHT} F{FPS}:1 Ip A1:1 C420jpeg\n".encode("ascii")


def qr_picture(text: str) -> Image.Image:
    """The QR code the app draws for ``text`` (the ticket's own PNG code, as emailed)."""
    return Image.open(BytesIO(qr_png(text))).convert("RGB")


def _frame(picture: Image.Image | None) -> Image.Image:
    """A white frame with the picture in its centre, scaled to PICTURE_SIZE with hard edges."""
    frame = Image.new("RGB", (WIDTH, HEIGHT), "white")
    if picture is not None:
        scaled = picture.convert("RGB").resize((PICTURE_SIZE, PICTURE_SIZE), Image.NEAREST)
        frame.paste(scaled, ((WIDTH - PICTURE_SIZE) // 2, (HEIGHT - PICTURE_SIZE) // 2))
    return frame


def i420(frame: Image.Image) -> bytes:
    """One frame as I420 (BT.601, studio range): the Y plane, then U and V at half size."""
    rgb = np.asarray(frame.convert("RGB"), dtype=np.float64)
    r, g, b = rgb[..., 0], rgb[..., 1], rgb[..., 2]
    y = 16 + 0.257 * r + 0.504 * g + 0.098 * b
    u = 128 - 0.148 * r - 0.291 * g + 0.439 * b
    v = 128 + 0.439 * r - 0.368 * g - 0.071 * b

    def half(plane: np.ndarray) -> np.ndarray:  # each 2×2 block's mean
        height, width = plane.shape
        return plane.reshape(height // 2, 2, width // 2, 2).mean(axis=(1, 3))

    planes = (y, half(u), half(v))
    return b"".join(np.clip(np.rint(p), 0, 255).astype(np.uint8).tobytes() for p in planes)


def write_video(path: Path, scenes: Sequence[tuple[Image.Image | None, float]]) -> Path:
    """Write a .y4m of scenes ``(picture or None for an empty view, seconds)``, in order."""
    with path.open("wb") as video:
        video.write(HEADER)
        for picture, seconds in scenes:
            frame = i420(_frame(picture))
            for _ in range(max(1, round(seconds * FPS))):
                video.write(b"FRAME\n" + frame)
    return path


def camera_args(video: Path) -> list[str]:
    """The Chromium switches for a camera that plays ``video`` and needs no permission prompt."""
    return [
        "--use-fake-device-for-media-stream",
        "--use-fake-ui-for-media-stream",
        f"--use-file-for-fake-video-capture={video}",
    ]


@contextmanager
def camera_browser(browser, video: Path) -> Iterator:
    """A Chromium of its own, launched like the suite's ``browser`` but filming ``video``."""
    launched = browser.browser_type.launch(
        executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS + camera_args(video)
    )
    try:
        yield launched
    finally:
        launched.close()


@contextmanager
def filming_page(browser, live_server, video: Path, **context_options) -> Iterator:
    """A page in a browser whose camera films ``video``, watched like ``new_page``'s pages:
    server errors, script errors and console errors fail the test when it ends."""
    with camera_browser(browser, video) as filming:
        context = filming.new_context(
            base_url=live_server.url, locale="en-GB", timezone_id="Europe/London", **context_options
        )
        context.set_default_timeout(TIMEOUT_MS)
        page = context.new_page()
        page.java_script_enabled = True
        page.server_errors = []
        page.script_errors = []
        page.on(
            "response",
            lambda r: (
                page.server_errors.append(f"{r.status} {r.url}")
                if r.request.is_navigation_request() and r.status >= 500
                else None
            ),
        )
        page.on("pageerror", lambda error: page.script_errors.append(str(error)))
        page.on("console", lambda m: _console_error(page, m))
        yield page
        context.close()
        problems = page.server_errors + page.script_errors
        assert not problems, f"server or script errors in the browser: {problems}"


def _console_error(page, message) -> None:
    if message.type == "error":
        page.script_errors.append(f"console: {message.text} ({page.url})")
