"""CollabApp: the explorer. App-wide keys only; screens and widgets own the rest."""

from __future__ import annotations

import asyncio
import contextlib
import os
import signal
import stat
import threading
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from textual import events
from textual.app import App
from textual.binding import Binding
from textual.screen import Screen
from textual.theme import Theme

from collab_tui.db import Database
from collab_tui.models import Start

if TYPE_CHECKING:
    from collab_tui.guard import SignalWatch
    from collab_tui.screens.main import MainScreen

HIGH_CONTRAST = Theme(
    name="high-contrast",
    primary="#ffff00",
    secondary="#00ffff",
    accent="#ffff00",
    foreground="#ffffff",
    background="#000000",
    surface="#000000",
    panel="#1a1a1a",
    success="#00ff00",
    warning="#ffff00",
    error="#ff5555",
    dark=True,
    variables={"text-muted": "#e0e0e0", "footer-key-foreground": "#ffff00"},
)
THEMES = ("textual-dark", "textual-light", "high-contrast", "ansi-dark", "ansi-light", "nord", "gruvbox")


def _provider(name: str) -> type:
    """Palette providers, imported when the palette first opens (not at start-up)."""
    from collab_tui import commands

    return getattr(commands, name)


def settings_path() -> Path:
    """Where the theme is remembered, only when the user asks."""
    if os.name == "nt" and os.environ.get("APPDATA"):
        return Path(os.environ["APPDATA"]) / "collab-tui" / "settings.json"
    base = os.environ.get("XDG_CONFIG_HOME") or str(Path.home() / ".config")
    return Path(base) / "collab-tui" / "settings.json"


class CollabApp(App[None]):
    """Browse the 2014 report: areas, leaders, projects and funding."""

    CSS_PATH = "app.tcss"  # a pane's own stylesheet is read when it is first built (load_css)
    TITLE = "collab-tui"
    SUB_TITLE = "2014 report: Emergency Services Collaboration, The Current Picture"
    COMMANDS = App.COMMANDS | {lambda: _provider("ActionsProvider"), lambda: _provider("RecordsProvider")}
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (110, "-wide")]
    BINDINGS = [
        Binding("q", "quit", "Quit", tooltip="Leave collab-tui", id="app.quit"),
        Binding("ctrl+c", "quit", "Quit", show=False, priority=True, id="app.interrupt"),
        Binding("question_mark", "help", "Help", key_display="?", tooltip="Every key, on one screen", id="app.help"),
        Binding("colon", "command_palette", "Palette", show=False,
                tooltip="Command palette (also ctrl+p): find any record, run any action", id="app.palette"),
        Binding("t", "next_theme", "Theme", show=False,
                tooltip="Next colour theme (high contrast and terminal colours included)", id="app.theme"),
        # "/" on every screen: the main screen's own binding shows it there; this one serves the others.
        Binding("slash", "focus_search", "Search", tooltip="Search everything", id="app.search"),
    ]  # fmt: skip

    def __init__(
        self,
        db_path: str | Path | None = None,
        start: Start | None = None,
        db: Database | None = None,
        guarded: bool = False,
    ) -> None:
        super().__init__()
        self.db = db if db is not None else Database(db_path)
        self.start = start
        """Where the explorer opens (a deep link from the command line), or None for the Areas pane."""
        self.guarded = guarded
        """Run by the CLI: signals quit cleanly, and an error is reported by the CLI as one line."""
        self.failure: BaseException | None = None
        """The first error that stopped the app, for the CLI to report once the terminal is restored."""
        self._shown = False
        self._pending_exit: int | None = None
        self._signal_watch: SignalWatch | None = None
        self._signal_lock = threading.Lock()
        self._loop_for_signals: asyncio.AbstractEventLoop | None = None  # set in on_load
        self._pending_signal: int | None = None
        self._signal_code: int | None = None
        self._when_shown: list[Callable[[], object]] = []
        self.register_theme(HIGH_CONTRAST)
        saved = self._saved_theme()
        if saved:
            self.theme = saved
        # The first screen's stylesheets as parsed ahead of time (the default theme's): Textual finds
        # them in its cache instead of parsing them again (widgets/parsed_css.py).
        from collab_tui.widgets.parsed_css import prefill

        prefill(self)

    MIN_SIZE = (60, 16)
    """Below this the "terminal too small" notice replaces the screen; 80x24 is the smallest comfortable size."""

    # --- start-up, shutdown, signals and errors ----------------------------------------

    def run(self, **kwargs: Any) -> Any:
        """Run the explorer; under the CLI, with a watch that hears signals even when the loop is busy.

        A signal is handed to the event loop, which quits cleanly (exit 128+N, terminal restored
        by Textual). If the loop does not act on it within ~2 s (busy in a long computation),
        or a second signal comes, the watch restores the terminal itself and exits 128+N
        (see ``guard.SignalWatch``). A signal heard after the loop ended still stops the CLI.
        """
        if not self.guarded:
            return super().run(**kwargs)  # (the return value: what exit() was given)
        from collab_tui.guard import SignalWatch, Stopped

        with SignalWatch(self._deliver_signal) as watch:
            self._signal_watch = watch
            result = super().run(**kwargs)
        if watch.received is not None and self._signal_code is None:
            # The signal came as the loop was ending: it still decides the exit code.
            if watch.received == signal.SIGINT:
                raise KeyboardInterrupt
            raise Stopped(watch.received)
        return result

    def _deliver_signal(self, signum: int) -> None:
        """From the watch's thread: hand the signal to the event loop (or to on_load, if not running yet)."""
        with self._signal_lock:
            loop = self._loop_for_signals
            if loop is None:
                self._pending_signal = signum
                return
        with contextlib.suppress(RuntimeError):  # the loop closed meanwhile
            loop.call_soon_threadsafe(self._on_signal, signum)

    def on_load(self) -> None:
        """Before the terminal is taken over: a signal heard while Textual was starting is acted on now."""
        with self._signal_lock:
            self._loop_for_signals = asyncio.get_running_loop()
            pending, self._pending_signal = self._pending_signal, None
        if pending is not None:
            self._on_signal(pending)

    def _on_signal(self, signum: int) -> None:
        """A signal, in the event loop: exit with 128 + its number; Textual restores the terminal."""
        self._signal_code = 128 + signum
        if self._signal_watch is not None:
            self._signal_watch.acted_on()
        self.quit_when_shown(128 + signum)

    def quit_when_shown(self, code: int = 0) -> None:
        """Exit now, or as soon as the first screen is built.

        Quitting while Textual is still mounting the first screen makes its own widgets
        (Header, the panes) query children that are gone; so a Ctrl+C or a signal that early
        waits for the Ready event (at most a second or two).
        """
        if self._shown:
            self.exit(return_code=code)
            return
        if self._pending_exit is None:
            self._pending_exit = code
            self.set_timer(3.0, lambda: self.exit(return_code=code))

    def when_shown(self, callback: Callable[[], object]) -> None:
        """Call ``callback`` once the first frame is on screen (at once if it already is): work that
        must not compete with the first paint (the database's deep check)."""
        if self._shown:
            callback()
        else:
            self._when_shown.append(callback)

    def on_ready(self) -> None:
        self._shown = True
        waiting, self._when_shown = self._when_shown, []
        for callback in waiting:
            callback()
        if self._pending_exit is not None:
            self.exit(return_code=self._pending_exit)

    async def action_quit(self) -> None:
        """q and Ctrl+C: quit (once the first screen is up)."""
        self.quit_when_shown(0)

    async def on_event(self, event: events.Event) -> None:
        """Pasted text is cleaned first: an escape sequence pasted into a field never reaches the screen."""
        if isinstance(event, events.Paste) and not event.is_forwarded:
            from collab_tui.safe_text import clean

            text = clean(event.text)
            if text != event.text:
                event = events.Paste(text)
        await super().on_event(event)

    def _handle_exception(self, error: Exception) -> None:
        """Remember the first error for the CLI's one line (Textual still stops the app).

        Once the app is quitting (q, Ctrl+C, a signal: exit() has set the return code), a widget
        still being mounted may look for a child the quit has removed (a filter Select mounted just
        after the first paint, its overlay): that NoMatches is the quit's, not a crash, and the
        app ends with the code it was quitting with.
        """
        from textual.css.query import NoMatches

        if isinstance(error, NoMatches) and self.return_code is not None:
            return
        if self.failure is None:
            self.failure = error
        super()._handle_exception(error)

    def _fatal_error(self) -> None:
        """Under the CLI, no traceback on screen: the CLI prints one line and writes a crash log."""
        if not self.guarded:
            super()._fatal_error()
            return
        self._close_messages_no_wait()

    def on_resize(self, event: events.Resize) -> None:
        """Below the smallest usable size, a notice replaces the screen (no crash, no garbled layout).

        The size is the event's: this handler runs before Textual's own ``App._on_resize`` records
        the new size, so ``self.size`` would still be the previous one (the notice lagged a resize).
        """
        self.fit_notice(event.size.width, event.size.height)

    def fit_notice(self, width: int, height: int) -> None:
        """Show the "too small" notice below MIN_SIZE, remove it at or above (wherever it is in the stack)."""
        from collab_tui.screens.too_small import TooSmallScreen

        small = width < self.MIN_SIZE[0] or height < self.MIN_SIZE[1]
        notices = [s for s in self.screen_stack if isinstance(s, TooSmallScreen)]
        if small and not isinstance(self.screen, TooSmallScreen):
            self.push_screen(TooSmallScreen(self.MIN_SIZE))
        elif not small and notices:
            # Anything opened over the notice was opened blind: it goes with the notice.
            while notices[0] in self.screen_stack and len(self.screen_stack) > 1:
                self.pop_screen()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """While the "too small" notice is up, only quitting works (nothing opens behind it)."""
        from collab_tui.screens.too_small import TooSmallScreen

        if isinstance(self.screen, TooSmallScreen):
            return action == "quit"
        if action == "focus_search":
            return self._main_screen() is not None
        return True

    def _main_screen(self) -> MainScreen | None:
        from collab_tui.screens.main import MainScreen

        return next((s for s in self.screen_stack if isinstance(s, MainScreen)), None)

    def action_focus_search(self) -> None:
        """ "/" over another screen (compare, help, the report's lines): back to the main screen's search."""
        main = self._main_screen()
        if main is not None:
            main.leave_for_search()

    def load_css(self, name: str) -> None:
        """Read one of the package's stylesheets (e.g. report.tcss) the first time a widget needs it.

        Only what the first screen uses is parsed before the first frame.
        """
        path = os.path.abspath(Path(__file__).parent / name)
        if not self.stylesheet.has_source(path):
            self.stylesheet.read(path)
            self.stylesheet.parse()

    def push_screen(self, screen: Any, *args: Any, **kwargs: Any) -> Any:  # type: ignore[override]
        """Every screen but the main one is styled by screens.tcss, read when the first is shown.

        (Textual's own signature, overloaded on ``wait_for_dismiss``, is passed through unchanged.)
        """
        self.load_css("screens.tcss")
        return super().push_screen(screen, *args, **kwargs)

    def get_default_screen(self) -> Screen[None]:
        from collab_tui.screens.main import MainScreen

        return MainScreen(self.db, self.start)

    def _saved_theme(self) -> str | None:
        path = settings_path()
        try:
            # Only a small regular file: a FIFO or a device would block or never end.
            info = path.stat()
            if not stat.S_ISREG(info.st_mode) or info.st_size > 64 * 1024:
                return None
            import json  # only when a theme was saved: not on every start

            theme = json.loads(path.read_text(encoding="utf-8")).get("theme")
        except (OSError, ValueError, AttributeError, RuntimeError):
            return None
        return theme if isinstance(theme, str) and theme in self.available_themes else None

    def action_help(self) -> None:
        from collab_tui.screens.help import HelpScreen

        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen())

    def action_next_theme(self) -> None:
        names = [t for t in THEMES if t in self.available_themes]
        current = names.index(self.theme) if self.theme in names else -1
        self.theme = names[(current + 1) % len(names)]
        self.notify(f"Theme: {self.theme} (palette: 'Remember this theme' to keep it)", timeout=2)

    def action_remember_theme(self) -> None:
        import json

        from collab_tui.files import WriteError, atomic_write, describe, shown

        try:
            path = settings_path()
            path.parent.mkdir(parents=True, exist_ok=True)
            atomic_write(path, json.dumps({"theme": self.theme}))
        except WriteError as exc:
            self.notify(f"Could not save the theme: {exc}", severity="error", markup=False)
            return
        except (OSError, RuntimeError) as exc:
            reason = describe(exc) if isinstance(exc, OSError) else "no home folder"
            self.notify(f"Could not save the theme: {reason}", severity="error", markup=False)
            return
        self.notify(f"Theme {self.theme} saved to {shown(path)}", markup=False)
