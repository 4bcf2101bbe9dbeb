"""collab_tui.jsontext: the json package's text and values, without importing it on a lookup."""

from __future__ import annotations

import json
import math
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from collab_tui import jsontext
from collab_tui.db import Database
from collab_tui.dossier import area_dossier
from collab_tui.search import INDEX_FORMAT, Index
from tests.helpers import ROOT

SCALARS = st.none() | st.booleans() | st.integers() | st.floats() | st.text()
KEYS = st.text() | st.integers() | st.floats() | st.booleans() | st.none()
VALUES = st.recursive(
    SCALARS,
    lambda inner: (
        st.lists(inner, max_size=4) | st.tuples(inner, inner) | st.dictionaries(KEYS, inner, max_size=4)
    ),
    max_leaves=20,
)


@given(VALUES, st.booleans())
def test_dumps_writes_what_json_dumps_writes(value: object, ascii_only: bool) -> None:
    assert jsontext.dumps(value, ensure_ascii=ascii_only) == json.dumps(
        value, indent=2, ensure_ascii=ascii_only
    )


@given(VALUES)
def test_loads_reads_what_json_reads(value: object) -> None:
    text = json.dumps(value, ensure_ascii=True, separators=(",", ":"))  # as the stored index's lines
    expected = json.loads(text)
    found = jsontext.loads(text)
    if any(isinstance(x, float) and math.isnan(x) for x in _leaves(expected)):
        assert json.dumps(found) == json.dumps(expected)  # NaN is not equal to itself
    else:
        assert found == expected and json.dumps(found) == json.dumps(expected)


def _leaves(value: object) -> list[object]:
    if isinstance(value, list):
        return [leaf for item in value for leaf in _leaves(item)]
    if isinstance(value, dict):
        return [leaf for item in value.values() for leaf in _leaves(item)]
    return [value]


@pytest.mark.parametrize("text", ["", "[1,", '{"a" 1}', "[1] [2]", "nul", '"\x01"', " [1]"])
def test_loads_refuses_what_is_not_one_json_value(text: str) -> None:
    with pytest.raises(ValueError):
        jsontext.loads(text)


def test_other_types_are_json_packages_own() -> None:
    with pytest.raises(TypeError, match="not JSON serializable"):
        jsontext.dumps({"a": {1, 2}})
    with pytest.raises(TypeError, match="keys must be str"):
        jsontext.dumps({(1, 2): "x"})


def test_the_real_answers_are_json_packages_text(built_db: Path) -> None:
    with Database(built_db) as db:
        cumbria = area_dossier(db, "cumbria")
        hits = Index.load(db).search("wenmn")
        stored = db.stored_search_index(INDEX_FORMAT)
    assert cumbria["name"] == "Cumbria" and hits[0].name == "Ken Wenman"
    for data in (cumbria, [h.to_dict() for h in hits]):
        for ascii_only in (False, True):
            assert jsontext.dumps(data, ascii_only) == json.dumps(data, indent=2, ensure_ascii=ascii_only)
    assert stored is not None
    for line in stored.split("\n")[1:]:  # the stored index, after its checksum
        assert jsontext.loads(line) == json.loads(line)


def test_a_lookup_imports_no_json_package() -> None:
    code = (
        "import sys, io, contextlib\nfrom collab_tui import cli\n"
        "for args in (['search', 'wenmn', '--json'], ['show', 'cumbria', '--json']):\n"
        "    out = io.TextIOWrapper(io.BytesIO(), encoding='utf-8')\n"
        "    with contextlib.redirect_stdout(out):\n"
        "        assert cli.main(args) == 0\n"
        "print(sorted(m for m in ('json', 'datetime', 'sqlite3') if m in sys.modules))"
    )
    found = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=True)
    assert found.stdout.strip() == "[]", found.stderr
