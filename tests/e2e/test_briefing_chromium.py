"""The HTML briefing as a browser shows and prints it: headless Chromium, from the distribution's packages."""

from __future__ import annotations

import importlib.util
import re
import struct
import zlib
from pathlib import Path
from types import ModuleType

import pytest

from collab_tui.compare import compare_areas
from collab_tui.compare_html import comparison_html
from collab_tui.db import Database
from tests.helpers import ROOT


def load_script() -> ModuleType:
    spec = importlib.util.spec_from_file_location(
        "briefing_screenshot", ROOT / "scripts" / "briefing-screenshot.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


SCRIPT = load_script()
BROWSER = SCRIPT.find_chromium()
needs_chromium = pytest.mark.skipif(
    BROWSER is None,
    reason="no chromium on this machine: .ci/run installs it with `apt-get install chromium` (Debian's package); "
    "where that cannot be installed, the browser checks are skipped",
)


def png_pixels(data: bytes) -> tuple[int, int, list[bytes]]:
    """Width, height and unfiltered RGB(A) rows of an 8-bit, non-interlaced PNG."""
    assert data[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG"
    pos, idat, width = 8, b"", 0
    height = depth = colour = 0
    while pos < len(data):
        (length,) = struct.unpack(">I", data[pos : pos + 4])
        kind, body = data[pos + 4 : pos + 8], data[pos + 8 : pos + 8 + length]
        if kind == b"IHDR":
            width, height, depth, colour = struct.unpack(">IIBB", body[:10])
        elif kind == b"IDAT":
            idat += body
        pos += 12 + length
    assert depth == 8 and colour in (2, 6), (depth, colour)
    bpp = 3 if colour == 2 else 4
    raw = zlib.decompress(idat)
    stride = width * bpp
    rows: list[bytes] = []
    prev = bytearray(stride)
    for y in range(height):
        kind, line = raw[y * (stride + 1)], bytearray(raw[y * (stride + 1) + 1 : (y + 1) * (stride + 1)])
        for x in range(stride):
            a = line[x - bpp] if x >= bpp else 0
            b = prev[x]
            c = prev[x - bpp] if x >= bpp else 0
            if kind == 1:
                line[x] = (line[x] + a) & 0xFF
            elif kind == 2:
                line[x] = (line[x] + b) & 0xFF
            elif kind == 3:
                line[x] = (line[x] + (a + b) // 2) & 0xFF
            elif kind == 4:
                p = a + b - c
                pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                line[x] = (line[x] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 0xFF
        rows.append(bytes(line))
        prev = line
    return width, height, rows


@pytest.mark.slow
@needs_chromium
def test_briefing_screenshot_is_not_blank(db: Database, tmp_path: Path) -> None:
    page = tmp_path / "briefing.html"
    page.write_text(comparison_html(compare_areas(db, "warwickshire", "west-mercia")), encoding="utf-8")
    png = tmp_path / "briefing.png"
    SCRIPT.screenshot(BROWSER, page, png, width=800, height=1000)
    width, height, rows = png_pixels(png.read_bytes())
    assert (width, height) == (800, 1000)
    bpp = len(rows[0]) // width
    pixels = [row[i : i + 3] for row in rows[::4] for i in range(0, len(row), bpp * 4)]
    dark = sum(1 for p in pixels if max(p) < 100)  # text
    tinted = {p for p in pixels if len(set(p)) > 1}  # the headers' blue, the notice's yellow
    assert dark > len(pixels) * 0.005, "no text drawn"
    assert len(tinted) > 10, "no styled table or notice drawn"
    assert sum(1 for p in pixels if p == b"\xff\xff\xff") > len(pixels) * 0.3, "not a white page"


@pytest.mark.slow
@needs_chromium
def test_briefing_prints_on_several_a4_pages(db: Database, tmp_path: Path) -> None:
    page = tmp_path / "briefing.html"
    page.write_text(comparison_html(compare_areas(db, "norfolk", "suffolk")), encoding="utf-8")
    pdf = tmp_path / "briefing.pdf"
    SCRIPT.print_pdf(BROWSER, page, pdf)
    data = pdf.read_bytes()
    sizes = re.findall(rb"/MediaBox\s*\[\s*0 0 ([\d.]+) ([\d.]+)\s*\]", data)
    assert sizes, "no pages"
    # A4 is 595 x 842 points; a page break before each of the six sections gives at least seven pages.
    assert all(abs(float(w) - 595.92) < 2 and abs(float(h) - 842.88) < 2 for w, h in sizes), set(sizes)
    assert len(sizes) >= 7, len(sizes)
