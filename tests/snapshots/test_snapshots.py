"""Snapshots of every pane, a detail view, search and help, at 80x24, 100x30 and 160x50.

Read the report (snapshot_report.html) before running `pytest --snapshot-update`.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.pilot import Pilot

from collab_tui.app import CollabApp
from collab_tui.models import Start
from tests.helpers import snapshot_ready

SIZES = [(80, 24), (100, 30), (160, 50)]


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
@pytest.mark.parametrize(
    ("name", "keys", "start"),
    [
        ("areas", [], None),
        ("leaders", ["2"], None),
        ("projects", ["3"], None),
        ("funding", ["4"], None),
        ("area-detail", ["enter"], Start.record("area", "norfolk")),
        ("person-detail", ["enter"], Start.record("person", "anthony-marsh")),
        ("help", ["question_mark"], None),
    ],
)
def test_screens(snap_compare, built_db: Path, name: str, keys: list[str], start, size) -> None:
    app = CollabApp(built_db, start=start)
    assert snap_compare(app, press=["_", *keys, "_"], terminal_size=size, run_before=snapshot_ready)


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_search_results(snap_compare, built_db: Path, size) -> None:
    async def type_query(pilot: Pilot) -> None:
        await pilot.app.workers.wait_for_complete()
        await pilot.press("slash", *"cfo cumbria")
        await snapshot_ready(pilot)

    app = CollabApp(built_db)
    assert snap_compare(app, terminal_size=size, run_before=type_query)


@pytest.mark.parametrize("size", [(80, 24), (160, 50)], ids=lambda s: f"{s[0]}x{s[1]}")
def test_compare_screen(snap_compare, built_db: Path, size) -> None:
    app = CollabApp(built_db, start=Start.compare("norfolk", "suffolk"))
    assert snap_compare(app, press=["_", "n", "_"], terminal_size=size, run_before=snapshot_ready)
