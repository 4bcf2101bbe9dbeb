"""A name that could mean several records is never picked silently (show, compare, --area, --person)."""

from __future__ import annotations

import argparse
import subprocess
from pathlib import Path

import pytest

from collab_tui import cli
from collab_tui.db import Database
from collab_tui.models import RecordRef, Start
from collab_tui.search import Index
from tests.helpers import run_main


@pytest.fixture(scope="module")
def index(db: Database) -> Index:
    return Index.load(db)


@pytest.mark.parametrize(
    ("name", "kinds", "candidates"),
    [
        ("wales", ("area", "person"), {"dyfed-powys", "gwent", "north-wales", "south-wales"}),
        ("south", ("area", "person"), {"south-wales", "south-yorkshire"}),
        ("lee", ("area", "person"), {"adrian-lee", "lee-howell"}),  # lines 1041, 199
        ("hogg", ("person",), {"ron-hogg", "tony-hogg"}),
        ("yorkshire", ("area",), {"north-yorkshire", "south-yorkshire", "west-yorkshire"}),
    ],
)
def test_ambiguous_names_name_their_candidates(
    index: Index, name: str, kinds: tuple[str, ...], candidates: set[str]
) -> None:
    found, others = index.choose(name, kinds)
    assert found is None
    assert {h.id for h in others} == candidates


@pytest.mark.parametrize(
    ("name", "kinds", "expect"),
    [
        ("kent", ("area", "person"), "kent"),
        ("sussex", ("area", "person"), "sussex"),
        ("adrian lee", ("area", "person"), "adrian-lee"),
        ("cumbira", ("area",), "cumbria"),
        ("hogan howe", ("person",), "bernard-hogan-howe"),
        ("bristol", ("area",), "avon-and-somerset"),
    ],
)
def test_an_unambiguous_name_is_chosen(index: Index, name: str, kinds: tuple[str, ...], expect: str) -> None:
    found, _ = index.choose(name, kinds)
    assert found is not None and found.id == expect


def run(*args: str, db: Path) -> subprocess.CompletedProcess[str]:
    """``collab-tui --db DB ARGS``, in this process (tests/helpers.run_main)."""
    return run_main("--db", str(db), *args)


@pytest.mark.parametrize(
    ("name", "line"),
    [
        ("wales", "collab-tui: 'wales' could be Dyfed Powys (area), Gwent (area), North Wales (area), "
                  "South Wales (area); say which\n"),
        ("lee", "collab-tui: 'lee' could be Adrian Lee (person), Lee Howell (person); say which\n"),
        ("south", "collab-tui: 'south' could be South Wales (area), South Yorkshire (area); say which\n"),
    ],
)  # fmt: skip
def test_show_an_ambiguous_name_exits_1_with_one_line(built_db: Path, name: str, line: str) -> None:
    out = run("show", name, db=built_db)
    assert (out.returncode, out.stdout, out.stderr) == (1, "", line)


def deep_link(**given: object) -> argparse.Namespace:
    fields = {"search": None, "area": None, "person": None, "compare": None, "line": None}
    return argparse.Namespace(**{**fields, **given})


def refused(db: Database, **given: object) -> int:
    """The exit code of a deep link that names no single record (NoChoice)."""
    with pytest.raises(cli.NoChoice) as refusal:
        cli.resolve_start(db, deep_link(**given))
    return refusal.value.code


def test_deep_links_never_pick_silently(db: Database, capsys: pytest.CaptureFixture[str]) -> None:
    assert refused(db, person="lee") == 1
    assert "'lee' could be Adrian Lee, Lee Howell; say which" in capsys.readouterr().err
    assert refused(db, area="wales") == 1
    assert (
        "'wales' could be Dyfed Powys, Gwent, North Wales, South Wales; say which" in capsys.readouterr().err
    )
    assert refused(db, area="luton") == 1
    assert "the report has no section on Bedfordshire Police" in capsys.readouterr().err
    assert cli.resolve_start(db, deep_link(area="bristol")) == Start.record("area", "avon-and-somerset")
    assert cli.resolve_start(db, deep_link(person="adrian lee")) == Start.record("person", "adrian-lee")


def test_deep_links_are_typed_starts(db: Database, capsys: pytest.CaptureFixture[str]) -> None:
    """--compare, --line and --search give a models.Start (no "a|b" string); a bad one exits with one line."""
    assert cli.resolve_start(db, deep_link(compare=["norfolk", "sufolk"])) == Start.compare(
        "norfolk", "suffolk"
    )
    assert cli.resolve_start(db, deep_link(line=1065)) == Start(ref=RecordRef("line", "1065"))
    assert cli.resolve_start(db, deep_link(search="bristol")) == Start.search("bristol")
    assert cli.resolve_start(db, deep_link()) is None
    capsys.readouterr()
    assert refused(db, compare=["norfolk", "Norfolk"]) == 1
    assert capsys.readouterr().err == "collab-tui: choose two different areas to compare\n"
    assert refused(db, line=999999) == 2
    assert "--line 999999 is outside the report (lines 1 to " in capsys.readouterr().err
    assert refused(db, area="norfolk", person="lee") == 2
