"""The report's lines wrapped to a width, as display rows (the Report pane draws only the rows on screen).

Plain Python (no Textual, no Rich): the Report pane's view and bench/report_bench.py use it.
"""

from __future__ import annotations

from array import array
from collections.abc import Sequence


def wrap_starts(text: str, width: int) -> list[int]:
    """Where each row of ``text`` wrapped at ``width`` starts: breaks at spaces, else mid-word."""
    n = len(text)
    if n <= width:
        return [0]
    starts, pos = [0], 0
    while n - pos > width:
        cut = text.rfind(" ", pos + 1, pos + width + 1)
        nxt = pos + width if cut <= pos else cut + 1
        starts.append(nxt)
        pos = nxt
    return starts


class Layout:
    """The report's lines wrapped to a width, as display rows: only what is on screen is ever drawn.

    ``row_line[r]`` is the 1-based line of row r and ``row_start[r]`` where in that line it starts;
    ``first_row[n - 1]`` is the first row of line n.
    """

    def __init__(self, lines: Sequence[str], width: int) -> None:
        self.width = max(1, width)
        self.row_line = array("i")
        self.row_start = array("i")
        self.first_row = array("i")
        w = self.width
        rows = 0
        for n, text in enumerate(lines, start=1):
            self.first_row.append(rows)
            if len(text) <= w:
                self.row_line.append(n)
                self.row_start.append(0)
                rows += 1
                continue
            starts = wrap_starts(text, w)
            self.row_line.extend([n] * len(starts))
            self.row_start.extend(starts)
            rows += len(starts)
        self.rows = rows
        self._lines = lines

    def row_span(self, row: int) -> tuple[int, int, int]:
        """(line, start, end) of a display row: the slice of the line's text it shows."""
        line = self.row_line[row]
        start = self.row_start[row]
        if row + 1 < self.rows and self.row_line[row + 1] == line:
            end = self.row_start[row + 1]
        else:
            end = len(self._lines[line - 1])
        return line, start, end

    def row_of(self, line: int, offset: int = 0) -> int:
        """The display row showing ``offset`` of ``line``."""
        if not self.rows:
            return 0
        line = min(max(line, 1), len(self.first_row))
        first = self.first_row[line - 1]
        last = self.first_row[line] if line < len(self.first_row) else self.rows
        row = first
        while row + 1 < last and self.row_start[row + 1] <= offset:
            row += 1
        return row
