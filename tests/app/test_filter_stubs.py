"""The Areas pane's filters before the first paint: stand-ins that look exactly like the Selects, which
replace them after the first frame; a click or key that reaches a stand-in still opens its filter."""

from __future__ import annotations

from pathlib import Path

import pytest
from rich.style import Style
from textual.strip import Strip
from textual.widgets import Select

from collab_tui.app import CollabApp
from collab_tui.widgets.filter_stub import FilterStub, first_line
from collab_tui.widgets.panes import BrowsePane
from tests.helpers import settle


def looks(strip: Strip) -> list[tuple[object, ...]]:
    """Every cell of a line as the terminal shows it: character, background, and the text's colour and
    attributes where there is text."""
    cells = []
    for text, style, _ in strip:
        for ch in text:
            s = style or Style()
            shown = (s.color, s.bold, s.dim, s.italic, s.underline, s.reverse, s.strike) if ch.strip() else ()
            cells.append((ch, s.bgcolor, *shown))
    return cells


def filter_row(app: CollabApp) -> Strip:
    """The screen line with the Areas filters, as composed (text and styles)."""
    strips = app.screen._compositor.render_strips()
    return next(s for s in strips if "Any nation" in s.text)


THEMES = ["textual-dark", "textual-light", "high-contrast"]


async def rows_in_each_theme(
    built_db: Path, size: tuple[int, int], stubs: bool, monkeypatch
) -> dict[str, Strip]:
    """The Areas filter row in each theme, from one launch at ``size``: with the first frame's stand-ins
    kept (``stubs``), or with the Selects that replace them."""

    async def never(self: BrowsePane) -> None:
        return None

    rows = {}
    with monkeypatch.context() as patch:
        if stubs:
            patch.setattr(BrowsePane, "mount_selects", never)  # the first frame's filters, kept
        app = CollabApp(built_db)
        async with app.run_test(size=size) as pilot:
            for theme in THEMES:
                app.theme = theme
                await settle(pilot)
                assert bool(app.screen.query(FilterStub)) is stubs, theme
                assert bool(app.screen.query("#areas-pane Select")) is not stubs, theme
                rows[theme] = filter_row(app)
    return rows


@pytest.mark.parametrize("size", [(120, 40), (100, 30), (60, 16)], ids=["120x40", "100x30", "60x16"])
async def test_stand_ins_look_exactly_like_the_selects(built_db: Path, monkeypatch, size) -> None:
    """In every theme (one launch per size and kind: the theme is set after the start either way)."""
    stand_ins = await rows_in_each_theme(built_db, size, True, monkeypatch)
    selects = await rows_in_each_theme(built_db, size, False, monkeypatch)
    for theme in THEMES:
        before, after = stand_ins[theme], selects[theme]
        assert "Any nation" in before.text and "Any service" in before.text and "▼" in before.text, theme
        assert before.text == after.text, theme
        # Cell by cell, the same look (segments may be split differently; a blank cell has no text colour to see).
        assert looks(before) == looks(after), theme


async def test_selects_replace_the_stand_ins_after_the_first_paint(built_db: Path) -> None:
    app = CollabApp(built_db)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        areas = app.screen.query_one("#areas-pane", BrowsePane)
        assert not areas.query(FilterStub)
        nation = areas.query_one("#filter-nation", Select)
        assert nation.prompt == "Any nation" and nation.is_blank()
        assert [s.id for s in areas.query(".filters > *")] == [
            "filter-nation",
            "filter-service",
            "filter-text",
        ]
        nation.value = "wales"
        await settle(pilot)
        assert areas.table.shown is not None and areas.table.shown.count == "4 of 41"  # the 4 Welsh areas


@pytest.mark.parametrize("how", ["click", "enter", "tab-enter"])
async def test_a_stand_in_used_before_the_selects_mount_opens_its_filter(
    built_db: Path, monkeypatch, how: str
) -> None:
    """A click on "Any service", or enter on it, before the Selects are mounted: the service Select opens."""
    real = BrowsePane.mount_selects
    calls: list[str] = []

    async def late(self: BrowsePane) -> None:
        calls.append("after paint")  # the scheduled mount does nothing: only the stand-in's use mounts

    async def on_use(self: BrowsePane, event: FilterStub.Used) -> None:
        calls.append(f"used {event.filter_name}")
        monkeypatch.setattr(BrowsePane, "mount_selects", real)
        await original_used(self, event)

    original_used = BrowsePane.on_filter_stub_used
    monkeypatch.setattr(BrowsePane, "mount_selects", late)
    monkeypatch.setattr(BrowsePane, "on_filter_stub_used", on_use)
    app = CollabApp(built_db)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        assert app.screen.query(FilterStub)
        if how == "click":
            await pilot.click("#stub-service")
        elif how == "enter":
            app.screen.query_one("#stub-service", FilterStub).focus()
            await pilot.press("enter")
        else:  # the focus order is the Selects' order: table, search... shift+tab from the filter text box
            app.screen.query_one("#filter-text").focus()
            await pilot.press("shift+tab", "enter")
        await settle(pilot)
        assert calls[-1] == "used service"
        service = app.screen.query_one("#filter-service", Select)
        assert service.expanded and not app.screen.query(FilterStub)
        await pilot.press("down", "enter")  # the first choice after the prompt ("Any service"): Police
        await settle(pilot)
        assert service.value == "police"
        areas = app.screen.query_one("#areas-pane", BrowsePane)
        assert areas.table.border_title == "Areas: service Police"


def test_first_line_wraps_as_a_label_does() -> None:
    assert first_line("Any service", 20) == "Any service"
    assert first_line("Any service", 8) == "Any"
    assert first_line("Anyservice", 4) == "Anys"


async def test_filter_keys_typed_before_the_selects_mount_work(built_db: Path, monkeypatch) -> None:
    """f, a text, enter, then x, all before the Selects are mounted: the rows filter, then clear."""

    async def never(self: BrowsePane) -> None:
        return None

    monkeypatch.setattr(BrowsePane, "mount_selects", never)
    app = CollabApp(built_db)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        areas = app.screen.query_one("#areas-pane", BrowsePane)
        assert areas.query(FilterStub) and areas.filters() == areas.filters().__class__()
        await pilot.press("f", *"wales", "enter")
        await settle(pilot)
        assert areas.table.shown is not None
        names = [r.cells[0].text for r in areas.table.shown.rows]
        assert names == ["Dyfed Powys", "Gwent", "North Wales", "South Wales"]  # nation Wales matches too
        assert app.focused is areas.table
        await pilot.press("x")
        await settle(pilot)
        assert areas.table.shown.count == "41 of 41"


@pytest.mark.parametrize("how", ["SIGTERM", "q"])
async def test_a_quit_while_the_selects_are_mounting_exits_with_its_code(
    built_db: Path, monkeypatch, how: str
) -> None:
    """A signal (or q) landing while the Selects replace their stand-ins, just after the first paint: the
    app ends with the quit's code. A Select being built then looks for its overlay after the quit removed
    it: that was 'internal error: NoMatches: SelectOverlay', exit 70 (seen in the SIGQUIT-at-start test)."""
    app = CollabApp(built_db, guarded=True)
    quits: list[str] = []
    compose = Select.compose

    def compose_then_quit(self: Select[str]):  # the first Select is being built: quit now
        if not quits:
            quits.append(how)
            if how == "SIGTERM":
                app._on_signal(15)  # what the signal watch hands to the event loop
            else:
                app.quit_when_shown(0)  # what q and Ctrl+C do
        return compose(self)

    monkeypatch.setattr(Select, "compose", compose_then_quit)
    async with app.run_test(size=(100, 30)) as pilot:
        for _ in range(300):
            if not app.is_running:
                break
            await pilot.pause(0.01)
    assert quits == [how]
    assert app.failure is None, repr(app.failure)
    assert app.return_code == (128 + 15 if how == "SIGTERM" else 0)
