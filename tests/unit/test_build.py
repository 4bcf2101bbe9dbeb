"""build_db.py: validation of good and bad records, determinism, --check, atomic replacement."""

from __future__ import annotations

import hashlib
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from collab_tui import build
from tests.helpers import DB_PATH, RECORDS, ROOT, SOURCE

AVON = "sections/avon-and-somerset.toml"


def problems_for(records: Path) -> list[str]:
    """Validate a records directory against the real source; return the problem lines."""
    return [str(p) for p in build.validate(records, build.Source(SOURCE)).problems]


def edit(records: Path, name: str, old: str, new: str) -> None:
    path = records / name
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {name}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def run_build(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, str(ROOT / "build_db.py"), *args],
        capture_output=True,
        text=True,
        cwd=ROOT,
    )


def test_the_real_records_are_valid() -> None:
    assert problems_for(RECORDS) == []


def test_a_misquoted_name_is_refused(records_copy: Path) -> None:
    edit(
        records_copy, AVON, 'quote = "PCC: Sue Mountstevens (Ind)"', 'quote = "PCC: Sue Mountstephens (Ind)"'
    )
    found = problems_for(records_copy)
    assert any(
        p.startswith(f"{AVON}: role sue-mountstevens: quote:") and "not verbatim at lines 192-192" in p
        for p in found
    ), found


def test_a_name_not_in_its_quote_is_refused(records_copy: Path) -> None:
    edit(records_copy, AVON, 'name = "Sue Mountstevens"', 'name = "Sue Mountsteven"')
    found = problems_for(records_copy)
    assert f"{AVON}: role sue-mountstevens: name: 'Sue Mountsteven' is not in the quote" in found


def test_a_toml_syntax_error_names_the_file(records_copy: Path) -> None:
    (records_copy / AVON).write_text("[section\nid = 1\n", encoding="utf-8")
    found = problems_for(records_copy)
    assert any(p.startswith(f"{AVON}: file -: -: TOML syntax error") for p in found), found


def test_a_missing_field_is_named(records_copy: Path) -> None:
    edit(records_copy, AVON, 'title = "Chief Constable"\n', "")
    found = problems_for(records_copy)
    assert f"{AVON}: role nick-gargan: title: missing required field" in found


def test_an_unknown_field_is_named(records_copy: Path) -> None:
    edit(records_copy, AVON, 'title = "Chief Constable"\n', 'title = "Chief Constable"\ntitel = "x"\n')
    found = problems_for(records_copy)
    assert any(p.startswith(f"{AVON}: role nick-gargan: titel: unknown field") for p in found), found


def test_an_unknown_vocabulary_value_is_named(records_copy: Path) -> None:
    edit(records_copy, AVON, 'role = "chief_constable"', 'role = "top_cop"')
    found = problems_for(records_copy)
    assert any(p.startswith(f"{AVON}: role nick-gargan: role: 'top_cop' is not one of:") for p in found), (
        found
    )


def test_a_dangling_reference_is_named(records_copy: Path) -> None:
    edit(records_copy, AVON, 'organisation = "police-avon-and-somerset"', 'organisation = "police-atlantis"')
    found = problems_for(records_copy)
    assert f"{AVON}: role nick-gargan: organisation: unknown organisation id 'police-atlantis'" in found


def test_a_duplicate_id_is_named(records_copy: Path) -> None:
    text = (records_copy / AVON).read_text(encoding="utf-8")
    start = text.index("[[place]]")
    end = text.index("[[project]]", start)
    (records_copy / "sections" / "zz-extra.toml").write_text(text[start:end], encoding="utf-8")
    found = problems_for(records_copy)
    assert any(
        p.startswith("sections/zz-extra.toml: place north-somerset: id: duplicate place id") for p in found
    ), found


def test_an_amount_not_printed_in_its_quote_is_refused(records_copy: Path) -> None:
    path = records_copy / "sections" / "durham.toml"
    text = path.read_text(encoding="utf-8")
    assert "amount_gbp = 45000" in text
    path.write_text(text.replace("amount_gbp = 45000", "amount_gbp = 54000"), encoding="utf-8")
    found = problems_for(records_copy)
    assert any("£54,000 is not printed in the quote" in p for p in found), found


def test_every_problem_is_reported_not_just_the_first(records_copy: Path) -> None:
    edit(records_copy, AVON, 'role = "chief_constable"', 'role = "top_cop"')
    edit(records_copy, AVON, 'kind = "district"', 'kind = "hamlet"')
    found = problems_for(records_copy)
    assert any("'top_cop'" in p for p in found) and any("'hamlet'" in p for p in found), found


def test_amounts_are_read_as_printed() -> None:
    assert build.amounts_in("£1.6m from the Home Office") == {1_600_000}
    assert build.amounts_in("£9.2 million has been awarded") == {9_200_000}
    assert build.amounts_in("**£60,000** from DCLG") == {60_000}
    assert build.amounts_in("£413,250 and £45m") == {413_250, 45_000_000}


@pytest.mark.slow
def test_two_builds_are_byte_identical(tmp_path: Path, built_db: Path) -> None:
    """A second build from the same records, beside the run's own (built_db), is the same bytes."""
    second = tmp_path / "b.db"
    assert build.build(RECORDS, SOURCE, second) == []
    assert built_db.read_bytes() == second.read_bytes()


def test_the_committed_database_is_up_to_date() -> None:
    result = run_build("--check")
    assert result.returncode == 0, result.stderr


def fresh_copy(built_db: Path, out: Path) -> Path:
    """The run's fresh build (of records identical to records_copy, before any edit) copied to ``out``:
    the same bytes a build of the copy gives (test_two_builds_are_byte_identical), without building."""
    shutil.copyfile(built_db, out)
    return out


def test_check_notices_a_stale_database(tmp_path: Path, records_copy: Path, built_db: Path) -> None:
    out = fresh_copy(built_db, tmp_path / "collab.db")
    ok = run_build("--records", str(records_copy), "--output", str(out), "--check")
    assert ok.returncode == 0, ok.stderr
    edit(
        records_copy,
        AVON,
        'note = "currently Acting Chief Constable"',
        'note = "Acting Chief Constable in 2014"',
    )
    stale = run_build("--records", str(records_copy), "--output", str(out), "--check")
    assert stale.returncode == 1
    assert "stale" in stale.stderr and "run: python build_db.py" in stale.stderr


def test_a_failed_build_leaves_the_database_byte_identical(
    tmp_path: Path, records_copy: Path, built_db: Path
) -> None:
    out = fresh_copy(built_db, tmp_path / "collab.db")
    before = hashlib.sha256(out.read_bytes()).hexdigest()
    edit(records_copy, AVON, 'role = "chief_constable"', 'role = "top_cop"')
    result = run_build("--records", str(records_copy), "--output", str(out))
    assert result.returncode == 1
    assert "left unchanged" in result.stderr
    assert "Traceback" not in result.stderr
    assert hashlib.sha256(out.read_bytes()).hexdigest() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["collab.db", "records"]


def test_the_build_reports_one_line_per_problem(records_copy: Path, tmp_path: Path) -> None:
    edit(records_copy, AVON, 'role = "chief_constable"', 'role = "top_cop"')
    result = run_build("--records", str(records_copy), "--output", str(tmp_path / "x.db"))
    lines = result.stderr.strip().splitlines()
    assert lines[-1].startswith("1 problem(s)")
    assert lines[0].startswith(f"{AVON}: role nick-gargan: role: 'top_cop'")


def test_the_schema_has_keys_indexes_fts_and_views(built_db: Path) -> None:
    conn = sqlite3.connect(built_db)
    names = {r[0]: r[1] for r in conn.execute("SELECT name, type FROM sqlite_master")}
    assert names["area_leaders"] == "view"
    assert names["area_funding"] == "view"
    assert names["area_projects"] == "view"
    assert names["narrative_fts"] == "table"
    fks = conn.execute("PRAGMA foreign_key_list(role)").fetchall()
    assert {(f[2], f[3]) for f in fks} >= {("person", "person_id"), ("area", "area_id")}
    assert conn.execute("PRAGMA foreign_key_check").fetchall() == []
    assert any(r[1] == "idx_role_area_id" for r in conn.execute("PRAGMA index_list(role)"))
    hits = conn.execute(
        "SELECT section_id FROM narrative JOIN narrative_fts ON narrative_fts.rowid = narrative.id "
        "WHERE narrative_fts MATCH 'Poynton'"
    ).fetchall()
    assert ("cheshire",) in hits
    meta = dict(conn.execute("SELECT key, value FROM meta"))
    assert meta["licence"] == "Open Government Licence v3.0"
    assert meta["schema_version"] == str(build.SCHEMA_VERSION)
    assert len(meta["record_hash"]) == 64


@pytest.mark.parametrize(
    "column", ["area", "section", "role", "title", "name", "party", "organisation", "note"]
)
def test_area_leaders_has_its_public_columns(built_db: Path, column: str) -> None:
    conn = sqlite3.connect(built_db)
    assert column in [r[1] for r in conn.execute("PRAGMA table_info(area_leaders)")]


@pytest.mark.parametrize("column", ["area", "funder", "fund", "amount_gbp", "approximate", "year", "purpose"])
def test_area_funding_has_its_public_columns(built_db: Path, column: str) -> None:
    conn = sqlite3.connect(built_db)
    assert column in [r[1] for r in conn.execute("PRAGMA table_info(area_funding)")]


def test_the_committed_database_matches_a_fresh_build(built_db: Path) -> None:
    assert DB_PATH.read_bytes() == built_db.read_bytes()


def documented_schema() -> dict[str, list[str]]:
    """Tables and views of docs/schema.md, each with its documented columns."""
    documented: dict[str, list[str]] = {}
    current = None
    for line in (ROOT / "docs" / "schema.md").read_text(encoding="utf-8").splitlines():
        if line.startswith("### "):
            current = line[4:].strip()
            documented[current] = []
        elif current and line.startswith("| ") and not line.startswith(("| column", "|---")):
            documented[current].append(line.split("|")[1].strip())
    return documented


def test_docs_schema_md_matches_the_database(built_db: Path) -> None:
    conn = sqlite3.connect(built_db)
    actual = {
        name: [r[1] for r in conn.execute(f"PRAGMA table_info({name})")]
        for (name,) in conn.execute(
            "SELECT name FROM sqlite_master WHERE type IN ('table', 'view') "
            "AND name NOT LIKE 'narrative_fts_%' AND name NOT LIKE 'source_line_fts_%'"
        )
    }
    assert documented_schema() == actual


def test_the_declared_schema_is_the_documented_one() -> None:
    """collab_tui.build.schema declares every table of docs/schema.md, with its columns in order."""
    from collab_tui.build import schema

    documented = documented_schema()
    declared = {t.name: list(t.columns) for t in schema.TABLES}
    assert declared == {name: documented[name] for name in declared}
    assert set(schema.VIEWS) | set(declared) | {"search_index", "search_names"} | {
        f"{t}_fts" for t, _, _ in schema.FULL_TEXT
    } == set(documented)


def test_the_record_hash_covers_the_whole_build(
    monkeypatch: pytest.MonkeyPatch, source: build.Source
) -> None:
    """A change to any file of collab_tui/build (or build_db.py, the vocabulary, the search) dates the database."""
    from collab_tui.build import pack

    covered = {p.relative_to(ROOT).as_posix() for p in pack.code_files()}
    package = {p.relative_to(ROOT).as_posix() for p in (ROOT / "collab_tui" / "build").glob("*.py")}
    search = {p.relative_to(ROOT).as_posix() for p in (ROOT / "collab_tui" / "search").glob("*.py")}
    assert "collab_tui/search/index.py" in search
    assert package | search | {"build_db.py", "collab_tui/vocabulary.py"} == covered
    catalogue = build.validate(RECORDS, source)
    before = pack.record_hash(catalogue, source)
    real_read = Path.read_bytes
    for name in sorted(covered):
        monkeypatch.setattr(
            Path, "read_bytes", lambda p, n=name: real_read(p) + (b"#" if p == ROOT / n else b"")
        )
        assert pack.record_hash(catalogue, source) != before, f"{name} is not in the record hash"
    monkeypatch.setattr(Path, "read_bytes", real_read)
    assert pack.record_hash(catalogue, source) == before


def test_no_module_of_the_app_imports_the_build() -> None:
    """pyproject's import contract forbids collab_tui.build to every other module: none is left out."""
    import tomllib

    contracts = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["importlinter"]
    contract = next(c for c in contracts["contracts"] if c.get("forbidden_modules") == ["collab_tui.build"])
    listed = set(contract["source_modules"])
    package = ROOT / "collab_tui"
    modules = {f"collab_tui.{p.stem}" for p in package.glob("*.py") if p.stem != "__init__"}
    modules |= {
        f"collab_tui.{p.name}"
        for p in package.iterdir()
        if (p / "__init__.py").exists() and p.name != "build"
    }
    assert modules - listed == set(), "add these to the contract in pyproject.toml"


def test_a_path_from_the_command_line_never_reaches_the_terminal_with_its_escape_sequences(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from collab_tui.build.command import main

    hostile = tmp_path / "records\x1b]0;pwned\x07\x1b[2J"
    assert main(["--records", str(hostile), "--output", str(tmp_path / "out.db")]) == 2
    err = capsys.readouterr().err
    assert "\x1b" not in err and "\x07" not in err
    assert err.startswith("error: records directory ") and err.rstrip().endswith("does not exist")
    assert "\\x1b]0;pwned" in err  # shown escaped, so the user sees what the path held
    assert not (tmp_path / "out.db").exists()
