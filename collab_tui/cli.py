"""The `collab-tui` command: launch the explorer, or look things up for scripts."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence

from collab_tui import __version__
from collab_tui.db import Database, DatabaseError


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="collab-tui",
        description=(
            "Offline explorer of the 2014 report 'Emergency Services Collaboration: "
            "The Current Picture'. With no command, opens the explorer."
        ),
    )
    parser.add_argument("--version", action="version", version=f"collab-tui {__version__}")
    parser.add_argument(
        "--db",
        metavar="PATH",
        help="database to read (default: $COLLAB_DB, then the bundled data/collab.db)",
    )
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    info = commands.add_parser("info", help="where the database is, what it holds, its source and licence")
    info.add_argument("--json", action="store_true", help="print JSON")
    return parser


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
        print(json.dumps(data, indent=2, ensure_ascii=False))
        return 0
    print(f"database:  {data['database']}")
    print(f"source:    {data['source']}")
    print(f"licence:   {meta.licence} ({meta.licence_url})")
    for kind, n in data["counts"].items():
        print(f"{kind + 's:':<15}{n}")
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the `collab-tui` script and `python -m collab_tui`."""
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        db = Database(args.db)
    except DatabaseError as exc:
        print(f"collab-tui: error: {exc}", file=sys.stderr)
        return 2
    with db:
        if args.command == "info":
            return cmd_info(db, args)
    from collab_tui.app import CollabApp  # Textual only when the explorer opens

    CollabApp(db_path=db.path).run()
    return 0
