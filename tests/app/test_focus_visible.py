"""The cursor row, a focused filter and the focused box can be told apart in every theme, on an
8-colour console (TERM=linux or screen) and with NO_COLOR: checked on the screen as drawn, after
the app's own colour filters, with colours reduced to 8 or removed altogether."""

from __future__ import annotations

from pathlib import Path

import pytest
from rich.color import ColorSystem
from rich.segment import Segment
from textual.color import Color
from textual.pilot import Pilot
from textual.strip import Strip
from textual.widgets import Select

from collab_tui.app import THEMES, CollabApp
from collab_tui.widgets.record_table import RecordTable
from tests.helpers import settle, started, table

Look = frozenset[tuple[object, ...]]


def screen_strips(app: CollabApp) -> list[Strip]:
    """The screen as the terminal gets it: composed, then through the app's filters (NO_COLOR's too)."""
    strips = app.screen._compositor.render_strips()
    for line_filter in app._filters:
        strips = [strip.apply_filter(line_filter, Color(0, 0, 0)) for strip in strips]
    return strips


def look(segments: list[Segment], colours: ColorSystem | None) -> Look:
    """How some text looks: its attributes, and its colours as an 8-colour console (or none) shows them."""
    found = set()
    for text, style, _ in segments:
        if not text.strip() or style is None:
            continue
        fg = style.color.downgrade(colours).name if colours and style.color else None
        bg = style.bgcolor.downgrade(colours).name if colours and style.bgcolor else None
        found.add((fg, bg, bool(style.bold), bool(style.reverse), bool(style.underline), bool(style.italic)))
    return frozenset(found)


def text_look(strips: list[Strip], text: str, colours: ColorSystem | None) -> Look:
    """The look of ``text`` where it is drawn on screen."""
    for strip in strips:
        line = strip.text
        start = line.find(text)
        if start >= 0:
            return look(list(strip.crop(start, start + len(text))), colours)
    raise AssertionError(f"{text!r} is not on screen")


def line_of(strips: list[Strip], text: str) -> str:
    return next(strip.text for strip in strips if text in strip.text)


MODES = ["8 colours", "NO_COLOR"]


@pytest.mark.parametrize("mode", MODES)
async def test_cursor_row_and_focused_filter_stand_out(built_db: Path, monkeypatch, mode: str) -> None:
    """Every theme in one launch per mode (NO_COLOR is read at start-up); each theme from the Areas pane."""
    if mode == "NO_COLOR":
        monkeypatch.setenv("NO_COLOR", "1")
    colours = ColorSystem.STANDARD if mode == "8 colours" else None
    async with started(built_db, (100, 30)) as (app, pilot):
        for theme in THEMES:
            await pilot.press("1")  # back to the Areas pane, its table focused (as at start-up)
            app.theme = theme
            await settle(pilot)
            await check_theme(app, pilot, theme, colours)


async def check_theme(app: CollabApp, pilot: Pilot[None], theme: str, colours: ColorSystem | None) -> None:
    """The cursor row, the focused box and a focused filter stand out in ``theme``."""
    assert app.theme == theme
    assert isinstance(app.focused, RecordTable) and app.focused is table(app, "areas"), theme
    # The cursor row (Avon and Somerset) against the rows under it (both zebra stripes).
    strips = screen_strips(app)
    cursor = text_look(strips, "Avon and Somerset   ", colours)
    for other in ("Cambridgeshire   ", "Cheshire   "):
        assert cursor != text_look(strips, other, colours), (
            f"{theme}: the cursor row looks like {other.strip()}"
        )

    # The focused box has a heavier border than the one without the focus.
    assert line_of(strips, "Avon and Somerset   ").lstrip().startswith("┃"), theme

    # A focused filter (Leaders: role) against the filter beside it (service).
    await pilot.press("2")
    await settle(pilot)
    role = app.screen.query_one("#filter-role", Select)
    role.focus()
    await settle(pilot)
    strips = screen_strips(app)
    assert text_look(strips, "Any role", colours) != text_look(strips, "Any service", colours), theme
    assert isinstance(app.focused, Select) or app.focused in role.query("*"), theme
    # ... and the cursor row of a table without the focus still shows where it is.
    assert not isinstance(app.focused, RecordTable), theme
    leaders = table(app, "leaders")
    first = leaders.get_row_at(0)[0].plain
    second = leaders.get_row_at(1)[0].plain
    third = leaders.get_row_at(2)[0].plain
    assert text_look(strips, first, colours) != text_look(strips, second, colours), theme
    assert text_look(strips, first, colours) != text_look(strips, third, colours), theme
