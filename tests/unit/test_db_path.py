"""The database's path is read as pathlib reads it (Path(given).expanduser()), without importing pathlib."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from collab_tui import db as dbmod
from collab_tui.db import Database, DatabaseError, resolve_path
from collab_tui.db_checks import _uri_quote, path_text

PATHS = ["collab.db", "./collab.db", "a//b/./c.db", "a/b/", "/x/y", "//x/y", "///x/y", "////x", "~", "~/x.db",
         "./~/x", ".", "a/../b", "~/", "x/~/y", "//", "/", "é/ŷ.db", "a\\b", " sp ace/x", "a?b#c%d.db"]  # fmt: skip


@pytest.mark.parametrize("given", PATHS)
def test_a_path_reads_as_pathlib_reads_it(given: str) -> None:
    assert path_text(given) == str(Path(given).expanduser())
    assert path_text(Path(given)) == str(Path(given).expanduser())


def test_an_unknown_home_folder_is_one_line() -> None:
    with pytest.raises(DatabaseError, match="no such user's home folder"):
        path_text("~no-such-user-collab/x.db")
    with pytest.raises(RuntimeError):
        Path("~no-such-user-collab/x.db").expanduser()


@pytest.mark.parametrize("given", ["/tmp/a b/c.db", "/tmp/é?#%.db", "/tmp/x~_.-/y.db"])
def test_the_uri_quotes_as_urllib_does(given: str) -> None:
    from urllib.parse import quote

    assert _uri_quote(given) == quote(given)


def test_the_database_path_is_the_resolved_path(
    built_db: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    link = tmp_path / "sub" / "." / ".." / "collab.db"
    (tmp_path / "sub").mkdir()
    os.symlink(built_db, tmp_path / "collab.db")
    with Database(f"{link}/") as db:
        assert db.path == resolve_path(f"{link}/") == Path(f"{link}/") and isinstance(db.path, Path)
    monkeypatch.delenv(dbmod.ENV_VAR, raising=False)
    assert resolve_path(None) == dbmod.bundled_path() == Path(dbmod._bundled())
