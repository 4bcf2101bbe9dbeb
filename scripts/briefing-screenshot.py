#!/usr/bin/env python3
"""Take a picture of the HTML briefing in headless Chromium, for the README.

    python scripts/briefing-screenshot.py [--out docs/screenshots/briefing.png] [--db data/collab.db]
                                          [--areas warwickshire west-mercia]

Chromium comes from the distribution's packages (`apt-get install chromium`; .ci/run installs it).
It runs with no network, no sync, no first-run, and a fresh profile that is deleted afterwards.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

CANDIDATES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")
FLAGS = ("--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
         "--disable-component-update", "--disable-sync", "--no-first-run", "--hide-scrollbars",
         "--disable-extensions", "--mute-audio")  # fmt: skip


def find_chromium() -> str | None:
    """The path of a Chromium (or Chrome) on this machine, or None."""
    return next((path for name in CANDIDATES if (path := shutil.which(name))), None)


def chromium(browser: str, html: Path, *args: str, timeout: float = 120,
             fragment: str = "") -> subprocess.CompletedProcess[bytes]:  # fmt: skip
    """Run headless Chromium on a local file (at ``#fragment``) with a fresh, throwaway profile."""
    url = html.resolve().as_uri() + (f"#{fragment}" if fragment else "")
    with tempfile.TemporaryDirectory(prefix="collab-chromium-") as profile:
        return subprocess.run(
            [browser, *FLAGS, f"--user-data-dir={profile}", *args, url],
            capture_output=True, timeout=timeout, check=False, stdin=subprocess.DEVNULL,
        )  # fmt: skip


def screenshot(browser: str, html: Path, png: Path, width: int = 1000, height: int = 1400,
               fragment: str = "") -> None:  # fmt: skip
    """A PNG of ``width`` x ``height`` pixels of the page, from its top or from ``#fragment``."""
    result = chromium(browser, html, f"--window-size={width},{height}", f"--screenshot={png.resolve()}",
                      fragment=fragment)  # fmt: skip
    if not png.exists():
        raise RuntimeError(f"chromium made no screenshot (exit {result.returncode}): "
                           f"{result.stderr.decode(errors='replace')[-300:]}")  # fmt: skip


def print_pdf(browser: str, html: Path, pdf: Path) -> None:
    """The page printed to PDF (A4, as its @page rule asks)."""
    result = chromium(browser, html, "--no-pdf-header-footer", f"--print-to-pdf={pdf.resolve()}")
    if not pdf.exists():
        raise RuntimeError(f"chromium made no PDF (exit {result.returncode})")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "screenshots" / "briefing.png")
    parser.add_argument("--size", type=int, nargs=2, default=[1000, 3400], metavar=("WIDTH", "HEIGHT"))
    parser.add_argument("--db", default=None)
    parser.add_argument("--areas", nargs=2, default=["warwickshire", "west-mercia"])
    args = parser.parse_args()
    browser = find_chromium()
    if browser is None:
        print("no chromium found: apt-get install chromium", file=sys.stderr)
        return 1
    from collab_tui.compare import compare_areas
    from collab_tui.compare_html import comparison_html
    from collab_tui.db import Database

    with Database(args.db) as db, tempfile.TemporaryDirectory() as tmp:
        page = Path(tmp) / "briefing.html"
        page.write_text(comparison_html(compare_areas(db, *args.areas)), encoding="utf-8")
        screenshot(browser, page, args.out, *args.size)
    print(f"wrote {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
