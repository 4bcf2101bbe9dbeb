"""Shared fixtures: the real records, the real source, and the real built database."""

from __future__ import annotations

import gc
import os
import shutil
import sys
import tempfile
from pathlib import Path

import pytest

try:
    import fcntl
except ImportError:  # Windows
    fcntl = None  # type: ignore[assignment]

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from collab_tui import build
from collab_tui.db import Database
from tests.helpers import DB_PATH, RECORDS, ROOT, SOURCE

__all__ = ["DB_PATH", "RECORDS", "ROOT", "SOURCE"]  # tests import them from tests.helpers

GC_THRESHOLD = (50_000, 10, 10)
"""The test processes' garbage collection: a young collection every 50,000 new objects rather than 700.
A Pilot test makes millions of short-lived objects (strips, segments, styles), and with Python's default
about a third of its CPU went on collections that found little to free (tests/app/test_app.py in one
process, 2026-11-27: 24.1 s of CPU at (700, 10, 10), 16.8 s at (50000, 10, 10), peak memory 155 -> 193 MB).
Collections still run, only less often; nothing a test checks depends on when. The app's own setting
(cli.launch: off until the first frame, then the objects made so far frozen) is tested in
tests/unit/test_deep_check.py."""
gc.set_threshold(*GC_THRESHOLD)


def pytest_collection_finish(session: pytest.Session) -> None:
    """The modules, plugins and collected tests stay for the whole run: left out of every collection
    from now on (as cli.launch does with what the explorer made before its first frame)."""
    gc.collect()
    gc.freeze()


def pytest_xdist_auto_num_workers(config: pytest.Config) -> int:
    """``-n auto`` (the default, in pyproject.toml): one worker more than the cores this process may use,
    at most 4. A Pilot test sleeps about a third of its time in Textual's 20 ms idle polls (measured from
    /proc's schedstat: wall - CPU - run-queue wait), and a terminal test waits on its child: the extra
    worker runs while the others wait. More would mostly add start-ups (each imports Textual and the app)."""
    try:
        cores = len(os.sched_getaffinity(0))
    except AttributeError:  # macOS, Windows
        cores = os.cpu_count() or 1
    return max(1, min(cores + 1, 4))


@pytest.fixture(scope="session")
def source() -> build.Source:
    """The report's text."""
    return build.Source(SOURCE)


@pytest.fixture(scope="session")
def built_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A database freshly built from the records, once per run: the first xdist worker to need it builds
    it, the others wait for it and share it (tests only read it)."""
    # One process, or no flock (Windows): its own build.
    if not os.environ.get("PYTEST_XDIST_WORKER") or fcntl is None:
        return _build(tmp_path_factory.mktemp("built"))
    shared = tmp_path_factory.getbasetemp().parent / "built"  # the run's folder, above each worker's
    shared.mkdir(exist_ok=True)
    with (shared / "lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        out = shared / "collab.db"
        if not out.exists():
            os.replace(_build(Path(tempfile.mkdtemp(dir=shared))), out)
    return out


def _build(folder: Path) -> Path:
    out = folder / "collab.db"
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
