"""The build package writes data/collab.db byte for byte as committed (issue 15: the refactor changes no byte).

The database carries ``meta.record_hash``, a hash of the records, the source and the build's own code
(so --check notices a changed build). That one value changes whenever the build code does; it has a
fixed length (64 hex digits), so every other byte is compared exactly with it masked.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

from tests.helpers import DB_PATH


def record_hash(path: Path) -> str:
    """The record hash stored in a built database."""
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        return str(conn.execute("SELECT value FROM meta WHERE key = 'record_hash'").fetchone()[0])
    finally:
        conn.close()


def test_a_build_is_the_committed_database_byte_for_byte(built_db: Path) -> None:
    """built_db is made by collab_tui.build from data/records; only the record hash may differ."""
    built, committed = built_db.read_bytes(), DB_PATH.read_bytes()
    new_hash, old_hash = record_hash(built_db).encode(), record_hash(DB_PATH).encode()
    assert len(new_hash) == len(old_hash) == 64
    assert built.count(new_hash) == 1 and committed.count(old_hash) == 1
    assert len(built) == len(committed), f"{len(built)} bytes built, {len(committed)} committed"
    masked = built.replace(new_hash, old_hash)
    differing = [i for i, (a, b) in enumerate(zip(masked, committed, strict=True)) if a != b]
    assert differing == [], f"{len(differing)} bytes differ, first at offset {differing[:5]}"
