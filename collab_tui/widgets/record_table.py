"""A table of records: shows a core :class:`collab_tui.tables.Table`, fitted to its width, sortable by key."""

from __future__ import annotations

from typing import Literal

from rich.text import Text
from textual.binding import Binding
from textual.events import Resize

from collab_tui.models import RecordRef
from collab_tui.safe_text import clean, ellipsize, shorten
from collab_tui.tables import Table, TableRow, fit_columns
from collab_tui.widgets.plain_cells import PlainCellTable

# Cells either side of each column (DataTable's cell_padding of 1, twice).
PADDING = 2


class RecordTable(PlainCellTable[Text]):
    """Rows of records, the columns that fit its width, most important first.

    | Key | Does |
    | :- | :- |
    | up/down, j/k | move |
    | enter | open the record in the detail view |
    | s | sort by the next column shown |
    | S | reverse the sort |
    """

    BINDINGS = [
        Binding("j", "cursor_down", "Down", show=False),
        Binding("k", "cursor_up", "Up", show=False),
        Binding("s", "sort_next", "Sort", tooltip="Sort by the next column shown", id="table.sort"),
        Binding(
            "S", "sort_reverse", "Reverse", show=False, tooltip="Reverse the sort order", id="table.reverse"
        ),
    ]

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id, cursor_type="row", zebra_stripes=True)
        self.shown: Table | None = None
        """The table on screen, its rows in the order shown (what `e` exports)."""
        self.sort_column: int | None = None
        self.sort_reverse = False
        self.fitted: list[tuple[int, int]] = []
        """The columns on screen at this width: (index in the table's columns, width)."""
        self._fitted_for = -1
        self._revealing: RecordRef | None = None
        """The record select_ref() brought into view, until the cursor leaves it."""

    # --- what is shown -------------------------------------------------------------------------

    def show_table(self, table: Table, keep: RecordRef | None = None) -> None:
        """Show ``table`` (in the current sort, if one was chosen), the cursor on ``keep`` if listed."""
        keep = keep or self.current_ref()
        if self.sort_column is not None and self.sort_column < len(table.columns):
            table = table.sorted_by(self.sort_column, self.sort_reverse)
        else:
            self.sort_column, self.sort_reverse = table.sort_column, table.sort_reverse
        self.shown = table
        self._redraw(keep)

    def row(self, index: int) -> TableRow | None:
        """The table row at a position on screen."""
        if self.shown is None or not 0 <= index < len(self.shown.rows):
            return None
        return self.shown.rows[index]

    def current_ref(self) -> RecordRef | None:
        """The highlighted record."""
        row = self.row(self.cursor_row) if self.row_count else None
        return row.ref if row else None

    def select_ref(self, ref: RecordRef) -> bool:
        """Move the cursor to the first row of ``ref`` and keep it in view; False if it is not shown."""
        if self.shown is None:
            return False
        index = next((i for i, r in enumerate(self.shown.rows) if r.ref == ref), None)
        if index is None:
            return False
        self.move_cursor(row=index, animate=False, scroll=True)
        self._revealing = ref
        # The rows were just laid out: scroll once more after the refresh, when their size is known.
        self.call_after_refresh(self._keep_cursor_in_view)
        return True

    def _keep_cursor_in_view(self) -> None:
        if not self.row_count:
            return
        if self._revealing is not None and self._revealing == self.current_ref():
            # A record opened by name (a deep link, search, go to) while the table is still being
            # laid out (a lazily built pane, the detail mounted under it): where its row shows must
            # depend on the table's size now, not on the sizes it passed through on the way, so
            # scroll as if from the top. Once the cursor moves, scrolling is the usual least movement.
            self.scroll_to(y=0, animate=False, immediate=True)
        else:
            self._revealing = None
        self.move_cursor(row=self.cursor_row, animate=False, scroll=True)

    def watch_show_vertical_scrollbar(self, shown: bool) -> None:
        # Textual (8.2) moves a scrollbar's thumb only while the scrollbar is shown: a table scrolled
        # while it had none (its rows just replaced, not yet measured) showed the thumb where it was
        # before. So the thumb is put where the table is scrolled when the scrollbar appears.
        if shown:
            self.vertical_scrollbar.position = self.scroll_y

    # --- fitting the columns to the width ------------------------------------------------------

    def _available_width(self) -> int:
        # The content width, less a vertical scrollbar when there are more rows than lines.
        if not self.size.width:
            # Not laid out yet (the first fill): estimate from the terminal, as app.tcss lays it out
            # (55% beside the detail when wide, less borders and scrollbar); the resize then corrects it.
            width, height = self.app.size
            breakpoints = self.app.HORIZONTAL_BREAKPOINTS or []
            wide = any(name == "-wide" and width >= at for at, name in breakpoints)
            scrollbar = 2 if self.shown is not None and len(self.shown.rows) + 10 > height else 0
            return max(int(width * (0.55 if wide else 1.0)) - 2 - scrollbar, 0)
        width = self.scrollable_content_region.width or self.size.width
        if self.shown is not None and len(self.shown.rows) + 1 > max(self.size.height, 1):
            width = min(width, self.size.width - self.styles.scrollbar_size_vertical)
        return max(width, 0)

    def _redraw(self, keep: RecordRef | None = None) -> None:
        table = self.shown
        if table is None:
            return
        width = self._available_width()
        self._fitted_for = width
        self.fitted = fit_columns(table.columns, width, table.natural_widths(), padding=PADDING)
        self.clear(columns=True)
        for index, shown_width in self.fitted:
            self.add_column(self._header(index, shown_width), width=shown_width, key=table.columns[index].key)
        for position, row in enumerate(table.rows):
            style = "bold" if row.flagged else ""
            cells = []
            for index, shown_width in self.fitted:
                column = table.columns[index]
                justify: Literal["left", "right"] = "right" if column.align == "right" else "left"
                # Text, never str: a str cell would be read as markup, and data may hold "[".
                # shorten first: a hostile 1 MB cell is cut before it is cleaned
                text = ellipsize(clean(shorten(row.cells[index].shown, 500)[0]), shown_width)
                cells.append(Text(text, style=style, no_wrap=True, overflow="ellipsis", justify=justify))
            self.add_row(*cells, key=str(position))
        if keep is not None:
            self.select_ref(keep)
        # Once laid out, check the width again (the first fill only had an estimate).
        self.call_after_refresh(self._refit)

    def _header(self, index: int, width: int) -> Text:
        assert self.shown is not None
        column = self.shown.columns[index]
        justify: Literal["left", "right"] = "right" if column.align == "right" else "left"
        if index == self.sort_column:
            # The arrow always shows: the label gives way to it on a narrow column.
            arrow = "▼" if self.sort_reverse else "▲"
            return Text(
                f"{ellipsize(column.label, max(width - 2, 1))} {arrow}", style="bold", justify=justify
            )
        return Text(ellipsize(column.label, width), justify=justify)

    def on_resize(self, event: Resize) -> None:
        self._refit()  # at once where it can: the next frame has the right columns
        self.call_after_refresh(self._refit)
        # Shorter (the detail opened under it) or narrower: the highlighted row stays in view.
        self.call_after_refresh(self._keep_cursor_in_view)

    def _refit(self) -> None:
        # Not below the app's smallest size: the "too small" notice covers the screen then, and a
        # passing size would leave narrow columns behind when the terminal grows back. (The screen's
        # size, not the app's: the app records a new size only after its handlers ran.)
        width, height = self.screen.size
        min_width, min_height = getattr(self.app, "MIN_SIZE", (0, 0))
        if not self.is_attached or width < min_width or height < min_height:
            return
        # A layout is pending (the screen has a new size its widgets have not been given yet): the
        # widget's size is stale, and the Resize that follows the layout refits at the right one.
        laid_out = getattr(getattr(self.screen, "_compositor", None), "size", None)
        if laid_out is not None and laid_out != self.screen.size:
            return
        if self.shown is not None and self._available_width() != self._fitted_for:
            self._redraw(self.current_ref())

    # --- sorting --------------------------------------------------------------------------------

    def _sort(self, column: int, reverse: bool) -> None:
        if self.shown is None:
            return
        keep = self.current_ref()
        self.sort_column, self.sort_reverse = column, reverse
        self.shown = self.shown.sorted_by(column, reverse)
        self._redraw(keep)

    def action_sort_next(self) -> None:
        """Sort by the next column on screen (numbers largest first)."""
        if self.shown is None or not self.fitted:
            return
        on_screen = [i for i, _ in self.fitted]
        current = on_screen.index(self.sort_column) if self.sort_column in on_screen else -1
        column = on_screen[(current + 1) % len(on_screen)]
        self._sort(column, self.shown.columns[column].numeric)
        self.notify(f"Sorted by {self.shown.columns[column].label}", timeout=1.5)

    def action_sort_reverse(self) -> None:
        if self.shown is not None and self.sort_column is not None:
            self._sort(self.sort_column, not self.sort_reverse)
