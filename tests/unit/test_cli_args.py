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
