"""data/metadata.json (Datasette) is generated from docs/schema.md and matches the database."""

from __future__ import annotations

import json
import runpy
import sqlite3
from pathlib import Path

import pytest

from tests.helpers import ROOT

SCRIPT = ROOT / "scripts" / "gen-metadata"
SCHEMA_MD = ROOT / "docs" / "schema.md"
METADATA_JSON = ROOT / "data" / "metadata.json"


@pytest.fixture(scope="module")
def gen() -> dict:
    """The script's globals (its __main__ block does not run)."""
    return runpy.run_path(str(SCRIPT))


@pytest.fixture(scope="module")
def metadata() -> dict:
    return json.loads(METADATA_JSON.read_text(encoding="utf-8"))


def database_schema(path: Path) -> dict[str, list[str]]:
    """Every table and view of the database and its columns, FTS5 shadow tables left out."""
    con = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        names = [
            name
            for (name,) in con.execute(
                "SELECT name FROM sqlite_master WHERE type IN ('table', 'view') "
                "AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' ORDER BY name"
            )
            if not name.startswith(("narrative_fts_", "source_line_fts_"))
        ]
        return {name: [row[1] for row in con.execute(f'PRAGMA table_info("{name}")')] for name in names}
    finally:
        con.close()


def test_metadata_json_is_what_gen_metadata_writes_now(gen: dict) -> None:
    expected = gen["render"](gen["build_metadata"](SCHEMA_MD.read_text(encoding="utf-8")))
    assert METADATA_JSON.read_text(encoding="utf-8") == expected, "run scripts/gen-metadata"


def test_header_fields(metadata: dict) -> None:
    assert metadata["title"] == "Emergency Services Collaboration: The Current Picture (2014)"
    assert metadata["source"] == "Emergency Services Collaboration: The Current Picture, Home Office, 2014"
    assert metadata["license"] == "Open Government Licence v3.0"
    assert (
        metadata["license_url"]
        == "https://www.nationalarchives.gov.uk/doc/open-government-licence/version/3/"
    )
    description = metadata["description"]
    assert description.endswith(".") and description.count(". ") == 0, "one sentence"
    assert list(metadata["databases"]) == ["collab"]


def test_every_documented_table_and_column_exists_and_every_one_is_documented(
    metadata: dict, built_db: Path
) -> None:
    documented = {name: list(t["columns"]) for name, t in metadata["databases"]["collab"]["tables"].items()}
    actual = database_schema(built_db)
    assert sorted(set(documented) - set(actual)) == [], "documented but not in the database"
    assert sorted(set(actual) - set(documented)) == [], "in the database but not documented"
    problems = []
    for name, columns in actual.items():
        extra = [c for c in documented[name] if c not in columns]
        undocumented = [c for c in columns if c not in documented[name]]
        if extra or undocumented:
            problems.append(f"{name}: documented only {extra}, undocumented {undocumented}")
    assert not problems, "\n".join(problems)
    assert {"area_leaders", "area_funding", "area_projects", "narrative_fts"} <= set(documented)


def test_descriptions_are_plain_text(metadata: dict) -> None:
    tables = metadata["databases"]["collab"]["tables"]
    assert (
        tables["area_leaders"]["description"]
        == 'Every role printed under a "Leaders" heading, with its area.'
    )
    assert (
        tables["area_projects"]["columns"]["status"] == "current, completed, planned, proposed or abandoned"
    )
    for name, table in tables.items():
        texts = [table.get("description", ""), *table["columns"].values()]
        assert all("`" not in text and "\n" not in text and text == text.strip() for text in texts), name
        assert all(table["columns"].values()), f"{name}: a column without meaning"


def test_build_metadata_parses_prose_tables_and_rejects_a_bad_header(gen: dict) -> None:
    text = """# Title

Intro with `code`.

## Public views

Prose before the first view.

### v

A `view`, over
two lines.

| column | meaning |
|---|---|
| `a` | the `a` \\| pipe |
| b | plain |

## Tables

### t

| column | meaning |
|---|---|
| id | id |

## Elsewhere

### not_a_table
"""
    tables = gen["build_metadata"](text)["databases"]["collab"]["tables"]
    assert tables == {
        "v": {"description": "A view, over two lines.", "columns": {"a": "the a | pipe", "b": "plain"}},
        "t": {"columns": {"id": "id"}},
    }
    with pytest.raises(gen["SchemaError"]):
        gen["build_metadata"](text.replace("| column | meaning |", "| name | what |", 1))
