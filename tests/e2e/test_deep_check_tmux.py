"""The explorer's deep database check, which starts once the first frame is on screen: a database that
fails it still ends the explorer with one line and exit code 2, whether the first screen could be drawn
(a fault in a table it does not show) or not (a fault in the Areas it shows)."""

from __future__ import annotations

import shutil
import sqlite3
import time
from pathlib import Path

import pytest

from tests.e2e.test_tmux import SESSION, STARTUP_TIMEOUT, Terminal
from tests.e2e.test_tmux import terminal as terminal  # the fixture
from tests.helpers import tmux_launch_command


@pytest.mark.parametrize(
    ("table", "record", "first_screen"),
    [("person", "id = (SELECT min(id) FROM person)", True), ("area", "id = 'cumbria'", False)],
    ids=["after-the-first-frame", "before-it"],
)
def test_a_database_failing_the_deep_check_ends_the_explorer_with_one_line(
    terminal: Terminal, built_db: Path, tmp_path: Path, table: str, record: str, first_screen: bool
) -> None:
    path = tmp_path / "mistyped.db"
    shutil.copyfile(built_db, path)
    conn = sqlite3.connect(path)
    assert conn.execute(f"UPDATE {table} SET name = x'4375' WHERE {record}").rowcount == 1
    conn.commit()
    conn.close()
    # The explorer needs a terminal for all three streams, so its one line is read from the screen: the
    # shell stays (sleep) after writing the exit status.
    command = tmux_launch_command(terminal.exit_file, "--db", str(path)) + "; sleep 30"
    terminal.tmux(
        "new-session", "-d", "-s", SESSION, "-x", "240", "-y", "30", command
    )  # wide: the line unwrapped
    deadline = time.monotonic() + STARTUP_TIMEOUT
    seen = ""
    while time.monotonic() < deadline and not terminal.exit_file.exists():
        seen += terminal.screen()
        time.sleep(0.02)
    assert terminal.exit_file.exists(), f"the explorer did not end; the screen was:\n{terminal.screen()}"
    time.sleep(0.1)
    if first_screen:
        assert "Avon and Somerset" in seen  # the first frame came, then the check ended the explorer
    assert terminal.exit_file.read_text().strip() == "2"
    lines = [line for line in terminal.screen().splitlines() if line.strip()]
    assert len(lines) == 1 and f"{table}.name holds a bytes value where text is required" in lines[0], lines
