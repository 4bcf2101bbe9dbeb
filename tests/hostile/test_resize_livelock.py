"""The resize livelock found by the seeded tmux run (issue 14): a screen re-laid itself out between
two sizes for ever, at 100% CPU, deaf to keys and signals. Driven here in Pilot, deterministically."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual import events
from textual.geometry import Size
from textual.screen import Screen

from collab_tui.app import CollabApp
from collab_tui.models import Start
from collab_tui.screens.main import MainScreen
from tests.helpers import settle, table

# The pair seen in the livelocked run: a stale wide size queued behind the terminal's real one.
STALE, REAL = Size(219, 49), Size(100, 30)
LIVELOCK = 100  # handled Resize events after which the cycle is broken by hand (the test then fails)


async def test_two_queued_sizes_do_not_relayout_the_screen_for_ever(
    built_db: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    app = CollabApp(built_db, start=Start.record("area", "dorset"))
    handled: list[Size] = []
    textual_handler = Screen._on_resize

    async def counted(screen: Screen[object], event: events.Resize) -> None:
        handled.append(event.size)
        if len(handled) == LIVELOCK:
            app._end_batch()  # break the cycle, or the test itself would never get control back
        await textual_handler(screen, event)

    monkeypatch.setattr(Screen, "_on_resize", counted)
    async with app.run_test(size=(REAL.width, REAL.height)) as pilot:
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, MainScreen)
        handled.clear()
        # What a Footer recomposing its keys holds open: every layout then queues a compositor
        # refresh (a Callback) behind the Resize the screen posts itself, so two sizes never merge.
        app._begin_batch()
        screen.post_message(events.Resize(STALE, STALE))  # queued while the size was still 219x49
        screen.call_later(lambda: None)
        screen.post_message(events.Resize(REAL, REAL))
        await pilot.pause()
        await pilot.pause()
        if len(handled) < LIVELOCK:
            app._end_batch()
        await settle(pilot)
        assert len(handled) <= 4, f"{len(handled)} layouts for two resize events: {handled[:6]}..."
        assert screen.size == REAL and screen.has_class("-narrow") and not screen.has_class("-wide")
        # And the app works at the real size: the table fits it, the highlighted row is Dorset's.
        areas = table(app, "areas")
        assert areas.size.width <= REAL.width and areas.current_ref() is not None
        assert areas.current_ref().id == "dorset"  # type: ignore[union-attr]
