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

import argparse
import os
import signal
import sys
from collections.abc import Sequence
from typing import Any

if os.path.basename(sys.argv[0]) in ("collab-tui", "collab-tui.exe"):
    # The installed script: Ctrl+C during the imports below exits quietly (nothing to restore yet).
    signal.signal(signal.SIGINT, lambda signum, frame: os._exit(128 + signum))

from collab_tui import __version__
from collab_tui.db import Database, DatabaseError
from collab_tui.files import WriteError, atomic_write, describe, output_path
from collab_tui.guard import (
    BAD,
    OK,
    Stopped,
    output_is_unicode,
    quiet_stdout,
    report_crash,
    safe_output,
    say,
    signals_as_exceptions,
)
from collab_tui.text import clean

KINDS = ("person", "area", "organisation", "place", "project", "funding")  # as collab_tui.search.KINDS
EPILOG = "Data: Emergency Services Collaboration: The Current Picture (2014). Open Government Licence v3.0."


class Parser(argparse.ArgumentParser):
    """argparse, but a usage error is one line naming the fix, exit code 2."""

    def error(self, message: str) -> None:  # type: ignore[override]
        self.exit(2, f"{self.prog}: error: {clean(message, escape=True)} (see {self.prog} --help)\n")


def build_parser() -> argparse.ArgumentParser:
    parser = Parser(
        prog="collab-tui",
        description=(
            "Offline explorer of the 2014 report 'Emergency Services Collaboration: "
            "The Current Picture'. With no command, opens the explorer."
        ),
        epilog=EPILOG,
    )
    parser.add_argument("--version", action="version", version=f"collab-tui {__version__}")
    parser.add_argument(
        "--db", metavar="PATH", help="database to read (default: $COLLAB_DB, then the bundled data/collab.db)"
    )
    links = parser.add_argument_group("open the explorer straight at")
    links.add_argument("--search", metavar="TEXT", help="the search bar, filled in with TEXT")
    links.add_argument("--area", metavar="NAME", help="an area (fuzzy: 'cumbira' is Cumbria)")
    links.add_argument("--person", metavar="NAME", help="a person (fuzzy: 'hogan howe')")
    links.add_argument("--compare", nargs=2, metavar=("A", "B"), help="two areas side by side")
    links.add_argument("--line", type=int, metavar="N", help="the report's text (Report pane) at line N")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=Parser)

    search = commands.add_parser(
        "search", help="fuzzy search: people, areas, organisations, places, projects, funding",
        description="Rank records against a sloppy query: a misspelt surname ('wenmn'), role and area "
        "('cfo cumbria'), a town ('thrapston') or an abbreviation ('NWAS').", epilog=EPILOG,
    )  # fmt: skip
    search.add_argument("query", metavar="QUERY", nargs="+", help="what to look for (several words allowed)")
    search.add_argument(
        "--limit", type=int, default=10, metavar="N", help="at most N results (1-1000, default 10)"
    )
    search.add_argument("--kind", choices=KINDS, help="only results of this kind")
    search.add_argument("--json", action="store_true", help="print a JSON list")

    show = commands.add_parser(
        "show", help="an area's or a person's full record",
        description="NAME is matched fuzzily to an area or a person. An area shows its section, leaders, "
        "organisations, projects, funding and discrepancies; a person shows every role.", epilog=EPILOG,
    )  # fmt: skip
    show.add_argument(
        "name", metavar="NAME", nargs="+", help="area or person, e.g. 'cumbria' or 'hogan howe'"
    )
    show.add_argument("--json", action="store_true", help="print JSON")
    show.add_argument("--plain", action="store_true", help="plain linear text, no tables")

    compare = commands.add_parser(
        "compare", help="two areas side by side; --markdown writes a briefing note",
        description="Compare two areas (fuzzy names): leaders by role, organisations, projects by kind, "
        "funding and discrepancies, marking what is shared and what differs.", epilog=EPILOG,
    )  # fmt: skip
    compare.add_argument("area_a", metavar="A", help="first area, e.g. norfolk")
    compare.add_argument("area_b", metavar="B", help="second area, e.g. suffolk")
    formats = compare.add_mutually_exclusive_group()
    formats.add_argument("--json", action="store_true", help="print JSON")
    formats.add_argument("--markdown", action="store_true", help="print a briefing note in Markdown")
    formats.add_argument("--plain", action="store_true", help="plain linear text, no tables")

    export = commands.add_parser(
        "export", help="a table as CSV, JSON or Markdown (standard output by default)",
        description="Export one of the explorer's tables. Amounts are whole pounds in CSV and JSON and "
        "formatted in Markdown; every export names its source (the 2014 report) and licence.", epilog=EPILOG,
    )  # fmt: skip
    export.add_argument("view", choices=("areas", "leaders", "projects", "funding"), help="which table")
    export.add_argument("--format", choices=("csv", "json", "md"), default="csv", help="default: csv")
    export.add_argument("--output", metavar="FILE", help="write to FILE instead of standard output")
    export.add_argument("--force", action="store_true", help="replace FILE if it exists")
    export.add_argument(
        "--bom", action="store_true", help="start CSV with a byte-order mark, so Excel reads UTF-8"
    )
    filters = export.add_argument_group(
        "filters", "the same filters as the panes; each applies to the tables that have it (values: the "
        "pane's labels or their short names, any case, e.g. --role pcc --area kent)")  # fmt: skip
    for flag, views, example in EXPORT_FILTERS:
        # dest filter_*: the explorer's own --area (a deep link) must not be set by the filter
        filters.add_argument(
            f"--{flag}", dest=f"filter_{flag}", metavar="VALUE", help=f"{views}; e.g. {example}"
        )

    grep = commands.add_parser(
        "grep", help="every line of the report containing PHRASE, with the records drawn from it",
        description="Find in the report's text: words as a phrase ('guardian series'), a prefix "
        "('collab*'), or any literal text ('tri-service', '£1.6m'), case- and accent-insensitive. "
        "Prints 'line: text' and, under each line, the records drawn from it.", epilog=EPILOG,
    )  # fmt: skip
    grep.add_argument("phrase", metavar="PHRASE", nargs="+", help="what to find (several words: a phrase)")
    grep.add_argument("--json", action="store_true", help="print a JSON list")

    read = commands.add_parser(
        "read", help="a part of the report (an A-Z section, the Foreword, Headlines...) with line numbers",
        description="SECTION is matched fuzzily to a part of the report: an A-Z section or an area in it "
        "('northumbria', 'gwent'), or the front matter ('foreword', 'headlines', 'government funding', "
        "'fire transformation fund', 'national collaboration').", epilog=EPILOG,
    )  # fmt: skip
    read.add_argument("section", metavar="SECTION", nargs="+", help="which part, e.g. 'northumbria'")

    info = commands.add_parser("info", help="where the database is, what it holds, its source and licence")
    info.add_argument("--json", action="store_true", help="print JSON")
    return parser


def console() -> Any:
    """A Rich console for the CLI's tables; a reader closing the pipe early ends the command with 0."""
    from rich.console import Console

    class PipeConsole(Console):
        def on_broken_pipe(self) -> None:
            self.quiet = True
            raise BrokenPipeError  # main() exits 0: the reader had what it wanted (Rich would exit 1)

    return PipeConsole(highlight=False, soft_wrap=False)


def to_json(data: object) -> str:
    """JSON for standard output: UTF-8 as is, or \\u escapes where the output cannot hold every character."""
    from collab_tui.export import to_json as dump

    if output_is_unicode():
        return dump(data)
    import json

    return json.dumps(data, indent=2, ensure_ascii=True)


def cmd_info(db: Database, args: argparse.Namespace) -> int:
    meta = db.meta
    data = {
        "database": str(db.path),
        "schema_version": meta.schema_version,
        "source": f"{meta.source_title} ({meta.source_year})",
        "source_sha256": meta.source_sha256,
        "licence": meta.licence,
        "attribution": meta.attribution,
        "counts": db.counts(),
    }
    if args.json:
        print(to_json(data))
        return 0
    print(f"database:  {data['database']}")
    print(f"source:    {data['source']}")
    print(f"licence:   {meta.licence} ({meta.licence_url})")
    for kind, n in data["counts"].items():
        print(f"{kind + ':':<15}{n}")
    return 0


def cmd_search(db: Database, args: argparse.Namespace) -> int:
    if not 1 <= args.limit <= 1000:
        say(f"error: --limit must be at least 1 and at most 1000 (not {args.limit})")
        return 2
    from collab_tui.search import Index

    query = " ".join(args.query)
    hits = Index.build(db).search(query, limit=args.limit, kinds=[args.kind] if args.kind else None)
    if args.json:
        print(to_json([h.to_dict() for h in hits]))
        return 0 if hits else 1
    if not hits:
        print(f"no match for {clean(query)!r}; try fewer or other words", file=sys.stderr)
        return 1
    from rich.table import Table
    from rich.text import Text

    table = Table(title=Text(f"Search: {clean(query)}"), title_justify="left")
    for column in ("kind", "name", "area(s)", "matched", "score"):
        table.add_column(column, justify="right" if column == "score" else "left")
    for h in hits:
        table.add_row(
            Text(h.kind), Text(clean(h.name)), Text(clean(", ".join(h.areas)) or "national"),
            Text(f"{h.field}: {clean(h.matched_text)}"), Text(f"{h.score:.0f}"),
        )  # fmt: skip
    console().print(table)
    return 0


def render_dossier(d: dict[str, Any]) -> None:
    """An area or person as Rich tables (no markup is ever read from the data)."""
    from rich.table import Table
    from rich.text import Text

    out = console()

    def table(title: str, *columns: str) -> Table:
        t = Table(title=Text(title), title_justify="left", show_lines=False)
        for c in columns:
            t.add_column(c, overflow="fold")
        return t

    def row(t: Table, *cells: object) -> None:
        t.add_row(*(Text(clean("" if c is None else str(c))) for c in cells))

    if d["kind"] == "person":
        out.print(Text(clean(d["name"]), style="bold"))
        if d["aliases"]:
            out.print(Text("also printed as " + clean(", ".join(d["aliases"]))))
        out.print(Text(d["vintage"]))
        t = table("Roles", "title", "organisation", "area", "party", "line")
        for x in d["roles"]:
            row(
                t,
                x["title"],
                x["organisation"],
                x["area"] or "national",
                x["party"],
                x["source"]["start_line"],
            )
        out.print(t)
    else:
        out.print(
            Text(f"{clean(d['name'])} ({d['nation']}), report section: {clean(d['section'])}", style="bold")
        )
        out.print(Text(d["vintage"]))
        t = table("Leaders", "title", "name", "party", "organisation")
        for x in d["leaders"]:
            row(t, x["title"], x["name"], x["party"], x["organisation"])
        out.print(t)
        t = table("Organisations", "name", "abbreviations", "kind")
        for o in d["organisations"]:
            row(t, o["name"], ", ".join(o["abbreviations"]), o["kind"].replace("_", " "))
        out.print(t)
        t = table("Projects", "title", "kinds", "status", "places", "year")
        for p in d["projects"]:
            row(t, p["title"], ", ".join(p["kinds"]), p["status"], ", ".join(p["places"]), p["year"])
        out.print(t)
        t = table("Funding", "amount", "funder", "fund", "year", "purpose", "check")
        for a in d["funding"]:
            amount = ("~" if a["approximate"] else "") + f"£{a['amount_gbp']:,}"
            row(
                t,
                amount,
                a["funder"],
                a["fund"],
                a["year"],
                a["purpose"],
                "differs" if a["discrepancies"] else "",
            )
        out.print(t)
        if d["discrepancies"]:
            t = table("Where the report contradicts itself", "kind", "description", "lines")
            for x in d["discrepancies"]:
                lines = ", ".join(str(s["start_line"]) for s in x["sides"])
                row(t, x["kind"].replace("_", " "), x["description"], lines)
            out.print(t)
    out.print(Text(f"Source: {d['source']}. {d['attribution']}"))


def cmd_show(db: Database, args: argparse.Namespace) -> int:
    from collab_tui.export import area_dossier, dossier_text, person_dossier
    from collab_tui.search import Index

    name = " ".join(args.name)
    found, others = Index.build(db).resolve(name)
    if found is None:
        close = "; ".join(f"{clean(h.name)} ({h.kind})" for h in others[:5])
        hint = f"; closest: {close}" if close else ""
        print(f"collab-tui: no area or person matches {clean(name)!r}{hint}", file=sys.stderr)
        return 1
    d = area_dossier(db, found.id) if found.kind == "area" else person_dossier(db, found.id)
    if args.json:
        print(to_json(d))
    elif args.plain:
        sys.stdout.write(dossier_text(d))
    else:
        render_dossier(d)
    return 0


EXPORT_FILTERS = (
    ("nation", "areas", "wales"),
    ("role", "leaders", "pcc"),
    ("service", "areas (a service the area's projects involve), leaders, projects", "ambulance"),
    ("area", "leaders, projects, funding", "kent"),
    ("kind", "projects", "co-location"),
    ("status", "projects", "planned"),
    ("funder", "funding", "home-office"),
    ("fund", "funding", "police-innovation-fund"),
    ("scope", "funding: area (area awards) or national (national pots)", "national"),
    ("text", "any table: rows containing every word", "'fire station'"),
)


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
    from collab_tui.export import export_view

    if args.bom and args.format != "csv":
        print("collab-tui: error: --bom is for --format csv", file=sys.stderr)
        return 2
    filters = export_filters(db, args)
    if isinstance(filters, str):
        print(f"collab-tui: error: {filters}", file=sys.stderr)
        return 2
    text = export_view(db, args.view, args.format, bom=args.bom, filters=filters)
    if not args.output:
        sys.stdout.write(text)
        return 0
    path = output_path(args.output, force=args.force, must_not_exist=not args.force)
    atomic_write(path, text)
    say(f"wrote {path}", prefix="")
    return 0


def cmd_grep(db: Database, args: argparse.Namespace) -> int:
    from collab_tui.report import KIND_LABELS, Report, grep

    phrase = " ".join(args.phrase)
    found = grep(Report.load(db), phrase)
    if args.json:
        print(to_json(found))
        return 0 if found else 1
    if not found:
        print(f"collab-tui: {clean(phrase)!r} is not in the report's text", file=sys.stderr)
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
        print(f"collab-tui: {clean(name)!r} could be {names}; say which", file=sys.stderr)
        return 1
    if part is None:
        close = "; ".join(clean(p.heading) for p in report.closest_parts(name))
        hint = f"; closest: {close}" if close else ""
        print(f"collab-tui: no part of the report matches {clean(name)!r}{hint}", file=sys.stderr)
        return 1
    width = len(str(part.end_line))
    for number, text in report.part_lines(part):
        print(f"{number:>{width}}  {text}".rstrip())
    return 0


def choose_area(index: Any, name: str) -> str | int:
    """An area id for a name, or an exit code after one line saying why not."""
    found, candidates = index.choose(name, "area")
    if found is not None:
        return found.id
    names = ", ".join(clean(h.name) for h in candidates)
    if len(candidates) >= 2 and all(h.score >= 75 for h in candidates):
        print(f"collab-tui: {clean(name)!r} could be {names}; say which", file=sys.stderr)
    else:
        hint = f"; closest: {names}" if names else ""
        print(f"collab-tui: no area matches {clean(name)!r}{hint}", file=sys.stderr)
    return 1


def cmd_compare(db: Database, args: argparse.Namespace) -> int:
    from collab_tui.compare import CompareError, compare_areas, to_dict, to_markdown
    from collab_tui.search import Index

    index = Index.build(db)
    left = choose_area(index, args.area_a)
    if isinstance(left, int):
        return left
    right = choose_area(index, args.area_b)
    if isinstance(right, int):
        return right
    try:
        comparison = compare_areas(db, left, right)
    except CompareError as exc:
        print(f"collab-tui: {exc}", file=sys.stderr)
        return 1
    if args.json:
        print(to_json(to_dict(comparison)))
    elif args.markdown:
        sys.stdout.write(to_markdown(comparison))
    elif args.plain:
        print(f"{comparison.left.name} and {comparison.right.name}. {comparison.vintage}")
        for row in comparison.rows:
            mark = "differs" if row.differs else "same"
            print(
                f"{row.section}, {clean(row.label)}: {clean(row.left) or '-'} | {clean(row.right) or '-'} ({mark})"
            )
    else:
        from rich.table import Table
        from rich.text import Text

        table = Table(title=Text(f"{comparison.left.name} and {comparison.right.name} ({comparison.vintage})"),
                      title_justify="left")  # fmt: skip
        for column in ("", "section", comparison.left.name, comparison.right.name):
            table.add_column(Text(column), overflow="fold")
        for row in comparison.rows:
            table.add_row(Text("≠" if row.differs else "="), Text(f"{row.section}: {clean(row.label)}"),
                          Text(clean(row.left)), Text(clean(row.right)))  # fmt: skip
        console().print(table)
        console().print(Text(f"Source: {comparison.source}. {comparison.attribution}"))
    return 0


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
    except KeyboardInterrupt:
        return 128 + signal.SIGINT
    except Stopped as exc:
        return 128 + exc.signum
    except (DatabaseError, WriteError) as exc:
        say(f"error: {exc}")
        return BAD
    except OSError as exc:
        quiet_stdout()
        where = "" if exc.filename else "cannot write the output: "
        say(f"error: {where}{describe(exc)}")
        return BAD
    except Exception as exc:
        return report_crash(exc)


def _main(argv: Sequence[str] | None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.command is not None and (args.search or args.area or args.person or args.compare
                                     or args.line is not None):  # fmt: skip
        say("error: --search, --area, --person, --compare and --line open the explorer; "
            "they cannot be used with a command")  # fmt: skip
        return BAD
    db = Database(args.db)
    if args.command is None:
        return launch(db, args)
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
        start = resolve_start(db, args)
        if isinstance(start, int):
            return start
        if not all(stream is not None and stream.isatty() for stream in (sys.stdin, sys.stdout, sys.stderr)):
            say("error: the explorer needs a terminal (standard input and output); in scripts use "
                "collab-tui search, show, compare, export or info (see collab-tui --help)")  # fmt: skip
            return BAD
        from collab_tui.app import CollabApp  # Textual only when the explorer opens

        app = CollabApp(db_path=db.path, start=start, db=db, guarded=True)
        app.run()
    finally:
        db.close()
    failure = app.failure
    if failure is None:
        return app.return_code or OK
    if isinstance(failure, DatabaseError | WriteError):
        say(f"error: {failure}")
        return BAD
    if isinstance(failure, KeyboardInterrupt):
        return 128 + signal.SIGINT
    return report_crash(failure)


def resolve_start(db: Database, args: argparse.Namespace) -> tuple[str, str] | int | None:
    """The deep link the explorer opens at, or an exit code if it names nothing."""
    given = [(k, v) for k, v in (("search", args.search), ("area", args.area), ("person", args.person),
                                 ("compare", args.compare), ("line", args.line)) if v is not None and v != ""]  # fmt: skip
    if len(given) > 1:
        print("collab-tui: error: give one of --search, --area, --person, --compare, --line", file=sys.stderr)
        return 2
    if not given:
        return None
    kind, value = given[0]
    if kind == "line":
        from collab_tui.report import line_count

        total = line_count(db)
        if not 1 <= value <= total:
            print(
                f"collab-tui: error: --line {value} is outside the report (lines 1 to {total})",
                file=sys.stderr,
            )
            return 2
        return ("line", str(value))
    if kind == "search":
        return ("search", clean(value).replace("\n", " ").replace("\t", " "))
    from collab_tui.search import Index

    if kind == "compare":
        index = Index.build(db)
        left = choose_area(index, value[0])
        if isinstance(left, int):
            return left
        right = choose_area(index, value[1])
        if isinstance(right, int):
            return right
        if left == right:
            print("collab-tui: choose two different areas to compare", file=sys.stderr)
            return 1
        return ("compare", f"{left}|{right}")
    found, others = Index.build(db).resolve(value, kinds=(kind,))
    if found is None:
        close = "; ".join(clean(h.name) for h in others[:5])
        hint = f"; closest: {close}" if close else "; try collab-tui search"
        print(f"collab-tui: no {kind} matches {clean(value)!r}{hint}", file=sys.stderr)
        return 1
    return (kind, found.id)
