#!/usr/bin/env python3
"""CLI benchmark: `collab-tui search wenmn` and `show cumbria`, with --json and without, against bare Python.

    python bench/cli_bench.py [--python PATH] [--runs 15] [--db PATH]

Prints the figures; it never fails. Target (issue 17): each lookup at most 4x
the time of `python -c pass` measured in the same run. Without --json the lookups print
Rich tables (stdout here is a pipe, as in a script; on a terminal the same tables). Each run's CPU time (user +
system, from getrusage) is printed beside its wall time: on a loaded machine the
CPU ratio is the steadier figure. The five commands run
interleaved (bare, the lookups, then the next round in the reverse order), after
one discarded warm-up each; the package is byte-compiled first, as pip does on
install. The `collab-tui` script beside the interpreter is used if there is
one, else `python -m collab_tui`. Then one run of each lookup is broken down
in-process (imports, opening the database, the names the build resolved for
`show`, the search index, the lookup, the JSON) and the modules each one
imports are counted (Rich and Textual should be none for --json).
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
from pathlib import Path

from common import compiled_env, report_errors, timed_run

TARGET_RATIO = 4.0

BREAKDOWN = r"""
import gc
gc.disable()  # as the collab-tui script runs (collab_tui/__main__.py)
import time
t0 = time.perf_counter()
import sys
marks = [("start", t0)]
def mark(label):
    marks.append((label, time.perf_counter()))
import collab_tui.cli as cli
mark("import collab_tui.cli")
from collab_tui import db as db_module
if "search" in sys.argv[1:]:  # (show imports the index only for a name the build did not resolve)
    from collab_tui.search import index as index_module
    mark("import the search (rapidfuzz)")
    original_load = index_module.Index.load.__func__
    def load(cls, db):
        result = original_load(cls, db)
        mark("search index (load)")
        return result
    index_module.Index.load = classmethod(load)
original_db_init = db_module.Database.__init__
def db_init(self, *a, **k):
    original_db_init(self, *a, **k)
    mark("open the database")
db_module.Database.__init__ = db_init
from collab_tui.search import names as names_module
original_choice = names_module.stored_choice
def stored_choice(*a, **k):
    result = original_choice(*a, **k)
    mark("stored names" + (" (found)" if result is not None else " (not found)"))
    return result
names_module.stored_choice = stored_choice
mark("(hooks)")
import io, contextlib
buffer = io.TextIOWrapper(io.BytesIO(), encoding="utf-8")  # as a pipe in a UTF-8 locale
with contextlib.redirect_stdout(buffer):
    code = cli.main(sys.argv[1:])
    buffer.flush()
mark("lookup and output")
steps = [(label, (t - prev) * 1000) for (label, t), (_, prev) in zip(marks[1:], marks[:-1])]
modules = sorted(sys.modules)
import json
print(json.dumps({"steps": steps, "code": code, "total": (marks[-1][1] - t0) * 1000,
                  "modules": len(modules),
                  "rich": sum(m.split(".")[0] == "rich" for m in modules),
                  "textual": sum(m.split(".")[0] == "textual" for m in modules)}))
"""


def command_for(python: str) -> list[str]:
    script = Path(python).parent / "collab-tui"
    return [str(script)] if script.exists() else [python, "-m", "collab_tui"]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--python", default=sys.executable)
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--db", metavar="PATH")
    args = parser.parse_args()
    env = {**os.environ, **compiled_env()}
    db = ["--db", str(Path(args.db).resolve())] if args.db else []
    collab = command_for(args.python)
    commands = {
        "python -c pass": [args.python, "-c", "pass"],
        "search wenmn --json": [*collab, *db, "search", "wenmn", "--json"],
        "show cumbria --json": [*collab, *db, "show", "cumbria", "--json"],
        "search wenmn": [*collab, *db, "search", "wenmn"],
        "show cumbria": [*collab, *db, "show", "cumbria"],
    }
    wall: dict[str, list[float]] = {name: [] for name in commands}
    cpu: dict[str, list[float]] = {name: [] for name in commands}
    names = list(commands)
    for name in names:  # warm-up, discarded
        timed_run(commands[name], env)
    for n in range(max(1, args.runs)):
        order = names if n % 2 == 0 else names[::-1]
        for name in order:
            w, c = timed_run(commands[name], env)
            wall[name].append(w)
            cpu[name].append(c)

    print(f"CLI lookups, {args.runs} interleaved runs each ({' '.join(collab)})")
    print(f"{'command':<24}{'median ms':>10}{'min ms':>8}{'ratio':>8}{'CPU ms':>9}{'CPU ratio':>10}")
    bare, bare_cpu = statistics.median(wall[names[0]]), statistics.median(cpu[names[0]])
    for name in names:
        med, med_cpu = statistics.median(wall[name]), statistics.median(cpu[name])
        print(
            f"{name:<24}{med:>10.1f}{min(wall[name]):>8.1f}{med / bare:>7.2f}x"
            f"{med_cpu:>9.1f}{med_cpu / bare_cpu:>9.2f}x"
        )
    worst = max(statistics.median(wall[n]) for n in names[1:]) / bare
    worst_cpu = max(statistics.median(cpu[n]) for n in names[1:]) / bare_cpu
    verdict = "met" if worst <= TARGET_RATIO else "NOT met"
    print(f"slowest lookup / bare python: {worst:.2f}x wall, {worst_cpu:.2f}x CPU "
          f"(target <= {TARGET_RATIO:.0f}x wall: {verdict})")  # fmt: skip
    json_names = [n for n in names[1:] if n.endswith("--json")]
    worst_json = max(statistics.median(wall[n]) for n in json_names) / bare
    worst_json_cpu = max(statistics.median(cpu[n]) for n in json_names) / bare_cpu
    print(f"slowest --json lookup / bare python: {worst_json:.2f}x wall, {worst_json_cpu:.2f}x CPU")

    print()
    print("One run of each, broken down in-process (ms):")
    for name in names[1:]:
        argv = [args.python, "-c", BREAKDOWN, *db, *commands[name][len(collab) + len(db) :]]
        proc = subprocess.run(argv, capture_output=True, text=True, env=env, check=False)
        try:
            data = json.loads(proc.stdout.strip().splitlines()[-1])
        except (ValueError, IndexError):
            print(f"  {name}: no breakdown ({proc.stderr.strip().splitlines()[-1:]})")
            continue
        steps = ", ".join(f"{label} {ms:.1f}" for label, ms in data["steps"])
        print(f"  {name}: {steps}; total {data['total']:.1f}")
        print(f"    {data['modules']} modules loaded; rich: {data['rich']}, textual: {data['textual']}")
    return 0


if __name__ == "__main__":
    report_errors(main)
