"""Decode the SVG QR codes the app draws, with a real QR decoder (zxing-cpp)."""

import re

import numpy as np
import zxingcpp

_SQUARE = re.compile(r"M(\d+),(\d+)H\d+V\d+H\d+z")
_SIZE = re.compile(r'viewBox="0 0 (\d+) (\d+)"')


def decode_svg(svg: str) -> str:
    """Rasterise the module squares of a path-based SVG QR code and decode it."""
    size = int(_SIZE.search(svg).group(1))
    grid = np.full((size, size), 255, dtype=np.uint8)
    for x, y in _SQUARE.findall(svg):
        grid[int(y), int(x)] = 0
    scale = 8
    image = np.kron(grid, np.ones((scale, scale), dtype=np.uint8))
    image = np.pad(image, 4 * scale, constant_values=255)
    (result,) = zxingcpp.read_barcodes(image)
    return result.text
