"""The compare screen: keys in, rows out; it shows what the JSON and Markdown say."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from textual.widgets import Input, Static

from collab_tui.app import CollabApp
from collab_tui.compare import compare_areas, to_dict, to_markdown
from collab_tui.db import Database
from collab_tui.screens.compare import CompareScreen, CompareTable
from collab_tui.screens.pickers import AreaPicker, PathPrompt
from tests.app.test_app import settle
from tests.conftest import ROOT


async def test_c_on_an_area_asks_for_the_other_then_compares(built_db: Path) -> None:
    app = CollabApp(built_db, start=("area", "norfolk"))
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot, 0.3)
        await pilot.press("c")
        await settle(pilot)
        assert isinstance(app.screen, AreaPicker)
        await pilot.press(*"sufolk")  # misspelt on purpose
        await settle(pilot, 0.2)
        await pilot.press("enter")
        await settle(pilot, 0.2)
        assert isinstance(app.screen, CompareScreen)
        c = app.screen.comparison
        assert (c.left.name, c.right.name) == ("Norfolk", "Suffolk")
        table = app.screen.query_one(CompareTable)
        cells = [[cell.plain for cell in table.get_row_at(i)] for i in range(table.row_count)]
        marsh = next(r for r in cells if "Ambulance Chief Executive" in r[1])
        assert marsh[0] == "=" and "Anthony Marsh" in marsh[2] and "Anthony Marsh" in marsh[3]


async def test_n_jumps_to_differences_s_swaps_escape_returns(built_db: Path) -> None:
    app = CollabApp(built_db, start=("compare", "norfolk|suffolk"))
    async with app.run_test(size=(160, 50)) as pilot:
        await settle(pilot, 0.3)
        screen = app.screen
        assert isinstance(screen, CompareScreen)
        table = screen.query_one(CompareTable)
        differences = list(screen.comparison.differences)
        await pilot.press("n")
        await settle(pilot)
        assert table.cursor_row == differences[0]
        await pilot.press("n")
        await settle(pilot)
        assert table.cursor_row == differences[1]
        await pilot.press("N")
        await settle(pilot)
        assert table.cursor_row == differences[0]
        await pilot.press("s")
        await settle(pilot)
        assert (screen.comparison.left.name, screen.comparison.right.name) == ("Suffolk", "Norfolk")
        await pilot.press("escape")
        await settle(pilot)
        assert not isinstance(app.screen, CompareScreen)


async def test_change_a_side_without_leaving(built_db: Path) -> None:
    app = CollabApp(built_db, start=("compare", "norfolk|suffolk"))
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot, 0.3)
        await pilot.press("r")
        await settle(pilot)
        assert isinstance(app.screen, AreaPicker)
        await pilot.press(*"cambridgeshire", "enter")
        await settle(pilot, 0.2)
        assert isinstance(app.screen, CompareScreen)
        assert app.screen.comparison.right.name == "Cambridgeshire"


async def test_enter_on_a_row_opens_its_record(built_db: Path) -> None:
    app = CollabApp(built_db, start=("compare", "norfolk|suffolk"))
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot, 0.3)
        screen = app.screen
        row = next(i for i, r in enumerate(screen.comparison.rows) if r.link_kind == "person")
        screen.query_one(CompareTable).move_cursor(row=row)
        await pilot.press("enter")
        await settle(pilot, 0.3)
        assert not isinstance(app.screen, CompareScreen)
        assert app.screen.active_pane == "leaders"


async def test_e_writes_the_briefing_the_user_confirms(built_db: Path, tmp_path: Path) -> None:
    target = tmp_path / "briefing.md"
    app = CollabApp(built_db, start=("compare", "norfolk|suffolk"))
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot, 0.3)
        await pilot.press("e")
        await settle(pilot)
        assert isinstance(app.screen, PathPrompt)
        app.screen.query_one(Input).value = str(target)
        await pilot.press("enter")
        await settle(pilot)
        assert target.read_text(encoding="utf-8").startswith("# Briefing: Norfolk and Suffolk")
        await pilot.press("e")
        await settle(pilot)
        app.screen.query_one(Input).value = str(target)
        await pilot.press("enter")  # exists: asks again
        await settle(pilot)
        assert isinstance(app.screen, PathPrompt)
        assert "exists" in app.screen.query_one("#path-hint", Static).render().plain
        await pilot.press("escape")


async def test_y_copies_and_says_how(built_db: Path, monkeypatch) -> None:
    copied: list[str] = []
    monkeypatch.setattr("collab_tui.clipboard.copy_with_tool", lambda text, platform=None: None)
    app = CollabApp(built_db, start=("compare", "norfolk|suffolk"))
    monkeypatch.setattr(app, "copy_to_clipboard", copied.append)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot, 0.3)
        await pilot.press("y")
        await settle(pilot)
        assert copied and copied[0].startswith("# Briefing: Norfolk and Suffolk")
        assert any("OSC 52" in n.message for n in app._notifications)


def test_screen_json_and_markdown_show_the_same_comparison(built_db: Path) -> None:
    db = Database(built_db)
    c = compare_areas(db, "devon-and-cornwall", "avon-and-somerset")
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "collab_tui",
            "--db",
            str(built_db),
            "compare",
            "devon and cornwall",
            "avon",
            "--json",
        ],
        capture_output=True,
        text=True,
        cwd=ROOT,
    )
    assert json.loads(result.stdout) == json.loads(json.dumps(to_dict(c)))
    markdown = subprocess.run(
        [
            sys.executable,
            "-m",
            "collab_tui",
            "--db",
            str(built_db),
            "compare",
            "devon and cornwall",
            "avon",
            "--markdown",
        ],
        capture_output=True,
        text=True,
        cwd=ROOT,
    ).stdout
    assert markdown == to_markdown(c)
    # what the screen lists is what the JSON lists, row for row
    rows = to_dict(c)["rows"]
    assert [(r["left"], r["right"]) for r in rows] == [(r.left, r.right) for r in c.rows]
    assert "Lee Howell" in markdown and "Devon and Somerset Fire and Rescue Service" in markdown
