"""The four panes: Areas, Leaders, Projects, Funding. Each is a table and a detail view."""

from __future__ import annotations

from collections.abc import Sequence

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.widget import Widget
from textual.widgets import DataTable, Select

from collab_tui import browse
from collab_tui.browse import Column, Row
from collab_tui.db import Database
from collab_tui.widgets import mount_after_paint
from collab_tui.widgets.detail_view import DetailView
from collab_tui.widgets.record_table import RecordTable


class BrowsePane(Vertical):
    """A table of records and the detail of the highlighted one.

    | Key | Does |
    | :- | :- |
    | e | export this table (CSV, JSON or Markdown, by the file name you confirm) |
    | y | copy the highlighted record as plain text |
    """

    BINDINGS = [
        Binding("e", "export", "Export", tooltip="Export this table to a file you confirm", id="pane.export"),
        Binding("y", "copy", "Copy", tooltip="Copy the highlighted record as plain text", id="pane.copy"),
    ]
    KIND = ""
    VIEW = ""
    COLUMNS: Sequence[Column] = ()

    def __init__(self, db: Database, *, id: str | None = None) -> None:
        super().__init__(id=id, classes="browse-pane")
        self.db = db
        self.loaded = False
        self._pending_detail: str | None = None

    def compose(self) -> ComposeResult:
        yield from self.compose_filters()
        with Horizontal(classes="pane-body"):
            yield RecordTable(self.COLUMNS, id=f"{self.id}-table")

    def on_mount(self) -> None:
        # The detail is mounted just after the first paint: the table shows first.
        mount_after_paint(self.query_one(".pane-body", Horizontal), DetailView(id=f"{self.id}-detail"))

    def compose_filters(self) -> ComposeResult:
        return iter(())

    @property
    def table(self) -> RecordTable:
        return self.query_one(RecordTable)

    @property
    def detail_view(self) -> DetailView:
        return self.query_one(DetailView)

    def rows(self) -> list[Row]:
        """The rows to list; each pane class defines its own (this base lists nothing)."""
        return []

    def filter_value(self, selector: str) -> str | None:
        """The value of a filter Select, or None for "any"."""
        value = self.query_one(selector, Select).value
        return None if value is Select.NULL else str(value)

    @on(Select.Changed)
    def _filter_changed(self) -> None:
        if self.loaded:
            self.refill()

    def load(self) -> None:
        """Fill the table (once; filters call refill)."""
        if not self.loaded:
            self.loaded = True
            self.refill()

    def refill(self) -> None:
        self.table.show_rows(self.rows())
        if self.table.row_count:
            # The detail follows the first paint of the table.
            self._pending_detail = self.table.current_key()
            self.set_timer(0.05, self._render_pending)
        else:
            self.detail_view.show(browse.Detail(self.KIND, "", "Nothing matches these filters."))

    def show_detail(self, key: str | None) -> None:
        if not key:
            return
        if not self.query(DetailView) or not self.detail_view.query(".detail-text"):
            self._pending_detail = key  # not mounted yet: try again shortly
            self.set_timer(0.05, self._render_pending)
            return
        kind, _, record_id = key.partition(":")
        try:
            self.detail_view.show(browse.detail(self.db, kind, record_id))
        except KeyError:
            self.detail_view.show(browse.Detail(kind, record_id, "No such record."))

    @on(DataTable.RowHighlighted)
    def _highlighted(self, event: DataTable.RowHighlighted) -> None:
        key = event.row_key.value
        if key is not None:
            # Coalesce fast scrolling: only the last highlighted row is rendered.
            self._pending_detail = str(key).partition("@")[0]
            self.call_after_refresh(self._render_pending)

    def _render_pending(self) -> None:
        key, self._pending_detail = self._pending_detail, None
        if key:
            # The row highlighted now: a key typed ahead may have moved on since this was asked for.
            self.show_detail(self.table.current_key() or key)

    @on(DataTable.RowSelected)
    def _selected(self, event: DataTable.RowSelected) -> None:
        self.detail_view.focus()

    def open(self, record_id: str) -> bool:
        """Highlight a record of this pane's kind; False if it is not listed."""
        self.load()
        if self.table.select_key(f"{self.KIND}:{record_id}"):
            self.show_detail(f"{self.KIND}:{record_id}")
            return True
        return False

    def action_export(self) -> None:
        from collab_tui.export import render_table, table_rows
        from collab_tui.files import default_output
        from collab_tui.screens.pickers import export_to_file

        view = self.VIEW

        def render(fmt: str) -> str:
            columns, rows = table_rows(self.db, view)
            if len(self.table.rows_data) != len(rows):
                rows = _filtered(rows, view, self)
            return render_table(self.db, f"collab-tui: {view}", columns, rows, fmt)

        export_to_file(self, "Export this table to (.csv, .json or .md):", default_output(f"collab-tui-{view}.csv"),
                       render, f"{len(self.table.rows_data)} rows")  # fmt: skip

    def action_copy(self) -> None:
        key = self.table.current_key()
        if key:
            from collab_tui.export import record_text

            kind, _, record_id = key.partition(":")
            copy_text(self, record_text(self.db, kind, record_id), "this record")


def _filtered(rows: list[dict[str, object]], view: str, pane: BrowsePane) -> list[dict[str, object]]:
    """The export rows that the (filtered) table shows, matched by name or title."""
    key = {"leaders": "name", "projects": "title"}.get(view)
    if key is None:
        return rows
    shown = {r.cells[0] for r in pane.table.rows_data}
    return [r for r in rows if r[key] in shown]


def copy_text(widget: Widget, text: str, what: str) -> None:
    """Copy with the platform's tool, and by OSC 52; say which; offer a file if neither may have worked."""
    from collab_tui.clipboard import copy_with_tool

    tool = copy_with_tool(text)
    widget.app.copy_to_clipboard(text)
    if tool:
        widget.notify(f"Copied {what} ({len(text.splitlines())} lines) with {tool}")
    else:
        widget.notify(f"Sent {what} to the terminal's clipboard (OSC 52). If nothing arrives, press e to "
                      "save to a file instead.", timeout=6)  # fmt: skip


class AreaPane(BrowsePane):
    """Every area.

    | Key | Does |
    | :- | :- |
    | c | compare the highlighted area with another |
    """

    KIND = "area"
    VIEW = "areas"
    COLUMNS = browse.AREA_COLUMNS
    BINDINGS = [
        Binding("c", "compare", "Compare", tooltip="Compare this area with another", id="areas.compare")
    ]

    class CompareRequested(Message):
        """The user wants to compare this area with another."""

        def __init__(self, area_id: str | None) -> None:
            super().__init__()
            self.area_id = area_id

    def action_compare(self) -> None:
        key = self.table.current_key()
        self.post_message(self.CompareRequested(key.partition(":")[2] if key else None))

    def rows(self) -> list[Row]:
        return browse.area_rows(self.db)
