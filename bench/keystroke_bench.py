#!/usr/bin/env python3
"""Keystroke benchmark: from the last key of a query to its results on screen, in tmux.

    python bench/keystroke_bench.py [--python PATH] [--rounds 3] [--size 120x40] [--db PATH]

Prints the figures; it never fails. Target (issue 17): median keystroke to
result at most 50 ms at 120x40.

collab-tui runs in a detached tmux session (own socket). For each query the
search bar is cleared (ctrl+u), everything but the last character is typed and
left to settle (its own results on screen), then the last character is sent and
`tmux capture-pane` is polled every ~3 ms. Two times are taken from the moment
the key is sent: the echo (the whole query shown in the search bar: the app's
own keystroke-to-frame floor, the reference measured in the same run) and the
result (the results list exactly as it looks once that query has settled,
captured beforehand). A query whose list does not change with its last key is
not counted. Compare figures from the same run only: these
machines are noisy.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import sys
import time
from pathlib import Path

from common import ROOT, Tmux, compiled_env, env_command, quantile, report_errors, wait_for

sys.path.insert(0, str(ROOT))

SOCKET = "s17-keys"
SESSION = "keys"
TARGET_MS = 50.0
POLL = 0.003
TIMEOUT = 5.0
READY_MARKER = "Avon and Somerset"
QUERIES = [
    "wenmn", "hogan howe", "cfo cumbria", "thrapston", "mountsteven", "pcc kent", "lifewise",
    "poynton hub", "des pritchard", "JESIP", "marsh hampshire", "vera bard", "st asaph", "rutland",
]  # fmt: skip


tmux = Tmux(SOCKET)


def screen() -> list[str]:
    return tmux.capture(SESSION).splitlines()


def bar_index(lines: list[str], text: str) -> int | None:
    """The line of the search bar if it shows exactly ``text`` (within the top few lines)."""
    for i, line in enumerate(lines[:4]):
        if line.strip() == text:
            return i
    return None


def results_show(lines: list[str], query: str, name: str) -> bool:
    """The search bar shows ``query`` and the results list below it lists ``name``."""
    region = results_region(lines, query)
    return region is not None and any(name in line for line in region)


def results_region(lines: list[str], query: str) -> tuple[str, ...] | None:
    """The results list's lines if the search bar shows ``query``, else None."""
    i = bar_index(lines, query)
    if i is None:
        return None
    region = []
    for line in lines[i + 1 : i + 16]:
        region.append(line)
        if "╰" in line:
            break
    return tuple(region)


def top_names(db_path: str | None) -> dict[str, str]:
    """The top hit's name for each query and for each query without its last character."""
    from collab_tui.db import Database
    from collab_tui.search import Index

    with Database(db_path) as db:
        index = Index.build(db)
        names = {}
        for q in QUERIES:
            for text in (q, q[:-1]):
                hits = index.search(text, limit=12)
                names[text] = hits[0].name if hits else ""
    return names


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--python", default=sys.executable)
    parser.add_argument("--rounds", type=int, default=3, help="times through the query list (default 3)")
    parser.add_argument("--size", default="120x40")
    parser.add_argument("--db", metavar="PATH")
    args = parser.parse_args()
    if shutil.which("tmux") is None:
        print("tmux not found: nothing measured")
        return 0
    env = compiled_env(TERM="xterm-256color")
    names = top_names(args.db)
    width, _, height = args.size.partition("x")
    argv = [args.python, "-m", "collab_tui", *(["--db", str(Path(args.db).resolve())] if args.db else [])]
    command = env_command(env, argv)
    echoes: list[float] = []
    results: list[float] = []
    skipped: list[str] = []
    per_query: dict[str, list[float]] = {}
    with tmux.server((width, height), command, SESSION):
        if not wait_for(lambda: any(READY_MARKER in line for line in screen()), 20):
            print("collab-tui did not show its first screen: nothing measured")
            return 0
        # "/" focuses the search bar; keys sent while the app is still starting may be lost: retry.
        for _ in range(20):
            time.sleep(0.25)
            tmux("send-keys", "-t", SESSION, "-l", "/")
            time.sleep(0.1)
            tmux("send-keys", "-t", SESSION, "-l", QUERIES[0])
            if wait_for(lambda: bar_index(screen(), QUERIES[0]) is not None, 1.0):
                break
            tmux("send-keys", "-t", SESSION, "Escape")
        # The index is built after the first paint: wait until a search answers.
        if not wait_for(lambda: results_show(screen(), QUERIES[0], names[QUERIES[0]]), 20):
            print("the search never answered: nothing measured")
            return 0
        previous = QUERIES[0]

        def type_and_settle(text: str) -> tuple[str, ...] | None:
            """Clear the bar, type ``text``, wait for its top hit, then for the list to stop changing."""
            nonlocal previous
            tmux("send-keys", "-t", SESSION, "C-u")
            wait_for(lambda p=previous: bar_index(screen(), p) is None, TIMEOUT)  # type: ignore[misc]
            tmux("send-keys", "-t", SESSION, "-l", text)
            previous = text
            if not wait_for(lambda: results_show(screen(), text, names[text]), TIMEOUT):
                return None
            time.sleep(0.15)  # let any late update land
            return results_region(screen(), text)

        # What each query's results look like once settled: the state a keystroke must reach.
        final = {q: type_and_settle(q) for q in QUERIES}
        for _ in range(max(1, args.rounds)):
            for query in QUERIES:
                prefix, last = query[:-1], query[-1]
                before = type_and_settle(prefix)
                if before is None or final[query] is None or before == final[query]:
                    skipped.append(query)  # the last key changes nothing visible: nothing to time
                    continue
                start = time.perf_counter()
                tmux("send-keys", "-t", SESSION, "-l", last)
                previous = query
                echo = result = None
                while time.perf_counter() - start < TIMEOUT and result is None:
                    lines = screen()
                    now = time.perf_counter() - start
                    if echo is None and bar_index(lines, query) is not None:
                        echo = now
                    if results_region(lines, query) == final[query]:
                        result = now
                        echo = echo if echo is not None else now
                    time.sleep(POLL)
                if echo is None or result is None:
                    skipped.append(query)
                    continue
                echoes.append(echo * 1000)
                results.append(result * 1000)
                per_query.setdefault(query, []).append(result * 1000)

    print(f"Keystroke to result, tmux {args.size}, {len(results)} keystrokes ({len(skipped)} not counted)")
    if skipped:
        print(
            "not counted (the last key changed nothing visible, or no answer): "
            + ", ".join(sorted(set(skipped)))
        )
    if not results:
        print("nothing measured")
        return 0
    med_echo, med_result = statistics.median(echoes), statistics.median(results)
    print(f"{'':<28}{'median ms':>10}{'p90 ms':>8}{'min ms':>8}")
    for label, values in (("echo in the search bar", echoes), ("result on screen", results)):
        p90 = quantile(values, 90)
        print(f"{label:<28}{statistics.median(values):>10.0f}{p90:>8.0f}{min(values):>8.0f}")
    print(f"result over echo: +{med_result - med_echo:.0f} ms (median)")
    verdict = "met" if med_result <= TARGET_MS else "NOT met"
    print(f"median keystroke to result: {med_result:.0f} ms (target <= {TARGET_MS:.0f} ms: {verdict})")
    slowest = sorted(per_query.items(), key=lambda kv: -statistics.median(kv[1]))[:3]
    print("slowest queries: " + ", ".join(f"{q!r} {statistics.median(v):.0f} ms" for q, v in slowest))
    return 0


if __name__ == "__main__":
    report_errors(main)
