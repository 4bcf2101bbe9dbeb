"""Packing: the validated records into a new SQLite file, deterministically, and the hash that dates it.

The schema comes from collab_tui.build.schema, the rows from collab_tui.build.rows; packing is a loop
over both. No timestamps and a fixed row order: two builds of the same records are byte-identical.
"""

from __future__ import annotations

import hashlib
import sqlite3
from pathlib import Path
from typing import Any

from collab_tui.build import rows, schema
from collab_tui.build.records import Catalogue
from collab_tui.build.source import Source
from collab_tui.db_checks import layout
from collab_tui.vocabulary import APPLICATION_ID, GEOGRAPHY_SOURCE, SCHEMA_VERSION

PACKAGE = Path(__file__).resolve().parent
ROOT = PACKAGE.parents[1]

SOURCE_TITLE = "Emergency Services Collaboration: The Current Picture"
SOURCE_SUBTITLE = "An overview of collaboration in England and Wales"
SOURCE_YEAR = "2014"
LICENCE = "Open Government Licence v3.0"
LICENCE_URL = "https://www.nationalarchives.gov.uk/doc/open-government-licence/version/3/"
ATTRIBUTION = "Contains public sector information licensed under the Open Government Licence v3.0."


def code_files() -> list[Path]:
    """The code that decides the database's bytes: the command, this package, the vocabulary, the search.

    The stored search index is built by the collab_tui/search package: a change there makes the database stale too.
    """
    command = [ROOT / "build_db.py"] if (ROOT / "build_db.py").exists() else []
    collab_tui = PACKAGE.parent
    search = sorted((collab_tui / "search").glob("*.py"))
    return [*command, *sorted(PACKAGE.glob("*.py")), collab_tui / "vocabulary.py", *search]


def record_hash(catalogue: Catalogue, source: Source) -> str:
    """A content hash of the records, the source and the build's code (see code_files)."""
    digest = hashlib.sha256()
    digest.update(f"schema {SCHEMA_VERSION}\n".encode())
    for path in code_files():
        digest.update(path.relative_to(ROOT).as_posix().encode() + b"\0" + path.read_bytes() + b"\0")
    digest.update(source.raw)
    for name in sorted(catalogue.files):
        digest.update(name.encode() + b"\0" + catalogue.files[name] + b"\0")
    geo_files = catalogue.geography.files if catalogue.geography else {}
    for name in sorted(geo_files):
        digest.update(name.encode() + b"\0" + geo_files[name] + b"\0")
    return digest.hexdigest()


def stored_hash(db_path: Path) -> str | None:
    """The record hash a built database carries, or None if it has none."""
    try:
        conn = sqlite3.connect(f"file:{db_path}?mode=ro", uri=True)
        try:
            row = conn.execute("SELECT value FROM meta WHERE key = 'record_hash'").fetchone()
        finally:
            conn.close()
    except sqlite3.Error:
        return None
    return row[0] if row else None


def meta(catalogue: Catalogue, source: Source) -> dict[str, str]:
    """The meta table: the schema version, the source and its licence, and the record hash."""
    return {
        "schema_version": str(SCHEMA_VERSION),
        "source_title": SOURCE_TITLE,
        "source_subtitle": SOURCE_SUBTITLE,
        "source_year": SOURCE_YEAR,
        "source_file": "data/source/" + source.path.name,
        "source_sha256": source.sha256,
        "source_lines": str(len(source.lines)),
        "licence": LICENCE,
        "licence_url": LICENCE_URL,
        "attribution": ATTRIBUTION,
        "geography_source": GEOGRAPHY_SOURCE,
        "record_hash": record_hash(catalogue, source),
    }


def pack(catalogue: Catalogue, source: Source, output: Path) -> None:
    """Write the database to ``output`` (which must not exist)."""
    import sqlite_utils  # only the build needs it

    conn = sqlite3.connect(output)
    conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")
    conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
    conn.execute("PRAGMA page_size = 4096")
    db = sqlite_utils.Database(conn)
    db.conn.execute("PRAGMA foreign_keys = ON")
    schema.create_tables(db)
    fill(db, catalogue, source)
    schema.create_views(db)
    conn.commit()
    store_search_index(conn, output)
    conn.execute("VACUUM")
    # Where each table begins, once VACUUM has placed them: a lookup checks the tables it reads and,
    # if the file's layout is not this, the whole file (collab_tui.db_checks.layout).
    conn.execute("INSERT INTO meta (key, value) VALUES ('layout', ?)", (layout(conn),))
    conn.commit()
    conn.close()


def fill(db: Any, catalogue: Catalogue, source: Source) -> None:
    """Insert every family's rows, then the meta table, then the full-text indexes."""
    context = rows.Context(catalogue, source)
    for family in rows.FAMILIES:
        for table, items in family(context):
            insert(db, table, items)
    insert(db, "meta", ({"key": k, "value": v} for k, v in sorted(meta(catalogue, source).items())))
    schema.create_full_text(db)


def insert(db: Any, table: str, items: rows.Rows) -> None:
    """Insert ``items`` into ``table`` (nothing for no items)."""
    items = list(items)
    if items:
        db[table].insert_all(items)


def store_search_index(conn: sqlite3.Connection, output: Path) -> None:
    """The search index, built by collab_tui.search from the packed records, stored in one row.

    A lookup then loads it with one query (Index.load) instead of reading every record and
    normalising every name in each process. The search package builds it, so its ranking rules apply.
    And the names it resolves to one area or person, as `collab-tui show NAME` chooses (search.names),
    from the index as a lookup loads it: `show` then needs no index for those names.
    """
    from collab_tui.db import Database
    from collab_tui.search import INDEX_FORMAT, Index, index_payload
    from collab_tui.search.names import NAMES_FORMAT, NAMES_TABLE, names_payload

    with Database(output) as built:
        payload = index_payload(built)
    names = names_payload(Index.from_text(payload))
    conn.execute("CREATE TABLE search_index (format INTEGER NOT NULL, payload TEXT NOT NULL)")
    conn.execute("INSERT INTO search_index (format, payload) VALUES (?, ?)", (INDEX_FORMAT, payload))
    conn.execute(f"CREATE TABLE {NAMES_TABLE} (format INTEGER NOT NULL, payload TEXT NOT NULL)")
    conn.execute(f"INSERT INTO {NAMES_TABLE} (format, payload) VALUES (?, ?)", (NAMES_FORMAT, names))
    conn.commit()
