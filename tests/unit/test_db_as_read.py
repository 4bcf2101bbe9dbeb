"""The lookups' deep check, table by table as they read (Database(deep=AS_READ)): any fault in what an
answer is read from is one line and exit 2; a fault anywhere else leaves the answer exactly as it is,
and the full check (an open, the explorer's check after its first frame) still refuses it."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

import pytest

from collab_tui import db_checks
from collab_tui.db import AS_READ, Database, DatabaseError
from tests.helpers import run_main

LOOKUPS = {"search": ("search", "wenmn", "--json"), "show": ("show", "cumbria", "--json")}
# What each lookup's answer is read from: the search, the stored index (and meta, read at every open);
# Cumbria's record, the names the build resolved (search.names: "cumbria" is one) and every table
# its leaders, organisations, projects, funding and discrepancies come from.
READS = {
    "search": {"meta", "search_index"},
    "show": {
        "meta", "search_names", "area", "area_coverage", "section", "role", "person", "organisation",
        "organisation_area", "organisation_name", "project", "project_area", "project_kind", "project_service",
        "project_place", "place", "project_source", "project_money", "award", "award_area", "award_statement",
        "fund", "funder", "discrepancy", "discrepancy_area", "discrepancy_record", "discrepancy_side",
    },
}  # fmt: skip


def _varint(data: bytes, i: int) -> tuple[int, int]:
    value = 0
    for k in range(9):
        byte = data[i + k]
        if k == 8:
            return (value << 8) | byte, i + 9
        value = (value << 7) | (byte & 0x7F)
        if byte < 0x80:
            return value, i + k + 1
    raise AssertionError("unreachable")


def btree_pages(data: bytes, root: int) -> dict[str, list[int]]:
    """The pages of the b-tree rooted at ``root`` (SQLite's file format): interior, leaf and overflow."""
    size = int.from_bytes(data[16:18], "big")
    usable = size - data[20]
    found: dict[str, list[int]] = {"interior": [], "leaf": [], "overflow": []}
    stack = [root]
    while stack:
        page = stack.pop()
        base = (page - 1) * size
        head = base + (100 if page == 1 else 0)
        kind, cells = data[head], int.from_bytes(data[head + 3 : head + 5], "big")
        interior = kind in (2, 5)
        found["interior" if interior else "leaf"].append(page)
        pointers = head + (12 if interior else 8)
        if interior:
            stack.append(int.from_bytes(data[head + 8 : head + 12], "big"))
        for c in range(cells):
            cell = base + int.from_bytes(data[pointers + 2 * c : pointers + 2 * c + 2], "big")
            if interior:
                stack.append(int.from_bytes(data[cell : cell + 4], "big"))
                if kind == 5:  # a table's interior cell holds no payload
                    continue
                cell += 4
            payload, i = _varint(data, cell)
            if kind == 13:
                _, i = _varint(data, i)  # the rowid
            most = usable - 35 if kind == 13 else (usable - 12) * 64 // 255 - 23
            least = (usable - 12) * 32 // 255 - 23
            if payload > most:
                local = least + (payload - least) % (usable - 4)
                local = local if local <= most else least
                page_no = int.from_bytes(data[i + local : i + local + 4], "big")
                while page_no:
                    found["overflow"].append(page_no)
                    page_no = int.from_bytes(data[(page_no - 1) * size : (page_no - 1) * size + 4], "big")
    return found


def tables_and_pages(built_db: Path, roots_only: bool = False) -> dict[str, list[int]]:
    """Pages of every table and of its indexes: each b-tree's root, and (unless ``roots_only``) a middle
    page of each kind it has (interior, leaf, overflow)."""
    data = built_db.read_bytes()
    conn = sqlite3.connect(built_db)
    objects = conn.execute("SELECT tbl_name, rootpage FROM sqlite_master WHERE rootpage > 0").fetchall()
    conn.close()
    pages: dict[str, list[int]] = {}
    for table, root in objects:
        found = btree_pages(data, root)
        picked = [root] + ([] if roots_only else [kind[len(kind) // 2] for kind in found.values() if kind])
        pages.setdefault(table, []).extend(dict.fromkeys(picked))
    return pages


def corrupted(built_db: Path, tmp_path: Path, page: int, offset: int = 0) -> Path:
    """A copy of the database with 64 bytes of one page overwritten."""
    data = bytearray(built_db.read_bytes())
    start = (page - 1) * int.from_bytes(data[16:18], "big") + offset
    data[start : start + 64] = b"\xff" * 64
    path = tmp_path / f"page-{page}-{offset}.db"
    path.write_bytes(bytes(data))
    return path


def refused(path: Path, lookup: str, message: str) -> None:
    result = run_main("--db", str(path), *LOOKUPS[lookup])
    assert result.returncode == 2, (path.name, result.stderr)
    assert result.stderr.count("\n") == 1 and message in result.stderr, result.stderr
    assert result.stdout == "" and "Traceback" not in result.stderr


def test_the_tables_each_lookup_checks_are_the_ones_it_reads(
    built_db: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    checked: list[str | None] = []
    original = db_checks.check_pages
    monkeypatch.setattr(db_checks, "check_pages", lambda c, p, t=None: (checked.append(t), original(c, p, t)))
    for lookup, tables in READS.items():
        checked.clear()
        result = run_main("--db", str(built_db), *LOOKUPS[lookup])
        assert result.returncode == 0, result.stderr
        assert ("Ken Wenman" if lookup == "search" else '"name": "Cumbria"') in result.stdout
        assert sorted(checked) == sorted(tables)  # each once, and never the whole file


@pytest.mark.parametrize("pages", ["roots", pytest.param("every kind", marks=pytest.mark.slow)])
@pytest.mark.parametrize("lookup", ["search", "show"])
def test_a_fault_in_any_page_a_lookup_reads_is_one_line_and_exit_2(
    built_db: Path, tmp_path: Path, lookup: str, pages: str
) -> None:
    pages_of = tables_and_pages(built_db, roots_only=pages == "roots")
    # every kind: the stored index's row (its root) and the middle of its overflow chain
    assert len(pages_of["search_index"]) == (1 if pages == "roots" else 2)
    for table in sorted(READS[lookup]):
        for page in pages_of[table]:
            refused(corrupted(built_db, tmp_path, page), lookup, "is corrupt")


@pytest.mark.parametrize("lookup", ["search", "show"])
def test_a_fault_in_a_table_a_lookup_does_not_read_leaves_its_answer_as_it_is(
    built_db: Path, tmp_path: Path, lookup: str
) -> None:
    good = run_main("--db", str(built_db), *LOOKUPS[lookup])
    pages = tables_and_pages(built_db)
    outside = sorted(set(pages) - READS[lookup] - {"sqlite_master"})
    assert {"source_line", "narrative", "geography_place"} <= set(outside)
    for table in outside:
        path = corrupted(built_db, tmp_path, pages[table][0])
        result = run_main("--db", str(path), *LOOKUPS[lookup])
        assert (result.returncode, result.stdout, result.stderr) == (0, good.stdout, ""), table


@pytest.mark.parametrize("table", ["source_line", "narrative", "headline", "geography_place"])
def test_the_full_check_still_refuses_a_fault_no_lookup_reads(
    built_db: Path, tmp_path: Path, table: str
) -> None:
    path = corrupted(built_db, tmp_path, tables_and_pages(built_db)[table][0])
    with pytest.raises(DatabaseError, match="is corrupt"):
        Database(path)  # an open (every command but the lookups)
    with Database(path, deep=False) as db, pytest.raises(DatabaseError, match="is corrupt"):
        db.check()  # the explorer's, once its first frame is on screen
    assert run_main("--db", str(path), "search", "wenmn", "--json").returncode == 0


def test_a_value_of_the_wrong_type_in_any_table_show_reads_is_one_line(
    built_db: Path, tmp_path: Path
) -> None:
    for table in sorted(READS["show"] & set(db_checks.SCHEMA)):
        column = db_checks.SCHEMA[table][1].split()[1].partition(":")[0]  # not the id: ids are keys
        path = tmp_path / f"{table}.db"
        shutil.copyfile(built_db, path)
        conn = sqlite3.connect(path)
        changed = conn.execute(
            f'UPDATE "{table}" SET "{column}" = X\'00\' WHERE rowid = (SELECT max(rowid) FROM "{table}")'
        ).rowcount
        conn.commit()
        conn.close()
        assert changed == 1, table
        refused(path, "show", f"{table}.{column} holds a bytes value")


def test_search_refuses_a_mistyped_meta_and_builds_past_a_mistyped_stored_index(
    built_db: Path, tmp_path: Path
) -> None:
    good = run_main("--db", str(built_db), *LOOKUPS["search"])
    for sql, ok in [("UPDATE meta SET value = X'00' WHERE key = 'licence'", False),
                    ("UPDATE search_index SET payload = CAST(payload AS BLOB)", True)]:  # fmt: skip
        path = tmp_path / f"{ok}.db"
        shutil.copyfile(built_db, path)
        conn = sqlite3.connect(path)
        assert conn.execute(sql).rowcount == 1
        conn.commit()
        conn.close()
        if ok:  # the stored index is not used: the records are read (and checked) instead
            assert run_main("--db", str(path), *LOOKUPS["search"]).stdout == good.stdout
        else:
            refused(path, "search", "meta.value holds a bytes value")


def test_a_fault_quick_check_reports_as_a_row_is_refused(built_db: Path, tmp_path: Path) -> None:
    """SQLite's quick_check reports most faults as rows, not as an error: each is a bad database, said
    as such (before, its rows were not read: a fault was caught only if it showed later, here as a
    mistyped value)."""
    area = tables_and_pages(built_db)["area"][0]
    path = corrupted(built_db, tmp_path, area, offset=2000)  # cells of the area table, not its header
    conn = sqlite3.connect(f"file:{path}?mode=ro&immutable=1", uri=True)
    assert conn.execute("PRAGMA quick_check").fetchall() != [("ok",)]  # a row describing the fault
    conn.close()
    with pytest.raises(DatabaseError, match=r"is corrupt \(On tree page \d+ cell \d+: .*\); rebuild it"):
        Database(path)
    refused(path, "show", "is corrupt (On tree page")


def test_a_cursor_read_is_checked_as_a_statement_is(built_db: Path, tmp_path: Path) -> None:
    path = corrupted(built_db, tmp_path, tables_and_pages(built_db)["source_line"][0])
    with Database(path, deep=AS_READ) as db:
        assert db.meta.source_year == "2014"
        cursor = db.conn.cursor()
        with pytest.raises(DatabaseError, match="is corrupt"):
            cursor.execute("SELECT text FROM source_line ORDER BY line")


def with_schema_change(built_db: Path, tmp_path: Path, sql: str, *params: object) -> Path:
    path = tmp_path / "schema.db"
    shutil.copyfile(built_db, path)
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA writable_schema = ON")
    conn.execute(sql, params)
    conn.commit()
    conn.close()
    return path


def test_a_table_whose_root_points_into_another_table_is_refused(built_db: Path, tmp_path: Path) -> None:
    """Cumbria's area table made to begin at a page of the organisations: each tree alone is sound (the
    table-by-table check passes it), only counting every page of the file shows two tables on one page.
    The file's layout is not the build's (meta "layout"), so the lookup runs the whole check."""
    data = built_db.read_bytes()
    conn = sqlite3.connect(built_db)
    (root,) = conn.execute("SELECT rootpage FROM sqlite_master WHERE name = 'organisation'").fetchone()
    conn.close()
    leaf = btree_pages(data, root)["leaf"][0]
    path = with_schema_change(
        built_db, tmp_path, "UPDATE sqlite_master SET rootpage = ? WHERE name = 'area'", leaf
    )
    raw = sqlite3.connect(f"file:{path}?mode=ro&immutable=1", uri=True)
    assert raw.execute("PRAGMA quick_check(area)").fetchall() == [("ok",)]  # the table alone looks sound
    raw.close()
    refused(path, "show", "is corrupt")
    refused(path, "search", "is corrupt")


def test_a_sound_file_laid_out_otherwise_is_checked_whole_and_answers(
    built_db: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    good = run_main("--db", str(built_db), *LOOKUPS["show"])
    path = tmp_path / "extra.db"
    shutil.copyfile(built_db, path)
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE notes (text TEXT)")  # a table of the user's own: a new root page
    conn.commit()
    conn.close()
    whole: list[bool] = []
    original = db_checks.check_pages
    monkeypatch.setattr(
        db_checks, "check_pages", lambda c, p, t=None: (whole.append(t is None), original(c, p, t))
    )
    result = run_main("--db", str(path), *LOOKUPS["show"])
    assert (result.returncode, result.stdout, result.stderr) == (0, good.stdout, "")
    assert whole.count(True) == 1  # the whole file once, at open
