"""The export dialog: cursor before the extension, errors shown in place, formats as choices, BOM for CSV."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from textual.widgets import Input, RadioButton, Select, Static

from collab_tui.app import CollabApp
from collab_tui.models import Start
from collab_tui.screens.export_dialog import PathPrompt
from tests.helpers import settle, started


def field(app: CollabApp) -> Input:
    return app.screen.query_one("#path-input", Input)


def error_text(app: CollabApp) -> str:
    return app.screen.query_one("#path-error", Static).render().plain


async def test_cursor_before_the_extension_and_html_briefing(built_db: Path, tmp_path: Path,
                                                             monkeypatch: pytest.MonkeyPatch) -> None:  # fmt: skip
    monkeypatch.chdir(tmp_path)
    async with started(built_db, (120, 40), Start.compare("norfolk", "suffolk")) as (app, pilot):
        await pilot.press("e")
        await settle(pilot)
        assert isinstance(app.screen, PathPrompt)
        value = field(app).value
        assert value == str(tmp_path / "briefing-norfolk-suffolk.html")
        selection = field(app).selection
        assert selection.start == selection.end == len(value) - len(".html")  # nothing selected
        offered = [b.id for b in app.screen.query(RadioButton)]
        assert offered == ["format-html", "format-md", "format-json", "format-csv"]
        assert app.screen.query_one("#format-html", RadioButton).value
        await pilot.press(*"-week1")
        assert field(app).value.endswith("briefing-norfolk-suffolk-week1.html")
        await pilot.press("enter")
        await settle(pilot)
        assert not isinstance(app.screen, PathPrompt)
        assert any("Wrote the comparison" in n.message for n in app._notifications)
    text = (tmp_path / "briefing-norfolk-suffolk-week1.html").read_text(encoding="utf-8")
    assert text.startswith("<!DOCTYPE html>") and "<h1>Briefing: Norfolk and Suffolk</h1>" in text


async def test_an_error_keeps_the_dialog_open_and_says_why(built_db: Path, tmp_path: Path) -> None:
    async with started(built_db, (120, 40), Start.compare("norfolk", "suffolk")) as (app, pilot):
        await pilot.press("e")
        await settle(pilot)
        field(app).value = str(tmp_path / "missing" / "briefing.html")
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, PathPrompt)
        assert error_text(app) == f"The folder {tmp_path / 'missing'} does not exist"
        field(app).value = str(tmp_path / "briefing.xlsx")
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, PathPrompt)
        assert error_text(app).startswith("Unknown extension: end the name with .html, .md, .json or .csv")
        await pilot.press("end", "backspace", *"sv")  # typing still goes to the field, not the search bar
        assert field(app).value == str(tmp_path / "briefing.xlssv")
        assert error_text(app) == ""  # cleared as soon as the name changes
        field(app).value = str(tmp_path / "briefing.md")
        await pilot.press("enter")
        await settle(pilot)
        assert not isinstance(app.screen, PathPrompt)
    assert (
        (tmp_path / "briefing.md").read_text(encoding="utf-8").startswith("# Briefing: Norfolk and Suffolk")
    )
    assert sorted(p.name for p in tmp_path.iterdir()) == ["briefing.md"]


async def test_choosing_a_format_changes_the_extension_and_csv_has_a_bom(
    built_db: Path, tmp_path: Path
) -> None:
    async with started(built_db, (120, 40)) as (app, pilot):
        await pilot.press("e")
        await settle(pilot)
        assert isinstance(app.screen, PathPrompt)
        assert [b.id for b in app.screen.query(RadioButton)] == [
            "format-csv", "format-json", "format-md", "format-html",
        ]  # fmt: skip
        field(app).value = str(tmp_path / "areas.csv")
        await settle(pilot)
        await pilot.press("tab", "down", "down", "enter")  # to the choices: CSV, JSON, Markdown
        await settle(pilot)
        assert app.screen.query_one("#format-md", RadioButton).value
        assert field(app).value == str(tmp_path / "areas.md")
        assert app.focused is field(app) and field(app).cursor_position == len(str(tmp_path / "areas"))
        field(app).value = str(tmp_path / "areas.csv")  # typing an extension picks the choice
        await settle(pilot)
        assert app.screen.query_one("#format-csv", RadioButton).value
        assert not app.screen.query_one("#format-md", RadioButton).value
        await pilot.press("enter")
        await settle(pilot)
    raw = (tmp_path / "areas.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # the app always writes CSV with a byte-order mark
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"), newline="")))
    header = rows[0]
    assert header == ["Area", "Projects", "Funding £", "Nation", "Joint £", "Report section", "Covers"]
    assert all(len(r) == len(header) for r in rows)
    norfolk = dict(zip(header, rows[[r[0] for r in rows].index("Norfolk")], strict=True))
    assert norfolk["Nation"] == "England" and norfolk["Covers"] == "Norfolk; north Norfolk"
    assert len(rows) == 1 + 41  # data rows only


async def test_search_results_export_with_readable_headers(built_db: Path, tmp_path: Path) -> None:
    async with started(built_db, (120, 40)) as (app, pilot):
        await pilot.press("slash", *"cfo cumbria")
        await settle(pilot)
        await app.screen.run_action("export_search")
        await settle(pilot)
        assert isinstance(app.screen, PathPrompt)
        field(app).value = str(tmp_path / "search.csv")
        await pilot.press("enter")
        await settle(pilot)
    raw = (tmp_path / "search.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"), newline="")))
    assert rows[0] == ["Kind", "Name", "Area(s)", "Matched field", "Matched text", "Score"]
    assert rows[1][:3] == ["Person", "Ian Cartwright", "Cumbria"]


async def test_shift_y_copies_the_table_as_cells_for_excel(
    built_db: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from collab_tui.db import Database
    from collab_tui.tables import LeaderFilters, build_table

    copied: list[str] = []
    monkeypatch.setattr("collab_tui.clipboard.copy_with_tool", lambda text, platform=None: "pbcopy")
    async with started(built_db, (120, 40)) as (app, pilot):
        monkeypatch.setattr(app, "copy_to_clipboard", copied.append)
        await pilot.press("2")
        await settle(pilot)
        app.screen.query_one("#leaders-pane #filter-role", Select).value = "pcc"
        await settle(pilot)
        app.screen.query_one("#leaders-pane-table").focus()
        await pilot.press("Y")
        await settle(pilot)
        assert any("Copied the table" in n.message for n in app._notifications)
    with Database(built_db) as db:
        expected = build_table(db, "leaders", LeaderFilters(role="pcc"))
    rows = [line.split("\t") for line in copied[0].split("\r\n") if line]
    assert rows[0] == [c.label for c in expected.columns]  # readable headers: Name, Role, Area(s)...
    assert len(rows) == 1 + len(expected.rows) and all(len(r) == len(rows[0]) for r in rows)
    role = rows[0].index("Role")
    # The screen may shorten a role to "PCC"; the cells carry the label in full, never the code.
    assert {r[role] for r in rows[1:]} == {"Police and Crime Commissioner"}
    assert ["Ann Barnes", "Police and Crime Commissioner", "Kent", "Ind"] in [r[:4] for r in rows]
