"""The `collab-tui` command: open the explorer, or look things up for scripts.

    collab-tui                      open the explorer
    collab-tui search QUERY         ranked matches (people, areas, organisations, places, projects, funding)
    collab-tui show NAME            an area's or a person's full record
    collab-tui info                 the database, its source and licence
    collab-tui grep PHRASE          every line of the report with PHRASE, and the records drawn from it
    collab-tui read SECTION         a part of the report's text, with line numbers

Every error is one line on stderr with exit code 2 (bad database, bad usage)
or 1 (nothing found); never a traceback.
"""

from __future__ import annotations

import contextlib
import gc
import os
import signal
import sys
from collections.abc import Sequence

if os.path.basename(sys.argv[0]) in ("collab-tui", "collab-tui.exe"):
    # The installed script: Ctrl+C during the imports below exits quietly (nothing to restore yet).
    signal.signal(signal.SIGINT, lambda signum, frame: os._exit(128 + signum))
    # And no garbage collection during start-up, as in __main__.py (re-enabled by launch).
    gc.disable()

from collab_tui.cli_args import COMPARE_FORMATS, EXPORT_FILTERS, EXPORT_FORMATS, SHOW_FORMATS, quick_args
from collab_tui.cli_choose import NoChoice, choose_area, choose_record, not_held, record_named
from collab_tui.db import AS_READ, Database, DatabaseError
from collab_tui.files import WriteError, atomic_write, describe, output_path
from collab_tui.guard import (
    BAD,
    OK,
    Stopped,
    output_is_unicode,
    quiet_stdout,
    raise_swallowed_signal,
    report_crash,
    safe_output,
    say,
    signals_as_exceptions,
    stop_within,
    swallowed_signal,
)
from collab_tui.models import Start
from collab_tui.safe_text import clean

TYPE_CHECKING = False  # typing itself is not imported on a lookup's path
if TYPE_CHECKING:
    import argparse
    from typing import Any


def output_format(args: argparse.Namespace, formats: Sequence[str], default: str | None = None) -> str | None:
    """The format to write by the one rule (--format, else --output's extension, else a flag, else the
    default); None means tables on the terminal. Raises FormatError (one line) on a mismatch."""
    from collab_tui.formats import FormatError, resolve_format

    flags = [f for flag, f in (("json", "json"), ("markdown", "md"), ("html", "html"), ("plain", "txt"))
             if getattr(args, flag, False)]  # fmt: skip
    flag = flags[0] if flags else None
    if flag and args.format and flag != args.format:
        raise FormatError(f"--{'plain' if flag == 'txt' else 'markdown' if flag == 'md' else flag} and "
                          f"--format {args.format} disagree: give one")  # fmt: skip
    fmt = resolve_format(args.output, args.format or flag, formats)
    if fmt is None and default is not None:
        fmt = default
    if getattr(args, "bom", None) and fmt != "csv":
        raise FormatError(f"--bom is for CSV, and this writes {fmt or 'tables'}")
    return fmt


def emit(args: argparse.Namespace, text: str, fmt: str) -> int:
    """Write ``text`` to standard output, or atomically to --output (which must not exist unless --force).

    A refusal (a folder, no such folder, an existing file, a full disk) raises WriteError: main says it
    in one line, exit code 2."""
    from collab_tui.files import shown
    from collab_tui.formats import FORMAT_NAMES

    if not args.output:
        if fmt == "json" and not output_is_unicode():  # keep £ and ŷ as \u escapes, not '?'
            import json

            text = json.dumps(json.loads(text), indent=2, ensure_ascii=True) + "\n"
        sys.stdout.write(text)
        return 0
    path = output_path(args.output, force=args.force, must_not_exist=not args.force)
    written = atomic_write(path, text)
    say(f"wrote {shown(written)} ({FORMAT_NAMES[fmt]})", prefix="")
    return 0


def wants_bom(args: argparse.Namespace) -> bool:
    """CSV from the CLI starts with a BOM with --bom, and whenever --output names a .csv file unless --no-bom."""
    if args.bom is not None:
        return bool(args.bom)
    return bool(args.output) and str(args.output).lower().endswith(".csv")


def format_error(exc: Exception) -> int:
    say(f"error: {exc}")
    return 2


def to_json(data: object) -> str:
    """JSON for standard output: UTF-8 as is, or \\u escapes where the output cannot hold every character."""
    from collab_tui.jsontext import dumps  # json.dumps(data, indent=2, ...), without importing json

    return dumps(data, ensure_ascii=not output_is_unicode())


def cmd_info(db: Database, args: argparse.Namespace) -> int:
    meta = db.meta
    counts = db.counts()
    data = {
        "database": str(db.path),
        "schema_version": meta.schema_version,
        "source": f"{meta.source_title} ({meta.source_year})",
        "source_sha256": meta.source_sha256,
        "licence": meta.licence,
        "attribution": meta.attribution,
        "counts": counts,
    }
    if args.json:
        print(to_json(data))
        return 0
    print(f"database:  {data['database']}")
    print(f"source:    {data['source']}")
    print(f"licence:   {meta.licence} ({meta.licence_url})")
    for kind, n in counts.items():
        print(f"{kind + ':':<15}{n}")
    return 0


def cmd_search(db: Database, args: argparse.Namespace) -> int:
    if not 1 <= args.limit <= 1000:
        say(f"error: --limit must be at least 1 and at most 1000 (not {args.limit})")
        return 2
    from collab_tui.search import Index

    query = " ".join(args.query)
    index = Index.load(db)
    hits = index.search(query, limit=args.limit, kinds=[args.kind] if args.kind else None)
    if not hits:
        # A place in the one force area the report leaves out says so; anything else has no close match.
        uncovered = index.not_covered(query)
        if args.json:
            print(to_json([]))
        if uncovered:
            say(clean(uncovered))
        else:
            say(f"no close match for {clean(query)!r}; try fewer or other words")
        return 1
    if args.json:
        print(to_json([h.to_dict() for h in hits]))
        return 0
    from collab_tui.cli_render import render_search

    render_search(query, hits)
    return 0


def cmd_show(db: Database, args: argparse.Namespace) -> int:
    from collab_tui.dossier import area_dossier, dossier_as, person_dossier
    from collab_tui.formats import FormatError

    try:
        fmt = output_format(args, SHOW_FORMATS)
    except FormatError as exc:
        return format_error(exc)

    found = record_named(db, " ".join(args.name))
    if isinstance(found, int):
        return found
    try:
        d = area_dossier(db, found.id) if found.kind == "area" else person_dossier(db, found.id)
    except KeyError:  # named by the stored index or names, not in the database: not one the build wrote
        raise not_held(db) from None
    if fmt is None:
        from collab_tui.cli_render import render_dossier

        render_dossier(d)
        return 0
    return emit(args, dossier_as(db, d, fmt), fmt)


def export_filters(db: Database, args: argparse.Namespace) -> object | str:
    """The filters of ``args.view`` from the export flags, or one line saying what is wrong."""
    from collab_tui.tables import filter_names, make_filters

    given = {flag: getattr(args, f"filter_{flag}") for flag, _, _ in EXPORT_FILTERS
             if getattr(args, f"filter_{flag}", None) is not None}  # fmt: skip
    names = filter_names(args.view)
    wrong = [flag for flag in given if flag not in names]
    if wrong:
        return (
            f"--{wrong[0]} is not a filter of {args.view} (its filters: {', '.join('--' + n for n in names)})"
        )
    try:
        return make_filters(db, args.view, **given)
    except ValueError as exc:
        flag = next((f for f in given if repr(given[f]) in str(exc)), "")
        return f"--{flag}: {clean(str(exc))}" if flag else clean(str(exc))


def cmd_export(db: Database, args: argparse.Namespace) -> int:
    from collab_tui.export import FormatError, export_view

    try:
        fmt = output_format(args, EXPORT_FORMATS, default="csv")
    except FormatError as exc:
        return format_error(exc)
    assert fmt is not None
    filters = export_filters(db, args)
    if isinstance(filters, str):
        say(f"error: {filters}")
        return BAD
    text = export_view(db, args.view, fmt, bom=fmt == "csv" and wants_bom(args), filters=filters)
    return emit(args, text, fmt)


def cmd_grep(db: Database, args: argparse.Namespace) -> int:
    from collab_tui.report import KIND_LABELS, Report, grep

    phrase = " ".join(args.phrase)
    found = grep(Report.load(db), phrase)
    if args.json:
        print(to_json(found))
        return 0 if found else 1
    if not found:
        say(f"{clean(phrase)!r} is not in the report's text")
        return 1
    for item in found:
        print(f"{item['line']}: {item['text']}")
        for rec in item["records"]:  # type: ignore[attr-defined]
            print(f"    {KIND_LABELS[rec['kind']]} {rec['id']}: {rec['name']}")
    return 0


def cmd_read(db: Database, args: argparse.Namespace) -> int:
    from collab_tui.report import Ambiguous, Report

    name = " ".join(args.section)
    report = Report.load(db)
    try:
        part = report.resolve_part(name)
    except Ambiguous as exc:
        names = ", ".join(clean(p.heading) for p in exc.candidates)
        say(f"{clean(name)!r} could be {names}; say which")
        return 1
    if part is None:
        close = "; ".join(clean(p.heading) for p in report.closest_parts(name))
        hint = f"; closest: {close}" if close else ""
        say(f"no part of the report matches {clean(name)!r}{hint}")
        return 1
    width = len(str(part.end_line))
    for number, text in report.part_lines(part):
        print(f"{number:>{width}}  {text}".rstrip())
    return 0


def cmd_compare(db: Database, args: argparse.Namespace) -> int:
    from collab_tui.compare import CompareError, compare_areas
    from collab_tui.compare_export import comparison_as
    from collab_tui.export import FormatError
    from collab_tui.search import Index

    try:
        fmt = output_format(args, COMPARE_FORMATS)
    except FormatError as exc:
        return format_error(exc)

    index = Index.load(db)
    try:
        left, right = choose_area(index, args.area_a), choose_area(index, args.area_b)
    except NoChoice as exc:
        return exc.code
    try:
        comparison = compare_areas(db, left, right)
    except CompareError as exc:
        say(str(exc))
        return 1
    if fmt is not None:
        return emit(args, comparison_as(comparison, fmt, bom=fmt == "csv" and wants_bom(args)), fmt)
    else:
        from rich.table import Table
        from rich.text import Text

        from collab_tui.cli_render import console

        table = Table(title=Text(f"{comparison.left.name} and {comparison.right.name} ({comparison.vintage})"),
                      title_justify="left")  # fmt: skip
        for column in ("", "Section", comparison.left.name, comparison.right.name):
            table.add_column(Text(column), overflow="fold")
        for row in comparison.rows:
            table.add_row(Text(row.mark), Text(f"{row.section}: {clean(row.label)}"),
                          Text(clean(row.left)), Text(clean(row.right)))  # fmt: skip
        console().print(table)
        console().print(Text(f"Source: {comparison.source}. {comparison.attribution}"))
    return 0


def run() -> None:
    """The `collab-tui` script and `python -m collab_tui`: :func:`main`, then exit with its code.

    A lookup then ends without tearing the interpreter down (freeing every object of the imports
    and the search index costs it about a tenth of its time): its output is flushed, and nothing
    else is pending. The explorer (Textual loaded) exits the ordinary way.
    """
    code = main()
    if "textual" in sys.modules:
        sys.exit(code)
    for stream in (sys.stdout, sys.stderr):
        try:
            if stream is not None:
                stream.flush()
        except (OSError, ValueError):
            sys.exit(code)  # main() has said what failed; the ordinary exit deals with the stream
    os._exit(code)


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the `collab-tui` script and `python -m collab_tui`: the guard around everything.

    Whatever happens is one line on stderr and an exit code: 0 ok (also when the reader of a
    pipe stops early), 1 nothing matched, 2 bad database, bad usage or an OS refusal, 70 an
    unexpected error (with a crash log), 128+N a signal (130 Ctrl+C).
    """
    try:
        with signals_as_exceptions():
            if sys.stdout is None:
                say("error: standard output is closed; run collab-tui with somewhere to write to")
                return BAD
            safe_output()
            code = _main(argv)
            raise_swallowed_signal()  # a Ctrl+C or signal swallowed on the way still ends the command
            try:
                sys.stdout.flush()
            except BrokenPipeError:
                raise
            except OSError as exc:
                quiet_stdout()
                say(f"error: cannot write the output: {describe(exc, '<stdout>')}")
                return BAD
            return code
    except SystemExit as exc:  # argparse: --help, --version, a usage error (already printed)
        return exc.code if isinstance(exc.code, int) else (OK if exc.code is None else BAD)
    except BrokenPipeError:
        quiet_stdout()
        return OK
    except (KeyboardInterrupt, Stopped, DatabaseError, WriteError) as exc:
        return exit_code(exc)
    except OSError as exc:
        quiet_stdout()
        where = "" if exc.filename else "cannot write the output: "
        say(f"error: {where}{describe(exc)}")
        return BAD
    except Exception as exc:
        return exit_code(exc)
    finally:
        swallowed_signal()  # nothing owed outlives the command (a later query's error must not raise it)


def exit_code(error: BaseException) -> int:
    """The exit code for an error that ended a command or the explorer, after its one line if it has
    one: a bad database or a refused write 2, Ctrl+C 130, a signal 128+N, anything else a crash log
    and 70."""
    stop = stop_within(error)  # Ctrl+C or a signal, also when an import wrapped it in a RuntimeError
    if stop is not None:
        return 128 + (stop.signum if isinstance(stop, Stopped) else signal.SIGINT)
    owed = swallowed_signal()  # raised and swallowed on the way, so that this error came instead
    if owed is not None:
        return 128 + owed
    if isinstance(error, DatabaseError | WriteError):
        say(f"error: {error}")
        return BAD
    return report_crash(error)


def _main(argv: Sequence[str] | None) -> int:
    words = sys.argv[1:] if argv is None else argv
    args: argparse.Namespace | None = quick_args(words)  # type: ignore[assignment]  # a plain search or show: no argparse
    if args is None:
        from collab_tui.cli_parser import build_parser

        args = build_parser().parse_args(words)
    if args.command is not None and (args.search or args.area or args.person or args.compare
                                     or args.line is not None):  # fmt: skip
        say("error: --search, --area, --person, --compare and --line open the explorer; "
            "they cannot be used with a command")  # fmt: skip
        return BAD
    if args.command is None:
        # On a terminal the deep check of the database runs beside the explorer's first paint
        # (DeepCheck); without one the explorer cannot start, and the database is checked now.
        return launch(Database(args.db, deep=not on_a_terminal()), args)
    db = Database(args.db, deep=AS_READ if args.command in ("search", "show") else True)
    with db:
        if args.command == "info":
            return cmd_info(db, args)
        if args.command == "search":
            return cmd_search(db, args)
        if args.command == "show":
            return cmd_show(db, args)
        if args.command == "compare":
            return cmd_compare(db, args)
        if args.command == "export":
            return cmd_export(db, args)
        if args.command == "grep":
            return cmd_grep(db, args)
        if args.command == "read":
            return cmd_read(db, args)
    return OK


def launch(db: Database, args: argparse.Namespace) -> int:
    """Open the explorer (at a deep link, if one was given) on an open database.

    The app quits cleanly on SIGINT, SIGTERM, SIGHUP and SIGQUIT (terminal restored,
    exit 128+N). An error inside it is one line after the terminal is restored: a bad
    database exits 2; anything unexpected writes a crash log and exits 70.
    """
    try:
        try:
            start = resolve_start(db, args)
        except NoChoice as exc:
            return exc.code
        if not all(stream is not None and stream.isatty() for stream in (sys.stdin, sys.stdout, sys.stderr)):
            say("error: the explorer needs a terminal (standard input and output); in scripts use "
                "collab-tui search, show, compare, export or info (see collab-tui --help)")  # fmt: skip
            return BAD
        # The terminal's own size is the truth: exported COLUMNS/LINES (left by a shell, a test
        # runner or a script) would pin Textual's size and every resize would be ignored.
        for stale in ("COLUMNS", "LINES"):
            os.environ.pop(stale, None)
        from collab_tui.app import CollabApp  # Textual only when the explorer opens

        app = CollabApp(db_path=db.path, start=start, db=db, guarded=True)
        # What the imports created lives as long as the app: keep it out of every garbage
        # collection (a full one otherwise walks it all during the first frame).
        gc.freeze()
        # Collections stay off (since start-up when run as a program: __main__.py) until the first
        # frame is on screen: they walked the first screen's widgets as they were made (48 during
        # the first frame, about 10 ms). Then what that frame made is frozen too, and they resume.
        gc.disable()
        app.when_shown(collect_from_now)
        # The deep check starts once the first frame is on screen: a thread started before it competes
        # with it for the interpreter (about 11 ms of the first paint in an A/B run).
        check = DeepCheck(db, app, start=False)
        app.when_shown(check.start)
        raise_swallowed_signal()  # a Ctrl+C swallowed during the imports: do not open the explorer at all
        app.run()
    finally:
        gc.enable()  # (an app that ended before its first frame)
        db.close()
    failure = check.verdict(app.failure)
    return (app.return_code or OK) if failure is None else exit_code(failure)


def collect_from_now() -> None:
    """Garbage collection on for the explorer's life, the objects made so far left out of it."""
    gc.freeze()
    gc.enable()


def on_a_terminal() -> bool:
    """Standard input, output and error are all a terminal (the explorer needs one)."""
    return all(stream is not None and stream.isatty() for stream in (sys.stdin, sys.stdout, sys.stderr))


class DeepCheck:
    """The database's deep check (Database.check), in a thread of low priority started once the
    explorer's first frame is on screen (``start``), so the first paint does not wait for it. A
    database that fails it stops the explorer with the same one line and exit code 2 as at open, and
    is reported even if the app failed first (a crash on a corrupt database is the database's error,
    not a crash): an app that ended before its first frame has the check run by ``verdict``."""

    def __init__(self, db: Database, app: Any, start: bool = True) -> None:
        import threading  # only for the explorer: not on a lookup's path

        self.error: DatabaseError | None = None
        self._app = app
        self._done = threading.Event()  # the app has ended: nothing to stop any more
        self._thread = threading.Thread(target=self._run, args=(db,), name="collab-db-check", daemon=True)
        self._started = False
        if start:
            self.start()

    def start(self) -> None:
        """Start the check (once)."""
        if not self._started:
            self._started = True
            self._thread.start()

    def _run(self, db: Database) -> None:
        import threading

        if sys.platform == "linux":  # a thread's own priority: the app's start-up comes first
            with contextlib.suppress(OSError):
                os.setpriority(os.PRIO_PROCESS, threading.get_native_id(), 19)
        try:
            db.check()
        except DatabaseError as exc:
            self.error = exc
        except Exception as exc:
            self.error = DatabaseError(f"{db.path} could not be checked ({exc})")
        if self.error is None:
            return
        while not self._app.is_running and not self._done.wait(0.01):
            pass
        if not self._done.is_set():
            from textual.events import Callback

            self._app.post_message(Callback(callback=lambda: self._app.quit_when_shown(BAD)))

    def wait(self) -> None:
        """Until the check has run (and, if it failed, asked a running app to quit)."""
        self.start()
        self._thread.join()

    def verdict(self, failure: BaseException | None) -> BaseException | None:
        """Once the app has ended: the error to report (the check's first), or None. The check runs
        now if the app ended before its first frame."""
        self._done.set()
        self.start()
        self._thread.join()
        return self.error if self.error is not None else failure


def resolve_start(db: Database, args: argparse.Namespace) -> Start | None:
    """The deep link the explorer opens at (None: the Areas pane); NoChoice if it names nothing."""
    given = [(k, v) for k, v in (("search", args.search), ("area", args.area), ("person", args.person),
                                 ("compare", args.compare), ("line", args.line)) if v is not None and v != ""]  # fmt: skip
    if len(given) > 1:
        say("error: give one of --search, --area, --person, --compare, --line")
        raise NoChoice(2)
    if not given:
        return None
    kind, value = given[0]
    if kind == "line":
        from collab_tui.report import line_count

        total = line_count(db)
        if not 1 <= value <= total:
            say(f"error: --line {value} is outside the report (lines 1 to {total})")
            raise NoChoice(2)
        return Start.line(value)
    if kind == "search":
        return Start.search(clean(value).replace("\n", " ").replace("\t", " "))
    from collab_tui.search import Index

    if kind == "compare":
        index = Index.load(db)
        left, right = choose_area(index, value[0]), choose_area(index, value[1])
        if left == right:
            say("choose two different areas to compare")
            raise NoChoice(1)
        return Start.compare(left, right)
    found = choose_record(Index.load(db), value, (kind,))
    if isinstance(found, int):
        raise NoChoice(found)
    return Start.record(kind, found.id)
