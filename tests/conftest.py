"""Shared fixtures: the real records, the real source, and the real built database."""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from collab_tui import build  # noqa: E402
from collab_tui.db import Database  # noqa: E402

RECORDS = ROOT / "data" / "records"
SOURCE = ROOT / "data" / "source" / "emergency-services-collaboration-2014.txt"
DB_PATH = ROOT / "data" / "collab.db"


@pytest.fixture(scope="session")
def source() -> build.Source:
    """The report's text."""
    return build.Source(SOURCE)


@pytest.fixture(scope="session")
def built_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A database freshly built from the records, once per run."""
    out = tmp_path_factory.mktemp("built") / "collab.db"
    problems = build.build(RECORDS, SOURCE, out)
    assert not problems, "\n".join(map(str, problems))
    return out


@pytest.fixture(scope="session")
def db(built_db: Path) -> Database:
    """The read-only Database over the fresh build."""
    return Database(built_db)


@pytest.fixture()
def records_copy(tmp_path: Path) -> Path:
    """A writable copy of data/records/ to break on purpose."""
    dest = tmp_path / "records"
    shutil.copytree(RECORDS, dest)
    return dest
