"""collab_tui.db: read-only opening, path resolution, and bad databases."""

from __future__ import annotations

import os
import sqlite3
import stat
import time
from pathlib import Path

import pytest

from collab_tui import db as dbmod
from collab_tui import db_checks
from collab_tui.db import Database, DatabaseError, resolve_path


def test_resolution_order_is_flag_then_environment_then_bundled(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("COLLAB_DB", str(tmp_path / "env.db"))
    assert resolve_path(tmp_path / "flag.db") == tmp_path / "flag.db"
    assert resolve_path(None) == tmp_path / "env.db"
    monkeypatch.delenv("COLLAB_DB")
    assert resolve_path(None) == dbmod.bundled_path()
    assert dbmod.bundled_path().name == "collab.db"


def test_opens_read_only_and_writes_nothing_beside_it(built_db: Path, tmp_path: Path) -> None:
    folder = tmp_path / "ro"
    folder.mkdir()
    copy = folder / "collab.db"
    copy.write_bytes(built_db.read_bytes())
    os.chmod(copy, stat.S_IRUSR)
    os.chmod(folder, stat.S_IRUSR | stat.S_IXUSR)
    try:
        with Database(copy) as database:
            assert database.areas()
            with pytest.raises(sqlite3.OperationalError):
                database.conn.execute("DELETE FROM area")
        assert [p.name for p in folder.iterdir()] == ["collab.db"]
    finally:
        os.chmod(folder, stat.S_IRWXU)


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (None, "database not found"),
        (b"", "is empty"),
        (b"this is not a database at all, just text\n" * 20, "is not an SQLite database"),
    ],
)
def test_bad_files_give_one_clear_message(tmp_path: Path, content: bytes | None, message: str) -> None:
    path = tmp_path / "collab.db"
    if content is not None:
        path.write_bytes(content)
    with pytest.raises(DatabaseError, match=message):
        Database(path)


def test_a_truncated_database_is_reported(built_db: Path, tmp_path: Path) -> None:
    path = tmp_path / "collab.db"
    path.write_bytes(built_db.read_bytes()[:8192])
    with pytest.raises(DatabaseError, match=r"corrupt|rebuild"):
        d = Database(path)
        d.people()


def test_another_sqlite_database_is_not_ours(tmp_path: Path) -> None:
    path = tmp_path / "other.db"
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE t (x)")
    conn.commit()
    conn.close()
    with pytest.raises(DatabaseError, match="not a collab-tui one"):
        Database(path)


@pytest.mark.parametrize(("version", "message"), [(99, "newer collab-tui"), (0, "rebuild it")])
def test_schema_versions_are_checked(built_db: Path, tmp_path: Path, version: int, message: str) -> None:
    path = tmp_path / "collab.db"
    path.write_bytes(built_db.read_bytes())
    conn = sqlite3.connect(path)
    conn.execute(f"PRAGMA user_version = {version}")
    conn.commit()
    conn.close()
    with pytest.raises(DatabaseError, match=message):
        Database(path)


def test_a_runaway_query_is_stopped_in_one_line(db: Database, monkeypatch: pytest.MonkeyPatch) -> None:
    # An endless recursive query computes until the budget (shrunk here) is spent, then stops.
    monkeypatch.setattr(db_checks, "QUERY_SECONDS", 0.2)
    endless = "WITH RECURSIVE n(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM n) SELECT max(x) FROM n"
    with pytest.raises(DatabaseError, match=r"a query ran over 0\.2 s and was stopped"):
        db._all(endless)
    # The connection still answers afterwards.
    assert db.area("norfolk").name == "Norfolk"


def test_the_query_budget_counts_computing_not_waiting(db: Database, monkeypatch: pytest.MonkeyPatch) -> None:
    # A busy machine slows a query in wall time; only the thread's own CPU time counts against it.
    monkeypatch.setattr(db_checks, "QUERY_SECONDS", 0.3)
    conn = db.conn
    assert isinstance(conn, db_checks.GuardedConnection)
    conn.execute("SELECT 1").fetchall()  # starts the clock
    time.sleep(0.5)  # another process holds the CPU: wall time passes, this thread computes nothing
    assert db_checks.too_long(conn) == 0
    deadline = time.thread_time() + 0.4
    while time.thread_time() < deadline:  # computing does count
        pass
    assert db_checks.too_long(conn) == 1
