"""The Leaders, Projects and Funding panes: imported when first shown."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.content import Content
from textual.widgets import Select, Static

from collab_tui import browse
from collab_tui.browse import Row
from collab_tui.models import PROJECT_KIND_LABELS, ROLE_LABELS
from collab_tui.text import clean
from collab_tui.widgets.panes import BrowsePane


class LeaderPane(BrowsePane):
    KIND = "person"
    VIEW = "leaders"
    COLUMNS = browse.LEADER_COLUMNS

    def compose_filters(self) -> ComposeResult:
        with Horizontal(classes="filters"):
            yield Select([(label, key) for key, label in ROLE_LABELS.items()], prompt="Any role",
                         id="filter-role", compact=True)  # fmt: skip
            yield Select([(label, key) for key, label in (("police", "Police"), ("fire", "Fire"),
                                                          ("ambulance", "Ambulance"))],
                         prompt="Any service", id="filter-service", compact=True)  # fmt: skip

    def rows(self) -> list[Row]:
        return browse.leader_rows(
            self.db, role=self.filter_value("#filter-role"), service=self.filter_value("#filter-service")
        )

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
    VIEW = "projects"
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

    def rows(self) -> list[Row]:
        projects = browse.filter_projects(
            self.db.projects(), kind=self.filter_value("#filter-kind"), service=self.filter_value("#filter-service"),
            status=self.filter_value("#filter-status"), area_id=self.filter_value("#filter-area"),
        )  # fmt: skip
        return browse.project_rows(self.db, projects)

    def open(self, record_id: str) -> bool:
        self.load()
        if not self.table.select_key(f"project:{record_id}"):
            for select in self.query(Select):
                select.clear()
            self.refill()
        return super().open(record_id)


class FundingPane(BrowsePane):
    KIND = "funding"
    VIEW = "funding"
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
            chart_funder.update(Content(clean("\n".join(funder))))
            chart_funder.border_title = "Total by funder (area awards)"
            chart_area = self.query_one("#chart-area", Static)
            chart_area.update(Content(clean("\n".join(area))))
            chart_area.border_title = "Total by area"
        super().load()
