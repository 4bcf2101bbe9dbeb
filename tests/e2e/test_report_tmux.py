"""`collab-tui --line 1069` in a real terminal: tmux runs it, the screen is read back, keys go in."""

from __future__ import annotations

import os
import shutil
import subprocess
import time
from pathlib import Path

import pytest

from tests.helpers import SOURCE, tmux_launch_command

SESSION = "report"
STARTUP_TIMEOUT = 15.0
STEP_TIMEOUT = 5.0


@pytest.mark.skipif(shutil.which("tmux") is None, reason="tmux is not installed, so there is no terminal")
def test_line_1069_opens_the_report_there(tmp_path: Path, built_db: Path) -> None:
    socket = f"p16report-{os.getpid()}"  # this test's own tmux server
    exit_file = tmp_path / "exit-status"
    tmux_env = {**os.environ, "TERM": "xterm-256color"}
    line_1069 = SOURCE.read_text(encoding="utf-8").split("\n")[1068]

    def tmux(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            ["tmux", "-L", socket, "-f", os.devnull, *args], capture_output=True, text=True, env=tmux_env
        )

    def screen() -> str:
        return tmux("capture-pane", "-p", "-t", SESSION).stdout

    def wait_for(*texts: str, timeout: float = STEP_TIMEOUT, doing: str) -> str:
        deadline = time.monotonic() + timeout
        shown = ""
        while time.monotonic() < deadline:
            shown = screen()
            if all(text in shown for text in texts):
                return shown
            time.sleep(0.05)
        pytest.fail(f"{doing}: {texts!r} not on screen after {timeout:.0f} s; the screen was:\n{shown}")

    socket_path = ""
    try:
        command = tmux_launch_command(exit_file, "--db", str(built_db), "--line", "1069")
        started = tmux("new-session", "-d", "-s", SESSION, "-x", "100", "-y", "30", command)
        assert started.returncode == 0, started.stderr
        socket_path = tmux("display-message", "-p", "#{socket_path}").stdout.strip()

        shown = wait_for(
            "5 Report", "line 1069 of 1517", timeout=STARTUP_TIMEOUT, doing="start-up at --line 1069"
        )
        rows = shown.splitlines()
        # The line's number in the gutter, its margin mark (records are drawn from it), its words.
        first = next((r for r in rows if "1069" in r and "Northumbria Police" in r), None)
        assert first is not None, shown
        assert "▌" in first
        assert line_1069.split(", which")[0][:40] in first
        assert "Northumbria" in shown.splitlines()[-2]  # the status line names the section

        # Enter lists the records drawn from line 1069; Escape closes the list.
        tmux("send-keys", "-t", SESSION, "Enter")
        wait_for(
            "Drawn from line 1069", "Guardian Series 2014 CBRN training days", doing="Enter on line 1069"
        )
        tmux("send-keys", "-t", SESSION, "Escape")
        deadline = time.monotonic() + STEP_TIMEOUT
        while "Drawn from line 1069" in screen() and time.monotonic() < deadline:
            time.sleep(0.05)
        assert "Drawn from line 1069" not in screen()

        tmux("send-keys", "-t", SESSION, "q")
        deadline = time.monotonic() + STEP_TIMEOUT
        while time.monotonic() < deadline and tmux("has-session", "-t", SESSION).returncode == 0:
            time.sleep(0.05)
        assert tmux("has-session", "-t", SESSION).returncode != 0, f"q did not quit:\n{screen()}"
        status = exit_file.read_text().strip() if exit_file.exists() else "missing"
        assert status == "0", f"collab-tui exited with status {status}"
    finally:
        tmux("kill-server")
        if socket_path:
            Path(socket_path).unlink(missing_ok=True)
