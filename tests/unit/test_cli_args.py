"""The quick reader of plain `search` and `show` gives exactly what argparse gives, and leaves the rest to it."""

from __future__ import annotations

import pytest

from collab_tui.cli_args import quick_args
from collab_tui.cli_parser import build_parser

READ_QUICKLY = [
    [],
    ["--db", "other.db"],
    ["search", "wenmn"],
    ["search", "wenmn", "--json"],
    ["search", "--json", "cfo", "cumbria"],
    ["search", "hogan", "howe", "--limit", "3", "--kind", "person"],
    ["search", "kent", "--limit", "007", "--limit", "2"],
    ["search", "--kind", "funding", "dorset", "--json"],
    ["search", ""],
    ["--db", "other.db", "search", "thrapston", "--json"],
    ["show", "cumbria"],
    ["show", "cumbria", "--json"],
    ["show", "--json", "hogan", "howe"],
    ["--db", "search", "show", "adrian", "lee"],
]

LEFT_TO_ARGPARSE = [
    ["--db"],
    ["info"],
    ["search"],
    ["search", "--json"],
    ["search", "kent", "--limit"],
    ["search", "kent", "--limit", "-1"],
    ["search", "kent", "--limit", "²"],
    ["search", "kent", "--limit=3"],
    ["search", "kent", "--kind", "ghost"],
    ["search", "kent", "--js"],
    ["search", "--", "-kent"],
    ["search", "kent", "-h"],
    ["search", "kent", "--db", "x.db"],
    ["show", "cumbria", "--plain"],
    ["show", "cumbria", "--format", "json"],
    ["show", "cumbria", "--output", "c.json"],
    ["--db=x.db", "search", "kent"],
    ["--db", "--json", "search", "kent"],
    ["--version"],
    ["--area", "kent"],
    ["compare", "norfolk", "suffolk"],
]


@pytest.mark.parametrize("argv", READ_QUICKLY, ids=lambda argv: " ".join(argv) or "explorer")
def test_quick_args_are_argparse_args(argv: list[str]) -> None:
    quick = quick_args(argv)
    assert quick is not None
    assert vars(quick) == vars(build_parser().parse_args(argv))


@pytest.mark.parametrize("argv", LEFT_TO_ARGPARSE, ids=lambda argv: " ".join(argv) or "explorer")
def test_anything_else_is_left_to_argparse(argv: list[str]) -> None:
    assert quick_args(argv) is None


def test_the_views_are_named_once() -> None:
    """#15: the export views' names live in collab_tui.vocabulary; export, tables and the parser use them."""
    import re

    from collab_tui import cli_parser, export, tables, vocabulary
    from tests.helpers import ROOT

    assert export.VIEWS is tables.VIEWS is vocabulary.VIEWS == ("areas", "leaders", "projects", "funding")
    (choices,) = [a.choices for a in cli_parser.build_parser()._subparsers._group_actions[0].choices["export"]._actions
                  if a.dest == "view"]  # fmt: skip
    assert tuple(choices) == vocabulary.VIEWS
    literal = re.compile(r'\(\s*"areas",\s*"leaders",\s*"projects",\s*"funding"\s*\)')
    copies = [
        p.name for p in (ROOT / "collab_tui").rglob("*.py") if literal.search(p.read_text(encoding="utf-8"))
    ]
    assert copies == ["vocabulary.py"]
