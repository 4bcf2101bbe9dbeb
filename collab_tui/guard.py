"""The guard around every entry point: one line, the right exit code, a crash log only for real bugs.

Exit codes (the README's): 0 ok (also when the reader of a pipe stops early),
1 nothing matched, 2 a bad database, bad usage or something the OS refused,
70 an unexpected error (a crash log is written to the user's cache folder),
128+N stopped by signal N (130 for Ctrl+C). Plain Python: no Textual, no Rich.
"""

from __future__ import annotations

import contextlib
import os
import signal
import sys
import time
from collections.abc import Callable, Iterator
from types import FrameType

from collab_tui.safe_text import clean

TYPE_CHECKING = False  # typing itself is not imported on a lookup's path
if TYPE_CHECKING:
    import threading
    from pathlib import Path
    from typing import Any

OK = 0
NOTHING = 1
BAD = 2
CRASH = 70  # EX_SOFTWARE, as sysexits.h
PROG = "collab-tui"
SIGNALS = tuple(
    getattr(signal, name) for name in ("SIGINT", "SIGTERM", "SIGHUP", "SIGQUIT") if hasattr(signal, name)
)


class Stopped(BaseException):
    """A signal asked us to stop (SIGTERM, SIGHUP, SIGQUIT); exit 128 + the signal's number."""

    def __init__(self, signum: int) -> None:
        super().__init__(signum)
        self.signum = signum


def stop_within(error: BaseException) -> BaseException | None:
    """The KeyboardInterrupt or Stopped an error was raised from or during, if any (Python 3.11 wraps an
    exception raised in a class's ``__set_name__``, as Ctrl+C can be during an import, in a RuntimeError)."""
    seen: set[int] = set()
    cause: BaseException | None = error
    while cause is not None and id(cause) not in seen:
        if isinstance(cause, KeyboardInterrupt | Stopped):
            return cause
        seen.add(id(cause))
        cause = cause.__cause__ or cause.__context__
    return None


def say(message: str, *, prefix: str = f"{PROG}: ") -> None:
    """One line on stderr, with every control character shown escaped; never raises."""
    line = prefix + clean(str(message), escape=True)
    try:
        print(line, file=sys.stderr, flush=True)
    except (OSError, ValueError, UnicodeError):
        with contextlib.suppress(OSError, ValueError):
            os.write(2, line.encode("ascii", "backslashreplace") + b"\n")


def cache_dir() -> Path:
    """The user's cache folder for collab-tui (XDG on Unix, LOCALAPPDATA on Windows)."""
    from pathlib import Path  # only for a crash log

    if os.name == "nt" and os.environ.get("LOCALAPPDATA"):
        return Path(os.environ["LOCALAPPDATA"]) / "collab-tui" / "Cache"
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "collab-tui"


def crash_log(error: BaseException) -> Path | None:
    """Write the traceback of an unexpected error to the cache folder; its path, or None if it could not."""
    import traceback  # only for a crash: it costs every start ~3 ms (linecache, tokenize)

    from collab_tui import __version__
    from collab_tui.files import WriteError, atomic_write

    stamp = time.strftime("%Y%m%d-%H%M%S")
    text = (
        f"collab-tui {__version__}, Python {sys.version.split()[0]}, {sys.platform}\n"
        f"argv: {sys.argv!r}\n\n" + "".join(traceback.format_exception(error))
    )
    try:
        folder = cache_dir()
        folder.mkdir(parents=True, exist_ok=True)
        return atomic_write(folder / f"crash-{stamp}-{os.getpid()}.log", text)
    except (OSError, RuntimeError, WriteError):
        return None


def report_crash(error: BaseException) -> int:
    """One line and the crash log's path for an unexpected error; the exit code 70."""
    log = crash_log(error)
    where = f"; details in {log}" if log else " (no crash log could be written)"
    say(f"internal error: {error.__class__.__name__}: {str(error)[:200]}{where}. Please report it.")
    return CRASH


_received: list[int] = []
"""The stop signals our handler has raised as exceptions since the last one was acted on."""


def swallowed_signal() -> int | None:
    """A stop signal whose exception was raised but swallowed before it could stop us (its number), if any.

    Our handler raises KeyboardInterrupt or Stopped wherever Python happens to be. Some places swallow
    it: SQLite's progress callback (the sqlite3 module turns it into a plain "interrupted" error), and
    Python itself, for an exception raised in a weakref callback or a ``__del__`` (such as importlib's
    clean-up of a module lock during an import, seen in the SIGINT-at-20-moments test: the explorer then
    started as if nothing had happened and never exited). The signal is still owed: this returns it once.
    """
    if not _received:
        return None
    signum = _received.pop()
    _received.clear()
    return signum


def raise_swallowed_signal() -> None:
    """Raise again a stop signal whose exception was swallowed (``swallowed_signal``): KeyboardInterrupt
    for Ctrl+C, Stopped for the others."""
    signum = swallowed_signal()
    if signum is None:
        return
    if signum == signal.SIGINT:
        raise KeyboardInterrupt
    raise Stopped(signum)


def _raise_stopped(signum: int, frame: FrameType | None) -> None:
    _received.append(signum)
    if signum == signal.SIGINT:
        raise KeyboardInterrupt
    raise Stopped(signum)


def _quiet_about_stops(previous: Callable[[Any], object]) -> Callable[[Any], object]:
    """A ``sys.unraisablehook`` that says nothing of a stop swallowed by Python (it is acted on at the next
    check, ``raise_swallowed_signal``), and passes anything else to ``previous``."""

    def hook(unraisable: Any) -> None:
        if isinstance(unraisable.exc_value, KeyboardInterrupt | Stopped):
            return
        previous(unraisable)

    return hook


@contextlib.contextmanager
def signals_as_exceptions() -> Iterator[None]:
    """SIGTERM, SIGHUP and SIGQUIT raise Stopped (SIGINT KeyboardInterrupt) while the block runs; one that
    Python swallowed prints nothing (no "Exception ignored" traceback) and is owed (``swallowed_signal``)."""
    previous: dict[int, Callable[..., object] | int | None] = {}
    previous_hook = sys.unraisablehook
    sys.unraisablehook = _quiet_about_stops(previous_hook)
    for sig in SIGNALS:
        with contextlib.suppress(ValueError, OSError):  # not the main thread, or not allowed
            previous[sig] = signal.signal(sig, _raise_stopped)
    _received.clear()
    try:
        yield
    finally:
        # (what was received stays until the next block: the caller's exit_code reads it after this ends)
        for sig, handler in previous.items():
            with contextlib.suppress(ValueError, OSError, TypeError):
                signal.signal(sig, handler if handler is not None else signal.SIG_DFL)
        sys.unraisablehook = previous_hook


def quiet_stdout() -> None:
    """After a broken pipe or a failed write: point stdout at /dev/null so exit does not complain."""
    with contextlib.suppress(OSError, ValueError, AttributeError):
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)


def safe_output() -> None:
    """Characters the output's encoding cannot hold become '?' instead of a UnicodeEncodeError."""
    for stream in (sys.stdout, sys.stderr):
        with contextlib.suppress(AttributeError, ValueError, OSError):
            stream.reconfigure(errors="replace" if stream is sys.stdout else "backslashreplace")  # type: ignore[union-attr]


def output_is_unicode() -> bool:
    """True if standard output can print any character (UTF-8/16/32)."""
    encoding = (getattr(sys.stdout, "encoding", None) or "").lower().replace("-", "").replace("_", "")
    return encoding.startswith("utf")


# --- signals while the explorer runs: heard even when its event loop is busy ----------------------

SIGNAL_GRACE = 2.0
"""Seconds the explorer's event loop has to act on a signal before the watch closes it at once."""
EXIT_GRACE = 8.0
"""Seconds a clean exit, once begun, may take before the watch closes the explorer at once."""

# What Textual's driver turns on, turned off (kitty keys, bracketed paste, mouse, focus events,
# line wrap back on), then the alternate screen off and the cursor on.
TERMINAL_RESET = (
    b"\x1b[<u\x1b[?2004l\x1b[?1000l\x1b[?1003l\x1b[?1015l\x1b[?1006l\x1b[?1004l\x1b[?7h\x1b[?1049l\x1b[?25h"
)


def restore_terminal(out_fd: int, in_fd: int, attrs: list[Any] | None) -> None:
    """Give the terminal back without the event loop: modes off, main screen, cursor, the saved tty flags.

    Safe from any thread; every error is ignored (after SIGHUP there may be no terminal at all).
    """
    with contextlib.suppress(OSError):
        os.write(out_fd, TERMINAL_RESET)
    if attrs is not None:
        with contextlib.suppress(Exception):
            import termios

            termios.tcsetattr(in_fd, termios.TCSANOW, attrs)


def _saved_tty(fd: int) -> list[Any] | None:
    """The tty's flags as they are now (before the explorer changes them), None if not a tty."""
    try:
        import termios

        return termios.tcgetattr(fd)
    except Exception:  # ImportError (Windows), termios.error, OSError, ValueError
        return None


def _ignore(signum: int, frame: FrameType | None) -> None:
    """The Python-level handler: nothing (the watch thread reads the signal from the wakeup pipe)."""


class SignalWatch:
    """SIGINT, SIGTERM, SIGHUP and SIGQUIT while the explorer runs, heard even when its loop is busy.

    The C-level signal handler writes each signal's number to a pipe (``signal.set_wakeup_fd``),
    which a thread reads whatever the main thread is doing (running Python, or stuck in C).
    The first signal is handed to the event loop through ``deliver`` (the app quits cleanly,
    exit 128+N); the loop calls :meth:`acted_on` when it does. If it has not within
    ``SIGNAL_GRACE`` seconds, or the exit has not finished within ``EXIT_GRACE``, or a second
    signal comes, the thread restores the terminal itself, prints one line and exits 128+N.
    Use it as a context manager from the main thread, around ``App.run``.
    """

    def __init__(self, deliver: Callable[[int], None], *, out_fd: int = 2, in_fd: int = 0) -> None:
        self.deliver = deliver
        self.out_fd, self.in_fd = out_fd, in_fd
        self.received: int | None = None
        """The first signal heard (its number), None if none."""
        self._heard_at = 0.0
        self._acted_at: float | None = None
        self._tty = _saved_tty(in_fd)
        self._pipe: tuple[int, int] | None = None
        self._thread: threading.Thread | None = None
        self._previous: dict[int, Callable[..., object] | int | None] = {}
        self._old_wakeup = -1
        import threading  # the explorer's: not on a lookup's path

        self._lock = threading.Lock()

    def __enter__(self) -> SignalWatch:
        self.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def start(self) -> None:
        import threading

        if threading.current_thread() is not threading.main_thread() or not hasattr(os, "pipe2"):
            return  # signals can only be set up from the main thread; elsewhere nothing changes
        read_end, write_end = os.pipe2(os.O_NONBLOCK | os.O_CLOEXEC)
        self._pipe = (read_end, write_end)
        self._old_wakeup = signal.set_wakeup_fd(write_end, warn_on_full_buffer=False)
        for sig in SIGNALS:
            with contextlib.suppress(ValueError, OSError):
                self._previous[sig] = signal.signal(sig, _ignore)
        owed = swallowed_signal()  # raised before the watch began, and swallowed: heard now
        if owed is not None:
            os.write(write_end, bytes([owed]))
        self._thread = threading.Thread(target=self._watch, name="collab-tui-signals", daemon=True)
        self._thread.start()

    def acted_on(self) -> None:
        """The event loop has begun the clean exit for the signal it was handed."""
        with self._lock:
            if self._acted_at is None:
                self._acted_at = time.monotonic()

    def stop(self) -> None:
        """Put the previous handlers back (the app has returned); the thread ends."""
        if self._pipe is None:
            return
        with contextlib.suppress(ValueError, OSError):
            signal.set_wakeup_fd(self._old_wakeup)
        for sig, handler in self._previous.items():
            with contextlib.suppress(ValueError, OSError, TypeError):
                signal.signal(sig, handler if handler is not None else signal.SIG_DFL)
        read_end, write_end = self._pipe
        with contextlib.suppress(OSError):
            os.write(write_end, b"\x00")  # wakes the thread: 0 is no signal
        if self._thread is not None:
            self._thread.join(1.0)
        for fd in (read_end, write_end):
            with contextlib.suppress(OSError):
                os.close(fd)
        self._pipe = None

    def _deadline(self) -> float | None:
        with self._lock:
            if self.received is None:
                return None
            if self._acted_at is None:
                return self._heard_at + SIGNAL_GRACE
            return self._acted_at + EXIT_GRACE

    def _watch(self) -> None:
        import select

        assert self._pipe is not None
        read_end = self._pipe[0]
        while True:
            deadline = self._deadline()
            timeout = None if deadline is None else max(deadline - time.monotonic(), 0.0)
            try:
                ready, _, _ = select.select([read_end], [], [], timeout)
                data = os.read(read_end, 512) if ready else b""
            except (OSError, ValueError):
                return
            if ready and not data:
                return
            if b"\x00" in data:
                return  # stop() was called: the app is done
            for signum in data:
                if signum not in SIGNALS:
                    continue  # SIGWINCH and friends also come through the pipe
                if self.received is None:
                    with self._lock:
                        self.received, self._heard_at = signum, time.monotonic()
                    self.deliver(signum)
                else:
                    self._close_now(signum, "a second signal")
            deadline = self._deadline()
            if deadline is not None and time.monotonic() >= deadline and self.received is not None:
                self._close_now(self.received, "no response")

    def _close_now(self, signum: int, why: str) -> None:
        """The last resort: restore the terminal from this thread, one line, exit 128+N at once."""
        restore_terminal(self.out_fd, self.in_fd, self._tty)
        name = signal.Signals(signum).name
        reason = "it did not respond" if why == "no response" else "asked twice"
        line = f"{PROG}: stopped by {name} ({reason}); the terminal was restored\n"
        with contextlib.suppress(OSError):
            os.write(self.out_fd, line.encode("ascii", "replace"))
        os._exit(128 + signum)
