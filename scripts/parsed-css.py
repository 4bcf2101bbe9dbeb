#!/usr/bin/env python3
"""Write collab_tui/parsed_css.pickle: the first screen's stylesheets as Textual parses them (default theme).

    .venv/bin/python scripts/parsed-css.py

Run it after changing app.tcss or the first screen's widgets, or after upgrading Textual:
tests/app/test_parsed_css.py fails until the file matches (see collab_tui/widgets/parsed_css.py).
"""

from __future__ import annotations

import asyncio
import pickle
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from collab_tui.app import CollabApp
from collab_tui.files import atomic_write
from collab_tui.widgets.parsed_css import CACHE_FILE, first_frame_css


def main() -> None:
    data = asyncio.run(first_frame_css(CollabApp()))
    atomic_write(CACHE_FILE, pickle.dumps(data, protocol=4))
    print(f"wrote {CACHE_FILE}: {len(data['entries'])} stylesheets, Textual {data['textual']}")


if __name__ == "__main__":
    main()
