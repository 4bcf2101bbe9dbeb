"""The real explorer in a real terminal: tmux runs collab-tui, keys go in, the screen is read back."""

from __future__ import annotations

import os
import shlex
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.conftest import ROOT

SESSION = "e2e"
STARTUP_TIMEOUT = 15.0
STEP_TIMEOUT = 5.0


def launch_command(exit_file: Path) -> str:
    """The shell command tmux runs: the installed script if there is one, else the module from the repo."""
    script = shutil.which("collab-tui") or shutil.which("collab-tui", path=str(Path(sys.executable).parent))
    if script:
        argv, env = [script], {"TERM": "xterm-256color"}
    else:
        argv = [sys.executable, "-m", "collab_tui"]
        env = {"TERM": "xterm-256color", "PYTHONPATH": str(ROOT)}
    assignments = " ".join(f"{k}={shlex.quote(v)}" for k, v in env.items())
    # The exit status lands in a file, so a crash on the way out is not mistaken for a clean quit.
    run = f"cd {shlex.quote(str(ROOT))} && env {assignments} {shlex.join(argv)}"
    return f"{run}; echo $? > {shlex.quote(str(exit_file))}"


@pytest.mark.skipif(
    shutil.which("tmux") is None, reason="tmux is not installed, so there is no terminal to drive"
)
def test_search_enter_shows_the_person_and_q_quits(tmp_path: Path) -> None:
    socket = f"collab-test-{os.getpid()}"
    exit_file = tmp_path / "exit-status"
    tmux_env = {**os.environ, "TERM": "xterm-256color"}

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
        started = tmux("new-session", "-d", "-s", SESSION, "-x", "100", "-y", "30", launch_command(exit_file))
        assert started.returncode == 0, started.stderr
        socket_path = tmux("display-message", "-p", "#{socket_path}").stdout.strip()

        first = wait_for("Avon and Somerset", timeout=STARTUP_TIMEOUT, doing="start-up")
        assert "collab-tui" in first
        assert "1 Areas" in first and "2 Leaders" in first

        tmux("send-keys", "-t", SESSION, "-l", "/")
        # Type once the search bar has the focus (its footer shows "esc Back"), as a person does on
        # seeing the cursor there: keys that reach the app in the same read as "/" still go to the
        # table, because Textual moves the focus after the queued keys are handled.
        wait_for("esc Back", doing="'/' to focus the search bar")
        tmux("send-keys", "-t", SESSION, "-l", "cfo cumbria")
        results = wait_for("cfo cumbria", "Ian Cartwright", doing="typing 'cfo cumbria' after '/'")
        assert "Chief Fire Officer" in results

        tmux("send-keys", "-t", SESSION, "Enter")
        detail = wait_for("Roles in the 2014 report", "Cumbria", doing="Enter on the first result")
        lines = detail.splitlines()
        assert any("Ian Cartwright" in line for line in lines), detail
        assert any("Chief Fire Officer" in line and "Cumbria" in line for line in lines), detail

        tmux("send-keys", "-t", SESSION, "q")
        deadline = time.monotonic() + STEP_TIMEOUT
        while time.monotonic() < deadline and tmux("has-session", "-t", SESSION).returncode == 0:
            time.sleep(0.05)
        still_open = tmux("has-session", "-t", SESSION).returncode == 0
        assert not still_open, f"q did not quit; the screen was:\n{screen()}"
        # The shell writes the status before the pane closes, so it is there once the session is gone.
        status = exit_file.read_text().strip() if exit_file.exists() else "missing"
        assert status == "0", f"collab-tui exited with status {status}"
    finally:
        tmux("kill-server")
        if socket_path:
            Path(socket_path).unlink(missing_ok=True)
