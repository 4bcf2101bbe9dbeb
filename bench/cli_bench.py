#!/usr/bin/env python3
"""CLI benchmark: `collab-tui search wenmn --json` and `show cumbria --json` against bare Python.

    python bench/cli_bench.py [--python PATH] [--runs 15] [--db PATH]

Prints the figures; it never fails. Target (issue 17): each lookup at most 4x
the time of `python -c pass` measured in the same run. The three commands run
interleaved (bare, search, show, then the next round in another order), after
one discarded warm-up each; the package is byte-compiled first, as pip does on
install. The `collab-tui` script beside the interpreter is used if there is
one, else `python -m collab_tui`. Then one run of each lookup is broken down
in-process (imports, opening the database, the search index, the lookup, the
JSON) and the modules each one imports are counted (Rich and Textual should
be none).
"""

from __future__ import annotations

import argparse
import compileall
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TARGET_RATIO = 4.0

BREAKDOWN = r"""
import time
t0 = time.perf_counter()
import json, sys
marks = [("start", t0)]
def mark(label):
    marks.append((label, time.perf_counter()))
import collab_tui.cli as cli
mark("import collab_tui.cli")
from collab_tui import db as db_module, search as search_module
mark("import db, search")
original_db_init = db_module.Database.__init__
def db_init(self, *a, **k):
    original_db_init(self, *a, **k)
    mark("open the database")
db_module.Database.__init__ = db_init
for name in ("build", "load"):
    original = getattr(search_module.Index, name, None)
    if original is None:
        continue
    def timed(*a, _original=original, _name=name, **k):
        result = _original(*a, **k)
        mark(f"search index ({_name})")
        return result
    setattr(search_module.Index, name, classmethod(lambda cls, *a, _t=timed, **k: _t(*a, **k)))
import io, contextlib
buffer = io.StringIO()
with contextlib.redirect_stdout(buffer):
    code = cli.main(sys.argv[1:])
mark("lookup and JSON")
steps = [(label, (t - prev) * 1000) for (label, t), (_, prev) in zip(marks[1:], marks[:-1])]
modules = sorted(sys.modules)
print(json.dumps({"steps": steps, "code": code, "total": (marks[-1][1] - t0) * 1000,
                  "modules": len(modules),
                  "rich": sum(m.split(".")[0] == "rich" for m in modules),
                  "textual": sum(m.split(".")[0] == "textual" for m in modules)}))
"""


def command_for(python: str) -> list[str]:
    script = Path(python).parent / "collab-tui"
    return [str(script)] if script.exists() else [python, "-m", "collab_tui"]


def run(argv: list[str], env: dict[str, str]) -> float:
    start = time.perf_counter()
    subprocess.run(argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env, check=False)
    return (time.perf_counter() - start) * 1000


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--python", default=sys.executable)
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--db", metavar="PATH")
    args = parser.parse_args()
    compileall.compile_dir(str(ROOT / "collab_tui"), quiet=1)
    env = {
        **os.environ,
        "PYTHONPATH": os.pathsep.join(p for p in (str(ROOT), os.environ.get("PYTHONPATH", "")) if p),
    }
    db = ["--db", str(Path(args.db).resolve())] if args.db else []
    collab = command_for(args.python)
    commands = {
        "python -c pass": [args.python, "-c", "pass"],
        "search wenmn --json": [*collab, *db, "search", "wenmn", "--json"],
        "show cumbria --json": [*collab, *db, "show", "cumbria", "--json"],
    }
    times: dict[str, list[float]] = {name: [] for name in commands}
    names = list(commands)
    for name in names:  # warm-up, discarded
        run(commands[name], env)
    for n in range(max(1, args.runs)):
        order = names if n % 2 == 0 else names[::-1]
        for name in order:
            times[name].append(run(commands[name], env))

    print(f"CLI lookups, {args.runs} interleaved runs each ({' '.join(collab)})")
    print(f"{'command':<24}{'median ms':>10}{'min ms':>8}{'ratio':>8}")
    bare = statistics.median(times["python -c pass"])
    for name in names:
        med = statistics.median(times[name])
        print(f"{name:<24}{med:>10.1f}{min(times[name]):>8.1f}{med / bare:>7.2f}x")
    worst = max(statistics.median(times[n]) for n in names[1:]) / bare
    verdict = "met" if worst <= TARGET_RATIO else "NOT met"
    print(f"slowest lookup / bare python: {worst:.2f}x (target <= {TARGET_RATIO:.0f}x: {verdict})")

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
    try:
        sys.exit(main())
    except Exception as exc:  # a benchmark reports, it never fails
        print(f"benchmark error: {type(exc).__name__}: {exc}")
        sys.exit(0)
