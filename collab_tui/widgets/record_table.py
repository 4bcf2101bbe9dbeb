"""A table of records that sorts by any column from the keyboard."""

from __future__ import annotations

from collections.abc import Sequence

from rich.text import Text
from textual.binding import Binding

from collab_tui.browse import Column, Row
from collab_tui.text import clean, shorten
from collab_tui.widgets.plain_cells import PlainCellTable


class RecordTable(PlainCellTable[Text]):
    """Rows of records; each row key is "kind:id".

    | Key | Does |
    | :- | :- |
    | up/down, j/k | move |
    | enter | open the record in the detail view |
    | s | sort by the next column |
    | S | reverse the sort |
    """

    BINDINGS = [
        Binding("j", "cursor_down", "Down", show=False),
        Binding("k", "cursor_up", "Up", show=False),
        Binding("s", "sort_next", "Sort", tooltip="Sort by the next column", id="table.sort"),
        Binding(
            "S", "sort_reverse", "Reverse", show=False, tooltip="Reverse the sort order", id="table.reverse"
        ),
    ]

    def __init__(self, columns: Sequence[Column], *, id: str | None = None) -> None:
        super().__init__(id=id, cursor_type="row", zebra_stripes=True)
        self.record_columns = tuple(columns)
        self.rows_data: list[Row] = []
        self.sort_column = 0
        self.sort_reverse = self.record_columns[0].numeric if self.record_columns else False

    def on_mount(self) -> None:
        self._ensure_columns()

    def _ensure_columns(self) -> None:
        if not self.columns:
            for i, column in enumerate(self.record_columns):
                self.add_column(self._header(i), key=column.key)

    def _header(self, index: int) -> Text:
        column = self.record_columns[index]
        if index == self.sort_column:
            arrow = " ▼" if self.sort_reverse else " ▲"
            return Text(column.label + arrow, style="bold")
        return Text(column.label)

    def show_rows(self, rows: Sequence[Row], keep: str | None = None) -> None:
        """Replace the rows, keeping the cursor on ``keep`` (a "kind:id") if it is still there."""
        self.rows_data = list(rows)
        self._redraw(keep)

    def current_key(self) -> str | None:
        """The highlighted record as "kind:id"."""
        if not self.row_count:
            return None
        key = self.coordinate_to_cell_key(self.cursor_coordinate).row_key.value
        return str(key).partition("@")[0] if key is not None else None

    def _redraw(self, keep: str | None = None) -> None:
        self._ensure_columns()
        keep = keep or self.current_key()
        column = self.sort_column
        ordered = sorted(self.rows_data, key=lambda r: (r.sort[column], r.sort), reverse=self.sort_reverse)
        self.clear()
        for i, _ in enumerate(self.record_columns):
            self.columns[list(self.columns)[i]].label = self._header(i)
        seen: dict[str, int] = {}
        for row in ordered:
            # Text, never str: a str cell would be read as markup, and data may hold "[".
            style = "bold" if row.flagged else ""
            cells = [
                Text(clean(shorten(cell, 500)[0]), style=style, no_wrap=True, overflow="ellipsis")
                for cell in row.cells
            ]
            key = f"{row.kind}:{row.id}"
            seen[key] = seen.get(key, 0) + 1
            # A person with two roles has two rows: the second key is "person:id@2".
            self.add_row(*cells, key=key if seen[key] == 1 else f"{key}@{seen[key]}")
        self.refresh()
        if keep is not None:
            self.select_key(keep)

    def select_key(self, key: str) -> bool:
        """Move the cursor to the row of ``key``; False if it is not shown."""
        try:
            index = self.get_row_index(key)
        except Exception:
            return False
        self.move_cursor(row=index, animate=False, scroll=True)
        return True

    def action_sort_next(self) -> None:
        self.sort_column = (self.sort_column + 1) % len(self.record_columns)
        self.sort_reverse = self.record_columns[self.sort_column].numeric
        self._redraw()
        self.notify(f"Sorted by {self.record_columns[self.sort_column].label}", timeout=1.5)

    def action_sort_reverse(self) -> None:
        self.sort_reverse = not self.sort_reverse
        self._redraw()
