"""Helpers shared by the tests: the real files, starting the app and waiting for it, reading what it shows.

Test modules import these from here, never from one another (nor from conftest.py).
Waiting is always on a condition, never a fixed pause: under load (six suites on two cores, or
``-n 2``) a fixed pause is sometimes too short, and idle it is always too long.
"""

from __future__ import annotations

import asyncio
import contextlib
import io
import os
import shlex
import shutil
import subprocess
import sys
import time
from collections.abc import AsyncIterator, Callable
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # Textual and the app only when a Pilot test runs: unit tests import this module too
    from textual.pilot import Pilot

    from collab_tui.app import CollabApp
    from collab_tui.models import Start
    from collab_tui.widgets.record_table import RecordTable

ROOT = Path(__file__).resolve().parent.parent
RECORDS = ROOT / "data" / "records"
SOURCE = ROOT / "data" / "source" / "emergency-services-collaboration-2014.txt"
DB_PATH = ROOT / "data" / "collab.db"

QUICK_TIMER = 0.2
"""One-shot timers this short are the app's own deferrals (a detail drawn 50 ms after the table, the
filter box's 150 ms typing pause): settle() waits for them. Longer ones (the index build at 250 ms,
notifications' expiry, the 3 s quit fallback) are not part of "the app has caught up"."""

TIMEOUT = 20.0
"""Longest wait for a condition: generous, because a loaded machine is slow, and a wait that holds
returns as soon as the condition does."""


def _pending_quick_timers(app: CollabApp) -> list[asyncio.Task[None]]:
    """The tasks of the quick one-shot timers still to fire, on the app and every screen's widgets."""
    nodes: list[object] = [app]
    for screen in app.screen_stack:
        nodes.extend(screen.walk_children(with_self=True))
    tasks = []
    for node in nodes:
        # Textual keeps a node's timers in the private _timers (8.2); set_timer makes repeat=0 timers.
        for timer in list(getattr(node, "_timers", ())):
            task = timer._task
            if (
                timer._repeat == 0
                and timer._interval <= QUICK_TIMER
                and task is not None
                and not task.done()
                and timer._active.is_set()
            ):
                tasks.append(task)
    return tasks


def _parked(node: object) -> bool:
    """The node's message loop is waiting for its next message: its queue empty, nothing peeked or
    queued to run next, and the loop parked on the queue's event (not inside a handler); or it is
    closed."""
    if node._closing or node._closed:  # type: ignore[attr-defined]
        return True
    queue = node._message_queue  # type: ignore[attr-defined]
    return (
        not queue.qsize()
        and node._pending_message is None  # type: ignore[attr-defined]
        and not node._next_callbacks  # type: ignore[attr-defined]
        and bool(queue.ready_event._waiters)  # asyncio.Event: the loop awaits it only when idle
    )


def _quiet(app: CollabApp) -> bool:
    """Nothing left to do: every message loop (the app's, each screen's and their widgets') parked on
    an empty queue, no layout or paint pending on the screen, no animation, no worker."""
    from textual.worker import WorkerState

    nodes: list[object] = [app]
    for screen in app.screen_stack:
        nodes.extend(screen.walk_children(with_self=True))
    if not all(_parked(node) for node in nodes):
        return False
    screen = app.screen
    if (screen._layout_required or screen._scroll_required or screen._repaint_required
            or screen._dirty_widgets or screen._callbacks or screen._recompose_required):  # fmt: skip
        return False
    if not app.animator._complete_event.is_set():
        return False
    return not any(w.state in (WorkerState.PENDING, WorkerState.RUNNING) for w in app.workers)


async def _workers_done(app: CollabApp) -> None:
    """Until the app's started workers have ended. One cancelled meanwhile has ended too (an exclusive
    search replaced by the next keystroke's: WorkerManager.wait_for_complete would raise
    WorkerCancelled for it); one that failed still raises WorkerFailed."""
    from textual.worker import WorkerCancelled, WorkerState

    for worker in list(app.workers):
        if worker.state != WorkerState.PENDING:  # not started yet: _quiet() sees it, and settle() looks again
            with contextlib.suppress(WorkerCancelled):
                await worker.wait()


async def settle(pilot: Pilot[None], timeout: float = TIMEOUT) -> None:
    """Until the app has caught up: messages handled, workers (deep link, search, loads) finished,
    the quick deferral timers fired, animations over, layout and paint done. Returns as soon as that
    holds (no fixed pause: each round waits only for what is still pending)."""
    app = pilot.app
    deadline = time.monotonic() + timeout
    while True:
        remaining = deadline - time.monotonic()
        assert remaining > 0, "timed out waiting for the app to settle"
        await _workers_done(app)  # type: ignore[arg-type]
        await app.animator.wait_until_complete()
        # What pilot.pause() does after its sleep: the screen's pending layout and paint done now
        # rather than on its next frame.
        app.screen._on_timer_update()
        timers = _pending_quick_timers(app)  # type: ignore[arg-type]
        if timers:
            await asyncio.wait(timers, timeout=remaining)
            continue
        await asyncio.sleep(0)  # let tasks that were just woken (timers, futures) run
        if _quiet(app):  # type: ignore[arg-type]
            return
        # Every message queued so far handled (pilot.pause()'s barrier), then look again.
        await pilot._wait_for_screen(timeout=remaining)


async def until(pilot: Pilot[None], condition: Callable[[], object], what: str = "the state waited for",
                timeout: float = TIMEOUT) -> None:  # fmt: skip
    """Pause until ``condition()`` holds, then settle (under load a fixed pause is not enough)."""
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, f"timed out waiting for {what}"
        await pilot.pause(0.02)
    await settle(pilot)


@contextlib.asynccontextmanager
async def started(db_path: Path, size: tuple[int, int] = (120, 40), start: Start | None = None,
                  ) -> AsyncIterator[tuple[CollabApp, Pilot[None]]]:  # fmt: skip
    """The app on ``db_path`` at ``size`` (opened on ``start``, a models.Start deep link), once it has
    settled: ``async with started(built_db, (80, 24), Start.record("area", "norfolk")) as (app, pilot): ...``"""
    from collab_tui.app import CollabApp

    app = CollabApp(db_path, start=start)
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        yield app, pilot


def detail_text(app: CollabApp, pane: str) -> str:
    """The plain text of a pane's detail view."""
    from textual.widgets import Static

    from collab_tui.widgets.detail_view import DetailView

    view = app.screen.query_one(f"#{pane}-pane-detail", DetailView)
    return view.query_one(".detail-text", Static).render().plain


def table(app: CollabApp, pane: str) -> RecordTable:
    """A pane's table."""
    from collab_tui.widgets.record_table import RecordTable

    return app.screen.query_one(f"#{pane}-pane-table", RecordTable)


def quiet_cursors(pilot: Pilot[None]) -> None:
    """Stop every input's cursor blinking, so a picture of the screen is stable."""
    from textual.widgets import Input

    for widget in pilot.app.screen.query(Input):
        widget.cursor_blink = False


async def snapshot_ready(pilot: Pilot[None]) -> None:
    """Before a snapshot: the app settled and no cursor blinking (run_before= of snap_compare)."""
    quiet_cursors(pilot)
    await settle(pilot)


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


def run_process(*args: str, cwd: Path | None = None, env: dict[str, str] | None = None,
                timeout: float = 60) -> subprocess.CompletedProcess[str]:  # fmt: skip
    """``python -m collab_tui ARGS`` in a child process, as a script runs it (from the repo by default)."""
    return subprocess.run(
        [sys.executable, "-m", "collab_tui", *args],
        capture_output=True,
        text=True,
        timeout=timeout,
        cwd=cwd or ROOT,
        env=env or {**os.environ, "PYTHONPATH": str(ROOT)},
    )


def run(
    *args: str, cwd: Path | None = None, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    """The command in this process through ``main(argv)`` (run_main); in a child process
    (run_process) when a test sets the environment or the folder."""
    if cwd is not None or env is not None:
        return run_process(*args, cwd=cwd, env=env)
    return run_main(*args)


def tmux_launch_command(exit_file: Path, *args: str) -> str:
    """The shell command a tmux test runs: the installed script beside this Python if there is one (else
    on PATH), else the module from the repo; its exit status lands in ``exit_file``, so a crash on the
    way out is not mistaken for a clean quit."""
    script = shutil.which("collab-tui", path=str(Path(sys.executable).parent)) or shutil.which("collab-tui")
    if script:
        argv, env = [script, *args], {"TERM": "xterm-256color"}
    else:
        argv = [sys.executable, "-m", "collab_tui", *args]
        env = {"TERM": "xterm-256color", "PYTHONPATH": str(ROOT)}
    assignments = " ".join(f"{k}={shlex.quote(v)}" for k, v in env.items())
    command = f"cd {shlex.quote(str(ROOT))} && env {assignments} {shlex.join(argv)}"
    return f"{command}; echo $? > {shlex.quote(str(exit_file))}"
