"""What the benchmarks share: the checkout byte-compiled, tmux on a private socket, waiting, timing.

Imported by the bench scripts as `common` (a script's own folder is first on sys.path).
"""

from __future__ import annotations

import compileall
import os
import resource
import shlex
import statistics
import subprocess
import sys
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def compiled_env(**extra: str) -> dict[str, str]:
    """Byte-compile the package, as pip does on install, and the environment that runs the checkout.

    This machine sets PYTHONDONTWRITEBYTECODE: a checkout would otherwise compile every module at
    every start, which an installed collab-tui never does.
    """
    compileall.compile_dir(str(ROOT / "collab_tui"), quiet=1)
    path = os.pathsep.join(p for p in (str(ROOT), os.environ.get("PYTHONPATH", "")) if p)
    return {**extra, "PYTHONPATH": path}


def env_command(env: dict[str, str], argv: Sequence[str]) -> str:
    """A shell command running ``argv`` with ``env`` added (for a tmux session)."""
    return "env " + " ".join(f"{k}={shlex.quote(v)}" for k, v in env.items()) + " " + shlex.join(argv)


class Tmux:
    """tmux on its own socket (never the user's server, never another benchmark's)."""

    def __init__(self, socket: str) -> None:
        self.socket = socket

    def __call__(self, *args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            ["tmux", "-L", self.socket, "-f", os.devnull, *args], capture_output=True, text=True
        )

    def capture(self, target: str) -> str:
        return self("capture-pane", "-p", "-t", target).stdout

    @contextmanager
    def server(
        self, size: tuple[str, str], command: str = "sleep 3600", session: str = "keepalive"
    ) -> Iterator[None]:
        """A fresh server with one session (by default one that keeps the server up between runs,
        so no run pays for starting it); killed, and its socket removed, at the end."""
        self("kill-server")
        self("new-session", "-d", "-s", session, "-x", size[0], "-y", size[1], command)
        socket_path = self("display-message", "-p", "#{socket_path}").stdout.strip()
        try:
            yield
        finally:
            self("kill-server")
            if socket_path:
                Path(socket_path).unlink(missing_ok=True)


def wait_for(check: Callable[[], object], timeout: float, poll: float = 0.01) -> bool:
    """Poll ``check`` until it is true (True) or ``timeout`` seconds pass (False)."""
    deadline = time.perf_counter() + timeout
    while time.perf_counter() < deadline:
        if check():
            return True
        time.sleep(poll)
    return False


def timed_run(argv: Sequence[str], env: dict[str, str] | None = None) -> tuple[float, float]:
    """Run a program to its end, output discarded: (wall ms, CPU ms of the process, user + system)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    subprocess.run(argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env, check=False)
    wall = (time.perf_counter() - start) * 1000
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime) * 1000
    return wall, cpu


def quantile(values: Sequence[float], q: int) -> float:
    """The q-th percentile (90, 95) of at least one value."""
    if len(values) < 2:
        return values[0]
    return statistics.quantiles(values, n=100)[q - 1]


def report_errors(main: Callable[[], int]) -> None:
    """Run a benchmark's main: a benchmark reports, it never fails (exit 0 with one line)."""
    try:
        sys.exit(main())
    except Exception as exc:
        print(f"benchmark error: {type(exc).__name__}: {exc}")
        sys.exit(0)


def importtime(python: str, env: dict[str, str], code: str) -> dict[str, tuple[int, int]]:
    """Every module ``code`` imports: name -> (cumulative us, self us), from python -X importtime.

    Run three times; the last is kept (the first may compile bytecode or read a cold disk)."""
    lines: list[str] = []
    for _ in range(3):
        proc = subprocess.run([python, "-X", "importtime", "-c", code], capture_output=True, text=True,
                              env={**os.environ, **env})  # fmt: skip
        lines = [
            ln for ln in proc.stderr.splitlines() if ln.startswith("import time:") and "self [us]" not in ln
        ]
    found: dict[str, tuple[int, int]] = {}
    for line in lines:
        parts = line[len("import time:") :].split("|")
        if len(parts) == 3 and parts[0].strip().isdigit() and parts[1].strip().isdigit():
            found[parts[2].strip()] = (int(parts[1]), int(parts[0]))
    return found
