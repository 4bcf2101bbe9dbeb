"""The record panes: Areas, Leaders, Projects (Funding, with its charts, is in funding_pane.py). Each is a table and a detail view.

The pane shows a core table (collab_tui.tables.build_table for its filters); it never
builds rows itself. In a narrow layout the detail opens on enter (or `d`, or when a
record is opened by name) instead of always taking half the height.
"""

from __future__ import annotations

import asyncio
import contextlib
from typing import TYPE_CHECKING

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.events import DescendantFocus
from textual.message import Message
from textual.timer import Timer
from textual.widget import MountError, Widget
from textual.widgets import DataTable, Input

from collab_tui import tables
from collab_tui.db import Database
from collab_tui.funding import JOINT_MARK
from collab_tui.models import RecordRef
from collab_tui.widgets.after_paint import mount_after_paint
from collab_tui.widgets.filter_stub import FilterStub
from collab_tui.widgets.record_table import RecordTable

if TYPE_CHECKING:
    from textual.widgets import Select

    from collab_tui.widgets.detail_view import DetailView

FILTER_PROMPTS = {
    "nation": "Any nation", "role": "Any role", "service": "Any service", "area": "Any area", "kind": "Any kind",
    "status": "Any status", "funder": "Any funder", "fund": "Any fund", "scope": "All awards",
}  # fmt: skip


def prompt(name: str) -> str:
    """A filter's prompt when nothing is chosen ("Any nation")."""
    return FILTER_PROMPTS.get(name, f"Any {name}")


class BrowsePane(Widget):
    """A table of records and the detail of the highlighted one.

    | Key | Does |
    | :- | :- |
    | f | filter the table's rows by text (enter or escape returns to the table) |
    | x | clear every filter of this table |
    | d | show or hide the detail (in a narrow terminal it opens on enter) |
    | e | export this table (CSV, JSON, Markdown or HTML, by the file name you confirm) |
    | y | copy the highlighted record as plain text |
    | Y | copy this table as tab-separated cells (pastes into Excel) |
    """

    BINDINGS = [
        Binding("f", "filter_text", "Filter", tooltip="Filter the rows by text", id="pane.filter"),
        Binding(
            "x",
            "clear_filters",
            "Clear filters",
            tooltip="Clear every filter of this table",
            id="pane.clear_filters",
        ),
        Binding("d", "toggle_detail", "Detail", tooltip="Show or hide the detail", id="pane.detail"),
        Binding("e", "export", "Export", tooltip="Export this table to a file you confirm", id="pane.export"),
        Binding("y", "copy", "Copy", tooltip="Copy the highlighted record as plain text", id="pane.copy"),
        Binding(
            "Y",
            "copy_table",
            "Copy table",
            show=False,
            id="pane.copy_table",
            tooltip="Copy this table as tab-separated cells: pasted into Excel, each value is a cell",
        ),
    ]
    KIND = ""
    VIEW = ""
    FILTERS_AFTER_PAINT = False
    """True: the filter Selects are mounted after the first paint, stand-ins (FilterStub) before."""

    class ExportRequested(Message):
        """e: export ``table`` (the pane's table as shown) to a file the user confirms; the screen asks where."""

        def __init__(self, table: tables.Table, view: str) -> None:
            super().__init__()
            self.table = table
            """The table as shown: its rows in the order shown, all its columns."""
            self.view = view
            """The pane's view (areas, leaders, projects, funding), for the file's default name."""

    def __init__(self, db: Database, *, id: str | None = None) -> None:
        super().__init__(id=id, classes="browse-pane")
        self.db = db
        self.loaded = False
        self._pending_detail: RecordRef | None = None
        self._text_timer: Timer | None = None
        self._close_detail_on_table = False
        self._selects_mounted: asyncio.Event | None = None

    def compose(self) -> ComposeResult:
        # Plain widgets laid out by app.tcss: no container classes (and their stylesheets) to style first.
        with Widget(classes="filters"):
            if self.FILTERS_AFTER_PAINT:
                for name in tables.filter_names(self.VIEW)[:-1]:  # ("text" is last: the Input)
                    yield FilterStub(prompt(name), name, id=f"stub-{name}")
            else:
                yield from self._selects()
            yield Input(placeholder="f: filter rows…", id="filter-text", compact=True)
        with Widget(classes="pane-body"):
            yield RecordTable(id=f"{self.id}-table")

    def _selects(self) -> list[Widget]:
        from textual.widgets import Select

        return [Select([(o.label, o.value) for o in options], prompt=prompt(name), id=f"filter-{name}",
                       compact=True) for name, options in tables.filter_options(self.db, self.VIEW).items()]  # fmt: skip

    def on_mount(self) -> None:
        # The detail is mounted just after the first paint: the table shows first. Its module (and
        # collab_tui.details) and its stylesheet are read then, not before the first frame.
        mount_after_paint(self.query_one(".pane-body"), self._new_detail_view, css="detail.tcss")
        if self.FILTERS_AFTER_PAINT:
            self.call_after_refresh(self.mount_selects)

    def _new_detail_view(self) -> Widget:
        from collab_tui.widgets.detail_view import DetailView

        return DetailView(id=f"{self.id}-detail")

    async def mount_selects(self) -> None:
        """The filter Selects in place of their stand-ins (once; a second call waits for the first)."""
        if self._selects_mounted is not None:
            await self._selects_mounted.wait()
            return
        self._selects_mounted = asyncio.Event()
        try:
            stubs = list(self.query(FilterStub).results(FilterStub))
            if not stubs or not self.is_attached or self.app.return_code is not None:  # closing
                return
            focused = next((s.filter_name for s in stubs if s.has_focus), None)
            with contextlib.suppress(MountError):  # the app closed in between
                await stubs[0].parent.mount_all(self._selects(), before=stubs[0])  # type: ignore[union-attr]
                if focused is not None:
                    self.query_one(f"#filter-{focused}").focus()
                await self.query(FilterStub).remove()
        finally:
            self._selects_mounted.set()

    async def on_filter_stub_used(self, event: FilterStub.Used) -> None:
        """A stand-in clicked or opened before the Selects were mounted: mount them, open that one."""
        event.stop()
        await self.mount_selects()
        selects = self.query(f"#filter-{event.filter_name}")
        if selects:
            select: Select[str] = selects.first()  # type: ignore[assignment]
            select.focus()
            select.action_show_overlay()

    @property
    def table(self) -> RecordTable:
        return self.query_one(RecordTable)

    @property
    def detail_view(self) -> DetailView:
        return self.query_one("DetailView")  # type: ignore[return-value]

    def current_ref(self) -> RecordRef | None:
        """The record highlighted in this pane's table."""
        return self.table.current_ref()

    # --- filters ---------------------------------------------------------------------------------

    def filters(self) -> tables.Filters:
        """The filters as set in this pane (its Selects and its text box)."""
        values: dict[str, str | None] = {}
        for name in tables.filter_names(self.VIEW):
            if name == "text":
                values[name] = self.query_one("#filter-text", Input).value.strip()
            else:
                # None also before the Selects are mounted (their stand-ins choose nothing).
                found = self.query(f"#filter-{name}")
                select: Select[str] | None = found.first() if found else None  # type: ignore[assignment]
                values[name] = None if select is None or select.is_blank() else str(select.value)
        return tables.FILTER_TYPES[self.VIEW](**values)

    def build(self) -> tables.Table:
        """The core table for the filters set now."""
        return tables.build_table(self.db, self.VIEW, self.filters())

    def on_select_changed(self) -> None:
        """A filter Select changed (Select.Changed; the handler by name: Select is imported on use)."""
        if self.loaded:
            self.refill()

    @on(Input.Changed, "#filter-text")
    def _text_changed(self) -> None:
        # Coalesce typing: the table is rebuilt once the keys pause.
        if self._text_timer is not None:
            self._text_timer.stop()
        self._text_timer = self.set_timer(0.15, self.refill)

    @on(Input.Submitted, "#filter-text")
    def _text_submitted(self) -> None:
        self.refill()
        self.table.focus()

    def action_filter_text(self) -> None:
        self.query_one("#filter-text", Input).focus()

    def action_clear_filters(self) -> None:
        """Every filter back to "any" and the text box emptied; the table lists everything again."""
        was = self.loaded
        self.loaded = False  # one refill, not one per Select
        for select in self.query("Select"):
            select.clear()  # type: ignore[attr-defined]
        self.query_one("#filter-text", Input).value = ""
        self.loaded = was
        self.refill()
        self.notify("Filters cleared", timeout=1.5)

    # --- filling the table and the detail ------------------------------------------------------

    def load(self) -> None:
        """Fill the table (once; filters call refill)."""
        if not self.loaded:
            self.loaded = True
            self.refill()

    def refill(self) -> None:
        if self._text_timer is not None:
            self._text_timer.stop()
            self._text_timer = None
        table = self.build()
        self.table.show_table(table)
        self.table.border_title = table.title
        self.table.border_subtitle = self.subtitle(table)
        if self.table.row_count:
            # The detail follows the first paint of the table.
            self._pending_detail = self.table.current_ref()
            self.set_timer(0.05, self._render_pending)
        elif self.query("DetailView"):
            from collab_tui import details

            self.detail_view.show(
                details.Detail(self.KIND, "", "Nothing matches these filters: x clears them.")
            )

    def subtitle(self, table: tables.Table) -> str:
        """The count under the table, and what its marks mean."""
        return table.count

    def show_detail(self, ref: RecordRef | None) -> None:
        if ref is None:
            return
        if not self.query("DetailView") or not self.detail_view.query(".detail-text"):
            self._pending_detail = ref  # not mounted yet: try again shortly
            self.set_timer(0.05, self._render_pending)
            return
        from collab_tui import details

        try:
            self.detail_view.show(details.detail(self.db, ref.kind, ref.id))
        except KeyError:
            self.detail_view.show(details.Detail(ref.kind, ref.id, "No such record."))

    @on(DataTable.RowHighlighted)
    def _highlighted(self, event: DataTable.RowHighlighted) -> None:
        row = self.table.row(event.cursor_row)
        if row is not None:
            # Coalesce fast scrolling: only the last highlighted row is rendered.
            self._pending_detail = row.ref
            self.call_after_refresh(self._render_pending)

    def _render_pending(self) -> None:
        ref, self._pending_detail = self._pending_detail, None
        if ref is not None:
            # The row highlighted now: a key typed ahead may have moved on since this was asked for.
            self.show_detail(self.table.current_ref() or ref)

    # --- the detail: beside the table when wide, on demand when narrow -------------------------------

    @property
    def narrow(self) -> bool:
        return self.screen.has_class("-narrow")

    @property
    def detail_shown(self) -> bool:
        if self.narrow:
            return self.has_class("-detail-open")
        return not self.has_class("-detail-hidden")

    def set_detail(self, show: bool) -> None:
        """Show or hide the detail (the class that does it depends on the layout)."""
        if self.narrow:
            self.set_class(show, "-detail-open")
        else:
            self.set_class(not show, "-detail-hidden")
        if show:
            ref = self.table.current_ref()
            self.show_detail(ref)
        self.call_after_refresh(self.table._keep_cursor_in_view)

    def action_toggle_detail(self) -> None:
        self._close_detail_on_table = False
        self.set_detail(not self.detail_shown)

    @on(DataTable.RowSelected)
    def _selected(self, event: DataTable.RowSelected) -> None:
        if not self.detail_shown:
            self.set_detail(True)
            self._close_detail_on_table = True  # back on the table, the detail gives the height back
        self.call_after_refresh(self._focus_detail_unless_moved_on)

    def _focus_detail_unless_moved_on(self) -> None:
        """After enter: the detail takes the focus, unless a key typed since (g, /, a digit) moved it on."""
        if self.screen.focused is self.table:
            self.detail_view.focus()

    def on_descendant_focus(self, event: DescendantFocus) -> None:
        if self._close_detail_on_table and event.widget is self.table:
            self._close_detail_on_table = False
            self.set_detail(False)

    # --- opening a record ------------------------------------------------------------------------

    def open(self, record_id: str) -> bool:
        """Highlight a record of this pane's kind; False if it is not listed (even with no filter)."""
        self.load()
        ref = RecordRef(self.KIND, record_id)
        if not self.table.select_ref(ref):
            if not tables.is_filtered(self.filters()):
                return False
            self.action_clear_filters()
            if not self.table.select_ref(ref):
                return False
        self.show_detail(ref)
        if not self.detail_shown:
            # A record opened by name (search, go to, a deep link) shows its detail; d hides it.
            self._close_detail_on_table = False
            self.set_detail(True)
        return True

    # --- export and copy ---------------------------------------------------------------------------

    def action_export(self) -> None:
        """e: the screen asks where and writes the table (widgets never open screens themselves)."""
        shown = self.table.shown
        if shown is not None:
            self.post_message(self.ExportRequested(shown, self.VIEW))

    def action_copy_table(self) -> None:
        """The table as shown (its rows, all its columns) on the clipboard as tab-separated text."""
        shown = self.table.shown
        if shown is not None:
            from collab_tui.export import table_tsv
            from collab_tui.widgets.copying import copy_text

            copy_text(self, table_tsv(shown), f"the table ({len(shown.rows)} rows, tab-separated)")

    def action_copy(self) -> None:
        ref = self.table.current_ref()
        if ref is not None:
            from collab_tui.dossier import record_text
            from collab_tui.widgets.copying import copy_text

            copy_text(self, record_text(self.db, ref.kind, ref.id), "this record")


class AreaPane(BrowsePane):
    """Every area.

    | Key | Does |
    | :- | :- |
    | c | compare the highlighted area with another |
    """

    KIND = "area"
    VIEW = "areas"
    FILTERS_AFTER_PAINT = True  # the first screen: its Selects after the first paint
    BINDINGS = [
        # The main screen's action: it opens the picker as soon as c reaches it, so the keys typed in the
        # same burst ("c" then "suffolk") follow c to the picker instead of reaching this table.
        Binding("c", "screen.compare_area", "Compare", tooltip="Compare this area with another", id="areas.compare")
    ]  # fmt: skip

    def subtitle(self, table: tables.Table) -> str:
        marked = any(JOINT_MARK in t for t in table.texts("funding_gbp"))
        return f"{table.count} · {JOINT_MARK} includes a joint award" if marked else table.count


class LeaderPane(BrowsePane):
    """Every leader the report names: name, role, area(s) and (for PCCs) party."""

    KIND = "person"
    VIEW = "leaders"


class ProjectPane(BrowsePane):
    """Every project: title and area(s) first."""

    KIND = "project"
    VIEW = "projects"
