"""The `collab-tui` command: open the explorer, or look things up for scripts.

    collab-tui                      open the explorer
    collab-tui search QUERY         ranked matches (people, areas, organisations, places, projects, funding)
    collab-tui show NAME            an area's or a person's full record
    collab-tui info                 the database, its source and licence

Every error is one line on stderr with exit code 2 (bad database, bad usage)
or 1 (nothing found); never a traceback.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from typing import Any

from collab_tui import __version__
from collab_tui.db import Database, DatabaseError
from collab_tui.text import clean

KINDS = ("person", "area", "organisation", "place", "project", "funding")  # as collab_tui.search.KINDS
EPILOG = "Data: Emergency Services Collaboration: The Current Picture (2014). Open Government Licence v3.0."


class Parser(argparse.ArgumentParser):
    """argparse, but a usage error is one line naming the fix, exit code 2."""

    def error(self, message: str) -> None:  # type: ignore[override]
        self.exit(2, f"{self.prog}: error: {message} (see {self.prog} --help)\n")


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
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=Parser)

    search = commands.add_parser(
        "search", help="fuzzy search: people, areas, organisations, places, projects, funding",
        description="Rank records against a sloppy query: a misspelt surname ('wenmn'), role and area "
        "('cfo cumbria'), a town ('thrapston') or an abbreviation ('NWAS').", epilog=EPILOG,
    )  # fmt: skip
    search.add_argument("query", metavar="QUERY", nargs="+", help="what to look for (several words allowed)")
    search.add_argument("--limit", type=int, default=10, metavar="N", help="at most N results (default 10)")
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

    info = commands.add_parser("info", help="where the database is, what it holds, its source and licence")
    info.add_argument("--json", action="store_true", help="print JSON")
    return parser


def console() -> Any:
    from rich.console import Console

    return Console(highlight=False, soft_wrap=False)


def to_json(data: object) -> str:
    from collab_tui.export import to_json as dump

    return dump(data)


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
    if args.limit < 1:
        print("collab-tui: error: --limit must be at least 1", file=sys.stderr)
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
            listed = f" (listed under {x['listed_under']})" if x.get("listed_under") else ""
            row(t, x["title"], x["name"] + listed, x["party"], x["organisation"])
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
            amount = a["amount_text"]
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


def cmd_export(db: Database, args: argparse.Namespace) -> int:
    from pathlib import Path

    from collab_tui.export import export_view

    if args.bom and args.format != "csv":
        print("collab-tui: error: --bom is for --format csv", file=sys.stderr)
        return 2
    text = export_view(db, args.view, args.format, bom=args.bom)
    if not args.output:
        sys.stdout.write(text)
        return 0
    path = Path(args.output).expanduser()
    if path.is_dir():
        print(f"collab-tui: error: {path} is a folder; give a file name", file=sys.stderr)
        return 2
    if path.exists() and not args.force:
        print(f"collab-tui: error: {path} exists; add --force to replace it", file=sys.stderr)
        return 2
    try:
        path.write_text(text, encoding="utf-8", newline="")
    except OSError as exc:
        print(f"collab-tui: error: cannot write {path}: {exc.strerror}", file=sys.stderr)
        return 2
    print(f"wrote {path}", file=sys.stderr)
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
    """Entry point of the `collab-tui` script and `python -m collab_tui`."""
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.command is not None and (args.search or args.area or args.person or args.compare):
        print("collab-tui: error: --search, --area, --person and --compare open the explorer; "
              "they cannot be used with a command", file=sys.stderr)  # fmt: skip
        return 2
    try:
        db = Database(args.db)
    except DatabaseError as exc:
        print(f"collab-tui: error: {exc}", file=sys.stderr)
        return 2
    if args.command is None:
        return launch(db, args)
    try:
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
    except DatabaseError as exc:
        print(f"collab-tui: error: {exc}", file=sys.stderr)
        return 2
    except BrokenPipeError:
        return 0
    except KeyboardInterrupt:
        return 130
    return 0


def launch(db: Database, args: argparse.Namespace) -> int:
    """Open the explorer (at a deep link, if one was given) on an open database."""
    start = resolve_start(db, args)
    if isinstance(start, int):
        db.close()
        return start
    from collab_tui.app import CollabApp  # Textual only when the explorer opens

    try:
        CollabApp(db_path=db.path, start=start, db=db).run()
    except DatabaseError as exc:
        print(f"collab-tui: error: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130
    finally:
        db.close()
    return 0


def resolve_start(db: Database, args: argparse.Namespace) -> tuple[str, str] | int | None:
    """The deep link the explorer opens at, or an exit code if it names nothing."""
    given = [(k, v) for k, v in (("search", args.search), ("area", args.area), ("person", args.person),
                                 ("compare", args.compare)) if v]  # fmt: skip
    if len(given) > 1:
        print("collab-tui: error: give one of --search, --area, --person, --compare", file=sys.stderr)
        return 2
    if not given:
        return None
    kind, value = given[0]
    if kind == "search":
        return ("search", value)
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
