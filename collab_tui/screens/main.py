"""The main screen: search bar, four panes as tabs, and the keys that work where the focus is."""

from __future__ import annotations

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.lazy import Lazy
from textual.screen import Screen
from textual.widgets import Footer, Header, TabbedContent, TabPane

from collab_tui.db import Database
from collab_tui.screens.source import SourceScreen
from collab_tui.widgets.detail_view import DetailView
from collab_tui.widgets.panes import AreaPane, BrowsePane, FundingPane, LeaderPane, ProjectPane
from collab_tui.widgets.record_table import RecordTable
from collab_tui.widgets.search_box import SearchBox

PANES = {"area": "areas", "person": "leaders", "project": "projects", "funding": "funding"}


class MainScreen(Screen[None]):
    """Areas, Leaders, Projects and Funding, with search on top."""

    BINDINGS = [
        Binding("slash", "focus_search", "Search", tooltip="Search everything", id="main.search"),
        Binding("1", "pane('areas')", "Areas", show=False, id="main.areas"),
        Binding("2", "pane('leaders')", "Leaders", show=False, id="main.leaders"),
        Binding("3", "pane('projects')", "Projects", show=False, id="main.projects"),
        Binding("4", "pane('funding')", "Funding", show=False, id="main.funding"),
        Binding("escape", "back", "Back", show=False),
    ]

    def __init__(self, db: Database, start: tuple[str, str] | None = None) -> None:
        super().__init__()
        self.db = db
        self.start = start

    def compose(self) -> ComposeResult:
        yield Header(icon="")
        yield SearchBox(id="search")
        with TabbedContent(initial="areas", id="tabs"):
            with TabPane("1 Areas", id="areas"):
                yield AreaPane(self.db, id="areas-pane")
            with TabPane("2 Leaders", id="leaders"):
                yield Lazy(LeaderPane(self.db, id="leaders-pane"))
            with TabPane("3 Projects", id="projects"):
                yield Lazy(ProjectPane(self.db, id="projects-pane"))
            with TabPane("4 Funding", id="funding"):
                yield Lazy(FundingPane(self.db, id="funding-pane"))
        yield Footer()

    def on_mount(self) -> None:
        areas = self.query_one(AreaPane)
        areas.load()
        areas.table.focus()
        self.build_index()
        if self.start is not None:
            kind, value = self.start
            self.call_after_refresh(self._apply_start, kind, value)

    def _apply_start(self, kind: str, value: str) -> None:
        if kind == "search":
            self.query_one(SearchBox).set_query(value)
        else:
            self.open_record(kind, value)

    @work(thread=True, exclusive=True, group="index")
    def build_index(self) -> None:
        """Build the search index off the UI thread, with its own connection."""
        from collab_tui.search import Index

        with Database(self.db.path) as db:
            index = Index.build(db)
        self.app.call_from_thread(self.query_one(SearchBox).index_ready, index)

    # --- navigation -------------------------------------------------------------

    def pane(self, name: str) -> BrowsePane | None:
        panes = list(self.query(f"#{name}-pane").results(BrowsePane))
        return panes[0] if panes else None

    def action_pane(self, name: str) -> None:
        self.query_one(TabbedContent).active = name
        self.call_after_refresh(self._focus_pane, name)

    def _focus_pane(self, name: str) -> None:
        pane = self.pane(name)
        if pane is not None:
            pane.load()
            pane.table.focus()

    @on(TabbedContent.TabActivated)
    def _tab_activated(self, event: TabbedContent.TabActivated) -> None:
        name = event.pane.id or ""
        self.call_after_refresh(self._load_pane, name)

    def _load_pane(self, name: str) -> None:
        pane = self.pane(name)
        if pane is not None:
            pane.load()

    def action_focus_search(self) -> None:
        self.query_one("#search-input").focus()

    def action_back(self) -> None:
        focused = self.focused
        if focused is None:
            return
        pane = next((a for a in focused.ancestors_with_self if isinstance(a, BrowsePane)), None)
        if pane is not None and not isinstance(focused, RecordTable):
            pane.table.focus()

    def open_record(self, kind: str, record_id: str) -> None:
        """Open any record in its pane (a place opens its first project; an organisation its area)."""
        if kind == "place":
            projects = self.db.projects_at_place(record_id)
            if projects:
                kind, record_id = "project", projects[0]
            else:
                place = next((p for p in self.db.places() if p.id == record_id), None)
                if place is None:
                    return
                kind, record_id = "area", place.area_id
        elif kind == "organisation":
            org = self.db.organisation(record_id)
            if org is None or not org.area_ids:
                self.notify("This body serves no single area in the report.", severity="warning")
                return
            kind, record_id = "area", org.area_ids[0]
        name = PANES.get(kind)
        if name is None:
            return
        self.query_one(TabbedContent).active = name
        self.call_after_refresh(self._open_in_pane, name, kind, record_id)

    def _open_in_pane(self, name: str, kind: str, record_id: str, tries: int = 0) -> None:
        pane = self.pane(name)
        if pane is None:  # the lazy pane is not mounted yet
            if tries < 20:
                self.set_timer(0.02, lambda: self._open_in_pane(name, kind, record_id, tries + 1))
            return
        if pane.open(record_id):
            pane.table.focus()
        else:
            self.notify(f"{kind} {record_id} is not listed here", severity="warning")

    @on(SearchBox.Chosen)
    def _chosen(self, event: SearchBox.Chosen) -> None:
        self.open_record(event.kind, event.record_id)

    @on(SearchBox.Left)
    def _left(self) -> None:
        name = self.query_one(TabbedContent).active
        pane = self.pane(name)
        if pane is not None:
            pane.table.focus()

    @on(DetailView.Open)
    def _open(self, event: DetailView.Open) -> None:
        self.open_record(event.kind, event.record_id)

    @on(DetailView.ShowSource)
    def _source(self, event: DetailView.ShowSource) -> None:
        self.app.push_screen(SourceScreen(self.db, event.detail))
