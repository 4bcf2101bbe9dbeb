#!/usr/bin/env python3
"""Report pane benchmark: reading the text, find, wrapping, opening the pane and jumping, real and 100x.

    python bench/report_bench.py [--db data/collab.db] [--scale 100] [--rounds 15]

Prints the figures; it never fails. Every figure is set beside a reference measured in the same run,
as these machines are noisy:

- loading the report (text, parts, paragraphs, records of every line) against reading the bare
  source_line table;
- find (FTS5 phrase and prefix, the literal fallback) against a plain ``str.find`` loop counting
  every occurrence over the same text, lower-cased, joined, already in memory;
- wrapping every line to a width (what the view does on open and on resize);
- in a headless app (Textual's Pilot, 120x40): key 5 to the Report pane painted, against key 2 to
  the Leaders pane painted (both built on first show); the contents' last section painted, and a
  find typed into the find bar painted, against a key that does nothing (the harness's round trip).

The synthetic text is the report SCALE times over (151,700 lines at 100x) in a copy of the database,
its FTS5 index rebuilt; the records stay those of the first copy.
"""

from __future__ import annotations

import argparse
import asyncio
import shutil
import sqlite3
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from common import ROOT

sys.path.insert(0, str(ROOT))

from collab_tui.db import Database
from collab_tui.report import Report
from collab_tui.report_layout import Layout

QUERIES = [
    ("Guardian Series", "a phrase (FTS5)"),
    ("collab*", "a prefix (FTS5)"),
    ("police", "a common word (FTS5)"),
    ("tri-service", "a hyphenated word (literal)"),
    ("£100,000", "an amount (literal)"),
    ("zzqx nothing", "no hit (FTS5)"),
]


def ms(seconds: float) -> str:
    return f"{seconds * 1000:.2f} ms"


def timed(fn: Callable[[], object], rounds: int) -> float:
    """The median wall time of ``rounds`` calls."""
    times = []
    for _ in range(rounds):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def synthetic_db(source: Path, scale: int, folder: Path) -> Path:
    """A copy of the database whose source_line holds the report ``scale`` times over."""
    out = folder / f"collab-x{scale}.db"
    shutil.copyfile(source, out)
    conn = sqlite3.connect(out)
    rows = conn.execute("SELECT line, text FROM source_line ORDER BY line").fetchall()
    n = len(rows)
    with conn:
        conn.executemany(
            "INSERT INTO source_line (line, text) VALUES (?, ?)",
            ((k * n + line, text) for k in range(1, scale) for line, text in rows),
        )
        conn.execute("INSERT INTO source_line_fts (source_line_fts) VALUES ('rebuild')")
        conn.execute("UPDATE meta SET value = ? WHERE key = 'source_lines'", (str(n * scale),))
    conn.close()
    return out


def plain_find(lines: list[str], needle: str) -> int:
    """The reference: every occurrence of needle in the lower-cased, joined text (built beforehand)."""
    hay = plain_find.hay  # type: ignore[attr-defined]
    needle = needle.lower().strip("*")
    count, at = 0, hay.find(needle)
    while at >= 0:
        count += 1
        at = hay.find(needle, at + len(needle))
    return count


def core(label: str, path: Path, rounds: int) -> Report:
    print(f"\n## {label}: {path.name}")
    with Database(path) as db:
        n = db.conn.execute("SELECT count(*) FROM source_line").fetchone()[0]
        bare = timed(lambda: db.conn.execute("SELECT line, text FROM source_line").fetchall(), rounds)
        load = timed(lambda: Report.load(db), max(3, rounds // 3))
        report = Report.load(db)
        print(
            f"lines: {n:,}; paragraphs: {len(report.paragraphs):,}; lines with records: {len(report.records):,}"
        )
        print(f"load the report:        {ms(load):>12}   (reference, read source_line bare: {ms(bare)})")
        wrap = timed(lambda: Layout(report.lines, 90), max(3, rounds // 3))
        print(f"wrap every line at 90:  {ms(wrap):>12}   ({Layout(report.lines, 90).rows:,} rows)")
        plain_find.hay = "\n".join(report.lines).lower()  # type: ignore[attr-defined]
        report.find("warm")  # the literal scan's folded text is built once, on first use
        print(f"{'find':<42}{'hits':>8}{'method':>8}{'find':>12}{'str.find':>12}{'ratio':>8}")
        for query, what in QUERIES:
            result = report.find(query)
            took = timed(lambda q=query: report.find(q), rounds)  # type: ignore[misc]
            ref = timed(lambda q=query: plain_find(report.lines, q), rounds)  # type: ignore[misc]
            print(f"{query + ' (' + what + ')':<42}{result.count:>8,}{result.method:>8}{ms(took):>12}{ms(ref):>12}"
                  f"{took / ref if ref else float('nan'):>7.1f}x")  # fmt: skip
        report.conn = None  # the connection closes with the database
        return report


async def app_timings(path: Path, label: str, runs: int) -> None:
    from textual.widgets import Input

    from collab_tui.app import CollabApp
    from collab_tui.widgets.report_pane import ReportPane

    opens, refs, jumps, noops, finds = [], [], [], [], []
    for _ in range(runs):
        app = CollabApp(path)
        async with app.run_test(size=(120, 40)) as pilot:
            await pilot.pause()
            await app.workers.wait_for_complete()
            await pilot.pause(0.3)
            start = time.perf_counter()
            await pilot.press("2")
            await pilot.pause()
            refs.append(time.perf_counter() - start)
            start = time.perf_counter()
            await pilot.press("5")
            await pilot.pause()
            pane = app.screen.query_one(ReportPane)
            while pane.view.wrapped is None:
                await pilot.pause()
            opens.append(time.perf_counter() - start)
            start = time.perf_counter()
            await pilot.press("z")  # bound to nothing: the harness's round trip
            await pilot.pause()
            noops.append(time.perf_counter() - start)
            start = time.perf_counter()
            pane.view.go_to_part(pane.report.parts[-1])
            await pilot.pause()
            jumps.append(time.perf_counter() - start)
            await pilot.press("slash")
            await pilot.pause()
            field = pane.query_one("#report-find-input", Input)
            start = time.perf_counter()
            field.value = "collab*"
            await pilot.pause()
            while pane.last_find != "collab*":
                await pilot.pause()
            finds.append(time.perf_counter() - start)
            hits = len(pane.view.hits)
    med = statistics.median
    print(f"\n## In the app, {label} (median of {runs} runs, 120x40)")
    print(
        f"key 5, the Report pane painted:     {ms(med(opens)):>12}   (reference, key 2 to Leaders: {ms(med(refs))})"
    )
    print(
        f"the last section from the contents: {ms(med(jumps)):>12}   (reference, a key bound to nothing: {ms(med(noops))})"
    )
    print(f"find 'collab*' typed, hits painted: {ms(med(finds)):>12}   ({hits:,} hits)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", default=str(ROOT / "data" / "collab.db"))
    parser.add_argument("--scale", type=int, default=100)
    parser.add_argument("--rounds", type=int, default=15)
    parser.add_argument("--app-runs", type=int, default=3)
    args = parser.parse_args()
    real = Path(args.db)
    print("# Report pane benchmark")
    core("real text", real, args.rounds)
    with tempfile.TemporaryDirectory() as tmp:
        start = time.perf_counter()
        big = synthetic_db(real, args.scale, Path(tmp))
        print(f"\n(synthetic {args.scale}x database built in {time.perf_counter() - start:.1f} s)")
        core(f"synthetic text, {args.scale}x", big, max(3, args.rounds // 3))
        asyncio.run(app_timings(real, "real text", args.app_runs))
        asyncio.run(app_timings(big, f"synthetic text, {args.scale}x", args.app_runs))


if __name__ == "__main__":
    main()
