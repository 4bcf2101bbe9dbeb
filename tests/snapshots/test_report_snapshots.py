"""Snapshots of the Report pane at 80x24 and 120x40: contents and marks, find with n/N, a paragraph's
records, and v from a project. Read the report (snapshot_report.html) before `--snapshot-update`."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.pilot import Pilot

from collab_tui.app import CollabApp
from collab_tui.models import Start
from tests.helpers import snapshot_ready

SIZES = [(80, 24), (120, 40)]


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
@pytest.mark.parametrize(
    ("name", "keys", "start"),
    [
        # Northumbria from --line: contents (Northumbria highlighted), line numbers, margin marks.
        ("contents-and-marks", [], Start.line(1065)),
        # Find "tri-service", enter (1 of 7), n n (3 of 7, Devon and Cornwall), N (2 of 7).
        ("find-n-N", ["5", "slash", *"tri-service", "enter", "n", "n", "N"], None),
        # Enter on line 421's paragraph: the records drawn from it.
        ("records", ["enter"], Start.line(421)),
        # v on the Hayle tri-service station project: its first line (67), all four highlighted, then n.
        ("v-project", ["enter", "v", "n"], Start.record("project", "hayle-tri-service-station")),
    ],
)
def test_report_pane(snap_compare, built_db: Path, name: str, keys: list[str], start, size) -> None:
    async def run(pilot: Pilot) -> None:
        await snapshot_ready(pilot)
        for key in keys:
            await pilot.press(key)
            if key in ("enter", "v", "5"):
                await snapshot_ready(pilot)
        await snapshot_ready(pilot)

    app = CollabApp(built_db, start=start)
    assert snap_compare(app, terminal_size=size, run_before=run)
