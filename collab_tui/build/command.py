"""The build command (build_db.py runs main): validate the records, then pack them, or check the database.

Every failure is one line on stderr; a build writes a temporary file beside the database and renames
it into place only when complete, so a failed or interrupted build leaves the database as it was.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import signal
import sqlite3
import tempfile
from collections.abc import Iterator
from pathlib import Path

from collab_tui.build.pack import ROOT, pack, record_hash, stored_hash
from collab_tui.build.records import Problem
from collab_tui.build.source import BuildError, Source, check_source
from collab_tui.build.validate import validate
from collab_tui.guard import say
from collab_tui.safe_text import clean

BUILD = "build_db: "
DESCRIPTION = "Validate the curated records in data/records/ and pack them into data/collab.db."
DEFAULT_RECORDS = ROOT / "data" / "records"
DEFAULT_SOURCE = ROOT / "data" / "source" / "emergency-services-collaboration-2014.txt"
DEFAULT_OUTPUT = ROOT / "data" / "collab.db"

TEMP_PREFIX = ".collab-"
TEMP_SUFFIX = ".db.tmp"  # SQLite adds -journal (and -wal, -shm) beside it while packing


class Stopped(BaseException):
    """SIGTERM or SIGHUP during a build: unwind so the temporary files are removed."""

    def __init__(self, signum: int) -> None:
        super().__init__(signum)
        self.signum = signum


class Commit:
    """Whether this build has renamed its database into place: a stop signal after that is too late to
    undo it, so it is noted (``late``) rather than reported as "left as it was"."""

    done = False
    late: list[int] = []


def _stop_signals() -> set[signal.Signals]:
    return {
        s for s in (signal.SIGINT, getattr(signal, "SIGTERM", None), getattr(signal, "SIGHUP", None)) if s
    }


@contextlib.contextmanager
def _stop_signals_held() -> Iterator[None]:
    """Hold Ctrl+C, SIGTERM and SIGHUP for a moment that must not be cut in two; one that comes meanwhile
    is delivered, and its handler runs, once the moment is over."""
    held = hasattr(signal, "pthread_sigmask")
    previous = signal.pthread_sigmask(signal.SIG_BLOCK, _stop_signals()) if held else set()
    try:
        yield
    finally:
        if held:
            signal.pthread_sigmask(signal.SIG_SETMASK, previous)


def _rename_into_place(tmp: Path, output: Path) -> None:
    """``os.replace`` with the stop signals held, so a stop lands before the rename or after it, never
    between the rename and the note that it is done (where it would claim the old database was kept)."""
    with _stop_signals_held():
        os.replace(tmp, output)
        Commit.done = True


def _remove_temps(tmp: Path) -> None:
    for leftover in (tmp, *(Path(f"{tmp}{end}") for end in ("-journal", "-wal", "-shm"))):
        leftover.unlink(missing_ok=True)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def clean_stale_temps(folder: Path) -> list[Path]:
    """Remove temporary and journal files left by a build that was killed; return what was removed.

    A temporary file names the process that made it (``.collab-PID-….db.tmp``); one whose
    process is still running (a build at work now) is left alone.
    """
    removed = []
    for path in sorted(folder.glob(f"{TEMP_PREFIX}*{TEMP_SUFFIX}*")):
        pid_text = path.name[len(TEMP_PREFIX) :].split("-", 1)[0]
        if pid_text.isdigit() and int(pid_text) != os.getpid() and _alive(int(pid_text)):
            continue
        try:
            path.unlink()
        except FileNotFoundError:
            continue
        removed.append(path)
    return removed


def build(records_dir: Path, source_path: Path, output: Path) -> list[Problem]:
    """Validate and, if clean, atomically replace ``output``. Returns the problems.

    The database is packed into a temporary file beside ``output`` and renamed over it
    only when complete; the temporary file and SQLite's journal are removed whatever
    happens (an error, Ctrl+C, SIGTERM, SIGHUP). A kill -9 cannot be caught: the next
    build removes what it left.
    """
    Commit.done = False
    source = Source(source_path)
    catalogue = validate(records_dir, source)
    if catalogue.problems:
        return catalogue.problems
    output.parent.mkdir(parents=True, exist_ok=True)
    clean_stale_temps(output.parent)
    tmp: Path | None = None
    try:
        # A stop between making the temporary file and knowing its name would leave it behind (seen
        # once in CI): the signals are held until ``tmp`` is set, and again while it is removed.
        with _stop_signals_held():
            fd, tmp_name = tempfile.mkstemp(
                prefix=f"{TEMP_PREFIX}{os.getpid()}-", suffix=TEMP_SUFFIX, dir=output.parent
            )
            os.close(fd)
            tmp = Path(tmp_name)
        tmp.unlink()
        pack(catalogue, source, tmp)
        _rename_into_place(tmp, output)
    finally:
        if tmp is not None:
            with _stop_signals_held():
                _remove_temps(tmp)
    return []


def main(argv: list[str] | None = None) -> int:
    """Run the build; every failure is one line on stderr: 1 record problems, 2 anything else, 130 Ctrl+C."""
    previous = {}

    def stop(signum: int, frame: object) -> None:
        """Ctrl+C, SIGTERM or SIGHUP unwind the build, so its temporary files are removed; once the
        database is in place the build is complete, and the signal is only noted."""
        if Commit.done:
            Commit.late.append(signum)
            return
        if signum == signal.SIGINT:
            raise KeyboardInterrupt
        raise Stopped(signum)

    Commit.late = []
    for sig in _stop_signals():
        with contextlib.suppress(ValueError, OSError):  # not the main thread
            previous[sig] = signal.signal(sig, stop)
    try:
        code = _main(argv)
        if Commit.late:
            say(
                f"signal {Commit.late[0]} came as the database was put in place: the build is complete",
                prefix=BUILD,
            )
        return code
    except KeyboardInterrupt:
        say("interrupted; the database was left as it was", prefix=BUILD)
        return 130
    except Stopped as exc:
        say(f"stopped by signal {exc.signum}; the database was left as it was", prefix=BUILD)
        return 128 + exc.signum
    except BuildError as exc:
        say(f"error: {exc}", prefix=BUILD)
        return 2
    except UnicodeDecodeError as exc:
        say(
            f"error: a file is not UTF-8 text ({exc.reason} at byte {exc.start}); save it as UTF-8",
            prefix=BUILD,
        )
        return 2
    except (OSError, sqlite3.Error) as exc:
        where = f"{exc.filename}: " if isinstance(exc, OSError) and exc.filename else ""
        reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
        say(f"error: {where}{reason}; the database was left as it was", prefix=BUILD)
        return 2
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)


def _main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=DESCRIPTION)
    parser.add_argument("--records", type=Path, default=DEFAULT_RECORDS, help="records directory")
    parser.add_argument("--source", type=Path, default=DEFAULT_SOURCE, help="the report's text")
    parser.add_argument("--output", type=Path, default=DEFAULT_OUTPUT, help="database to write")
    mode = parser.add_mutually_exclusive_group()
    mode.add_argument("--check", action="store_true", help="exit 1 if the database is stale")
    mode.add_argument("--validate", action="store_true", help="validate only; write nothing")
    args = parser.parse_args(argv)
    for path, what in ((args.records, "records directory"), (args.source, "source text")):
        if not path.exists():
            say(f"error: {what} {path} does not exist", prefix="")
            return 2
    check_source(args.source)
    if args.check or args.validate:
        source = Source(args.source)
        catalogue = validate(args.records, source)
        for problem in catalogue.problems:
            say(str(problem), prefix="")
        if catalogue.problems:
            say(f"{len(catalogue.problems)} problem(s); nothing written", prefix="")
            return 1
        if args.validate:
            print(f"ok: {len(catalogue.records)} records in {len(catalogue.files)} files are valid")
            return 0
        expected = record_hash(catalogue, source)
        if not args.output.exists():
            say(f"stale: {args.output} does not exist; run: python build_db.py", prefix="")
            return 1
        if stored_hash(args.output) != expected:
            say(f"stale: {args.output} does not match the records; run: python build_db.py", prefix="")
            return 1
        print(clean(f"ok: {args.output} is up to date with {len(catalogue.files)} record files", escape=True))
        return 0
    problems = build(args.records, args.source, args.output)
    for problem in problems:
        say(str(problem), prefix="")
    if problems:
        say(f"{len(problems)} problem(s); {args.output} left unchanged", prefix="")
        return 1
    print(clean(f"built {args.output}", escape=True))
    return 0
