"""Helpers shared by the Pilot tests (tests/app, tests/e2e): wait for the app, read what it shows.

Test modules import these from here, never from one another.
"""

from __future__ import annotations

import contextlib
import io
import subprocess
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


def run_main(*args: str) -> subprocess.CompletedProcess[str]:
    """``collab-tui ARGS`` in this process through ``cli.main(argv)``: its exit code and what it wrote
    (UTF-8 streams, as a terminal or a pipe gives it). No child process: a few ms, not a Python start."""
    from collab_tui.cli import main

    out = io.TextIOWrapper(io.BytesIO(), encoding="utf-8", newline="")
    err = io.TextIOWrapper(io.BytesIO(), encoding="utf-8", newline="")
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main(list(args))
    texts = []
    for stream in (out, err):
        stream.flush()
        texts.append(stream.buffer.getvalue().decode("utf-8"))  # type: ignore[attr-defined]
    return subprocess.CompletedProcess(["collab-tui", *args], code, texts[0], texts[1])
