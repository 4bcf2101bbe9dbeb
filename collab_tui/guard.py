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
from pathlib import Path
from types import FrameType

from collab_tui.safe_text import clean

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


def raise_signal_swallowed_by_sqlite() -> None:
    """Re-raise a signal that arrived while SQLite was running a query.

    Our handler raises inside SQLite's progress callback, where the sqlite3 module
    turns the exception into a plain "interrupted" error; the signal must still stop us.
    """
    if _received:
        signum = _received.pop()
        _received.clear()
        if signum == signal.SIGINT:
            raise KeyboardInterrupt
        raise Stopped(signum)


def _raise_stopped(signum: int, frame: FrameType | None) -> None:
    _received.append(signum)
    if signum == signal.SIGINT:
        raise KeyboardInterrupt
    raise Stopped(signum)


@contextlib.contextmanager
def signals_as_exceptions() -> Iterator[None]:
    """SIGTERM, SIGHUP and SIGQUIT raise Stopped (SIGINT KeyboardInterrupt) while the block runs."""
    previous: dict[int, Callable[..., object] | int | None] = {}
    for sig in SIGNALS:
        with contextlib.suppress(ValueError, OSError):  # not the main thread, or not allowed
            previous[sig] = signal.signal(sig, _raise_stopped)
    _received.clear()
    try:
        yield
    finally:
        _received.clear()
        for sig, handler in previous.items():
            with contextlib.suppress(ValueError, OSError, TypeError):
                signal.signal(sig, handler if handler is not None else signal.SIG_DFL)


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
