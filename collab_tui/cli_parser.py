"""The `collab-tui` command line's full parser (argparse): every command, option and --help text.

The plain `search` and `show` lookups are read without it (collab_tui.cli_args.quick_args).
"""

from __future__ import annotations

import argparse
from collections.abc import Sequence

from collab_tui import __version__
from collab_tui.cli_args import (
    COMPARE_FORMATS,
    EPILOG,
    EXPORT_FILTERS,
    EXPORT_FORMATS,
    KINDS,
    SHOW_FORMATS,
)
from collab_tui.safe_text import clean
from collab_tui.vocabulary import VIEWS


class Parser(argparse.ArgumentParser):
    """argparse, but a usage error is one line naming the fix, exit code 2."""

    def error(self, message: str) -> None:  # type: ignore[override]
        self.exit(2, f"{self.prog}: error: {clean(message, escape=True)} (see {self.prog} --help)\n")


def build_parser() -> argparse.ArgumentParser:
    """Every command and option of `collab-tui` (see its --help)."""
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
    _add_lookups(commands)
    _add_compare(commands)
    _add_export(commands)
    _add_report(commands)
    info = commands.add_parser("info", help="where the database is, what it holds, its source and licence")
    info.add_argument("--json", action="store_true", help="print JSON")
    return parser


def _add_lookups(commands: argparse._SubParsersAction[Parser]) -> None:
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


def _add_compare(commands: argparse._SubParsersAction[Parser]) -> None:
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


def _add_export(commands: argparse._SubParsersAction[Parser]) -> None:
    export = commands.add_parser(
        "export", help="a table as CSV, JSON, Markdown or HTML (standard output by default)",
        description="Export one of the explorer's tables. CSV is data only (a header row of readable names, "
        "then rows; amounts in whole pounds); JSON keeps codes and names the source and licence; Markdown "
        "and HTML are titled with the view and its filters and end with the source and licence. "
        "The format follows --output's extension unless --format says otherwise.", epilog=EPILOG,
    )  # fmt: skip
    export.add_argument("view", choices=VIEWS, help="which table")
    add_output_options(export, EXPORT_FORMATS, default="csv")
    filters = export.add_argument_group(
        "filters", "the same filters as the panes; each applies to the tables that have it (values: the "
        "pane's labels or their short names, any case, e.g. --role pcc --area kent)")  # fmt: skip
    for flag, views, example in EXPORT_FILTERS:
        # dest filter_*: the explorer's own --area (a deep link) must not be set by the filter
        filters.add_argument(
            f"--{flag}", dest=f"filter_{flag}", metavar="VALUE", help=f"{views}; e.g. {example}"
        )


def _add_report(commands: argparse._SubParsersAction[Parser]) -> None:
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
