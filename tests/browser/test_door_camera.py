"""The door's camera in this Chromium: the fake camera films a real ticket's QR code, and the
vendored qr-scanner reads it under the app's Content-Security-Policy (its decoder a same-origin
worker file: ``worker-src 'self'``, no Blob URL). Also: the page's search folding agrees with the
server's."""

import re

import pytest
import zxingcpp
from playwright.sync_api import expect

from booking.core.formatting import search_words

from .camera import HEADER, HEIGHT, WIDTH, filming_page, qr_picture, write_video

CHECK_PAGE = """<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Camera</title>
</head><body><main><video muted playsinline></video><div id="frame"></div><p id="read">-</p>
<script type="module" src="/static/camera-check.js"></script></main></body></html>"""
CHECK_SCRIPT = """import QrScanner from "/static/js/vendor/qr-scanner.min.js";
const read = document.getElementById("read");
const found = (result) => { read.textContent = result.data; };
const scanner = new QrScanner(document.querySelector("video"), found, {
  returnDetailedScanResult: true, highlightScanRegion: true,
  overlay: document.getElementById("frame"), onDecodeError: () => {},
});
scanner.start().catch((error) => { read.textContent = "failed: " + error; });
"""
POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "worker-src 'self'; object-src 'none'; base-uri 'none'"
)


def test_the_video_holds_the_tickets_code(tmp_path):
    link = "http://127.0.0.1:5100/t/Zm9vYmFyLXRpY2tldC10b2tlbi0xMjM0"
    video = write_video(tmp_path / "ticket.y4m", [(qr_picture(link), 0.3)])
    data = video.read_bytes()
    assert data.startswith(HEADER)
    frame_size = WIDTH * HEIGHT * 3 // 2
    first = data[len(HEADER) + len(b"FRAME\n") :][:frame_size]
    assert len(data) == len(HEADER) + 3 * (len(b"FRAME\n") + frame_size)
    luma = bytes(first[: WIDTH * HEIGHT])
    image = zxingcpp.read_barcodes(
        zxingcpp.ImageView(luma, WIDTH, HEIGHT, zxingcpp.ImageFormat.Lum)
    )
    assert [code.text for code in image] == [link]


def test_qr_scanner_reads_the_fake_camera_under_the_policy(browser, live_server, tmp_path):
    link = f"{live_server.url}/t/Zm9vYmFyLXRpY2tldC10b2tlbi0xMjM0"
    video = write_video(tmp_path / "ticket.y4m", [(qr_picture(link), 1)])
    with filming_page(browser, live_server, video) as page:
        headers = {"Content-Security-Policy": POLICY}
        page.route(
            f"{live_server.url}/camera-check",
            lambda route: route.fulfill(body=CHECK_PAGE, content_type="text/html", headers=headers),
        )
        page.route(
            f"{live_server.url}/static/camera-check.js",
            lambda route: route.fulfill(body=CHECK_SCRIPT, content_type="text/javascript"),
        )
        page.goto("/camera-check")
        expect(page.locator("#read")).to_have_text(link)
        workers = [worker.url for worker in page.workers]
        assert workers == [f"{live_server.url}/static/js/vendor/qr-scanner-worker.js"]


@pytest.mark.parametrize(
    "name",
    ["Siobhán Ní Bhriain", "Sam O'Connor", "Łukasz Dvořák-Smith", "Zoë Æthelstan", "Straße"],
)
def test_the_page_folds_names_as_the_server_does(page, name):
    page.goto("/accessibility")
    folded = page.evaluate(
        "async (name) => (await import('/static/js/door-text.js')).fold(name)", name
    )
    assert folded == " ".join(search_words(name))
    assert re.fullmatch(r"[a-z0-9 ]+", folded)
