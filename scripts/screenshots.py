#!/usr/bin/env python3
"""Regenerate the README's screenshots from the app itself, so they stay true.

    python scripts/screenshots.py [--out docs/screenshots] [--db data/collab.db]

Each SVG is taken with Textual's own screenshot, at 120x36, on the bundled data.
"""

from __future__ import annotations

import argparse
import asyncio
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from collab_tui.app import CollabApp  # noqa: E402
from collab_tui.models import Start  # noqa: E402

SHOTS: list[tuple[str, Start | None, list[str]]] = [
    ("areas", Start.record("area", "norfolk"), []),
    ("leaders", None, ["2"]),
    ("projects", None, ["3"]),
    ("funding", None, ["4"]),
    ("search", None, ["slash", *"cfo cumbria"]),
    ("compare", Start.compare("norfolk", "suffolk"), ["n"]),
    ("report", Start.line(1065), ["slash", *"guardian series", "enter"]),
]


async def shoot(db: Path, out: Path, name: str, start: Start | None, keys: list[str]) -> Path:
    app = CollabApp(db, start=start)
    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.pause(0.3)
        await app.workers.wait_for_complete()
        for key in keys:
            await pilot.press(key)
        await pilot.pause(0.3)
        await app.workers.wait_for_complete()
        await pilot.pause(0.2)
        path = out / f"{name}.svg"
        app.save_screenshot(filename=path.name, path=str(out))
    return path


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "screenshots")
    parser.add_argument("--db", type=Path, default=ROOT / "data" / "collab.db")
    args = parser.parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)
    for name, start, keys in SHOTS:
        path = asyncio.run(shoot(args.db, args.out, name, start, keys))
        print(f"wrote {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
