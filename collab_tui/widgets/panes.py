"""The four panes: Areas, Leaders, Projects, Funding. Each is a table and a detail view."""

from __future__ import annotations

from collections.abc import Sequence

from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.widgets import DataTable, Select, Static

from collab_tui import browse
from collab_tui.browse import Column, Row
from collab_tui.db import Database
from collab_tui.models import PROJECT_KIND_LABELS, ROLE_LABELS
from collab_tui.widgets.detail_view import DetailView
from collab_tui.widgets.record_table import RecordTable


class BrowsePane(Vertical):
    """A table of records and the detail of the highlighted one."""

    KIND = ""
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
            yield DetailView(id=f"{self.id}-detail")

    def compose_filters(self) -> ComposeResult:
        return iter(())

    @property
    def table(self) -> RecordTable:
        return self.query_one(RecordTable)

    @property
    def detail_view(self) -> DetailView:
        return self.query_one(DetailView)

    def rows(self) -> list[Row]:
        raise NotImplementedError

    def load(self) -> None:
        """Fill the table (once; filters call refill)."""
        if not self.loaded:
            self.loaded = True
            self.refill()

    def refill(self) -> None:
        self.table.show_rows(self.rows())
        if self.table.row_count:
            self.show_detail(self.table.current_key())
        else:
            self.detail_view.show(browse.Detail(self.KIND, "", "Nothing matches these filters."))

    def show_detail(self, key: str | None) -> None:
        if not key:
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
            self.show_detail(key)

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


class AreaPane(BrowsePane):
    KIND = "area"
    COLUMNS = browse.AREA_COLUMNS

    def rows(self) -> list[Row]:
        return browse.area_rows(self.db)


class LeaderPane(BrowsePane):
    KIND = "person"
    COLUMNS = browse.LEADER_COLUMNS

    def compose_filters(self) -> ComposeResult:
        with Horizontal(classes="filters"):
            yield Select([(label, key) for key, label in ROLE_LABELS.items()], prompt="Any role",
                         id="filter-role", compact=True)  # fmt: skip
            yield Select([(label, key) for key, label in (("police", "Police"), ("fire", "Fire"),
                                                          ("ambulance", "Ambulance"))],
                         prompt="Any service", id="filter-service", compact=True)  # fmt: skip

    def rows(self) -> list[Row]:
        role = self.query_one("#filter-role", Select).value
        service = self.query_one("#filter-service", Select).value
        return browse.leader_rows(
            self.db,
            role=None if role is Select.NULL else str(role),
            service=None if service is Select.NULL else str(service),
        )

    @on(Select.Changed)
    def _filter(self) -> None:
        if self.loaded:
            self.refill()

    def open(self, record_id: str) -> bool:
        self.load()
        for row in self.table.rows_data:
            if row.id == record_id:
                self.table.select_key(f"person:{record_id}")
                self.show_detail(f"person:{record_id}")
                return True
        return False


class ProjectPane(BrowsePane):
    KIND = "project"
    COLUMNS = browse.PROJECT_COLUMNS

    def compose_filters(self) -> ComposeResult:
        with Horizontal(classes="filters"):
            yield Select([(label, key) for key, label in PROJECT_KIND_LABELS.items()], prompt="Any kind",
                         id="filter-kind", compact=True)  # fmt: skip
            yield Select([(label, key) for key, label in browse.SERVICE_LABELS.items()], prompt="Any service",
                         id="filter-service", compact=True)  # fmt: skip
            yield Select([(s, s) for s in browse.STATUS_LABELS], prompt="Any status", id="filter-status",
                         compact=True)  # fmt: skip
            yield Select([(a.name, a.id) for a in self.db.areas()], prompt="Any area", id="filter-area",
                         compact=True)  # fmt: skip

    def _value(self, selector: str) -> str | None:
        value = self.query_one(selector, Select).value
        return None if value is Select.NULL else str(value)

    def rows(self) -> list[Row]:
        projects = browse.filter_projects(
            self.db.projects(), kind=self._value("#filter-kind"), service=self._value("#filter-service"),
            status=self._value("#filter-status"), area_id=self._value("#filter-area"),
        )  # fmt: skip
        return browse.project_rows(self.db, projects)

    @on(Select.Changed)
    def _filter(self) -> None:
        if self.loaded:
            self.refill()

    def open(self, record_id: str) -> bool:
        self.load()
        if not self.table.select_key(f"project:{record_id}"):
            for select in self.query(Select):
                select.clear()
            self.refill()
        return super().open(record_id)


class FundingPane(BrowsePane):
    KIND = "funding"
    COLUMNS = browse.FUNDING_COLUMNS

    def compose(self) -> ComposeResult:
        yield from super().compose()
        with Horizontal(classes="charts"):
            yield Static("", id="chart-funder", classes="chart")
            yield Static("", id="chart-area", classes="chart")

    def rows(self) -> list[Row]:
        return browse.funding_rows(self.db)

    def load(self) -> None:
        if not self.loaded:
            funder = browse.bar_chart(browse.funding_bars(self.db, "funder"), width=16, label_width=18)
            area = browse.bar_chart(browse.funding_bars(self.db, "area"), width=16, label_width=18)
            chart_funder = self.query_one("#chart-funder", Static)
            chart_funder.update(Content("\n".join(funder)))
            chart_funder.border_title = "Total by funder (area awards)"
            chart_area = self.query_one("#chart-area", Static)
            chart_area.update(Content("\n".join(area)))
            chart_area.border_title = "Total by area"
        super().load()
