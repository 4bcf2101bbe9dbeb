"""Helpers shared by the Pilot tests (tests/app, tests/e2e): wait for the app, read what it shows.

Test modules import these from here, never from one another.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from textual.pilot import Pilot
from textual.widgets import Static

from collab_tui.app import CollabApp
from collab_tui.widgets.detail_view import DetailView
from collab_tui.widgets.record_table import RecordTable


async def settle(pilot: Pilot, delay: float = 0.1) -> None:
    """Let the messages in flight be handled and the workers (deep link, search, loads) finish."""
    await pilot.pause()
    await pilot.pause(delay)
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


async def until(pilot: Pilot, condition: Callable[[], object], what: str, timeout: float = 10.0) -> None:
    """Pause until ``condition()`` holds (under load a fixed pause is not enough)."""
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, f"timed out waiting for {what}"
        await pilot.pause(0.02)


def detail_text(app: CollabApp, pane: str) -> str:
    """The plain text of a pane's detail view."""
    view = app.screen.query_one(f"#{pane}-pane-detail", DetailView)
    return view.query_one(".detail-text", Static).render().plain


def table(app: CollabApp, pane: str) -> RecordTable:
    """A pane's table."""
    return app.screen.query_one(f"#{pane}-pane-table", RecordTable)
