"""Opening collab.db safely: a file that is not a sound collab-tui database is refused in one line.

Checked at open (collab_tui.db.Database): a readable regular SQLite file (never blocking on a FIFO),
our application id and schema version, SQLite's quick_check, every table and view this version reads
with its columns and well-typed values, and the meta values. Every query then runs under a CPU-time
budget (QUERY_SECONDS), so a recursive or broken view is one line, not a hang. The `search` and `show`
lookups open with ``deep=AS_READ`` (TableChecks): the same tests, each table's as a statement first
reads it, and the whole file's when its layout is not the build's or a statement fails.
"""

from __future__ import annotations

import os
import stat
import time

from collab_tui.files import describe, shown
from collab_tui.guard import raise_swallowed_signal
from collab_tui.models import Meta
from collab_tui.vocabulary import APPLICATION_ID, SCHEMA_VERSION

TYPE_CHECKING = False  # typing itself is not imported on a lookup's path
if TYPE_CHECKING:
    import sqlite3
    from pathlib import Path
    from typing import Any

    AnyPath = str | os.PathLike[str]  # text or a pathlib.Path (pathlib is never imported on a lookup's path)
else:
    # sqlite3 as its C part: the sqlite3 package adds only date and time adapters (this database binds
    # and reads none) and imports datetime for them, 1.2 ms of every lookup. The same functions,
    # classes, errors and constants; the package where an interpreter has no _sqlite3.
    try:
        import _sqlite3 as sqlite3
    except ImportError:
        import sqlite3


class DatabaseError(Exception):
    """The database cannot be used; the message says what is wrong and what to do."""


REBUILD = "rebuild it with `python build_db.py`"
QUERY_SECONDS = 3.0
"""A single query running longer than this is stopped (a recursive or broken view): one line, not a hang."""

# What this collab-tui reads: every table (with its columns, "t" text / "i" integer, "?" when NULL is
# allowed) and view (its columns) a database must hold, as build_db.py writes them. Extra tables
# and columns are fine; a missing one, a view where a table belongs, or a wrong-typed or NULL
# value in a required column makes it a bad database (one line), never a crash later.
SCHEMA: dict[str, tuple[str, str]] = {
    "area": ("table", "id:t name:t section_id:t nation:t police_force_id:t?"),
    "area_coverage": ("table", "area_id:t name:t kind:t start_line:i end_line:i quote:t"),
    "award": ("table", "id:t funder_id:t fund_id:t amount_gbp:i approximate:i year:t? purpose:t scope:t aggregate:i"),
    "award_area": ("table", "award_id:t area_id:t"),
    "award_statement": ("table", "award_id:t ordinal:i start_line:i end_line:i quote:t amount_gbp:i approximate:i "
                        "year:t? fund_as_printed:t? funder_as_printed:t?"),
    "discrepancy": ("table", "id:t kind:t description:t"),
    "discrepancy_area": ("table", "discrepancy_id:t area_id:t"),
    "discrepancy_record": ("table", "discrepancy_id:t record_kind:t record_id:t"),
    "discrepancy_side": ("table", "discrepancy_id:t ordinal:i start_line:i end_line:i quote:t"),
    "fund": ("table", "id:t name:t funder_id:t?"),
    "funder": ("table", "id:t name:t"),
    "meta": ("table", "key:t value:t"),
    "narrative": ("table", "id:i section_id:t ordinal:i heading:t kind:t start_line:i end_line:i text:t"),
    "narrative_area": ("table", "narrative_id:i area_id:t"),
    "organisation": ("table", "id:t name:t kind:t service:t"),
    "organisation_area": ("table", "organisation_id:t area_id:t"),
    "organisation_name": ("table", "organisation_id:t name:t kind:t start_line:i end_line:i"),
    "person": ("table", "id:t name:t"),
    "person_alias": ("table", "person_id:t name:t start_line:i end_line:i"),
    "place": ("table", "id:t name:t kind:t area_id:t start_line:i end_line:i quote:t"),
    "project": ("table", "id:t title:t summary:t status:t year:i? scope:t"),
    "project_area": ("table", "project_id:t area_id:t"),
    "project_count": ("table", "project_id:t ordinal:i what:t value:i start_line:i end_line:i quote:t"),
    "project_date": ("table", "project_id:t ordinal:i event:t value:t start_line:i end_line:i quote:t"),
    "project_kind": ("table", "project_id:t kind:t"),
    "project_money": ("table", "project_id:t ordinal:i what:t amount_gbp:i period:t approximate:i start_line:i "
                      "end_line:i quote:t"),
    "project_place": ("table", "project_id:t place_id:t"),
    "project_service": ("table", "project_id:t service:t"),
    "project_source": ("table", "project_id:t ordinal:i start_line:i end_line:i quote:t"),
    "role": ("table", "id:i person_id:t name_as_printed:t role:t title:t party:t? organisation_id:t? area_id:t? "
             "scope:t acting:i note:t? start_line:i end_line:i quote:t"),
    "section": ("table", "id:t heading:t heading_printed:i start_line:i end_line:i attribution:t? "
                "attribution_start:i? attribution_end:i? attribution_quote:t?"),
    "source_line": ("table", "line:i text:t"),
    "area_funding": ("view", "area funder fund amount_gbp approximate year purpose award_id area_id has_discrepancy"),
    "area_leaders": ("view", "area section role title name party organisation note name_as_printed acting "
                     "area_id person_id start_line end_line"),
    "area_projects": ("view", "area title kinds services status places year project_id area_id"),
}  # fmt: skip
_TYPES = {"t": "text", "i": "integer"}
_HEX = frozenset("0123456789abcdef")


class GuardedConnection(sqlite3.Connection):
    """A connection whose every ``execute`` starts a clock that SQLite's progress handler checks.

    The clock is the thread's CPU time, not the wall clock: a runaway statement burns CPU, while a
    busy machine (or a thread waiting for the GIL) only makes a normal query slow in wall time, and
    must not turn it into a "broken database" error. Its cursors (``cursor()``) do the same.
    """

    started = 0.0
    as_read: TableChecks | None = None
    """The deep check done table by table as statements first read them (``Database(deep=AS_READ)``)."""

    def execute(self, sql: str, parameters: Any = (), /) -> sqlite3.Cursor:
        """Run ``sql`` with the clock started; a signal SQLite swallowed is raised again. Under
        ``as_read``, each table the statement reads is checked before its first row is returned."""
        return self.cursor().execute(sql, parameters)  # a GuardedCursor's execute does all of that

    def cursor(self, factory: Any = None) -> Any:
        """A cursor whose ``execute`` is guarded as the connection's is."""
        return super().cursor(factory or GuardedCursor)

    def failed(self, exc: sqlite3.DatabaseError) -> None:
        """A statement failed: a signal SQLite swallowed is raised again; under ``as_read`` the whole deep
        check runs first, so a bad database is the same one line as at a full open (DatabaseError)."""
        if isinstance(exc, sqlite3.OperationalError):
            raise_swallowed_signal()
        if self.as_read is not None and not isinstance(exc, sqlite3.ProgrammingError):
            self.as_read.explain()


class GuardedCursor(sqlite3.Cursor):
    """A GuardedConnection's cursor (and what its ``execute`` runs on): ``execute`` starts the clock,
    raises again a signal SQLite swallowed and, under ``as_read``, checks each table read."""

    def execute(self, sql: str, parameters: Any = (), /) -> GuardedCursor:
        conn: GuardedConnection = self.connection  # type: ignore[assignment]
        conn.started = time.thread_time()
        try:
            super().execute(sql, parameters)
        except sqlite3.DatabaseError as exc:
            conn.failed(exc)
            raise
        if conn.as_read is not None and conn.as_read.pending:
            conn.as_read.run()
        return self


def too_long(conn: GuardedConnection) -> int:
    """Non-zero stops the statement: it has computed for QUERY_SECONDS (a recursive or broken view)."""
    return 1 if time.thread_time() - conn.started > QUERY_SECONDS else 0


ENV_VAR = "COLLAB_DB"
PACKAGE_DIR = os.path.dirname(os.path.realpath(__file__))
"""The package's folder (as text: a lookup never imports pathlib, whose urllib.parse and ipaddress cost it 2.5 ms)."""


def bundled_path() -> Path:
    """The database shipped with the package (wheel) or beside it (source checkout)."""
    from pathlib import Path

    return Path(bundled_text())


def resolve_path(cli_path: str | os.PathLike[str] | None = None) -> Path:
    """--db PATH, then $COLLAB_DB, then the bundled file."""
    from pathlib import Path

    given = given_path(cli_path)
    return Path(path_text(given) if given else bundled_text())


def bundled_text() -> str:
    """:func:`bundled_path` as text."""
    packaged = os.path.join(PACKAGE_DIR, "data", "collab.db")
    if os.path.exists(packaged):
        return packaged
    return os.path.join(os.path.dirname(PACKAGE_DIR), "data", "collab.db")


def given_path(cli_path: str | os.PathLike[str] | None) -> str | os.PathLike[str] | None:
    """--db PATH, else $COLLAB_DB, else None (the bundled file)."""
    return cli_path or os.environ.get(ENV_VAR)


def path_text(given: str | os.PathLike[str]) -> str:
    """``str(pathlib.Path(given).expanduser())``, without importing pathlib (a lookup's path does not):
    ``~`` and ``~user`` expanded, empty and ``.`` parts dropped. DatabaseError for an unknown ``~user``."""
    text = os.fspath(given)
    if os.name != "posix":
        from pathlib import Path

        try:
            return str(Path(text).expanduser())
        except RuntimeError:  # ~user that does not exist
            raise DatabaseError(f"{shown(text)}: no such user's home folder; pass the full path") from None
    # PurePosixPath: exactly two leading slashes stay (POSIX leaves their meaning open), more are one.
    root = (
        "//" if text.startswith("//") and not text.startswith("///") else "/" if text.startswith("/") else ""
    )
    parts = [part for part in text.split("/") if part not in ("", ".")]
    if not root and parts and parts[0].startswith("~"):
        home = os.path.expanduser(parts[0])
        if home.startswith("~"):
            raise DatabaseError(f"{shown(text)}: no such user's home folder; pass the full path")
        return path_text("/".join([home, *parts[1:]]))
    return root + "/".join(parts) or "."


def _uri_quote(text: str) -> str:
    """``urllib.parse.quote(text)`` (UTF-8, ``/`` kept), without importing urllib.parse."""
    return "".join(chr(b) if b in _URI_SAFE else f"%{b:02X}" for b in text.encode("utf-8"))


_URI_SAFE = frozenset(b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_.-~/")


def _open_checked(path: AnyPath) -> None:
    """Refuse, in one line, anything that is not a readable regular SQLite file (never blocks on a FIFO)."""
    try:
        info = os.stat(path)
    except (FileNotFoundError, NotADirectoryError):
        raise DatabaseError(
            f"database not found: {shown(path)}; run `python build_db.py` or pass --db PATH"
        ) from None
    except OSError as exc:
        raise DatabaseError(f"cannot open the database {describe(exc, path)}; pass --db PATH") from None
    if stat.S_ISDIR(info.st_mode):
        raise DatabaseError(f"{shown(path)} is a directory, not a database file; pass --db PATH")
    if not stat.S_ISREG(info.st_mode):
        raise DatabaseError(
            f"{shown(path)} is not a database file (a pipe, socket or device); pass --db PATH"
        )
    if info.st_size == 0:
        raise DatabaseError(f"{shown(path)} is empty; {REBUILD}")
    try:
        with open(path, "rb") as fh:
            header = fh.read(16)
    except OSError as exc:
        raise DatabaseError(f"cannot read the database {describe(exc, path)}; pass --db PATH") from None
    if header != b"SQLite format 3\x00":
        raise DatabaseError(
            f"{shown(path)} is not an SQLite database; pass the collab.db built by build_db.py"
        )


def connect(path: AnyPath, deep: bool = True) -> GuardedConnection:
    """A read-only, immutable connection to ``path``, refused in one line unless it is a collab-tui database.

    ``deep=False`` skips SQLite's page check (``PRAGMA quick_check``), for Database.check to run later.
    """
    _open_checked(path)
    try:
        uri = f"file:{_uri_quote(os.path.realpath(path))}?mode=ro&immutable=1"
    except (OSError, RuntimeError) as exc:
        raise DatabaseError(f"cannot open the database {shown(path)}: {exc}") from None
    try:
        conn = sqlite3.connect(uri, uri=True, check_same_thread=False, factory=GuardedConnection)
        conn.row_factory = sqlite3.Row
        conn.set_progress_handler(lambda: too_long(conn), 10_000)
        app_id = conn.execute("PRAGMA application_id").fetchone()[0]
        version = conn.execute("PRAGMA user_version").fetchone()[0]
    except sqlite3.DatabaseError as exc:
        raise_swallowed_signal()
        raise DatabaseError(f"{shown(path)} is corrupt or unreadable ({exc}); {REBUILD}") from exc
    if app_id != APPLICATION_ID:
        conn.close()
        raise DatabaseError(
            f"{shown(path)} is an SQLite database but not a collab-tui one; pass the collab.db built by build_db.py"
        )
    if version > SCHEMA_VERSION:
        conn.close()
        raise DatabaseError(
            f"{shown(path)} has schema version {version}, built by a newer collab-tui; upgrade collab-tui"
        )
    if version < SCHEMA_VERSION:
        conn.close()
        raise DatabaseError(
            f"{shown(path)} has schema version {version}, older than this collab-tui's {SCHEMA_VERSION}; {REBUILD}"
        )
    if deep:
        try:
            check_pages(conn, path)
        except DatabaseError:
            conn.close()
            raise
    return conn


def check_pages(conn: sqlite3.Connection, path: AnyPath, table: str | None = None) -> None:
    """SQLite's page check (``PRAGMA quick_check``) of the whole file, or of one table and its indexes:
    DatabaseError, in one line, for the first fault it reports (a page, a cell, a NULL in a NOT NULL
    column) or if it cannot read the file at all."""
    sql = "PRAGMA quick_check" if table is None else f"PRAGMA quick_check({_quoted(table)})"
    try:
        faults = [str(r[0]) for r in conn.execute(sql).fetchall()]
    except sqlite3.DatabaseError as exc:
        raise_swallowed_signal()
        raise DatabaseError(f"{shown(path)} is corrupt ({exc}); {REBUILD}") from exc
    if faults != ["ok"]:
        lines = [
            line for fault in faults for line in fault.splitlines() if line and not line.startswith("***")
        ]
        raise DatabaseError(
            f"{shown(path)} is corrupt ({lines[0] if lines else 'quick_check failed'}); {REBUILD}"
        )


def _quoted(name: str) -> str:
    """An SQL identifier for ``name`` (which may come from the database itself)."""
    return '"' + name.replace('"', '""') + '"'


def check_schema(conn: sqlite3.Connection, path: AnyPath) -> None:
    """Every required table and view, of the right kind, with its columns and well-typed values."""
    check_kinds(conn, path)
    for name in SCHEMA:
        check_columns(conn, path, name)


def check_kinds(conn: sqlite3.Connection, path: AnyPath) -> dict[str, tuple[str, str]]:
    """Every required table and view is there, and of its kind; every table's and view's kind and SQL by name."""
    kinds = {r[1]: (r[0], (r[2] or "").lstrip().upper()) for r in conn.execute(
        "SELECT type, name, sql FROM sqlite_master WHERE type IN ('table', 'view')")}  # fmt: skip
    for name, (kind, _) in SCHEMA.items():
        found, sql = kinds.get(name, (None, ""))
        if found is None:
            raise DatabaseError(f"{shown(path)} has no {kind} {name!r}; {REBUILD}")
        if found != kind or sql.startswith("CREATE VIRTUAL"):
            raise DatabaseError(f"{shown(path)}: {name!r} is a {found}, not a plain {kind}; {REBUILD}")
    return kinds


def layout(conn: sqlite3.Connection) -> str:
    """Where each table and index of the file begins (its root page, from the schema), as a CRC-32 in
    hex: build_db.py stores it in meta ("layout"). A lookup's table-by-table check cannot see a table
    whose root page number points into another table's pages (only the whole-file check counts every
    page); a layout other than the build's makes the lookup run the whole check first."""
    from zlib import crc32

    rows = conn.execute(
        "SELECT name, rootpage FROM sqlite_master WHERE rootpage > 0 ORDER BY name"
    ).fetchall()
    return f"{crc32(';'.join(f'{r[0]}:{r[1]}' for r in rows).encode('utf-8')):08x}"


def check_columns(conn: sqlite3.Connection, path: AnyPath, name: str) -> None:
    """A required table or view (SCHEMA) has its columns, and a table's values are of their types."""
    kind, spec = SCHEMA[name]
    columns = {r[1] for r in conn.execute(f'PRAGMA table_info("{name}")')}
    wanted = [c.partition(":") for c in spec.split()]
    missing = [c for c, _, _ in wanted if c not in columns]
    if missing:
        raise DatabaseError(f"{shown(path)}: {kind} {name!r} lacks column(s) {', '.join(missing)}; {REBUILD}")
    if kind != "table":
        return
    tests = []
    for column, _, code in wanted:
        allowed = [_TYPES[code[0]]] + (["null"] if code.endswith("?") else [])
        tests.append(f'typeof("{column}") NOT IN ({", ".join(repr(t) for t in allowed)})')
    bad = conn.execute(f'SELECT * FROM "{name}" WHERE {" OR ".join(tests)} LIMIT 1').fetchone()
    if bad is not None:
        column, code = next((c, t) for c, _, t in wanted if _bad_value(bad[c], t))
        what = "NULL" if bad[column] is None else f"a {type(bad[column]).__name__} value"
        raise DatabaseError(
            f"{shown(path)}: {name}.{column} holds {what} where {_TYPES[code[0]]} is required; {REBUILD}"
        )


AS_READ = "as read"
"""``Database(path, deep=AS_READ)``: the deep check of each table when a statement first reads it
(TableChecks): a lookup checks what its answer is read from, not the whole file."""
_READ = 20  # sqlite3.SQLITE_READ: an authorizer's "a statement reads this table's column"


class TableChecks:
    """The deep check table by table, as statements first read them (``Database(path, deep=AS_READ)``).

    SQLite's authorizer names, as a statement is prepared, every table it reads (a view's own tables
    too); before its first row reaches the caller (GuardedConnection.execute), each such table not
    checked yet gets the full check's tests: SQLite's page check of the table and its indexes, and,
    for a table this version reads (SCHEMA), its columns and the type of every value. A virtual table
    (full-text search) has its shadow tables checked with it. The kind of every required table and view
    is checked at open (``kinds``). A statement that fails runs the whole deep check (``explain``), so a
    bad database is the same one line as after a full check at open.
    """

    def __init__(self, conn: GuardedConnection, path: AnyPath) -> None:
        self.conn = conn
        self.path = path
        self.kinds: dict[str, tuple[str, str]] = {}
        self.done = {"sqlite_master", "sqlite_schema", "sqlite_temp_master", "sqlite_temp_schema"}
        self.pending: set[str] = set()
        conn.set_authorizer(self._note)
        conn.as_read = self
        self.kinds = check_kinds(conn, path)

    def _note(
        self, action: int, table: str | None, column: str | None, database: str | None, via: str | None
    ) -> int:
        if action == _READ and table not in self.done:
            self.pending.add(table)  # type: ignore[arg-type]  # a read always names its table
        return 0  # sqlite3.SQLITE_OK

    def run(self) -> None:
        """Check every table read since the last run (DatabaseError, one line, at the first fault)."""
        conn = self.conn
        conn.as_read = None  # the checks' own statements are not checked
        try:
            while self.pending:
                table = min(self.pending)
                self.pending.discard(table)
                self.done.add(table)
                kind, sql = self.kinds.get(table, ("table", ""))
                if kind == "table":
                    shadows = [
                        n for n, (k, _) in self.kinds.items() if k == "table" and n.startswith(f"{table}_")
                    ]
                    for name in [table, *shadows] if sql.startswith("CREATE VIRTUAL") else [table]:
                        check_pages(conn, self.path, name)
                if table in SCHEMA:
                    check_columns(conn, self.path, table)
        except sqlite3.DatabaseError as exc:
            raise_swallowed_signal()
            raise DatabaseError(read_error(self.path, exc)) from exc
        finally:
            conn.as_read = self

    def check_layout(self, stored: object) -> None:
        """The whole deep check now, unless the tables begin where the build put them (meta "layout")."""
        if stored != layout(self.conn):  # changed since the build (or a database from before the record)
            self.explain()

    def explain(self) -> None:
        """After a failed statement: the whole deep check, raising its one line if the database fails it."""
        conn = self.conn
        conn.as_read = None
        try:
            check_pages(conn, self.path)
            check_schema(conn, self.path)
        except sqlite3.DatabaseError as exc:
            raise_swallowed_signal()
            raise DatabaseError(read_error(self.path, exc)) from exc
        finally:
            conn.as_read = self


def _bad_value(value: object, code: str) -> bool:
    if value is None:
        return not code.endswith("?")
    wanted = str if code[0] == "t" else int
    return type(value) is not wanted


def read_meta(values: dict[str, object], path: AnyPath) -> Meta:
    """Meta values, each checked for type and range."""

    def text(key: str, limit: int = 500) -> str:
        """Meta value ``key``: present, text, not blank, at most ``limit`` characters."""
        value = values.get(key)
        if value is None:
            raise DatabaseError(f"{shown(path)} lacks meta value {key!r}; {REBUILD}")
        if not isinstance(value, str) or not value.strip() or len(value) > limit:
            raise DatabaseError(f"{shown(path)}: meta value {key!r} is malformed; {REBUILD}")
        return value

    try:
        schema_version = int(text("schema_version", 10))
        year = int(text("source_year", 4))
    except ValueError:
        raise DatabaseError(
            f"{shown(path)}: meta schema_version or source_year is not a number; {REBUILD}"
        ) from None
    if schema_version > SCHEMA_VERSION:
        raise DatabaseError(
            f"{shown(path)} has schema version {schema_version}, built by a newer collab-tui; upgrade collab-tui"
        )
    if schema_version != SCHEMA_VERSION:
        raise DatabaseError(
            f"{shown(path)} has schema version {schema_version}, not {SCHEMA_VERSION}; {REBUILD}"
        )
    if not 1900 <= year <= 2100:
        raise DatabaseError(f"{shown(path)}: meta source_year {year} is out of range; {REBUILD}")
    for key in ("source_sha256", "record_hash"):
        value = text(key, 64)
        if len(value) != 64 or not _HEX.issuperset(value):  # [0-9a-f]{64}
            raise DatabaseError(f"{shown(path)}: meta value {key!r} is not a SHA-256 digest; {REBUILD}")
    return Meta(
        schema_version=schema_version,
        source_title=text("source_title"),
        source_year=text("source_year"),
        source_sha256=text("source_sha256"),
        licence=text("licence"),
        licence_url=text("licence_url"),
        attribution=text("attribution"),
        record_hash=text("record_hash"),
    )


def read_error(path: AnyPath, exc: sqlite3.Error) -> str:
    """The one line for a query that failed: stopped for running too long, or the file unreadable."""
    if "interrupted" in str(exc):
        return (
            f"{shown(path)}: a query ran over {QUERY_SECONDS:g} s and was stopped "
            f"(a recursive or broken view?); {REBUILD}"
        )
    return f"{shown(path)} could not be read ({exc}); {REBUILD}"
