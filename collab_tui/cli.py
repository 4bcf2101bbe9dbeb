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
import gc
import os
import signal
import sys
from collections.abc import Sequence
from typing import Any

if os.path.basename(sys.argv[0]) in ("collab-tui", "collab-tui.exe"):
    # The installed script: Ctrl+C during the imports below exits quietly (nothing to restore yet).
    signal.signal(signal.SIGINT, lambda signum, frame: os._exit(128 + signum))
    # And no garbage collection during start-up, as in __main__.py (re-enabled by launch).
    gc.disable()

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
from collab_tui.models import Start
from collab_tui.safe_text import clean
from collab_tui.vocabulary import SEARCH_KINDS

KINDS = SEARCH_KINDS  # collab_tui.search.KINDS, without importing the search at start-up
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
    show_formats = show.add_mutually_exclusive_group()
    show_formats.add_argument("--json", action="store_true", help="JSON (as --format json)")
    show_formats.add_argument(
        "--plain", action="store_true", help="plain linear text, no tables (as --format txt)"
    )
    show_formats.add_argument("--html", action="store_true", help="an HTML briefing (as --format html)")
    add_output_options(show, SHOW_FORMATS)

    compare = commands.add_parser(
        "compare", help="two areas side by side; --markdown writes a briefing note",
        description="Compare two areas (fuzzy names): leaders by role, organisations, projects by kind, "
        "funding and discrepancies, marking what is shared and what differs.", epilog=EPILOG,
    )  # fmt: skip
    compare.add_argument("area_a", metavar="A", help="first area, e.g. norfolk")
    compare.add_argument("area_b", metavar="B", help="second area, e.g. suffolk")
    formats = compare.add_mutually_exclusive_group()
    formats.add_argument("--json", action="store_true", help="JSON (as --format json)")
    formats.add_argument(
        "--markdown", action="store_true", help="a briefing note in Markdown (as --format md)"
    )
    formats.add_argument(
        "--html",
        action="store_true",
        help="a briefing in HTML for Word, a browser or email (as --format html)",
    )
    formats.add_argument(
        "--plain", action="store_true", help="plain linear text, no tables (as --format txt)"
    )
    add_output_options(compare, COMPARE_FORMATS)

    export = commands.add_parser(
        "export", help="a table as CSV, JSON, Markdown or HTML (standard output by default)",
        description="Export one of the explorer's tables. CSV is data only (a header row of readable names, "
        "then rows; amounts in whole pounds); JSON keeps codes and names the source and licence; Markdown "
        "and HTML are titled with the view and its filters and end with the source and licence. "
        "The format follows --output's extension unless --format says otherwise.", epilog=EPILOG,
    )  # fmt: skip
    export.add_argument("view", choices=("areas", "leaders", "projects", "funding"), help="which table")
    add_output_options(export, EXPORT_FORMATS, default="csv")
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


EXPORT_FORMATS = ("csv", "json", "md", "html")
COMPARE_FORMATS = ("csv", "json", "md", "html", "txt")
SHOW_FORMATS = ("json", "md", "html", "txt")


def add_output_options(
    command: argparse.ArgumentParser, formats: Sequence[str], default: str | None = None
) -> None:
    """--format, --output, --force (and --bom/--no-bom where CSV is a format): one rule for every command."""
    how = f"default: {default}" if default else "default: tables on the terminal"
    command.add_argument("--format", choices=formats, help=f"{', '.join(formats)}; overrides --output's "
                         f"extension, which must agree ({how})")  # fmt: skip
    command.add_argument("--output", metavar="FILE", help="write to FILE (its extension picks the format: "
                         + ", ".join(f".{f}" for f in formats) + ")")  # fmt: skip
    command.add_argument("--force", action="store_true", help="replace FILE if it exists")
    if "csv" in formats:
        bom = command.add_mutually_exclusive_group()
        bom.add_argument("--bom", action="store_true", default=None,
                         help="start CSV with a byte-order mark so Excel reads UTF-8 (the default with --output FILE.csv)")  # fmt: skip
        bom.add_argument(
            "--no-bom",
            dest="bom",
            action="store_false",
            default=None,
            help="no byte-order mark, even for FILE.csv",
        )


def output_format(args: argparse.Namespace, formats: Sequence[str], default: str | None = None) -> str | None:
    """The format to write by the one rule (--format, else --output's extension, else a flag, else the
    default); None means tables on the terminal. Raises FormatError (one line) on a mismatch."""
    from collab_tui.export import FormatError, resolve_format

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
    from collab_tui.export import FORMAT_NAMES
    from collab_tui.files import shown

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
    from rich.table import Table
    from rich.text import Text

    table = Table(title=Text(f"Search: {clean(query)}"), title_justify="left")
    for column in ("Kind", "Name", "Area(s)", "Matched", "Score"):
        table.add_column(column, justify="right" if column == "Score" else "left", overflow="fold")
    for h in hits:
        table.add_row(
            Text(h.kind.capitalize()), Text(clean(h.name)), Text(clean(", ".join(h.areas)) or "national"),
            Text(f"{h.field}: {clean(h.matched_text)}"), Text(f"{h.score:.0f}"),
        )  # fmt: skip
    console().print(table)
    return 0


def render_dossier(d: dict[str, Any]) -> None:
    """An area or person as Rich tables with readable labels (never codes); text wraps at word boundaries,
    numbers never wrap (no markup is ever read from the data)."""
    from rich.table import Table
    from rich.text import Text

    from collab_tui.vocabulary import ORGANISATION_KIND_LABELS, PROJECT_KIND_LABELS, PROJECT_STATUS_LABELS

    out = console()
    numbers = {"Amount", "Year", "Line", "Lines"}

    def table(title: str, *columns: str) -> Table:
        t = Table(title=Text(title), title_justify="left", show_lines=False)
        for c in columns:
            if c in numbers:
                t.add_column(c, justify="right", no_wrap=True)
            else:  # words wrap whole; only a word wider than the column is folded
                t.add_column(c, overflow="fold")
        return t

    def row(t: Table, *cells: object) -> None:
        t.add_row(*(Text(clean("" if c is None else str(c))) for c in cells))

    if d["kind"] == "person":
        out.print(Text(clean(d["name"]), style="bold"))
        if d["aliases"]:
            out.print(Text("also printed as " + clean(", ".join(d["aliases"]))))
        out.print(Text(d["vintage"]))
        t = table("Roles", "Role as printed", "Organisation", "Area", "Party", "Line")
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
        t = table("Leaders", "Role as printed", "Name", "Party", "Organisation")
        for x in d["leaders"]:
            listed = f" (listed under {x['listed_under']})" if x.get("listed_under") else ""
            row(t, x["title"], x["name"] + listed, x["party"], x["organisation"])
        out.print(t)
        t = table("Organisations", "Name", "Abbreviations", "Kind")
        for o in d["organisations"]:
            kind = ORGANISATION_KIND_LABELS.get(o["kind"]) or o["kind"].replace("_", " ").capitalize()
            row(t, o["name"], ", ".join(o["abbreviations"]), kind)
        out.print(t)
        t = table("Projects", "Project", "Kinds", "Status", "Places", "Year")
        for p in d["projects"]:
            kinds = "; ".join(PROJECT_KIND_LABELS.get(k) or k.replace("_", " ") for k in p["kinds"])
            status = PROJECT_STATUS_LABELS.get(p["status"], p["status"])
            row(t, p["title"], kinds, status, ", ".join(p["places"]), p["year"])
        out.print(t)
        t = table("Funding", "Amount", "Funder", "Fund", "Year", "Purpose", "Check")
        for a in d["funding"]:
            row(t, a["amount_text"], a["funder"], a["fund"], a["year"], a["purpose"],
                "report differs" if a["discrepancies"] else "")  # fmt: skip
        out.print(t)
        if d["discrepancies"]:
            t = table("Where the report contradicts itself", "Kind", "What the report says", "Lines")
            for x in d["discrepancies"]:
                lines = ", ".join(str(s["start_line"]) for s in x["sides"])
                row(t, x["kind"].replace("_", " ").capitalize(), x["description"], lines)
            out.print(t)
    out.print(Text(f"Source: {d['source']}. {d['attribution']}"))


def cmd_show(db: Database, args: argparse.Namespace) -> int:
    from collab_tui.export import FormatError, area_dossier, dossier_as, person_dossier
    from collab_tui.search import Index

    try:
        fmt = output_format(args, SHOW_FORMATS)
    except FormatError as exc:
        return format_error(exc)

    name = " ".join(args.name)
    found = choose_record(Index.load(db), name, ("area", "person"))
    if isinstance(found, int):
        return found
    d = area_dossier(db, found.id) if found.kind == "area" else person_dossier(db, found.id)
    if fmt is None:
        render_dossier(d)
        return 0
    return emit(args, dossier_as(db, d, fmt), fmt)


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
    from collab_tui.export import FormatError, export_view

    try:
        fmt = output_format(args, EXPORT_FORMATS, default="csv")
    except FormatError as exc:
        return format_error(exc)
    assert fmt is not None
    filters = export_filters(db, args)
    if isinstance(filters, str):
        print(f"collab-tui: error: {filters}", file=sys.stderr)
        return 2
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


def choose_record(index: Any, name: str, kinds: Sequence[str]) -> Any:
    """The one record a name means (a SearchHit), or exit code 1 after one line saying why not.

    An ambiguous name names its candidates ("'lee' could be Adrian Lee (person), Lee Howell (person);
    say which"); a place in a force area the report leaves out says so; a place found through the
    geography layer, not the report, is said to be (on standard error, so output stays clean).
    """
    found, candidates = index.choose(name, kinds)
    if found is not None:
        if found.field == "geography":
            say(f"note: {clean(found.matched_text)}")
        return found
    uncovered = index.not_covered(name)
    if uncovered:
        say(clean(uncovered))
        return 1
    what = " or ".join(dict.fromkeys(kinds))
    label = (lambda h: f"{clean(h.name)} ({h.kind})") if len(kinds) > 1 else (lambda h: clean(h.name))
    if len(candidates) >= 2 and all(h.score >= 75 for h in candidates):
        say(f"{clean(name)!r} could be {', '.join(label(h) for h in candidates[:8])}; say which")
    else:
        names = "; ".join(label(h) for h in candidates[:5])
        hint = f"; closest: {names}" if names else ""
        say(f"no {what} matches {clean(name)!r}{hint}")
    return 1


class NoChoice(Exception):
    """A name on the command line chose no single record: the line saying why is printed already;
    the command exits with ``code``."""

    def __init__(self, code: int) -> None:
        super().__init__(code)
        self.code = code


def choose_area(index: Any, name: str) -> str:
    """The id of the one area a name means; raises NoChoice (after one line saying why) if none."""
    found = choose_record(index, name, ("area",))
    if isinstance(found, int):
        raise NoChoice(found)
    return str(found.id)


def cmd_compare(db: Database, args: argparse.Namespace) -> int:
    from collab_tui.compare import CompareError, compare_areas
    from collab_tui.export import FormatError, comparison_as
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
        print(f"collab-tui: {exc}", file=sys.stderr)
        return 1
    if fmt is not None:
        return emit(args, comparison_as(comparison, fmt, bom=fmt == "csv" and wants_bom(args)), fmt)
    else:
        from rich.table import Table
        from rich.text import Text

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
        gc.enable()  # off since start-up when run as a program (__main__.py); on for the app's life
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


def resolve_start(db: Database, args: argparse.Namespace) -> Start | None:
    """The deep link the explorer opens at (None: the Areas pane); NoChoice if it names nothing."""
    given = [(k, v) for k, v in (("search", args.search), ("area", args.area), ("person", args.person),
                                 ("compare", args.compare), ("line", args.line)) if v is not None and v != ""]  # fmt: skip
    if len(given) > 1:
        print("collab-tui: error: give one of --search, --area, --person, --compare, --line", file=sys.stderr)
        raise NoChoice(2)
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
            raise NoChoice(2)
        return Start.line(value)
    if kind == "search":
        return Start.search(clean(value).replace("\n", " ").replace("\t", " "))
    from collab_tui.search import Index

    if kind == "compare":
        index = Index.load(db)
        left, right = choose_area(index, value[0]), choose_area(index, value[1])
        if left == right:
            print("collab-tui: choose two different areas to compare", file=sys.stderr)
            raise NoChoice(1)
        return Start.compare(left, right)
    found = choose_record(Index.load(db), value, (kind,))
    if isinstance(found, int):
        raise NoChoice(found)
    return Start.record(kind, found.id)
