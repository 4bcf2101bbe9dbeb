#!/usr/bin/env python3
"""Where start-up time goes: collab-tui from process start to its first frame, broken down.

    python bench/profile_startup.py [--runs 5] [--size 120x40] [--cprofile] [--db PATH]

Prints figures; it never fails. The package is byte-compiled first (as pip does on
install). Each run starts `collab-tui` in a detached tmux session (own socket,
real terminal driver) through a small wrapper that times, without a profiler:

- interpreter start (`python -c pass`, measured separately in the same run),
- imports before the app runs (cli, app, the main screen and its widgets; with no garbage collection,
  as `python -m collab_tui` and the `collab-tui` script import them),
- opening the database, and the first query (the Areas rows),
- CSS: parsing app.tcss and every widget's DEFAULT_CSS, and applying styles,
- the Areas table's first fill (RecordTable.show_rows) and first render (DataTable lines),
- everything else up to Textual's Ready event, sent once the first frame is written,
- and the first write to the terminal holding the first row (what startup_bench.py waits for), with
  the CPU time then: Ready comes 10-25 ms after it.

It exits at Ready, so the figures stop at first paint. With --cprofile one more run
is profiled and the costliest functions (cumulative) are listed; a profiler roughly
doubles Python's cost, so read those as shares, not times. Finally
`python -X importtime` of the start-up path is summed by top-level package.
"""

from __future__ import annotations

import argparse
import json
import shutil
import statistics
import sys
import tempfile
from collections import defaultdict
from pathlib import Path

from common import ROOT, Tmux, compiled_env, env_command, importtime, report_errors, timed_run, wait_for

tmux = Tmux("s17-profile")
START_PATH = "import collab_tui.cli, collab_tui.app, collab_tui.screens.main"
TIMEOUT = 30.0

# sys.argv: [-c, out_json, profile_out or "", target, *collab args]; target is "collab" or a .py path.
WRAPPER = r"""
import time
t0 = time.perf_counter()
import json, sys
out, prof_out, target, args = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4:]
profiler = None
if prof_out:
    import cProfile
    profiler = cProfile.Profile()
    profiler.enable()
spent = {}
def probe(owner, name, label):
    original = getattr(owner, name)
    def timed(*a, **k):
        start = time.perf_counter()
        try:
            return original(*a, **k)
        finally:
            spent[label] = spent.get(label, 0.0) + time.perf_counter() - start
    setattr(owner, name, timed)
if target == "collab":
    import gc
    gc.disable()  # as collab_tui/__main__.py does before its imports (cli.launch freezes, then enables)
    import collab_tui.cli as cli
    import collab_tui.app
    import collab_tui.screens.main
else:
    import importlib.util
    spec = importlib.util.spec_from_file_location("bare_app", target)
    bare = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(bare)
t_imports = time.perf_counter()
import resource
def cpu_now():
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime
cpu_imports = cpu_now()
from textual.app import App
from textual.css.stylesheet import Stylesheet
from textual.widgets import DataTable
probe(Stylesheet, "parse", "css parse")
probe(Stylesheet, "reparse", "css parse")
probe(Stylesheet, "apply", "css apply")
probe(Stylesheet, "update_nodes", "css apply")
probe(DataTable, "render_line", "table render")
if target == "collab":
    from collab_tui import tables, db as db_module
    from collab_tui.widgets.record_table import RecordTable
    probe(db_module.Database, "__init__", "db open")
    probe(tables, "build_table", "first query (area table)")
    probe(RecordTable, "show_table", "table fill")
marks = {}
# The first write to the terminal that holds the first row (what startup_bench.py waits for in tmux):
# Textual's Ready comes after it (10-25 ms later), once the frame's after-refresh callbacks have run.
MARKER = "Avon and Somerset" if target == "collab" else "Bare row zulu 42"
from textual.drivers.linux_driver import LinuxDriver
_driver_write = LinuxDriver.write
def driver_write(self, data):
    if "painted" not in marks and MARKER in data:
        marks["painted"] = time.perf_counter()
        marks["cpu painted"] = cpu_now()
    return _driver_write(self, data)
LinuxDriver.write = driver_write
from textual.screen import Screen
_compositor_refresh = Screen._compositor_refresh
def compositor_refresh(self):
    _compositor_refresh(self)
    if "frame" not in marks and self.app._dom_ready is False:
        marks["frame"] = time.perf_counter()
Screen._compositor_refresh = compositor_refresh
def on_ready(self):
    marks["ready"] = time.perf_counter()
    import resource
    usage = resource.getrusage(resource.RUSAGE_SELF)
    marks["cpu"] = usage.ru_utime + usage.ru_stime
    sources = []
    for read_from, source in list(self.stylesheet.source.items()):
        fresh = Stylesheet(variables=self.stylesheet._variables)
        start = time.perf_counter()
        fresh._parse_rules(source.content, read_from, source.is_defaults, source.tie_breaker, source.scope)
        name = read_from[1] or read_from[0].rsplit("/", 1)[-1]
        sources.append((name, len(source.content), time.perf_counter() - start))
    marks["sources"] = sources
    self.exit()
App.on_ready = on_ready
orig_run = App.run
def run(self, *a, **k):
    marks["run"] = time.perf_counter()
    marks["cpu run"] = cpu_now()
    return orig_run(self, *a, **k)
App.run = run
try:
    if target == "collab":
        cli.main(args)
    else:
        bare.BareApp().run()
finally:
    if profiler is not None:
        profiler.disable()
        profiler.dump_stats(prof_out)
    ready = marks.get("ready", time.perf_counter())
    figures = {
        "imports": t_imports - t0,
        "before run": marks.get("run", ready) - t_imports,
        "to ready": ready - t0,
        "to frame": marks.get("frame", ready) - t0,
        "to painted": marks.get("painted", ready) - t0,
        "cpu painted": marks.get("cpu painted", marks.get("cpu", 0.0)),
        "ready seen": "ready" in marks,
        "cpu": marks.get("cpu", 0.0),
        "cpu imports": cpu_imports,
        "cpu run": marks.get("cpu run", 0.0),
        "sources": marks.get("sources", []),
        **spent,
    }
    with open(out, "w") as f:
        json.dump(figures, f)
"""

PROBES = (
    "db open",
    "first query (area table)",
    "css parse",
    "css apply",
    "table fill",
    "table render",
)
BARE_PROBES = frozenset({"css parse", "css apply", "table render"})


def run_in_tmux(argv: list[str], env: dict[str, str], size: tuple[str, str], done: Path, n: int) -> bool:
    session = f"prof-{n}"
    tmux("new-session", "-d", "-s", session, "-x", size[0], "-y", size[1], env_command(env, argv))
    try:
        return wait_for(lambda: done.exists() and done.read_text().strip(), TIMEOUT, 0.02)
    finally:
        tmux("kill-session", "-t", session)


def python_start_ms(python: str, runs: int) -> float:
    return statistics.median(timed_run([python, "-c", "pass"])[0] for _ in range(runs))


def importtime_by_package(python: str, env: dict[str, str]) -> tuple[float, dict[str, float]]:
    """Self time of every import on the start-up path, summed by top-level package (ms)."""
    by_package: dict[str, float] = defaultdict(float)
    total = 0.0
    for name, (_, self_us) in importtime(python, env, START_PATH).items():
        package = name.split(".")[0]
        if package not in ("textual", "rich", "collab_tui", "rapidfuzz", "sqlite_utils"):
            package = "stdlib/other"
        by_package[package] += self_us / 1000
        total += self_us / 1000
    return total, dict(by_package)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--python", default=sys.executable)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--size", default="120x40")
    parser.add_argument("--cprofile", action="store_true", help="also profile one run and list hot functions")
    parser.add_argument("--db", metavar="PATH")
    args = parser.parse_args()
    if shutil.which("tmux") is None:
        print("tmux not found: nothing measured")
        return 0
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    from startup_bench import BARE_APP

    width, _, height = args.size.partition("x")
    size = (width, height)
    env = compiled_env(TERM="xterm-256color")
    collab_args = ["--db", str(Path(args.db).resolve())] if args.db else []
    results: dict[str, list[dict[str, float]]] = {"collab": [], "bare": []}
    with tempfile.TemporaryDirectory(prefix="s17-profile-") as tmpdir:
        tmp = Path(tmpdir)
        bare_path = tmp / "bare_app.py"
        bare_path.write_text(BARE_APP, encoding="utf-8")
        targets = {"collab": ["collab", *collab_args], "bare": [str(bare_path)]}
        prof = tmp / "startup.prof"
        with tmux.server(size):
            for n in range(args.runs + 1):  # run 0 warms the caches and is dropped
                for name in ("collab", "bare") if n % 2 else ("bare", "collab"):
                    out = tmp / f"{name}-{n}.json"
                    argv = [args.python, "-c", WRAPPER, str(out), "", *targets[name]]
                    if run_in_tmux(argv, env, size, out, n) and n:
                        figures = json.loads(out.read_text())
                        if figures.get("ready seen"):
                            results[name].append(figures)
            if args.cprofile:
                out = tmp / "prof.json"
                argv = [args.python, "-c", WRAPPER, str(out), str(prof), *targets["collab"]]
                run_in_tmux(argv, env, size, out, 99)
        start_ms = python_start_ms(args.python, 9)
        if not results["collab"] or not results["bare"]:
            print("a program never reached its first frame: nothing to compare")
            return 0

        def med(name: str, key: str) -> float:
            return statistics.median(r.get(key, 0.0) for r in results[name]) * 1000

        print(f"Start-up to first frame (Textual's Ready), tmux {args.size}, median of "
              f"{len(results['collab'])}/{len(results['bare'])} alternating runs; bare = Header, Input, "
              "DataTable, Footer")  # fmt: skip
        print(f"  {'':<40}{'collab-tui':>11}{'bare':>9}")
        print(f"  {'python -c pass (interpreter start)':<40}{start_ms:8.1f} ms")

        def line(label: str, collab: float, bare: float | None) -> None:
            shown = f"{bare:6.1f} ms" if bare is not None else ""
            print(f"  {label:<40}{collab:8.1f} ms{shown:>10}")

        line("imports before the app runs", med("collab", "imports"), med("bare", "imports"))
        line("then to App.run (argv, db open, init)", med("collab", "before run"), med("bare", "before run"))
        after = {n: med(n, "to ready") - med(n, "imports") - med(n, "before run") for n in results}
        line("App.run to first frame", after["collab"], after["bare"])
        painted = {n: med(n, "to painted") - med(n, "imports") - med(n, "before run") for n in results}
        line("App.run to the first row's write", painted["collab"], painted["bare"])
        for key in PROBES:
            line(f"  {key}", med("collab", key), med("bare", key) if key in BARE_PROBES else None)
        line("total after interpreter start", med("collab", "to ready"), med("bare", "to ready"))
        line("CPU time: imports", med("collab", "cpu imports"), med("bare", "cpu imports"))
        line("CPU time: to App.run", med("collab", "cpu run"), med("bare", "cpu run"))
        line("CPU time of the process at first frame", med("collab", "cpu"), med("bare", "cpu"))
        line("CPU time at the first row's write", med("collab", "cpu painted"), med("bare", "cpu painted"))
        ratio = med("collab", "to ready") / med("bare", "to ready")
        print(f"  ratio to first frame (after interpreter start): {ratio:.2f}x; CPU: "
              f"{med('collab', 'cpu') / med('bare', 'cpu'):.2f}x")  # fmt: skip
        print(f"  ratio to the first row's write: {med('collab', 'to painted') / med('bare', 'to painted'):.2f}x; "
              f"CPU: {med('collab', 'cpu painted') / med('bare', 'cpu painted'):.2f}x")  # fmt: skip
        print("  (db open is within 'then to App.run'; the other probes within 'App.run to first frame')")
        print()
        print("CSS sources parsed before the first frame, each parsed alone (median ms):")
        for name in results:
            per_source: dict[str, list[float]] = defaultdict(list)
            chars: dict[str, int] = {}
            for r in results[name]:
                for label, size_chars, seconds in r.get("sources", []):  # type: ignore[attr-defined]
                    per_source[label].append(seconds * 1000)
                    chars[label] = size_chars
            medians = sorted(((statistics.median(v), k) for k, v in per_source.items()), reverse=True)
            total = sum(m for m, _ in medians)
            top = ", ".join(f"{k} ({chars[k]} chars) {m:.1f}" for m, k in medians[:6])
            print(f"  {name}: {len(medians)} sources, {total:.1f} ms in all; largest: {top}")

        if args.cprofile and prof.exists():
            import pstats

            print()
            print(
                "cProfile of one collab-tui run to first frame (cumulative; a profiler inflates every figure):"
            )
            stats = pstats.Stats(str(prof))
            rows = []
            for (filename, lineno, func), (_, _, _, cum, _) in stats.stats.items():  # type: ignore[attr-defined]
                short = filename.split("site-packages/")[-1].replace(str(ROOT) + "/", "")
                if "importlib" in short or "asyncio" in short or func.startswith("<built-in"):
                    continue
                rows.append((cum, f"{short}:{lineno}({func})"))
            rows.sort(reverse=True)
            for cum, name in rows[:45]:
                print(f"  {cum * 1000:8.1f} ms  {name}")

    total, by_package = importtime_by_package(args.python, env)
    print()
    print(
        f"python -X importtime of the start-up path: {total:.1f} ms of import work, by package (self time):"
    )
    for package, ms in sorted(by_package.items(), key=lambda kv: -kv[1]):
        print(f"  {package:<16}{ms:8.1f} ms")
    return 0


if __name__ == "__main__":
    report_errors(main)
