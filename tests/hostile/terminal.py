"""Run collab-tui in a real pseudo-terminal: keys and signals in, output and the tty's state out."""

from __future__ import annotations

import contextlib
import fcntl
import os
import signal
import struct
import subprocess
import sys
import termios
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


@dataclass
class Run:
    """One collab-tui process on its own pty."""

    process: subprocess.Popen[bytes]
    master: int
    slave: int
    started: float
    output: bytearray = field(default_factory=bytearray)
    reader: threading.Thread | None = None

    def _read(self) -> None:
        while True:
            try:
                chunk = os.read(self.master, 65536)
            except OSError:
                return
            if not chunk:
                return
            self.output.extend(chunk)

    def wait_for(self, text: bytes, timeout: float = 20.0) -> bool:
        """True once ``text`` has been written to the terminal."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if text in self.output:
                return True
            if self.process.poll() is not None:
                return text in self.output
            time.sleep(0.02)
        return False

    def send(self, data: bytes) -> None:
        os.write(self.master, data)

    def signal(self, sig: int) -> None:
        if self.process.poll() is None:
            os.kill(self.process.pid, sig)

    def resize(self, columns: int, rows: int) -> None:
        fcntl.ioctl(self.slave, termios.TIOCSWINSZ, struct.pack("HHHH", rows, columns, 0, 0))
        self.signal(signal.SIGWINCH)

    def finish(self, timeout: float = 20.0) -> int:
        """Wait for the exit code; kill (and fail loudly) if it hangs."""
        try:
            code = self.process.wait(timeout)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
            raise AssertionError(f"collab-tui did not exit; it wrote:\n{self.text[-2000:]}") from None
        # The reader never sees end-of-file (we keep the tty open to inspect it): wait for quiet.
        seen = -1
        while seen != len(self.output):
            seen = len(self.output)
            time.sleep(0.05)
        return code

    def tty_sane(self) -> bool:
        """The tty is back in cooked mode with echo, as `stty sane` leaves it."""
        lflag = termios.tcgetattr(self.slave)[3]
        return bool(lflag & termios.ICANON and lflag & termios.ECHO and lflag & termios.ISIG)

    @property
    def text(self) -> str:
        return self.output.decode("utf-8", "replace")

    def close(self) -> None:
        if self.process.poll() is None:
            self.process.kill()
            self.process.wait()
        for fd in (self.master, self.slave):
            with contextlib.suppress(OSError):
                os.close(fd)


# The two ways the explorer starts: `python -m collab_tui`, and the `collab-tui` console script,
# which pip writes as an import of the entry point named in pyproject.toml and a call of it.
MODULE = ("-m", "collab_tui")
SCRIPT = ("-c", "import sys; from collab_tui.__main__ import script; sys.exit(script())")


def launch(
    *args: str,
    size: tuple[int, int] = (100, 30),
    env: dict[str, str] | None = None,
    how: tuple[str, str] = MODULE,
) -> Run:
    """Start ``python -m collab_tui ARGS`` (or the console script's way) with a pty as its controlling terminal."""
    master, slave = os.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", size[1], size[0], 0, 0))
    environment = {**os.environ, "TERM": "xterm-256color", "PYTHONPATH": str(ROOT), **(env or {})}
    environment.pop("TEXTUAL", None)

    def controlling_tty() -> None:
        fcntl.ioctl(0, termios.TIOCSCTTY, 0)
        # As a shell starts a command in the foreground: Ctrl+C and Ctrl+\ at their defaults. A test run
        # started in the background (`pytest &`, a CI runner) ignores them, and the child would inherit
        # that: a SIGINT before collab-tui's first line was then silently dropped by the kernel, and
        # the SIGINT-at-20-moments test saw an explorer that never quit (1-2 in 40 stress runs).
        for sig in (signal.SIGINT, signal.SIGQUIT):
            signal.signal(sig, signal.SIG_DFL)

    process = subprocess.Popen(
        [sys.executable, *how, *args], stdin=slave, stdout=slave, stderr=slave, cwd=ROOT,
        env=environment, start_new_session=True, preexec_fn=controlling_tty, close_fds=True,
    )  # fmt: skip
    run = Run(process, master, slave, time.monotonic())
    run.reader = threading.Thread(target=run._read, daemon=True)
    run.reader.start()
    return run


ALT_ON, ALT_OFF = b"\x1b[?1049h", b"\x1b[?1049l"
CURSOR_ON = b"\x1b[?25h"


def restored(run: Run) -> list[str]:
    """What the terminal was left with that it should not have been (empty when all is well)."""
    problems = []
    out = bytes(run.output)
    if ALT_ON in out and out.rfind(ALT_OFF) < out.rfind(ALT_ON):
        problems.append("alternate screen still on")
    if b"\x1b[?25l" in out and out.rfind(CURSOR_ON) < out.rfind(b"\x1b[?25l"):
        problems.append("cursor still hidden")
    if not run.tty_sane():
        problems.append("tty not sane (raw mode left on)")
    if "Traceback" in run.text:
        problems.append("a traceback")
    return problems
