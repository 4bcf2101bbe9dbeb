"""The main screen: search bar, four panes as tabs, and the keys that work where the focus is."""

from __future__ import annotations

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Container
from textual.screen import Screen
from textual.widgets import ContentSwitcher, Header

from collab_tui.db import Database
from collab_tui.widgets.detail_view import DetailView
from collab_tui.widgets.footer import KeyFooter
from collab_tui.widgets.pane_bar import PaneBar
from collab_tui.widgets.panes import AreaPane, BrowsePane
from collab_tui.widgets.record_table import RecordTable
from collab_tui.widgets.search_box import SearchBox

PANES = {"area": "areas", "person": "leaders", "project": "projects", "funding": "funding"}


def lazy_pane(name: str) -> type[BrowsePane]:
    """The pane class for a tab, imported the first time the tab is shown."""
    from collab_tui.widgets import more_panes

    return {
        "leaders": more_panes.LeaderPane,
        "projects": more_panes.ProjectPane,
        "funding": more_panes.FundingPane,
    }[name]


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
        yield PaneBar(id="pane-bar")
        with ContentSwitcher(initial="areas", id="panes"):
            with Container(id="areas"):
                yield AreaPane(self.db, id="areas-pane")
            # The other panes are built the first time they are shown: a fast first screen.
            yield Container(id="leaders")
            yield Container(id="projects")
            yield Container(id="funding")
        yield KeyFooter()

    def on_mount(self) -> None:
        panes = self.query(AreaPane)
        if not panes:  # Ctrl+C or a signal while the screen was being built: the app is closing
            return
        areas = panes.first()
        areas.load()
        areas.table.focus()
        # The search index is built after the first screen is painted, off the UI thread.
        self.set_timer(0.25, self.build_index)
        if self.start is not None:
            kind, value = self.start
            self.call_after_refresh(self._apply_start, kind, value)

    async def _apply_start(self, kind: str, value: str) -> None:
        if kind == "search":
            self.query_one(SearchBox).set_query(value)
        elif kind == "compare":
            left, _, right = value.partition("|")
            self.compare(left, right)
        else:
            await self.open_record(kind, value)

    @work(thread=True, exclusive=True, group="index")
    def build_index(self) -> None:
        """Build the search index off the UI thread, with its own connection."""
        from collab_tui.search import Index

        with Database(self.db.path) as db:
            index = Index.build(db)
        self.app.call_from_thread(self.query_one(SearchBox).index_ready, index)

    # --- navigation -------------------------------------------------------------

    def pane(self, name: str) -> BrowsePane | None:
        """The pane by name, if it has been built."""
        panes = list(self.query(f"#{name}-pane").results(BrowsePane))
        return panes[0] if panes else None

    async def ensure_pane(self, name: str) -> BrowsePane:
        """The pane by name, built (and its table filled) the first time it is needed."""
        pane = self.pane(name)
        if pane is None:
            holder = self.query_one(f"#panes > #{name}", Container)
            pane = lazy_pane(name)(self.db, id=f"{name}-pane")
            await holder.mount(pane)
        pane.load()
        return pane

    @property
    def active_pane(self) -> str:
        """The name of the pane on show: areas, leaders, projects or funding."""
        return self.query_one(ContentSwitcher).current or "areas"

    def show_pane(self, name: str) -> None:
        self.query_one(ContentSwitcher).current = name
        self.query_one(PaneBar).active = name

    async def action_pane(self, name: str) -> None:
        pane = await self.ensure_pane(name)
        self.show_pane(name)
        pane.table.focus()

    @on(PaneBar.Chosen)
    async def _bar_chosen(self, event: PaneBar.Chosen) -> None:
        await self.action_pane(event.pane)

    def action_focus_search(self) -> None:
        # set_focus at once, not focus(): keys typed straight after "/" must reach the input.
        self.set_focus(self.query_one("#search-input"))

    def action_back(self) -> None:
        focused = self.focused
        if focused is None:
            return
        pane = next((a for a in focused.ancestors_with_self if isinstance(a, BrowsePane)), None)
        if pane is not None and not isinstance(focused, RecordTable):
            pane.table.focus()

    async def open_record(self, kind: str, record_id: str) -> None:
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
        pane = await self.ensure_pane(name)
        self.show_pane(name)
        if pane.open(record_id):
            pane.table.focus()
        else:
            self.notify(f"{kind} {record_id} is not listed here", severity="warning")

    @on(SearchBox.Chosen)
    async def _chosen(self, event: SearchBox.Chosen) -> None:
        await self.open_record(event.kind, event.record_id)

    @on(SearchBox.Left)
    async def _left(self) -> None:
        pane = await self.ensure_pane(self.active_pane)
        pane.table.focus()

    @on(DetailView.Open)
    async def _open(self, event: DetailView.Open) -> None:
        await self.open_record(event.kind, event.record_id)

    # --- comparing two areas ------------------------------------------------------

    def suggest_areas(self, text: str) -> list[tuple[str, str]]:
        """Areas for a picker: all of them, or the best fuzzy matches for ``text``."""
        index = self.query_one(SearchBox).index
        if not text.strip():
            return [(a.id, a.name) for a in self.db.areas()]
        if index is not None:
            return [(h.id, h.name) for h in index.search(text, limit=10, kinds=["area"])]
        lowered = text.lower()
        return [(a.id, a.name) for a in self.db.areas() if lowered in a.name.lower()]

    def compare(self, left: str | None = None, right: str | None = None) -> None:
        """Open the compare screen, asking for whichever side is missing."""
        from collab_tui.screens.compare import CompareScreen
        from collab_tui.screens.pickers import AreaPicker

        def open_screen(a: str, b: str) -> None:
            self.app.push_screen(CompareScreen(self.db, a, b, self.suggest_areas, self._open_from_compare))

        if left and right:
            open_screen(left, right)
            return

        def got_right(b: str | None) -> None:
            if b and left:
                open_screen(left, b)

        def got_left(a: str | None) -> None:
            nonlocal left
            if a:
                left = a
                self.app.push_screen(
                    AreaPicker("Compare with which area?", self.suggest_areas, exclude=a), got_right
                )

        if left:
            name = self.db.area(left).name if self.db.area(left) else left
            self.app.push_screen(AreaPicker(f"Compare {name} with which area?", self.suggest_areas, exclude=left),
                                 got_right)  # fmt: skip
        else:
            self.app.push_screen(AreaPicker("Compare which area?", self.suggest_areas), got_left)

    def _open_from_compare(self, kind: str, record_id: str) -> None:
        self.run_worker(self.open_record(kind, record_id), exclusive=False)

    @on(AreaPane.CompareRequested)
    def _compare_requested(self, event: AreaPane.CompareRequested) -> None:
        self.compare(event.area_id)

    def action_compare(self) -> None:
        self.compare()

    def action_export_search(self) -> None:
        """Export the last search's results to a file the user confirms."""
        from collab_tui.export import hits_rows, render_table
        from collab_tui.files import default_output
        from collab_tui.screens.pickers import export_to_file

        box = self.query_one(SearchBox)
        if not box.last_hits:
            self.notify("Search first (/), then export the results", severity="warning")
            return
        query, hits = box.last_query, list(box.last_hits)

        def render(fmt: str) -> str:
            columns, rows = hits_rows(hits)
            return render_table(self.db, f"Search: {query}", columns, rows, fmt)

        export_to_file(self, "Export the search results to (.csv, .json or .md):",
                       default_output("collab-tui-search.csv"), render, f"{len(hits)} results")  # fmt: skip

    @on(DetailView.ShowSource)
    def _source(self, event: DetailView.ShowSource) -> None:
        from collab_tui.screens.source import SourceScreen

        self.app.push_screen(SourceScreen(self.db, event.detail))
