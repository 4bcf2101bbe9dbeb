"""The explorer's deferred database check: Database(deep=False) opens without the page check and the
scan of every value; Database.check() and cli.DeepCheck find the same faults, with the same one line."""

from __future__ import annotations

import shutil
import sqlite3
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from collab_tui import cli
from collab_tui.db import Database, DatabaseError


@pytest.fixture()
def mistyped_db(built_db: Path, tmp_path: Path) -> Path:
    """A copy of the real database where Cumbria's name is a blob, as no build writes it."""
    path = tmp_path / "mistyped.db"
    shutil.copyfile(built_db, path)
    conn = sqlite3.connect(path)
    assert conn.execute("UPDATE area SET name = x'4375' WHERE id = 'cumbria'").rowcount == 1
    conn.commit()
    conn.close()
    return path


def test_an_open_checks_deeply_by_default(mistyped_db: Path) -> None:
    with pytest.raises(DatabaseError, match=r"area\.name holds a bytes value where text is required"):
        Database(mistyped_db)


def test_a_shallow_open_leaves_the_deep_check_to_check(mistyped_db: Path) -> None:
    db = Database(mistyped_db, deep=False)
    try:
        assert db.meta.source_year == "2014"
        with pytest.raises(DatabaseError, match=r"area\.name holds a bytes value where text is required"):
            db.check()
    finally:
        db.close()


def test_a_sound_database_passes_the_deferred_check(built_db: Path) -> None:
    with Database(built_db, deep=False) as db:
        db.check()
        assert [a.name for a in db.areas()][:2] == ["Avon and Somerset", "Cambridgeshire"]


@dataclass
class FakeApp:
    """What DeepCheck uses of the explorer: whether it runs, its message queue, its way to quit."""

    is_running: bool = True
    posted: list[object] = field(default_factory=list)
    quit_with: list[int] = field(default_factory=list)

    def post_message(self, message: object) -> bool:
        self.posted.append(message)
        return True

    def quit_when_shown(self, code: int = 0) -> None:
        self.quit_with.append(code)


def test_a_failed_deferred_check_stops_the_explorer_with_exit_2(mistyped_db: Path) -> None:
    app = FakeApp()
    with Database(mistyped_db, deep=False) as db:
        check = cli.DeepCheck(db, app)
        check.wait()  # the app still runs when the check fails
        failure = check.verdict(None)
    assert isinstance(failure, DatabaseError) and "area.name holds a bytes value" in str(failure)
    (message,) = app.posted
    message.callback()  # type: ignore[attr-defined]  # what the app runs on its own thread
    assert app.quit_with == [2]


def test_the_database_error_wins_over_a_crash_it_caused(mistyped_db: Path) -> None:
    with Database(mistyped_db, deep=False) as db:
        failure = cli.DeepCheck(db, FakeApp()).verdict(TypeError("'int' object is not subscriptable"))
    assert isinstance(failure, DatabaseError)


def test_a_sound_database_leaves_the_app_alone(built_db: Path) -> None:
    app = FakeApp()
    crash = TypeError("unrelated")
    with Database(built_db, deep=False) as db:
        assert cli.DeepCheck(db, app).verdict(crash) is crash
        assert cli.DeepCheck(db, app).verdict(None) is None
    assert app.posted == []


def test_a_check_started_late_waits_for_its_start_and_an_app_gone_early_still_gets_it(
    mistyped_db: Path,
) -> None:
    """The explorer starts the check at its first frame (start=False, then start()); an app that ended
    before its first frame never started it, so verdict() runs it: the database's one line still wins."""
    app = FakeApp(is_running=False)
    with Database(mistyped_db, deep=False) as db:
        check = cli.DeepCheck(db, app, start=False)
        assert not check._thread.is_alive() and check.error is None  # nothing runs before start()
        failure = check.verdict(TypeError("'bytes' object has no attribute 'casefold'"))
    assert isinstance(failure, DatabaseError) and "area.name holds a bytes value" in str(failure)
    assert app.posted == []  # the app had ended: nothing to stop


async def test_the_explorer_starts_its_deep_check_once_the_first_frame_is_shown(built_db: Path) -> None:
    from collab_tui.app import CollabApp
    from collab_tui.widgets.record_table import RecordTable

    app = CollabApp(built_db)
    seen: list[tuple[bool, int]] = []

    def record() -> None:
        table = app.screen.query_one(RecordTable)
        seen.append((app._shown, table.row_count))  # shown, with the Areas table filled

    app.when_shown(record)
    assert seen == []
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        assert seen == [(True, 41)]
        app.when_shown(record)  # once shown: at once
        assert seen == [(True, 41), (True, 41)]


def test_collections_resume_at_the_first_frame_with_what_it_made_frozen() -> None:
    """cli.launch keeps garbage collection off until the first frame (app.when_shown(collect_from_now))."""
    import gc

    was = gc.isenabled()
    gc.disable()
    frozen = gc.get_freeze_count()
    keep = [[n] for n in range(1000)]  # objects made "during the first frame"
    try:
        cli.collect_from_now()
        assert gc.isenabled()
        assert gc.get_freeze_count() >= frozen + len(keep)
    finally:
        gc.unfreeze()
        if frozen:  # the run's own frozen objects (tests/conftest.py) frozen again, with what came since
            gc.freeze()
        (gc.enable if was else gc.disable)()
