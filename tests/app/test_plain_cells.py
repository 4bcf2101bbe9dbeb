"""PlainCellTable draws exactly what DataTable draws, only faster: segment for segment, style for style."""

from __future__ import annotations

from typing import Any

import pytest
from rich.style import Style
from rich.text import Text
from textual.app import App, ComposeResult
from textual.widgets import DataTable

from collab_tui import tables
from collab_tui.db import Database
from collab_tui.widgets.plain_cells import PlainCellTable, plain_line


class TableApp(App[None]):
    def __init__(self, rows: list[list[Text]], headers: list[Text]) -> None:
        super().__init__()
        self.rows = rows
        self.headers = headers

    def compose(self) -> ComposeResult:
        yield PlainCellTable(cursor_type="row", zebra_stripes=True)

    def on_mount(self) -> None:
        table = self.query_one(PlainCellTable)
        for header in self.headers:
            table.add_column(header)
        for row in self.rows:
            table.add_row(*row)


def cells_from(db: Database) -> tuple[list[Text], list[list[Text]]]:
    """The Areas rows as the app shows them, plus the shapes other tables use."""
    headers = [
        Text("Area ▲", style="bold"),
        Text("Nation"),
        Text("Report section"),
        Text("Projects"),
        Text("£"),
    ]
    rows = []
    areas = tables.build_table(db, "areas")
    keys = ("name", "nation", "section", "projects", "funding_gbp")
    for i, row in enumerate(areas.rows):
        texts = [row.cells[areas.column_index(k)].text for k in keys]
        style = "bold" if i % 7 == 3 else ""
        cells = [Text(c, style=style, no_wrap=True, overflow="ellipsis") for c in texts]
        cells[3] = Text(texts[3], justify="right", style=style)
        cells[4] = Text(texts[4], justify="left" if i % 2 else "right", no_wrap=True, overflow="ellipsis")
        rows.append(cells)
    return headers, rows


async def test_plain_cells_match_datatable_segment_for_segment(db: Database) -> None:
    headers, rows = cells_from(db)
    # Odd shapes DataTable must still draw: markup spans, two lines, and a cell wider than its column.
    rows[0][2] = Text.assemble(("Avon", "italic"), " and Somerset")
    rows[1][2] = Text("Cambridgeshire\nand Peterborough")
    assert sum(not cell.plain for row in rows for cell in row) > 10  # empty cells (no funding) compared too
    app = TableApp(rows, headers)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        table = app.query_one(PlainCellTable)
        # Narrow one column so its longest names must be cut with an ellipsis.
        first = table.ordered_columns[0]
        first.auto_width = False
        first.width = 10
        fast_cells = 0
        for base in (Style.parse("#e0e0e0 on #171717"), Style.parse("bold #e0e0e0 on #242f38")):
            for row_index in range(-1, table.row_count):
                for column_index, column in enumerate(table.ordered_columns):
                    width = column.get_render_width(table)
                    for cursor, hover in ((False, False), (True, False), (False, True)):
                        table._cell_render_cache.clear()
                        fast = table._render_cell(row_index, column_index, base, width, cursor, hover)
                        table._cell_render_cache.clear()
                        slow = DataTable._render_cell(
                            table, row_index, column_index, base, width, cursor, hover
                        )
                        assert fast == slow, (row_index, column_index, cursor, hover)
                    cell = table._get_row_renderables(row_index).cells[column_index]
                    fast_cells += plain_line(cell, width, table.cell_padding, base, Style()) is not None
        # The fast path did the work for most cells (all but the cut and odd ones), not silently none.
        assert fast_cells >= 0.7 * 2 * (table.row_count + 1) * 5


def test_plain_line_leaves_what_it_cannot_draw_to_datatable() -> None:
    style = Style.parse("on #171717")
    assert plain_line(Text("Avon and Somerset"), 30, 1, style, Style()) is not None
    assert plain_line(Text("Avon and Somerset"), 10, 1, style, Style()) is None  # would be cut
    assert plain_line(Text.assemble(("Avon", "bold"), " and"), 30, 1, style, Style()) is None  # a span
    assert plain_line(Text("Avon\nSomerset"), 30, 1, style, Style()) is None  # two lines
    assert plain_line(Text("Avon", justify="center"), 30, 1, style, Style()) is None
    # An empty cell is drawn too (its segments are checked against DataTable's in the test above).
    assert plain_line(Text(""), 30, 1, style, Style()) is not None


class TwoTablesApp(App[None]):
    """The same rows in a PlainCellTable and in a plain DataTable, side by side, neither focused."""

    CSS = "Horizontal > * { width: 1fr; }"

    def __init__(self, rows: list[list[Text]], headers: list[Text]) -> None:
        super().__init__()
        self.rows = rows
        self.headers = headers

    def compose(self) -> ComposeResult:
        from textual.containers import Horizontal

        with Horizontal():
            yield PlainCellTable(cursor_type="row", zebra_stripes=True, id="plain")
            yield DataTable(cursor_type="row", zebra_stripes=True, id="vanilla")

    def on_mount(self) -> None:
        for table in self.query(DataTable):
            table.can_focus = False
            for header in self.headers:
                table.add_column(header)
            for row in self.rows:
                table.add_row(*row)


async def test_whole_lines_match_datatable(db: Database) -> None:
    """Every line of the table (header, zebra rows, cursor row, fill) as DataTable draws it."""
    from textual.geometry import Region

    headers, rows = cells_from(db)
    app = TwoTablesApp(rows, headers)
    async with app.run_test(size=(200, 40)) as pilot:
        await pilot.pause()
        plain = app.query_one("#plain", PlainCellTable)
        vanilla = app.query_one("#vanilla", DataTable)
        assert plain.size == vanilla.size and plain.size.height > 30
        region = Region(0, 0, plain.size.width, plain.size.height)
        drawn = [list(strip) for strip in plain.render_lines(region)]
        expected = [list(strip) for strip in vanilla.render_lines(region)]
        # Text and styles (colours, bold, the row/column metadata mouse clicks read), segment by segment.
        assert [[(s.text, s.style) for s in line] for line in drawn] == [
            [(s.text, s.style) for s in line] for line in expected
        ]
        assert any("Avon and Somerset" in "".join(s.text for s in line) for line in drawn)


class FixedWidthsApp(App[None]):
    """The Areas rows in fixed-width columns (as RecordTable adds them), in both tables; one column may be
    auto-width and one row may have a label, which DataTable must measure."""

    CSS = "Horizontal > * { width: 1fr; }"

    def __init__(self, rows: list[list[Text]], auto_column: bool, labelled_row: bool) -> None:
        super().__init__()
        self.rows = rows
        self.auto_column = auto_column
        self.labelled_row = labelled_row

    def compose(self) -> ComposeResult:
        from textual.containers import Horizontal

        with Horizontal():
            yield PlainCellTable(cursor_type="row", zebra_stripes=True, id="plain")
            yield DataTable(cursor_type="row", zebra_stripes=True, id="vanilla")

    def on_mount(self) -> None:
        for table in self.query(DataTable):
            table.can_focus = False
            for index, width in enumerate((12, 8, 14, 6, 9)):
                auto = self.auto_column and index == 2
                table.add_column(f"Column {index}", width=None if auto else width)
            for n, row in enumerate(self.rows):
                table.add_row(*row, label="Row label" if self.labelled_row and n == 5 else None)


@pytest.mark.parametrize(
    ("auto_column", "labelled_row"),
    [(False, False), (True, False), (False, True)],
    ids=["fixed", "auto", "label"],
)
async def test_fixed_width_columns_are_not_measured_and_the_table_is_the_same(
    db: Database, monkeypatch: pytest.MonkeyPatch, auto_column: bool, labelled_row: bool
) -> None:
    """With fixed-width columns and plain rows, the new rows' cells are not measured (nothing could change):
    the table's size and every line are still DataTable's. An auto-width column or a row label is measured."""
    import inspect

    import textual.widgets._data_table as data_table
    from textual.geometry import Region

    _, rows = cells_from(db)
    measured: dict[str, int] = {"plain": 0, "vanilla": 0}
    measure = data_table.measure

    def counting(console: Any, renderable: Any, default: int, *args: Any, **kwargs: Any) -> int:
        frame = inspect.currentframe()
        caller = frame.f_back.f_locals.get("self") if frame is not None and frame.f_back is not None else None
        if isinstance(caller, DataTable) and caller.id:
            measured[caller.id] += 1
        return measure(console, renderable, default, *args, **kwargs)

    monkeypatch.setattr(data_table, "measure", counting)
    app = FixedWidthsApp(rows, auto_column, labelled_row)
    async with app.run_test(size=(220, 50)) as pilot:
        await pilot.pause()
        plain = app.query_one("#plain", PlainCellTable)
        vanilla = app.query_one("#vanilla", DataTable)
        assert plain.virtual_size == vanilla.virtual_size
        assert plain.virtual_size.height == len(rows) + 1
        region = Region(0, 0, plain.size.width, plain.size.height)
        assert [[(s.text, s.style) for s in strip] for strip in plain.render_lines(region)] == [
            [(s.text, s.style) for s in strip] for strip in vanilla.render_lines(region)
        ]
    cells = len(rows) * 5
    assert measured["vanilla"] >= cells  # DataTable measures every new cell
    if auto_column or labelled_row:
        assert measured["plain"] >= cells
    else:
        assert measured["plain"] < 10  # the column labels only
