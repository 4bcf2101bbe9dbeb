"""The compare screen: keys in, rows out; it shows what the JSON and Markdown say."""

from __future__ import annotations

import json
from pathlib import Path

from textual import events
from textual.widgets import Input, OptionList, Static

from collab_tui.compare import compare_areas
from collab_tui.compare_export import comparison_dict, comparison_markdown
from collab_tui.db import Database
from collab_tui.models import RecordRef, Start
from collab_tui.screens.area_picker import AreaPicker
from collab_tui.screens.compare import CompareScreen, CompareTable, SidePicker
from collab_tui.screens.export_dialog import PathPrompt
from tests.helpers import run_main, settle, started


async def test_c_on_an_area_asks_for_the_other_then_compares(built_db: Path) -> None:
    async with started(built_db, (120, 40), Start.record("area", "norfolk")) as (app, pilot):
        await pilot.press("c")
        await settle(pilot)
        assert isinstance(app.screen, AreaPicker)
        await pilot.press(*"sufolk")  # misspelt on purpose
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, CompareScreen)
        c = app.screen.comparison
        assert (c.left.name, c.right.name) == ("Norfolk", "Suffolk")
        table = app.screen.query_one(CompareTable)
        cells = [[cell.plain for cell in table.get_row_at(i)] for i in range(table.row_count)]
        marsh = next(r for r in cells if "Ambulance Chief Executive" in r[1])
        assert marsh[0] == "=" and "Anthony Marsh" in marsh[2] and "Anthony Marsh" in marsh[3]


async def test_c_and_a_name_typed_in_one_burst_all_reach_the_picker(built_db: Path) -> None:
    """Issue 11's known limit: "c" then "sufolk" typed faster than the picker opens (all the keys queued
    before any is handled, as a script or a quick typist sends them) all reach the picker, in order;
    none reaches the table behind it (s would sort it), and an enter in the burst picks Suffolk."""
    async with started(built_db, (120, 40), Start.record("area", "norfolk")) as (app, pilot):
        behind = app.screen
        for key in ["c", *"sufolk"]:
            app.post_message(events.Key(key, key))
        await settle(pilot)
        assert isinstance(app.screen, AreaPicker)
        assert app.screen.query_one(Input).value == "sufolk"
        assert behind.query_one("#areas-pane-table").sort_column == 0  # still by name: no "s" reached it
        await pilot.press("escape")
        await settle(pilot)
        for key in ["c", *"sufff", "backspace", "backspace", *"olk", "enter"]:
            app.post_message(events.Key(key, "\r" if key == "enter" else None if key == "backspace" else key))
        await settle(pilot)
        assert isinstance(app.screen, CompareScreen)
        c = app.screen.comparison
        assert (c.left.name, c.right.name) == ("Norfolk", "Suffolk")


async def test_n_lands_on_real_differences_s_swaps_escape_leaves(built_db: Path) -> None:
    """Norfolk/Suffolk: n visits the PCC, the chief constable, ... not every row (10 of 67 differ)."""
    async with started(built_db, (160, 50), Start.compare("norfolk", "suffolk")) as (app, pilot):
        screen = app.screen
        assert isinstance(screen, CompareScreen)
        rows = screen.comparison.rows
        differences = list(screen.comparison.differences)
        assert len(differences) == 10 and len(rows) == 67
        title = screen.query_one("#compare-title", Static).render().plain
        assert "Norfolk ⇄ Suffolk: 10 of 67 rows differ" in title
        await pilot.press("n")
        await settle(pilot)
        assert screen.current_row() == differences[0]
        pcc = rows[differences[0]]
        assert (pcc.label, pcc.left, pcc.right) == (
            "Police and Crime Commissioner", "Steven Bett (Ind)", "Tim Passmore (Cons)")  # fmt: skip
        await pilot.press("n")
        await settle(pilot)
        assert rows[screen.current_row()].label == "Chief Constable"
        await pilot.press("N", "N")
        await settle(pilot)
        # Back past the first difference wraps round to the last: Suffolk's funding, Norfolk's none.
        last = rows[screen.current_row()]
        assert (last.label, last.left, last.right) == ("Total", "£0", "£473,250")
        await pilot.press("s")
        await settle(pilot)
        assert (screen.comparison.left.name, screen.comparison.right.name) == ("Suffolk", "Norfolk")
        assert screen.current_row() == differences[-1]  # the cursor stays on its row
        # Opened by a deep link, the comparison is the start: Escape closes it, and no further.
        await pilot.press("escape")
        await settle(pilot)
        assert not isinstance(app.screen, CompareScreen)
        await pilot.press("escape")
        await settle(pilot)
        assert not isinstance(app.screen, CompareScreen)


async def test_change_a_side_without_leaving(built_db: Path) -> None:
    async with started(built_db, (120, 40), Start.compare("norfolk", "suffolk")) as (app, pilot):
        await pilot.press("r")
        await settle(pilot)
        assert isinstance(app.screen, AreaPicker)
        await pilot.press(*"cambridgeshire", "enter")
        await settle(pilot)
        assert isinstance(app.screen, CompareScreen)
        assert app.screen.comparison.right.name == "Cambridgeshire"


def _go_to_row(screen: CompareScreen, label: str) -> int:
    index = next(i for i, r in enumerate(screen.comparison.rows) if r.label == label)
    screen.move_to(index)
    return index


async def test_enter_opens_the_record_and_escape_returns_to_the_comparison(built_db: Path) -> None:
    async with started(built_db, (120, 40), Start.record("area", "norfolk")) as (app, pilot):
        await pilot.press("c", *"suffolk")
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, CompareScreen)
        # Anthony Marsh leads both areas' ambulance service: one record, opened at once.
        row = _go_to_row(screen, "Ambulance Chief Executive")
        await pilot.press("enter")
        await settle(pilot)
        main = app.screen
        assert not isinstance(main, CompareScreen)
        assert main.active_pane == "leaders"
        assert main.here().ref == RecordRef("person", "anthony-marsh")
        # Escape goes back to the comparison, on the same row ...
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, CompareScreen)
        assert (app.screen.comparison.left.name, app.screen.comparison.right.name) == ("Norfolk", "Suffolk")
        assert app.screen.current_row() == row
        # ... a second Escape to Norfolk in the Areas pane, where c was pressed; a third does nothing.
        await pilot.press("escape")
        await settle(pilot)
        assert not isinstance(app.screen, CompareScreen)
        assert app.screen.here().ref == RecordRef("area", "norfolk")
        await pilot.press("escape")
        await settle(pilot)
        assert app.screen.here().ref == RecordRef("area", "norfolk")


async def test_enter_on_a_row_naming_two_people_asks_which_side(built_db: Path) -> None:
    async with started(built_db, (120, 40), Start.compare("norfolk", "suffolk")) as (app, pilot):
        screen = app.screen
        row = _go_to_row(screen, "Police and Crime Commissioner")
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, SidePicker)
        options = app.screen.query_one(OptionList)
        labels = [options.get_option_at_index(i).prompt.plain for i in range(options.option_count)]
        assert labels == ["Norfolk: Steven Bett", "Suffolk: Tim Passmore"]
        await pilot.press("right")  # the right-hand side's record
        await settle(pilot)
        assert app.screen.active_pane == "leaders"
        assert app.screen.here().ref == RecordRef("person", "tim-passmore")
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, CompareScreen) and app.screen.current_row() == row
        # Escape in the question cancels it and stays on the comparison.
        await pilot.press("enter")
        await settle(pilot)
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, CompareScreen)


async def test_labels_read_in_full_and_the_header_fits_at_80_columns(built_db: Path) -> None:
    async with started(built_db, (80, 24), Start.compare("norfolk", "suffolk")) as (app, _pilot):
        screen = app.screen
        table = screen.query_one(CompareTable)
        labels = [table.get_row_at(i)[1].plain for i in range(table.row_count)]
        for section in ("Area", "Leaders", "Organisations", "Projects", "Funding", "Stated savings"):
            assert section in labels  # a heading row per section, not "Leaders: Police and C…"
        assert "Total from the Department for Communities and Local Government" in labels
        assert not any("…" in label for label in labels)
        long_row = next(r for i, r in enumerate(table.ordered_rows) if (shown := screen.compared_row(i))
                        and shown.label.startswith("Total from the Department"))  # fmt: skip
        assert long_row.height >= 2  # wrapped over lines, not cut
        title = screen.query_one("#compare-title", Static)
        assert title.size.width <= 80
        for line in title.render().plain.splitlines():
            assert len(line) <= title.size.width, line


async def test_e_writes_the_briefing_the_user_confirms(built_db: Path, tmp_path: Path) -> None:
    target = tmp_path / "briefing.md"
    async with started(built_db, (120, 40), Start.compare("norfolk", "suffolk")) as (app, pilot):
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
    async with started(built_db, (120, 40), Start.compare("norfolk", "suffolk")) as (app, pilot):
        monkeypatch.setattr(app, "copy_to_clipboard", copied.append)
        await pilot.press("y")
        await settle(pilot)
        assert copied and copied[0].startswith("# Briefing: Norfolk and Suffolk")
        assert any("OSC 52" in n.message for n in app._notifications)


def test_screen_json_and_markdown_show_the_same_comparison(built_db: Path) -> None:
    db = Database(built_db)
    c = compare_areas(db, "devon-and-cornwall", "avon-and-somerset")
    # In this process through cli.main (tests/e2e/test_cli.py keeps the child-process smoke tests).
    result = run_main("--db", str(built_db), "compare", "devon and cornwall", "avon", "--json")
    assert json.loads(result.stdout) == json.loads(json.dumps(comparison_dict(c)))
    markdown = run_main("--db", str(built_db), "compare", "devon and cornwall", "avon", "--markdown").stdout
    assert markdown == comparison_markdown(c)
    # what the screen lists is what the JSON lists, row for row
    rows = comparison_dict(c)["rows"]
    assert [(r["left"], r["right"]) for r in rows] == [(r.left, r.right) for r in c.rows]
    assert "Lee Howell" in markdown and "Devon and Somerset Fire and Rescue Service" in markdown
