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

from .conftest import CHROMIUM, CHROMIUM_ARGS

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
