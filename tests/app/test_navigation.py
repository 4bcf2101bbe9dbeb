"""Getting around: Escape goes back through the places visited, keys typed ahead are never lost,
and the "too small" notice follows the terminal's size."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest
from textual import events
from textual.widgets import Input

from collab_tui.app import CollabApp
from collab_tui.history import Place
from collab_tui.models import RecordRef, Start
from collab_tui.screens.help import HelpScreen
from collab_tui.screens.too_small import TooSmallScreen
from collab_tui.widgets.record_option import option_ref
from collab_tui.widgets.record_table import RecordTable
from collab_tui.widgets.search_box import SearchBox
from tests.helpers import detail_text, settle, table, until

KEY_NAMES = {"/": "slash", " ": "space", "\r": "enter"}


def burst(app: CollabApp, text: str) -> None:
    """Keys as a fast typist or a script sends them: all at once, none waiting for the last to be handled."""
    for char in text:
        app.post_message(events.Key(KEY_NAMES.get(char, char), None if char == "\r" else char))


def here(app: CollabApp) -> Place:
    """Where the main screen says the user is."""
    return app.screen_stack[0].here()


# --- Escape goes back -------------------------------------------------------------------


async def test_escape_retraces_search_and_go_to_then_stops_at_the_start(built_db: Path) -> None:
    app = CollabApp(built_db)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("j", "j", "j")  # Cleveland: a place the user chose by hand
        await settle(pilot)
        start = here(app)
        assert start == Place("areas", RecordRef("area", "cleveland"))
        assert not app.screen.history.can_go_back
        await pilot.press("escape")  # at the start: nothing happens
        await settle(pilot)
        assert here(app) == start

        # Search: "cfo cumbria" opens Ian Cartwright (line 336) in Leaders.
        await pilot.press("slash", *"cfo cumbria")
        await until(pilot, lambda: app.screen.query_one(SearchBox).last_hits)
        await pilot.press("enter")
        await until(pilot, lambda: here(app).pane == "leaders")
        assert here(app) == Place("leaders", RecordRef("person", "ian-cartwright"))

        # g (go to) from the detail: Ian Cartwright's area, Cumbria.
        await pilot.press("enter", "g", "enter")
        await until(pilot, lambda: here(app).pane == "areas")
        assert here(app) == Place("areas", RecordRef("area", "cumbria"))
        assert "Ian Cartwright" in detail_text(app, "areas")

        # Escape with the table focused: back to Ian Cartwright, then to Cleveland, then nowhere.
        assert isinstance(app.focused, RecordTable)
        await pilot.press("escape")
        await settle(pilot)
        assert here(app) == Place("leaders", RecordRef("person", "ian-cartwright"))
        assert table(app, "leaders").current_ref() == RecordRef("person", "ian-cartwright")
        await pilot.press("escape")
        await settle(pilot)
        assert here(app) == start
        assert table(app, "areas").current_ref() == RecordRef("area", "cleveland")
        await pilot.press("escape")
        await settle(pilot)
        assert here(app) == start


async def test_escape_in_a_detail_returns_to_its_table_first(built_db: Path) -> None:
    app = CollabApp(built_db, start=Start.record("person", "anthony-marsh"))
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        # A deep link is the start: Escape has nowhere to go back to.
        assert not app.screen.history.can_go_back
        await pilot.press("enter")  # into the detail
        await settle(pilot)
        assert not isinstance(app.focused, RecordTable)
        await pilot.press("escape")
        await settle(pilot)
        assert app.focused is table(app, "leaders")
        assert here(app) == Place("leaders", RecordRef("person", "anthony-marsh"))


async def test_the_palette_record_is_a_step_escape_comes_back_from(built_db: Path) -> None:
    app = CollabApp(built_db)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await app.screen.open_record(RecordRef("person", "ken-wenman"))  # what the palette's record hit runs
        await settle(pilot)
        assert here(app) == Place("leaders", RecordRef("person", "ken-wenman"))
        await pilot.press("escape")
        await settle(pilot)
        assert here(app) == Place("areas", RecordRef("area", "avon-and-somerset"))


async def test_esc_back_is_in_the_footer_only_when_there_is_somewhere_to_go(built_db: Path) -> None:
    app = CollabApp(built_db)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        assert "escape" not in app.screen.active_bindings
        await app.screen.open_record(RecordRef("person", "ken-wenman"))
        await settle(pilot)
        assert app.screen.active_bindings["escape"].binding.description == "Back"


# --- type-ahead ---------------------------------------------------------------------------


@pytest.mark.parametrize("delay", [0.0, 0.05, 0.15])
async def test_a_query_typed_before_the_index_is_ready_runs(built_db: Path, delay: float) -> None:
    """'/cfo cumbria' typed 0, 50 or 150 ms after launch shows Ian Cartwright first."""
    app = CollabApp(built_db)
    async with app.run_test(size=(100, 30)) as pilot:
        await asyncio.sleep(delay)
        burst(app, "/cfo cumbria")
        box = app.screen.query_one(SearchBox)
        await until(pilot, lambda: box.last_hits and box.results.display)
        assert app.screen.query_one("#search-input", Input).value == "cfo cumbria"
        first = box.last_hits[0]
        assert (first.kind, first.id) == ("person", "ian-cartwright")
        assert "Ian Cartwright" in box.results.get_option_at_index(0).prompt.plain


@pytest.mark.parametrize("delay", [0.0, 0.05, 0.15])
async def test_enter_and_keys_typed_after_the_query_act_in_order(built_db: Path, delay: float) -> None:
    """'/cfo cumbria', Enter, 'j' in one burst: Ian Cartwright opens, then j moves to the next leader."""
    app = CollabApp(built_db)
    async with app.run_test(size=(100, 30)) as pilot:
        await asyncio.sleep(delay)
        burst(app, "/cfo cumbria\rj")
        await until(pilot, lambda: here(app).pane == "leaders" and app.screen._held is None)
        leaders = table(app, "leaders")
        assert app.focused is leaders
        # Sorted by surname, the leader after Cartwright is Alan Charles; the search bar kept no "j".
        assert leaders.current_ref() == RecordRef("person", "alan-charles")
        assert app.screen.query_one("#search-input", Input).value == "cfo cumbria"
        await until(pilot, lambda: "Alan Charles" in detail_text(app, "leaders"))
        burst(app, "4")
        await until(pilot, lambda: app.screen.active_pane == "funding")


async def test_slash_then_typing_in_one_burst_reaches_the_search_bar(built_db: Path) -> None:
    app = CollabApp(built_db)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        burst(app, "/nwas")
        box = app.screen.query_one(SearchBox)
        await until(pilot, lambda: box.last_hits)
        assert app.screen.query_one("#search-input", Input).value == "nwas"
        assert box.last_hits[0].name == "North West Ambulance Service"
        # Nothing leaked to the table behind it (no "s" sort, no "c" compare).
        assert table(app, "areas").sort_column == 0


# --- the "too small" notice ---------------------------------------------------------------


async def test_the_notice_follows_every_resize_and_blocks_keys_behind_it(built_db: Path) -> None:
    app = CollabApp(built_db)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        for _ in range(2):
            await pilot.resize_terminal(50, 14)
            await settle(pilot)
            assert isinstance(app.screen, TooSmallScreen)
            await pilot.press("question_mark")  # nothing opens blind behind the notice
            await settle(pilot)
            assert isinstance(app.screen, TooSmallScreen)
            await pilot.resize_terminal(100, 30)
            await settle(pilot)
            assert not isinstance(app.screen, (TooSmallScreen, HelpScreen))
            assert isinstance(app.focused, RecordTable)
        await pilot.resize_terminal(59, 24)
        await settle(pilot)
        assert isinstance(app.screen, TooSmallScreen)
        await pilot.resize_terminal(80, 24)  # the smallest comfortable size
        await settle(pilot)
        assert not isinstance(app.screen, TooSmallScreen)


async def test_started_small_the_notice_goes_when_the_terminal_grows(built_db: Path) -> None:
    app = CollabApp(built_db)
    async with app.run_test(size=(50, 14)) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, TooSmallScreen)
        await pilot.resize_terminal(60, 16)
        await settle(pilot)
        assert not isinstance(app.screen, TooSmallScreen)


# --- keys that work everywhere ----------------------------------------------------------


async def test_help_is_generated_from_every_binding(built_db: Path, monkeypatch) -> None:
    from textual.binding import Binding
    from textual.widgets import Static

    from collab_tui.screens.compare import CompareScreen
    from collab_tui.widgets.detail_view import DetailView
    from collab_tui.widgets.panes import BrowsePane

    # A key added to a widget shows in the help without anyone editing the help.
    monkeypatch.setattr(CompareScreen, "BINDINGS", [*CompareScreen.BINDINGS,
                        Binding("x", "noop", "Test", tooltip="A key added for this test only")])  # fmt: skip
    app = CollabApp(built_db)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("question_mark")
        await settle(pilot)
        text = app.screen.query_one(Static).render().plain
        assert "A key added for this test only" in text
        for cls in (CompareScreen, DetailView, BrowsePane):
            for binding in cls.BINDINGS:
                if isinstance(binding, Binding) and binding.tooltip:
                    assert binding.tooltip in text
        assert "1 2 3 4 5" in text and "Areas, Leaders, Projects, Funding, Report" in text
        assert (
            "n N" in text
            and "Jump to the next row that differs / Jump to the previous row that differs" in text
        )


async def test_palette_offers_the_keys_that_work_where_it_was_opened(built_db: Path) -> None:
    from collab_tui.commands import ActionsProvider
    from collab_tui.screens.compare import CompareScreen

    app = CollabApp(built_db, start=Start.compare("norfolk", "suffolk"))
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        compare = app.screen
        assert isinstance(compare, CompareScreen)
        names = {c.name: c for c in ActionsProvider(compare).commands()}
        assert {"Next diff", "Swap", "Export", "Back", "Search", "Help", "Quit"} <= set(names)
        assert names["Swap"].help == "Swap the two sides (s)"
        assert "Sort" not in names  # a table's key: not here
        await names["Swap"].run()
        await settle(pilot)
        assert (compare.comparison.left.name, compare.comparison.right.name) == ("Suffolk", "Norfolk")
        main = app.screen_stack[0]
        table_names = {c.name for c in ActionsProvider(main).commands()}
        assert {
            "Sort",
            "Export",
            "Copy",
            "Compare",
            "Go to",
            "Lines",
            "Search",
            "Compare two areas",
        } <= table_names


async def test_slash_on_the_compare_screen_searches_and_escape_returns(built_db: Path) -> None:
    from collab_tui.screens.compare import CompareScreen

    app = CollabApp(built_db, start=Start.record("area", "norfolk"))
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await app.screen.navigate(Place.comparing("norfolk", "suffolk", row=3))
        await settle(pilot)
        assert isinstance(app.screen, CompareScreen)
        assert "slash" in app.screen.active_bindings  # "/ Search" in its footer
        await pilot.press("slash", *"wenman")
        box = app.screen.query_one(SearchBox)
        await until(pilot, lambda: box.last_hits)
        assert isinstance(app.focused, Input)
        await pilot.press("enter")
        await until(pilot, lambda: here(app).ref == RecordRef("person", "ken-wenman"))
        # Back to the comparison, on its row; then back to Norfolk, where it was opened.
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, CompareScreen) and app.screen.current_row() == 3
        await pilot.press("escape")
        await settle(pilot)
        assert here(app) == Place("areas", RecordRef("area", "norfolk"))


async def test_slash_on_the_help_screen_closes_it_and_searches(built_db: Path) -> None:
    app = CollabApp(built_db)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("question_mark")
        await settle(pilot)
        await pilot.press("slash", *"nwas")
        await settle(pilot)
        assert not isinstance(app.screen, HelpScreen)
        assert app.screen.query_one("#search-input", Input).value == "nwas"


async def test_g_and_v_work_with_the_table_focused(built_db: Path) -> None:
    app = CollabApp(built_db, start=Start.record("area", "norfolk"))
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        assert isinstance(app.focused, RecordTable)
        footer_keys = set(app.screen.active_bindings)
        assert {"g", "v"} <= footer_keys
        await pilot.press("g")
        await settle(pilot)
        links = app.focused
        assert links is not None and "detail-links" in links.classes
        chosen = option_ref(links.get_option_at_index(0))
        await pilot.press("enter")
        await settle(pilot)
        assert chosen is not None and here(app).ref == chosen
        await pilot.press("escape")
        await settle(pilot)
        assert here(app) == Place("areas", RecordRef("area", "norfolk"))
        # The search bar focused: g and v are letters to type, not in the footer.
        await pilot.press("slash")
        await settle(pilot)
        assert "g" not in app.screen.active_bindings or app.screen.active_bindings["g"].node is not app.screen
