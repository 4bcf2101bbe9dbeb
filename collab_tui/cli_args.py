"""The `collab-tui` command line's arguments: their vocabulary, and a quick reader for the lookups.

``search QUERY... [--json] [--limit N] [--kind KIND]`` and ``show NAME... [--json]`` (after an
optional ``--db PATH``) are most of what scripts run, and no command at all opens the explorer; :func:`quick_args` reads exactly those
without importing argparse (which, with the parser built, costs a lookup several milliseconds) and
gives the same values argparse would. Anything else, or anything it is not sure of (an abbreviated
option, ``--opt=value``, ``--``, a word starting with ``-``), is left to argparse (collab_tui.cli_parser).
"""

from __future__ import annotations

from collections.abc import Sequence
from types import SimpleNamespace

from collab_tui.vocabulary import SEARCH_KINDS

KINDS = SEARCH_KINDS  # collab_tui.search.KINDS, without importing the search
EPILOG = "Data: Emergency Services Collaboration: The Current Picture (2014). Open Government Licence v3.0."
EXPORT_FORMATS = ("csv", "json", "md", "html")
COMPARE_FORMATS = ("csv", "json", "md", "html", "txt")
SHOW_FORMATS = ("json", "md", "html", "txt")
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
_EXPLORER = {"search": None, "area": None, "person": None, "compare": None, "line": None}


def quick_args(argv: Sequence[str]) -> SimpleNamespace | None:
    """The arguments of a plain `search` or `show` (or of the explorer with no option but --db) as
    argparse gives them, or None to ask argparse."""
    words = list(argv)
    db = None
    if words[:1] == ["--db"] and len(words) > 1 and not words[1].startswith("-"):
        db, words = words[1], words[2:]
    if not words:
        return SimpleNamespace(db=db, **_EXPLORER, command=None)  # the explorer, as it opens most often
    if words[0] not in ("search", "show"):
        return None
    command = words[0]
    values: dict[str, object] = {"json": False}
    if command == "search":
        values.update(limit=10, kind=None)
    rest: list[str] = []
    i = 1
    while i < len(words):
        word = words[i]
        if word == "--json":
            values["json"] = True
        elif command == "search" and word == "--limit" and i + 1 < len(words) and _is_number(words[i + 1]):
            values["limit"] = int(words[i + 1])
            i += 1
        elif command == "search" and word == "--kind" and i + 1 < len(words) and words[i + 1] in KINDS:
            values["kind"] = words[i + 1]
            i += 1
        elif word.startswith("-"):
            return None  # an option argparse knows (or must refuse): its rules, its messages
        else:
            rest.append(word)
        i += 1
    if not rest:
        return None  # argparse says what is missing
    if command == "search":
        return SimpleNamespace(db=db, **_EXPLORER, command=command, query=rest, **values)
    output = {"plain": False, "html": False, "format": None, "output": None, "force": False}
    return SimpleNamespace(db=db, **_EXPLORER, command=command, name=rest, **values, **output)


def _is_number(word: str) -> bool:
    return word.isascii() and word.isdecimal()
