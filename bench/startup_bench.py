#!/usr/bin/env python3
"""Start-up benchmark: time to first screen and peak memory, collab-tui against a bare Textual app.

    python bench/startup_bench.py [--python PATH] [--runs 7] [--db data/collab.db] [--size 120x40]

Prints the figures; it never fails. Targets: collab-tui shows its first screen
in at most 1.10x the time a bare Textual app (Header, Input, DataTable, Footer)
takes, measured in the same run, at 120x40 and at 100x30; and peaks at no more
than 80 MB resident.

Each run starts the program in a detached tmux session (own socket, each size),
polls `tmux capture-pane` every ~5 ms until a marker text is on screen and
times that with perf_counter from just before `new-session`. The program runs
through a small `python -c` wrapper that writes ru_maxrss to a file when it
exits; `q` is sent once the marker shows, so the peak covers start-up and the
first screen. The two programs alternate, after one discarded warm-up run each
(bytecode caches, disk cache). Compare figures from the same run only: these
machines are noisy. Finally `python -X importtime` lists the slowest imports
of the start-up path, and the modules it adds to a bare Textual app's.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

from common import Tmux, compiled_env, env_command, importtime, report_errors

tmux = Tmux("s17-startup")
SIZES = (("120", "40"), ("100", "30"))
TIMEOUT = 20.0  # seconds to wait for a marker or for the program to exit
POLL = 0.005
RATIO_TARGET = 1.10
RSS_TARGET_MB = 80.0
COLLAB_MARKER = "Avon and Somerset"
BARE_MARKER = "Bare row zulu 42"

BARE_APP = f'''\
"""A bare Textual app: the floor collab-tui is measured against."""

from textual.app import App, ComposeResult
from textual.widgets import DataTable, Footer, Header, Input


class BareApp(App[None]):
    TITLE = "bare"
    BINDINGS = [("q", "quit", "Quit")]

    def compose(self) -> ComposeResult:
        yield Header()
        yield Input(placeholder="search")
        yield DataTable()
        yield Footer()

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        table.add_columns("Name", "Nation", "Projects")
        table.add_row("{BARE_MARKER}", "England", "7")
        for n in range(1, 8):
            table.add_row(f"Bare row {{n}}", "Wales", str(n))
        table.focus()


if __name__ == "__main__":
    BareApp().run()
'''

# sys.argv: [-c, rss_file, target, *args]; target is a module name or a .py path.
WRAPPER = """\
import resource, runpy, sys
out, target, args = sys.argv[1], sys.argv[2], sys.argv[3:]
sys.argv = [target, *args]
try:
    if target.endswith('.py'):
        runpy.run_path(target, run_name='__main__')
    else:
        runpy.run_module(target, run_name='__main__', alter_sys=True)
finally:
    with open(out, 'w') as f:
        f.write(str(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss))
"""


@dataclass
class Program:
    name: str
    marker: str
    target: str
    args: list[str]
    times: list[float] = field(default_factory=list)
    rss: list[float] = field(default_factory=list)
    failures: list[str] = field(default_factory=list)


def capture(session: str) -> str:
    return tmux.capture(session)


def pane_dead_status(session: str) -> str:
    """The exit status of the session's program once it has ended, else ''."""
    shown = tmux("display-message", "-p", "-t", session, "#{pane_dead}:#{pane_dead_status}").stdout.strip()
    return shown.partition(":")[2] if shown.startswith("1:") else ""


def rss_mb(raw: str) -> float:
    value = float(raw)
    # ru_maxrss is kilobytes on Linux, bytes on macOS.
    return value / (1024 * 1024) if sys.platform == "darwin" else value / 1024


def run_once(
    python: str, program: Program, env: dict[str, str], tmp: Path, n: int, size: tuple[str, str]
) -> None:
    session = f"bench-{program.name}-{n}"
    out = tmp / f"rss-{program.name}-{n}"
    argv = [python, "-c", WRAPPER, str(out), program.target, *program.args]
    command = env_command(env, argv)
    start = time.perf_counter()
    started = tmux("new-session", "-d", "-s", session, "-x", size[0], "-y", size[1], command)
    if started.returncode != 0:
        program.failures.append(f"run {n}: new-session failed: {started.stderr.strip()}")
        return
    try:
        screen, polls, why = "", 0, f"not seen in {TIMEOUT:.0f} s"
        while time.perf_counter() - start < TIMEOUT:
            screen = capture(session)
            if program.marker in screen:
                program.times.append(time.perf_counter() - start)
                break
            polls += 1
            status = pane_dead_status(session) if polls % 20 == 0 else ""
            if status:  # exited early: stop waiting
                why = f"not seen: the program exited first (status {status}; run it by hand to see why)"
                break
            time.sleep(POLL)
        if program.marker not in screen:
            last = "\n    ".join(
                line for line in screen.splitlines() if line.strip() and "Pane is dead" not in line
            )
            program.failures.append(
                f"run {n}: {program.marker!r} {why}" + (f"; screen:\n    {last}" if last else "")
            )
            return
        tmux("send-keys", "-t", session, "q")
        deadline = time.perf_counter() + TIMEOUT
        while time.perf_counter() < deadline:
            if out.exists() and out.read_text().strip():
                program.rss.append(rss_mb(out.read_text().strip()))
                break
            time.sleep(0.02)
        else:
            program.failures.append(f"run {n}: did not exit on q within {TIMEOUT:.0f} s (no RSS figure)")
    finally:
        tmux("kill-session", "-t", session)


START_PATH = "import collab_tui.cli, collab_tui.app, collab_tui.screens.main"
BARE_IMPORTS = "from textual.app import App; from textual.widgets import DataTable, Footer, Header, Input"


def measure_size(
    python: str, runs: int, env: dict[str, str], collab_args: list[str], size: tuple[str, str]
) -> None:
    """Alternate the bare app and collab-tui at one terminal size; print medians and the ratio."""
    with tempfile.TemporaryDirectory(prefix="collab-startup-") as tmpdir:
        tmp = Path(tmpdir)
        bare_path = tmp / "bare_app.py"
        bare_path.write_text(BARE_APP, encoding="utf-8")
        programs = [
            Program("bare-textual", BARE_MARKER, str(bare_path), []),
            Program("collab-tui", COLLAB_MARKER, "collab_tui", collab_args),
        ]
        # A session that outlives the runs keeps one tmux server up, so no run pays for starting it.
        with tmux.server(size):
            tmux("set-option", "-gw", "remain-on-exit", "on")  # a program that dies early leaves its error
            for program in programs:  # warm-up, discarded
                run_once(python, program, env, tmp, 0, size)
                program.times.clear()
                program.rss.clear()
            for n in range(1, runs + 1):
                order = programs if n % 2 else programs[::-1]
                for program in order:
                    run_once(python, program, env, tmp, n, size)

    print(f"Start-up to first screen, tmux {size[0]}x{size[1]}, {runs} alternating runs each")
    print(f"python: {python}")
    print(f"{'program':<14} {'median ms':>10} {'min ms':>8} {'max RSS MB':>11}  runs")
    for p in programs:
        med = f"{statistics.median(p.times) * 1000:.0f}" if p.times else "n/a"
        low = f"{min(p.times) * 1000:.0f}" if p.times else "n/a"
        rss = f"{max(p.rss):.1f}" if p.rss else "n/a"
        print(f"{p.name:<14} {med:>10} {low:>8} {rss:>11}  {len(p.times)}/{runs}")
    bare, collab = programs
    if bare.times and collab.times:
        ratio = statistics.median(collab.times) / statistics.median(bare.times)
        verdict = "met" if ratio <= RATIO_TARGET else "NOT met"
        print(f"ratio collab-tui / bare: {ratio:.2f}x (target <= {RATIO_TARGET}x: {verdict})")
    else:
        print("ratio: n/a (a program never showed its marker)")
    if collab.rss:
        verdict = "met" if max(collab.rss) <= RSS_TARGET_MB else "NOT met"
        print(f"collab-tui peak RSS: {max(collab.rss):.1f} MB (target <= {RSS_TARGET_MB:.0f} MB: {verdict})")
    else:
        print("collab-tui peak RSS: n/a")
    for p in programs:
        for failure in p.failures[:3]:
            print(f"! {p.name} {failure}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--python", default=sys.executable, help="interpreter to run both apps with")
    parser.add_argument("--runs", type=int, default=7, help="measured runs of each program (default 7)")
    parser.add_argument("--db", metavar="PATH", help="database passed to collab-tui as --db")
    parser.add_argument("--size", metavar="WxH", help="one terminal size instead of 120x40 and 100x30")
    args = parser.parse_args()

    if shutil.which("tmux") is None:
        print("tmux not found: nothing measured")
        return 0
    runs = max(1, args.runs)
    env = compiled_env(TERM="xterm-256color")
    collab_args = ["--db", str(Path(args.db).resolve())] if args.db else []

    sizes = SIZES
    if args.size:
        width, _, height = args.size.partition("x")
        sizes = ((width, height),)
    for size in sizes:
        measure_size(args.python, runs, env, collab_args, size)
        print()

    print()
    print("Slowest imports on collab-tui's start-up path (python -X importtime, cumulative):")
    collab = importtime(args.python, env, START_PATH)
    if not collab:
        print("  (no importtime output)")
    for name, (cumulative, self_us) in sorted(collab.items(), key=lambda kv: -kv[1][0])[:8]:
        print(f"  {cumulative / 1000:8.1f} ms cumulative  {self_us / 1000:7.1f} ms self  {name}")
    bare = importtime(args.python, env, BARE_IMPORTS)
    extra = {name: times for name, times in collab.items() if name not in bare}
    if extra:
        total = sum(self_us for _, self_us in extra.values()) / 1000
        print(
            f"Modules the bare app does not import ({len(extra)}, {total:.1f} ms self time in all), slowest:"
        )
    for name, (_, self_us) in sorted(extra.items(), key=lambda kv: -kv[1][1])[:10]:
        print(f"  {self_us / 1000:8.1f} ms self  {name}")
    return 0


if __name__ == "__main__":
    report_errors(main)
