"""The stored search index: build_db.py stores it, Index.load reads it, and it answers as a fresh build does."""

from __future__ import annotations

import shutil
import sqlite3
import tomllib
from pathlib import Path

import pytest

from collab_tui.db import Database
from collab_tui.search import INDEX_FORMAT, Index
from tests.helpers import ROOT

QUERIES = [
    item["q"]
    for item in tomllib.loads((ROOT / "tests" / "data" / "search_queries.toml").read_text(encoding="utf-8"))[
        "queries"
    ]
]


def answers(index: Index, query: str) -> list[tuple[str, str, float, str, str]]:
    return [(h.kind, h.id, round(h.score, 6), h.field, h.matched_text) for h in index.search(query, limit=12)]


def test_the_built_database_stores_the_index(db: Database) -> None:
    text = db.stored_search_index(INDEX_FORMAT)
    assert text is not None and '"Bernard Hogan-Howe"' in text
    assert db.stored_search_index(INDEX_FORMAT + 1) is None  # another format is not read


def test_the_stored_index_answers_every_suite_query_as_a_fresh_build(db: Database) -> None:
    built, loaded = Index.build(db), Index.load(db)
    assert len(loaded.entries) == len(built.entries) > 800
    for query in [*QUERIES, "cfo cumbria", "funding dorset", "", "zzzz", "police"]:
        assert answers(loaded, query) == answers(built, query), query
    hit = loaded.search("wenmn", limit=1)[0]
    assert (hit.kind, hit.id, hit.name) == ("person", "ken-wenman", "Ken Wenman")


def copy_with(built_db: Path, tmp_path: Path, sql: str, *params: object) -> Database:
    path = tmp_path / "copy.db"
    shutil.copyfile(built_db, path)
    conn = sqlite3.connect(path)
    conn.execute(sql, params)
    conn.commit()
    conn.close()
    return Database(path)


@pytest.mark.parametrize(
    ("sql", "params"),
    [
        ("DROP TABLE search_index", ()),  # a database from before the stored index
        ("UPDATE search_index SET payload = ?", ("{not json",)),
        ("UPDATE search_index SET payload = ?", ('{"format": 1, "entries": 7}',)),
        ("UPDATE search_index SET payload = replace(payload, '\"person\"', '\"ghost\"')", ()),
        ("UPDATE search_index SET format = ?", (INDEX_FORMAT + 1,)),
    ],
    ids=["no-table", "not-json", "wrong-shape", "unknown-kind", "other-format"],
)
def test_a_missing_or_broken_stored_index_is_rebuilt_from_the_records(
    built_db: Path, tmp_path: Path, sql: str, params: tuple[object, ...]
) -> None:
    with copy_with(built_db, tmp_path, sql, *params) as db:
        index = Index.load(db)
        assert [(h.kind, h.id) for h in index.search("hogan howe", limit=1)] == [
            ("person", "bernard-hogan-howe")
        ]


def test_the_stored_index_is_ascii_lines_decoded_when_a_query_reaches_them(db: Database) -> None:
    """One JSON line per entry, choice and geography name; a load parses the header only."""
    from collab_tui.search import storage

    text = db.stored_search_index(INDEX_FORMAT)
    assert text is not None and text.isascii()
    stored = storage.from_text(text)
    entries = stored.parts.entries
    assert isinstance(entries, storage.Lazy) and sum(item is not None for item in entries._items) == 0
    index = Index(*stored)
    hit = index.search("wenmn", limit=1)[0]
    assert (hit.kind, hit.id, hit.name) == ("person", "ken-wenman", "Ken Wenman")
    decoded = sum(item is not None for item in entries._items)
    assert 0 < decoded < len(entries) // 4  # only what the query reached
    assert [p.force_name for p in index.places("Luton")] == ["Bedfordshire Police"]


def test_a_stored_index_forged_with_a_matching_checksum_is_one_line_when_reached(
    built_db: Path, tmp_path: Path
) -> None:
    """A line that does not decode, in a payload whose CRC was made to match: a bad database, not a crash."""
    from zlib import crc32

    from collab_tui.db import DatabaseError

    with Database(built_db) as db:
        text = db.stored_search_index(INDEX_FORMAT)
    assert text is not None
    lines = text.split("\n")
    at = next(i for i, line in enumerate(lines) if line.startswith('["person","ken-wenman"'))
    lines[at] = lines[at].replace('"person"', '"ghost"', 1)
    body = "\n".join(lines[1:])
    forged = f"{crc32(body.encode('ascii')):08x}\n{body}"
    with copy_with(built_db, tmp_path, "UPDATE search_index SET payload = ?", forged) as db:
        index = Index.load(db)  # the header is sound: loaded, not rebuilt
        with pytest.raises(
            DatabaseError, match=r"stored search index is malformed \(unknown kind 'ghost'\); rebuild"
        ):
            index.search("wenmn", limit=1)


def test_a_loaded_index_stores_the_same_text(db: Database) -> None:
    text = db.stored_search_index(INDEX_FORMAT)
    assert Index.load(db).to_text() == text == Index.build(db).to_text()


def test_a_forged_posting_is_one_line_when_its_word_is_searched(built_db: Path, tmp_path: Path) -> None:
    """Postings stay text until a query reads the word; one that names no choice is a bad database."""
    import json
    from zlib import crc32

    from collab_tui.db import DatabaseError

    with Database(built_db) as db:
        text = db.stored_search_index(INDEX_FORMAT)
    assert text is not None
    lines = text.split("\n")
    header = json.loads(lines[1])
    assert isinstance(header["postings"]["wenman"], str)
    header["postings"]["wenman"] = "999999"
    lines[1] = json.dumps(header, ensure_ascii=True, separators=(",", ":"))
    body = "\n".join(lines[1:])
    forged = f"{crc32(body.encode('ascii')):08x}\n{body}"
    with copy_with(built_db, tmp_path, "UPDATE search_index SET payload = ?", forged) as db:
        index = Index.load(db)
        assert [h.id for h in index.search("kent", limit=1)] == ["kent"]  # other words still answer
        with pytest.raises(DatabaseError, match=r"a posting of 'wenman' is not a choice"):
            index.search("ken wenman", limit=1)
