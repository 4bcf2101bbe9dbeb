"""A database opened defensively: whatever the file is, one line and exit 2, never a hang or a traceback."""

from __future__ import annotations

import contextlib
import io
import os
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from collab_tui import cli as cli_module
from collab_tui import db_checks
from collab_tui.db import Database, DatabaseError
from tests.helpers import ROOT

RECURSIVE = "WITH RECURSIVE r(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM r) SELECT {columns} FROM r"


def cli(
    *args: str, env: dict[str, str] | None = None, user: str | None = None
) -> subprocess.CompletedProcess[str]:
    """The real command, optionally as an unprivileged user (setpriv), with a timeout: a hang fails."""
    prefix = ["setpriv", f"--reuid={user}", f"--regid={user}", "--clear-groups"] if user else []
    return subprocess.run(
        [*prefix, sys.executable, "-m", "collab_tui", *args], capture_output=True, text=True, timeout=60,
        cwd=ROOT, env={**os.environ, "PYTHONPATH": str(ROOT), "HOME": "/tmp", **(env or {})},
    )  # fmt: skip


def one_line(result: subprocess.CompletedProcess[str], code: int, message: str) -> None:
    assert result.returncode == code, result.stderr
    assert result.stderr.count("\n") == 1 and message in result.stderr, result.stderr
    assert "Traceback" not in result.stderr and result.stdout == ""


def tamper(built_db: Path, tmp_path: Path, *statements: str) -> Path:
    """A copy of the real database with some SQL applied (constraints dropped where a test needs it)."""
    path = tmp_path / "collab.db"
    shutil.copyfile(built_db, path)
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA legacy_alter_table = ON")
    for sql in statements:
        conn.execute(sql)
    conn.commit()
    conn.close()
    return path


def loosened(table: str) -> tuple[str, ...]:
    """SQL that rebuilds ``table`` without NOT NULL constraints, keeping its rows."""
    return (
        f"CREATE TABLE loose AS SELECT * FROM {table}",
        f"DROP TABLE {table}",
        f"ALTER TABLE loose RENAME TO {table}",
    )


# --- files that are not databases, or that we may not read ---------------------------------------


def test_a_fifo_is_not_a_database_file_and_does_not_block(tmp_path: Path) -> None:
    fifo = tmp_path / "collab.db"
    os.mkfifo(fifo)
    one_line(cli("--db", str(fifo), "info"), 2, "is not a database file")


def test_a_device_is_not_a_database_file() -> None:
    with pytest.raises(DatabaseError, match="not a database file"):
        Database("/dev/null")


def test_an_over_long_path_is_one_line(tmp_path: Path) -> None:
    with pytest.raises(DatabaseError, match="name is too long"):
        Database(tmp_path / ("x" * 300) / "collab.db")


def test_an_unknown_home_folder_is_one_line() -> None:
    with pytest.raises(DatabaseError, match="home folder"):
        Database("~no-such-user-collab/collab.db")


@pytest.fixture()
def public_folder() -> Iterator[Path]:
    """A folder an unprivileged user can reach (pytest's own tmp folders are private to root)."""
    folder = Path(tempfile.mkdtemp(prefix="collab-hostile-", dir="/tmp"))
    folder.chmod(0o755)
    try:
        yield folder
    finally:
        shutil.rmtree(folder, ignore_errors=True)


needs_setpriv = pytest.mark.skipif(
    os.geteuid() != 0 or shutil.which("setpriv") is None,
    reason="needs root and setpriv to run as an unprivileged user",
)


@needs_setpriv
@pytest.mark.parametrize("case", ["file", "folder"])
def test_a_database_an_unprivileged_user_may_not_read(built_db: Path, public_folder: Path, case: str) -> None:
    inner = public_folder / "private"
    inner.mkdir()
    path = inner / "collab.db"
    shutil.copyfile(built_db, path)
    if case == "file":
        path.chmod(0o000)
    else:
        inner.chmod(0o700)  # a folder we may not enter
    result = cli("--db", str(path), "info", user="65534")
    one_line(result, 2, "permission denied")


# --- the shape: tables, views, columns, values ---------------------------------------------------


@pytest.mark.parametrize(
    ("statements", "message"),
    [
        (("DROP TABLE person",), "has no table 'person'"),
        (("DROP VIEW area_leaders",), "has no view 'area_leaders'"),
        (("DROP TABLE person", "CREATE VIEW person AS " + RECURSIVE.format(columns="x AS id, x AS name")),
         "'person' is a view, not a plain table"),
        (("CREATE TABLE area2 AS SELECT id, name, section_id, police_force_id FROM area", "DROP TABLE area",
          "ALTER TABLE area2 RENAME TO area"), "table 'area' lacks column(s) nation"),
        ((*loosened("person"), "UPDATE person SET name = NULL WHERE id = 'ken-wenman'"),
         "person.name holds NULL where text is required"),
        (("UPDATE role SET acting = 'yes' WHERE person_id = 'ken-wenman'",),
         "role.acting holds a str value where integer is required"),
        (("UPDATE area SET name = X'4b656e74' WHERE id = 'kent'",), "area.name holds a bytes value where text is required"),
    ],
    ids=["no-person", "no-view", "recursive-view-as-table", "missing-column", "null-name", "text-in-integer",
         "blob-in-text"],
)  # fmt: skip
def test_a_database_of_the_wrong_shape_is_refused_at_open(
    built_db: Path, tmp_path: Path, statements: tuple[str, ...], message: str
) -> None:
    path = tamper(built_db, tmp_path, *statements)
    started = time.thread_time()  # the query budget's own clock: CPU time, which load does not stretch
    with pytest.raises(DatabaseError, match="rebuild it") as caught:
        Database(path)
    assert message in str(caught.value)
    assert time.thread_time() - started < db_checks.QUERY_SECONDS  # refused by its shape, not by a timeout


def in_process(*args: str) -> subprocess.CompletedProcess[str]:
    """``collab-tui ARGS`` through ``cli.main`` in this process (no Python start): code, stdout, stderr."""
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = cli_module.main(list(args))
    return subprocess.CompletedProcess(["collab-tui", *args], code, out.getvalue(), err.getvalue())


@pytest.mark.parametrize("command", [["info"], ["--person", "wenman"]], ids=["info", "explorer"])
def test_a_null_name_is_one_line_in_the_cli_and_the_explorer(
    built_db: Path, tmp_path: Path, command: list[str]
) -> None:
    path = tamper(
        built_db, tmp_path, *loosened("person"), "UPDATE person SET name = NULL WHERE id = 'ken-wenman'"
    )
    one_line(in_process("--db", str(path), *command), 2, "person.name holds NULL")


def test_a_recursive_view_as_a_table_is_one_line_not_a_hang(built_db: Path, tmp_path: Path) -> None:
    view = RECURSIVE.format(columns="x AS id, x AS name")
    path = tamper(built_db, tmp_path, "DROP TABLE person", f"CREATE VIEW person AS {view}")
    one_line(cli("--db", str(path), "search", "wenman"), 2, "'person' is a view")


def test_a_runaway_query_is_stopped_with_one_line(
    built_db: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    columns = ", ".join(f"x AS {c}" for c in db_checks.SCHEMA["area_leaders"][1].split())
    path = tamper(built_db, tmp_path, "DROP VIEW area_leaders", f"CREATE VIEW area_leaders AS {RECURSIVE.format(columns=columns)}")  # fmt: skip
    monkeypatch.setattr(db_checks, "QUERY_SECONDS", 0.3)
    db = Database(path)  # the shape is right: only running it never ends
    started = time.thread_time()  # the budget's clock (CPU time): a wall-clock bound failed under load
    with pytest.raises(DatabaseError, match=r"a query ran over 0\.3 s and was stopped"):
        db._all("SELECT count(*) FROM area_leaders")
    assert time.thread_time() - started < 3  # stopped soon after its 0.3 s, not after running on
    assert db.person("ken-wenman") is not None  # the connection still works afterwards
    # Direct use of the connection is guarded too (the report's reader uses it).
    with pytest.raises(sqlite3.OperationalError, match="interrupted"):
        db.conn.execute("SELECT max(area) FROM area_leaders").fetchall()


def test_the_schema_this_version_reads_is_the_one_build_db_writes(built_db: Path) -> None:
    conn = sqlite3.connect(built_db)
    found = {r[1]: r[0] for r in conn.execute("SELECT type, name FROM sqlite_master")}
    for name, (kind, spec) in db_checks.SCHEMA.items():
        assert found.get(name) == kind, name
        columns = {r[1] for r in conn.execute(f'PRAGMA table_info("{name}")')}
        assert {c.partition(":")[0] for c in spec.split()} <= columns, name


# --- meta: types and ranges; the schema version everywhere ----------------------------------------


@pytest.mark.parametrize(
    ("sql", "message"),
    [
        ("UPDATE meta SET value = 'one' WHERE key = 'schema_version'", "not a number"),
        ("UPDATE meta SET value = '3014' WHERE key = 'source_year'", "source_year 3014 is out of range"),
        ("UPDATE meta SET value = 'not-a-digest' WHERE key = 'source_sha256'", "not a SHA-256 digest"),
        ("UPDATE meta SET value = X'00' WHERE key = 'licence'", "meta.value holds a bytes value"),
        ("DELETE FROM meta WHERE key = 'attribution'", "lacks meta value 'attribution'"),
        ("UPDATE meta SET value = '7' WHERE key = 'schema_version'", "built by a newer collab-tui"),
    ],
    ids=["version-text", "year-range", "digest", "wrong-type", "missing", "newer"],
)
def test_malformed_meta_is_a_bad_database(built_db: Path, tmp_path: Path, sql: str, message: str) -> None:
    with pytest.raises(DatabaseError, match=message):
        Database(tamper(built_db, tmp_path, sql))


def test_a_newer_schema_in_meta_is_refused_by_info(built_db: Path, tmp_path: Path) -> None:
    path = tamper(built_db, tmp_path, "UPDATE meta SET value = '2' WHERE key = 'schema_version'")
    one_line(
        in_process("--db", str(path), "info", "--json"), 2, "built by a newer collab-tui; upgrade collab-tui"
    )
