"""Pilot tests of the pane tables at the sizes officers have: 80x24, 100x30 and 160x50."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from textual.widgets import Input, Select, Static

from collab_tui import tables
from collab_tui.app import CollabApp
from collab_tui.export import export_view
from collab_tui.models import RecordRef, Start
from collab_tui.widgets.detail_view import DetailView
from collab_tui.widgets.panes import BrowsePane
from collab_tui.widgets.record_table import RecordTable
from tests.helpers import settle, started, table

SIZES = [(80, 24), (100, 30), (160, 50)]
PANES = {"areas": "1", "leaders": "2", "projects": "3", "funding": "4"}
KEY_COLUMNS = {
    "areas": ["name", "projects", "funding_gbp"],
    "leaders": ["name", "role", "areas", "party"],
    "projects": ["title", "areas"],
    "funding": ["amount_gbp", "areas", "fund"],
}


def pane(app: CollabApp, name: str) -> BrowsePane:
    return app.screen.query_one(f"#{name}-pane", BrowsePane)


def shown_columns(t: RecordTable) -> list[str]:
    return [str(c.key.value) for c in t.ordered_columns]


def visible_rows(t: RecordTable) -> int:
    return t.scrollable_content_region.height - t.header_height


def cell_texts(t: RecordTable, key: str) -> list[str]:
    index = shown_columns(t).index(key)
    return [t.get_row_at(i)[index].plain for i in range(t.row_count)]


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
async def test_every_pane_shows_its_key_columns_and_enough_rows(
    built_db: Path, size: tuple[int, int]
) -> None:
    app = CollabApp(built_db)
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        for name, key in PANES.items():
            await pilot.press(key)
            await settle(pilot)
            t = table(app, name)
            assert set(KEY_COLUMNS[name]) <= set(shown_columns(t)), (name, shown_columns(t))
            assert t.shown is not None and t.border_subtitle and t.shown.count in str(t.border_subtitle)
            # The table takes the height: at least 12 rows at 100x30, 8 at 80x24.
            wanted = {24: 8, 30: 12, 50: 20}[size[1]]
            assert visible_rows(t) >= min(wanted, t.row_count), (name, visible_rows(t))
            # Columns fit: nothing runs off the right edge.
            assert t.virtual_size.width <= t.scrollable_content_region.width
            # An area is never cut to two letters: whole, or at least 11 characters and "…".
            area_key = "name" if name == "areas" else "areas"
            full = t.shown.texts(area_key)
            for shown, whole in zip(cell_texts(t, area_key), full, strict=True):
                assert shown == whole or (shown.endswith("…") and len(shown) >= 11), (name, shown)


async def test_leaders_rows_read_name_role_area_party_at_80x24(built_db: Path) -> None:
    app = CollabApp(built_db, start=Start.record("person", "ann-barnes"))
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        t = table(app, "leaders")
        assert t.current_ref() == RecordRef("person", "ann-barnes")
        row = [c.plain for c in t.get_row_at(t.cursor_row)]
        assert row[:4] == ["Ann Barnes", "PCC", "Kent", "Ind"]  # line 744: "PCC: Ann Barnes (Ind)"
        numbers = table(app, "leaders")
        assert numbers is t


async def test_narrow_detail_opens_on_enter_and_gives_the_height_back(built_db: Path) -> None:
    app = CollabApp(built_db)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        t = table(app, "areas")
        detail = app.screen.query_one("#areas-pane-detail", DetailView)
        assert not detail.display or detail.region.height == 0
        before = visible_rows(t)
        assert before >= 12
        await pilot.press("enter")
        await settle(pilot)
        assert detail.region.height > 0 and app.focused is detail
        assert "Sue Mountstevens" in detail.query_one(".detail-text", Static).render().plain
        await pilot.press("escape")
        await settle(pilot)
        assert app.focused is t and detail.region.height == 0 and visible_rows(t) == before
        await pilot.press("d")  # the toggle key opens it with the table still focused
        await settle(pilot)
        assert detail.region.height > 0 and app.focused is t
        await pilot.press("d")
        await settle(pilot)
        assert detail.region.height == 0


async def test_wide_detail_sits_beside_the_table(built_db: Path) -> None:
    app = CollabApp(built_db)
    async with app.run_test(size=(160, 50)) as pilot:
        await settle(pilot)
        t = table(app, "areas")
        detail = app.screen.query_one("#areas-pane-detail", DetailView)
        assert detail.region.height > 0 and detail.region.x > t.region.x
        assert visible_rows(t) >= 40


async def test_quick_text_filter_and_clear_all_filters(built_db: Path) -> None:
    app = CollabApp(built_db)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("3")
        await settle(pilot)
        p, t = pane(app, "projects"), table(app, "projects")
        p.query_one("#filter-status", Select).value = "planned"
        await settle(pilot)
        planned = t.row_count
        await pilot.press("f")
        assert isinstance(app.focused, Input)
        await pilot.press(*"fire station")
        await settle(pilot)
        assert t.shown is not None and 0 < t.row_count < planned
        assert t.shown.title == "Projects: status planned, text \u201cfire station\u201d"
        expected = tables.build_table(
            app.db, "projects", tables.ProjectFilters(status="planned", text="fire station")
        )
        assert [r.ref for r in t.shown.rows] == [r.ref for r in expected.rows]
        assert t.border_subtitle == f"{t.row_count} of 313"
        await pilot.press("enter")
        await settle(pilot)
        assert app.focused is t
        await pilot.press("x")
        await settle(pilot)
        assert t.row_count == 313 and t.border_subtitle == "313 of 313"
        assert p.query_one("#filter-status", Select).value is Select.NULL
        assert p.query_one("#filter-text", Input).value == ""


async def test_areas_and_funding_filters(built_db: Path) -> None:
    app = CollabApp(built_db)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        areas = pane(app, "areas")
        areas.query_one("#filter-nation", Select).value = "wales"
        await settle(pilot)
        assert cell_texts(table(app, "areas"), "name") == [
            "Dyfed Powys",
            "Gwent",
            "North Wales",
            "South Wales",
        ]
        assert table(app, "areas").border_title == "Areas: nation Wales"
        await pilot.press("4")
        await settle(pilot)
        funding = pane(app, "funding")
        funding.query_one("#filter-scope", Select).value = "national"
        await settle(pilot)
        t = table(app, "funding")
        assert cell_texts(t, "areas") == ["national pot"] * 4
        assert [r.cells[0].value for r in t.shown.rows] == [75000000, 45000000, 30000000, 9200000]  # type: ignore[union-attr]
        funding.query_one("#filter-scope", Select).clear()
        funding.query_one("#filter-area", Select).value = "warwickshire"
        await settle(pilot)
        assert cell_texts(t, "areas") == ["Warwickshire + West Mercia ‡"] * 2
        assert "‡ joint award" in str(t.border_subtitle)


async def test_sorting_keeps_the_cursor_row_in_view_and_the_arrow_on_narrow_columns(built_db: Path) -> None:
    app = CollabApp(built_db, start=Start.record("area", "gwent"))
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        t = table(app, "areas")
        assert t.current_ref() == RecordRef("area", "gwent")
        await pilot.press("s")  # by projects, most first: Gwent (3 projects) moves near the end
        await settle(pilot)
        assert t.current_ref() == RecordRef("area", "gwent")
        assert t.cursor_row > 30
        top = round(t.scroll_y)
        assert top <= t.cursor_row < top + visible_rows(t)
        # the narrow Party column (Leaders, 80 columns) shows its arrow too
        await pilot.press("2")
        await settle(pilot)
        leaders = table(app, "leaders")
        await pilot.press("s", "s", "s")
        await settle(pilot)
        party = shown_columns(leaders).index("party")
        assert leaders.ordered_columns[party].label.plain.endswith("▲")
        assert leaders.ordered_columns[party].width <= 9


async def test_funding_totals_are_on_screen_at_80_and_100_columns(built_db: Path) -> None:
    for size in ((80, 24), (100, 30)):
        app = CollabApp(built_db)
        async with app.run_test(size=size) as pilot:
            await settle(pilot)
            await pilot.press("4")
            await settle(pilot)
            by_area = app.screen.query_one("#chart-area", Static)
            by_funder = app.screen.query_one("#chart-funder", Static)
            assert by_area.region.height >= 4 and by_funder.region.height >= 3
            text = by_area.render().plain
            assert "Warwickshire" in text and "£1,816,000 ‡" in text
            assert (
                "All area awards: £11,806,650" in by_funder.render().plain.splitlines()[0]
            )  # first: in view
            assert text.startswith("‡ ▒ joint award")
            assert visible_rows(table(app, "funding")) >= 8


@pytest.mark.parametrize(
    ("view", "selects"),
    [
        ("areas", {"nation": "england", "service": "health"}),
        ("leaders", {"role": "pcc", "service": "police"}),
        ("projects", {"kind": "co_location", "service": "ambulance"}),
        ("funding", {"funder": "home-office", "scope": "area"}),
    ],
)
async def test_export_of_a_filtered_pane_is_exactly_its_table(
    built_db: Path, tmp_path: Path, view: str, selects: dict[str, str]
) -> None:
    from collab_tui.screens.export_dialog import PathPrompt

    app = CollabApp(built_db)
    target = tmp_path / f"{view}.json"
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press(PANES[view])
        await settle(pilot)
        p = pane(app, view)
        for name, value in selects.items():
            p.query_one(f"#filter-{name}", Select).value = value
        await settle(pilot)
        t = table(app, view)
        t.focus()
        await pilot.press("S")  # a sort of the user's own: the export follows it
        await settle(pilot)
        await pilot.press("e")
        await settle(pilot)
        assert isinstance(app.screen, PathPrompt)
        app.screen.query_one(Input).value = str(target)
        await pilot.press("enter")
        await settle(pilot)
        assert t.shown is not None
        shown_refs = [t.row(i).ref for i in range(t.row_count)]  # type: ignore[union-attr]
        first_key = t.shown.columns[0].key
        first_values = [t.shown.rows[i].cells[0].value for i in range(t.row_count)]
        assert 0 < t.row_count < t.shown.total
    data = json.loads(target.read_text(encoding="utf-8"))
    assert data["columns"] == [c.key for c in tables.COLUMNS[view]]
    exported = [r[first_key] for r in data["rows"]]
    flat = [("; ".join(v) if isinstance(v, list) else v) for v in first_values]
    assert exported == flat and len(shown_refs) == len(exported)
    # the same filters from the command line give the same rows (in the default order)
    filters = tables.make_filters(app.db, view, **selects)
    cli = json.loads(export_view(app.db, view, "json", filters=filters))
    assert sorted(map(str, (r[first_key] for r in cli["rows"]))) == sorted(map(str, exported))


async def test_columns_are_refitted_when_the_terminal_is_resized(built_db: Path) -> None:
    app = CollabApp(built_db)
    async with app.run_test(size=(160, 50)) as pilot:
        await settle(pilot)
        await pilot.press("2")
        await settle(pilot)
        t = table(app, "leaders")
        assert "organisation" not in shown_columns(t)  # the detail takes 45% of the width
        await pilot.press("d")  # hide it: the table takes the width and shows more columns
        await settle(pilot)
        wide = shown_columns(t)
        assert "organisation" in wide and "title" in wide
        await pilot.resize_terminal(80, 24)
        await settle(pilot)
        narrow = shown_columns(t)
        assert "organisation" not in narrow and {"name", "role", "areas", "party"} <= set(narrow)
        assert t.virtual_size.width <= t.scrollable_content_region.width
        await pilot.resize_terminal(160, 50)
        await settle(pilot)
        assert shown_columns(t) == wide


async def test_opening_the_detail_keeps_the_highlighted_row_in_view(built_db: Path) -> None:
    app = CollabApp(built_db, start=Start.record("area", "norfolk"))
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        t = table(app, "areas")
        await pilot.press("enter")
        await settle(pilot)
        assert t.current_ref() == RecordRef("area", "norfolk")
        top = round(t.scroll_y)
        assert top <= t.cursor_row < top + visible_rows(t), (top, t.cursor_row, visible_rows(t))


@pytest.mark.parametrize("size", [(80, 24), (160, 50)], ids=lambda s: f"{s[0]}x{s[1]}")
async def test_a_record_opened_by_name_is_placed_for_the_tables_final_size(
    built_db: Path, size: tuple[int, int]
) -> None:
    """Anthony Marsh (row 81 of 142 leaders) by deep link: his row ends at the bottom of the table as
    its final size gives it, whatever the table was scrolled to while the lazily built pane was laid
    out (a scroll before the first layout once left him at the top: the person-detail snapshot's flake)."""
    async with started(built_db, size, Start.record("person", "anthony-marsh")) as (app, pilot):
        t = table(app, "leaders")
        assert t.current_ref() == RecordRef("person", "anthony-marsh") and t.cursor_row == 80
        assert t.scroll_y == t.cursor_row + 1 - visible_rows(t)
        # As a scroll made before the layout leaves it, then the next size (the detail, a resize):
        t.scroll_to(y=t.max_scroll_y, animate=False, immediate=True)
        await pilot.resize_terminal(size[0], size[1] - 2)
        await settle(pilot)
        assert t.current_ref() == RecordRef("person", "anthony-marsh")
        assert t.scroll_y == t.cursor_row + 1 - visible_rows(t)
        assert t.vertical_scrollbar.position == t.scroll_y  # the thumb shows where the rows are
        # Once the cursor moves, scrolling is the usual least movement: j keeps the view still.
        await pilot.press("k")
        await settle(pilot)
        before = t.scroll_y
        await pilot.press("j")
        await settle(pilot)
        assert t.scroll_y == before


async def test_the_scrollbar_thumb_follows_a_scroll_made_while_it_was_hidden(built_db: Path) -> None:
    """Textual moves a thumb only while its scrollbar is shown; a table scrolled while it had none (its
    rows replaced, not yet measured) must not show the thumb at the old place once it reappears."""
    async with started(built_db, (80, 24)) as (app, pilot):
        await pilot.press("2")
        await settle(pilot)
        t = table(app, "leaders")
        assert t.show_vertical_scrollbar and t.vertical_scrollbar.position == t.scroll_y == 0
        t.show_vertical_scrollbar = False
        t.scroll_y = 30
        t.show_vertical_scrollbar = True
        assert t.vertical_scrollbar.position == 30
