"""A pathological value (1 MB in one field) is shown shortened, with a key to read it whole."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

from textual import events
from textual.widgets import Input

from collab_tui.app import CollabApp
from collab_tui.details import Detail
from collab_tui.models import Start
from collab_tui.safe_text import LONG, shorten
from collab_tui.screens.whole_text import WHOLE, WholeTextScreen, reader_lines
from collab_tui.widgets.detail_view import DetailView, is_long, render_detail
from tests.helpers import settle

MEGABYTE_NAME = "Ken " + "Wenman " * 150_000  # 1,050,004 characters


def test_a_megabyte_line_is_shown_shortened_and_says_how_much_is_left_out() -> None:
    detail = Detail("person", "ken-wenman", "Ken Wenman")
    detail.add(MEGABYTE_NAME)
    detail.add("Chief Executive, South Western Ambulance Service")
    assert is_long(detail)
    text = render_detail(detail).plain
    assert len(text) < LONG + 500
    assert f"({len(MEGABYTE_NAME) - (LONG - 1):,} more characters: w shows the whole text)" in text
    assert "Chief Executive, South Western Ambulance Service" in text
    lines = reader_lines(detail)
    assert "".join(lines[1:-1]) == MEGABYTE_NAME.rstrip() or "".join(lines[1:-1]).startswith(
        "Ken Wenman Wenman"
    )
    assert max(map(len, lines)) <= WHOLE
    assert shorten("Kent", 10) == ("Kent", 0)


async def test_w_opens_the_whole_text_and_escape_closes_it(built_db: Path, tmp_path: Path) -> None:
    path = tmp_path / "long.db"
    shutil.copyfile(built_db, path)
    conn = sqlite3.connect(path)
    conn.execute("UPDATE area SET name = ? WHERE id = 'dorset'", ("Dorset " + "and Dorset " * 400,))
    conn.commit()
    conn.close()
    app = CollabApp(path, start=Start.record("area", "dorset"))
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        view = app.screen.query_one("#areas-pane-detail", DetailView)
        assert view.detail is not None and is_long(view.detail)
        view.focus()
        await pilot.press("w")
        await settle(pilot)
        assert isinstance(app.screen, WholeTextScreen)
        assert app.screen.query_one("#whole-text").line_count >= 45  # 4,407 characters at 100 a line
        await pilot.press("escape")
        await settle(pilot)
        assert not isinstance(app.screen, WholeTextScreen)
        # Pasted text is cleaned before any field sees it.
        await pilot.press("slash")
        app.post_message(events.Paste("\x1b]52;c;ZXZpbA==\x07kent\u202e"))
        await settle(pilot)
        assert app.screen.query_one("#search-input", Input).value == "kent"
