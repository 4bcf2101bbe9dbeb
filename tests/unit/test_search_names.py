"""The names the build resolved (collab_tui.search.names): `show NAME` for a stored name shows the
record the search index would choose, without loading it; anything else asks the index as before."""

from __future__ import annotations

import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path
from zlib import crc32

import pytest

from collab_tui.db import Database
from collab_tui.search import Index
from collab_tui.search.names import NAME_KINDS, NAMES_FORMAT, NAMES_TABLE, stored_choice
from collab_tui.search.words import normalise
from tests.helpers import ROOT, run_main


def stored_names(path: Path) -> dict[str, list[str]]:
    import json

    conn = sqlite3.connect(path)
    (text,) = conn.execute(f"SELECT payload FROM {NAMES_TABLE} WHERE format = ?", (NAMES_FORMAT,)).fetchone()
    conn.close()
    names: dict[str, list[str]] = json.loads(text[9:])["names"]
    return names


def test_every_stored_name_is_the_record_the_index_chooses(built_db: Path) -> None:
    names = stored_names(built_db)
    assert names["cumbria"] == ["area", "cumbria"] and names["ken wenman"] == ["person", "ken-wenman"]
    assert names["wenman"] == ["person", "ken-wenman"] and names["hogan howe"] == [
        "person",
        "bernard-hogan-howe",
    ]
    assert "yorkshire" not in names and "lee" not in names  # ambiguous: the index says which it could be
    with Database(built_db) as db:
        index = Index.load(db)
        for name, (kind, record_id) in names.items():
            found, _ = index.choose(name, NAME_KINDS)
            assert found is not None and (found.kind, found.id) == (kind, record_id), name
            assert found.field != "geography"
        # and every text naming an area or a person that the index resolves is stored
        for text in index.texts_naming(NAME_KINDS):
            found, _ = index.choose(text, NAME_KINDS)
            if found is not None and found.field != "geography" and text == normalise(text):
                assert text in names, text


@pytest.mark.parametrize(
    ("typed", "expected"),
    [("Cumbria", ("area", "cumbria")), ("  CUMBRIA  ", ("area", "cumbria")), ("Ken-Wenman", ("person", "ken-wenman")),
     ("ken   WENMAN", ("person", "ken-wenman")), ("Hogan-Howe", ("person", "bernard-hogan-howe")),
     ("cumbira", None), ("yorkshire", None), ("lee", None), ("bristol", None), ("", None)],
)  # fmt: skip
def test_a_name_is_looked_up_as_the_search_normalises_it(
    built_db: Path, typed: str, expected: tuple[str, str] | None
) -> None:
    with Database(built_db) as db:
        found = stored_choice(db, typed)
    assert (tuple(found) if found else None) == expected


@pytest.mark.parametrize("name", ["cumbria", "Ken Wenman", "wenman", "Hogan-Howe", "kent", "surrey", "yorkshire",
                                  "lee", "cumbira", "bristol", "luton", "zzzz"])  # fmt: skip
@pytest.mark.parametrize("fmt", [["--json"], ["--plain"], ["--format", "md"]])
def test_show_writes_what_it_wrote_through_the_index(
    built_db: Path, monkeypatch: pytest.MonkeyPatch, name: str, fmt: list[str]
) -> None:
    stored = run_main("--db", str(built_db), "show", name, *fmt)
    monkeypatch.setattr("collab_tui.search.names.stored_choice", lambda db, name: None)
    searched = run_main("--db", str(built_db), "show", name, *fmt)
    assert (stored.returncode, stored.stdout, stored.stderr) == (
        searched.returncode,
        searched.stdout,
        searched.stderr,
    )
    if name == "cumbria":
        assert stored.returncode == 0 and "Cumbria" in stored.stdout


def copy_with(built_db: Path, tmp_path: Path, *statements: tuple[str, tuple[object, ...]]) -> Path:
    path = tmp_path / "collab.db"
    shutil.copyfile(built_db, path)
    conn = sqlite3.connect(path)
    for sql, params in statements:
        conn.execute(sql, params)
    conn.commit()
    conn.close()
    return path


def forged(names: dict[str, list[str]]) -> str:
    import json

    body = json.dumps(
        {"format": NAMES_FORMAT, "kinds": list(NAME_KINDS), "names": names}, separators=(",", ":")
    )
    return f"{crc32(body.encode('ascii')):08x}\n{body}"


def test_without_stored_names_or_with_changed_ones_show_asks_the_index(
    built_db: Path, tmp_path: Path
) -> None:
    good = run_main("--db", str(built_db), "show", "cumbria", "--json")
    assert good.returncode == 0 and '"name": "Cumbria"' in good.stdout
    for statement in [
        (f"DROP TABLE {NAMES_TABLE}", ()),  # a database from before them
        (
            f"UPDATE {NAMES_TABLE} SET payload = replace(payload, '\"cumbria\"', '\"cumbrib\"')",
            (),
        ),  # CRC fails
        (
            f"UPDATE {NAMES_TABLE} SET payload = ?",
            (forged({"cumbria": ["project", "x"]}),),
        ),  # not a kind shown
        (f"UPDATE {NAMES_TABLE} SET format = 0", ()),
    ]:
        path = copy_with(built_db, tmp_path, statement)
        result = run_main("--db", str(path), "show", "cumbria", "--json")
        assert (result.returncode, result.stdout, result.stderr) == (0, good.stdout, ""), statement[0]


def test_a_stored_name_for_a_record_not_there_is_a_bad_database(built_db: Path, tmp_path: Path) -> None:
    path = copy_with(built_db, tmp_path, (f"UPDATE {NAMES_TABLE} SET payload = ?",
                                          (forged({"cumbria": ["area", "atlantis"]}),)))  # fmt: skip
    result = run_main("--db", str(path), "show", "cumbria", "--json")
    assert result.returncode == 2 and result.stdout == ""
    assert result.stderr.count("\n") == 1 and "names a record it does not hold; rebuild it" in result.stderr


def test_show_for_a_stored_name_loads_no_search_index_nor_rapidfuzz() -> None:
    code = (
        "import sys, io, contextlib\nfrom collab_tui import cli\n"
        "out = io.TextIOWrapper(io.BytesIO(), encoding='utf-8')\n"
        "with contextlib.redirect_stdout(out):\n"
        "    assert cli.main(['show', 'cumbria', '--json']) == 0\n"
        "print(sorted(m for m in ('rapidfuzz', 'collab_tui.search.index') if m in sys.modules))"
    )
    found = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=True)
    assert found.stdout.strip() == "[]", found.stderr
