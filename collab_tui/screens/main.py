"""The main screen: search bar, four panes as tabs, and the keys that work where the focus is."""

from __future__ import annotations

import asyncio
import time
from typing import TYPE_CHECKING

from textual import events, on, work
from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.message import Message
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import ContentSwitcher, Header, Input

from collab_tui.db import Database
from collab_tui.history import History, Place
from collab_tui.models import RecordRef, Start
from collab_tui.screens.terminal_size import FollowsTerminal
from collab_tui.widgets.footer import KeyFooter
from collab_tui.widgets.pane_bar import PaneBar
from collab_tui.widgets.panes import AreaPane, BrowsePane, LeaderPane, ProjectPane
from collab_tui.widgets.record_table import RecordTable
from collab_tui.widgets.search_box import SearchBox

if TYPE_CHECKING:
    from collab_tui.search import Index
    from collab_tui.widgets.detail_view import DetailView

PANES = {"area": "areas", "person": "leaders", "project": "projects", "funding": "funding", "line": "report"}


def lazy_pane(name: str) -> type[BrowsePane]:
    """The pane class for a tab, imported the first time the tab is shown."""
    if name == "report":
        from collab_tui.widgets.report_pane import ReportPane

        return ReportPane  # type: ignore[return-value]  # a pane by duck typing: table, load(), open()
    if name == "funding":
        from collab_tui.widgets.funding_pane import FundingPane

        return FundingPane
    return {"leaders": LeaderPane, "projects": ProjectPane}[name]


def breakpoint_classes(app: App[object]) -> dict[str, bool]:
    """The app's horizontal breakpoint classes for its current width, as Screen applies them."""
    breakpoints = app.HORIZONTAL_BREAKPOINTS or []
    width = app.size.width
    chosen = max(((w, name) for w, name in breakpoints if w <= width), default=(0, ""))[1]
    return {name: name == chosen for _, name in breakpoints}


async def until_idle(longest: float) -> None:
    """Wait (at most ``longest`` seconds) until the process is idle: a key just posted has been handled,
    and what it set off (a focus change, a pane filled). Idle is the CPU time standing still while
    the clock moves on, as Textual's Pilot waits between keys (without its private helper)."""
    start = time.monotonic()
    while True:
        cpu = time.process_time()
        await asyncio.sleep(1 / 50)
        if time.monotonic() - start >= longest or time.process_time() - cpu < 1 / 1000:
            return


def current_ref(pane: BrowsePane) -> RecordRef | None:
    """The record highlighted in a pane's table."""
    getter = getattr(pane, "current_ref", None)
    if callable(getter):
        ref = getter()
        return ref if isinstance(ref, RecordRef) or ref is None else None
    return pane.table.current_ref()


class MainScreen(FollowsTerminal, Screen[None]):
    """Areas, Leaders, Projects and Funding, with search on top."""

    AUTO_FOCUS = ""  # the Areas table takes the focus in on_mount, not the search bar

    BINDINGS = [
        Binding("slash", "focus_search", "Search", tooltip="Search everything", id="main.search"),
        Binding("1", "pane('areas')", "Areas", show=False, id="main.areas"),
        Binding("2", "pane('leaders')", "Leaders", show=False, id="main.leaders"),
        Binding("3", "pane('projects')", "Projects", show=False, id="main.projects"),
        Binding("4", "pane('funding')", "Funding", show=False, id="main.funding"),
        Binding("5", "pane('report')", "Report", show=False, id="main.report"),
        Binding(
            "v",
            "view_report",
            "Lines",
            tooltip="The highlighted record's lines in the report",
            id="main.view_report",
        ),
        Binding(
            "g", "goto", "Go to", tooltip="Go to a related record (areas, leaders, projects)", id="main.goto"
        ),
        Binding(
            "escape", "back", "Back", tooltip="Go back to where you were (pane and record)", id="main.back"
        ),
    ]

    def __init__(self, db: Database, start: Start | None = None) -> None:
        super().__init__()
        self.db = db
        self.start = start
        self.history = History()
        """Where Escape goes back to (see collab_tui.history for the API other panes use)."""
        self._passing_through = False
        self._held: list[events.Key] | None = None  # keys typed while a search result opens
        self._resumed = False  # the first ScreenResume (the app's start) has been handled

    def compose(self) -> ComposeResult:
        # The width classes (-narrow / -wide) before the first layout, not on the first Resize:
        # otherwise the first frame is laid out, styled and rendered twice.
        self.update_classes(breakpoint_classes(self.app), update=False)
        yield Header(icon="")
        yield SearchBox(id="search")
        yield PaneBar(id="pane-bar")
        with ContentSwitcher(initial="areas", id="panes"), Widget(id="areas", classes="pane-holder"):
            yield AreaPane(self.db, id="areas-pane")
            # The other panes, and their holders, are built the first time they are shown:
            # a first screen with fewer widgets to style and lay out.
        yield KeyFooter(compact=True)

    def on_screen_resume(self, event: events.ScreenResume) -> None:
        """The first resume (the app's start) does not restyle the screen: every widget was styled as
        it was mounted, moments before, and Textual's restyle of every node would find the same styles
        (about 5 ms of the first frame; tests/app/test_first_frame.py checks it finds the same). A
        later resume (back from another screen) restyles as usual. (Textual's own handler runs after
        this one and reads ``refresh_styles``.)"""
        if not self._resumed:
            self._resumed = True
            event.refresh_styles = False

    def on_mount(self) -> None:
        panes = self.query(AreaPane)
        if not panes:  # Ctrl+C or a signal while the screen was being built: the app is closing
            return
        areas = panes.first()
        areas.load()
        if self.focused is None:  # "/" typed before the first paint keeps its focus
            self.set_focus(areas.table)
        # The search index is built after the first screen is painted, off the UI thread; a query
        # typed before then builds it at once (SearchBox.build_now), so type-ahead is never lost.
        self.query_one(SearchBox).build_now = self._build_index_now
        self.set_timer(0.25, self.build_index)
        if self.start is not None:
            # A worker, so whoever waits for the app's workers (a script, a test) waits for the deep link.
            self.run_worker(self._apply_start_after_paint(self.start), group="start")

    async def _apply_start_after_paint(self, start: Start) -> None:
        painted = asyncio.Event()
        self.call_after_refresh(painted.set)  # the first screen first
        await painted.wait()
        await self._apply_start(start)

    async def _apply_start(self, start: Start) -> None:
        # A deep link is the start: nothing before it to go back to.
        if start.query is not None:
            self.query_one(SearchBox).set_query(start.query)
        elif start.pair is not None:
            await self.show_place(Place.comparing(*start.pair))
        elif start.ref is not None:
            await self.open_record(start.ref, remember=False)

    @property
    def search_index(self) -> Index | None:
        """The search index, once built (the palette searches records with it)."""
        return self.query_one(SearchBox).index

    def _build_index_now(self) -> Index:
        from collab_tui.search import Index

        return Index.build(self.db)

    def on_key(self, event: events.Key) -> None:
        """Type-ahead: keys typed in a burst (by an impatient person or a script) act in order.

        Textual hands a burst of keys to the widget focused when they arrive, and they bubble up
        to this screen, in order, before any binding runs. So "/" is acted on here, at once; a
        printable key that bubbles here while the search bar has the focus is one of the burst
        (the search bar keeps the keys typed into it) and goes into the search bar; Enter in the
        search bar opens its choice, and the keys typed after it wait until it is open.
        """
        if self._held is not None:
            event.stop()
            event.prevent_default()
            self._held.append(event)
            return
        if self._type_ahead_compare(event):
            return
        search_input = self.query_one("#search-input", Input)
        if self.focused is search_input:
            # ctrl+j: an Enter typed before the terminal was in raw mode arrives as a newline.
            if event.key in ("enter", "ctrl+j"):
                event.stop()
                event.prevent_default()
                self.submit_search()
            elif event.is_printable and event.character:
                event.stop()
                event.prevent_default()
                search_input.insert_text_at_cursor(event.character)
        elif event.key == "slash" and self._slash_is_search():
            event.stop()
            event.prevent_default()
            self.action_focus_search()

    def _type_ahead_compare(self, event: events.Key) -> bool:
        """c on an area opens the area picker here, at once (not when the key's binding runs, after the
        keys typed with it); the keys typed with it, which reach this screen after it, go to the picker."""
        from collab_tui.screens.area_picker import AreaPicker

        top = self.app.screen
        if top is not self and isinstance(top, AreaPicker):
            top.type_ahead(event.key, event.character)
        elif (
            active := self.active_bindings.get(event.key)
        ) and active.binding.action == "screen.compare_area":
            self.action_compare_area()
        else:
            return False
        event.stop()
        event.prevent_default()
        return True

    def _slash_is_search(self) -> bool:
        """True unless a widget where the focus is binds "/" itself (the Report pane's find bar)."""
        active = self.active_bindings.get("slash")
        return active is None or active.node is self or active.node is self.app

    def submit_search(self) -> None:
        """Open the search bar's choice; keys typed meanwhile are held, then replayed in order."""
        box = self.query_one(SearchBox)
        ref = box.choice()
        if ref is None:
            return
        box.results.display = False
        self._held = []
        self.set_focus(None)  # keys arriving now come to this screen, to be held
        self.run_worker(self._open_then_replay(ref), group="open", exclusive=False)

    async def _open_then_replay(self, ref: RecordRef) -> None:
        try:
            await self.open_record(ref)
        finally:
            held, self._held = self._held or [], None
            if self.focused is None:
                await self.ensure_pane(self.active_pane)
                pane = self.pane(self.active_pane)
                if pane is not None:
                    self.set_focus(pane.table)
            for key in held:
                # One at a time, each handled before the next: a key may move the focus (g), and
                # the next (enter) must reach where it moved to.
                # An Enter typed before the terminal was in raw mode came as a newline (ctrl+j).
                name = "enter" if key.key == "ctrl+j" else key.key
                self.app.post_message(events.Key(name, "\r" if name == "enter" else key.character))
                await until_idle(0.5)

    @work(thread=True, exclusive=True, group="index")
    def build_index(self) -> None:
        """Build the search index off the UI thread, with its own connection."""
        from collab_tui.search import Index

        with Database(self.db.path) as db:
            index = Index.load(db)
        self.app.call_from_thread(self.query_one(SearchBox).index_ready, index)

    # --- navigation -------------------------------------------------------------

    def pane(self, name: str) -> BrowsePane | None:
        """The pane by name, if it has been built."""
        panes = list(self.query(f"#{name}-pane").results())
        return panes[0] if panes else None  # type: ignore[return-value]  # the Report pane too

    async def ensure_pane(self, name: str) -> BrowsePane:
        """The pane by name, built (and its table filled) the first time it is needed."""
        pane = self.pane(name)
        if pane is None:
            holders = list(self.query(f"#panes > #{name}").results(Widget))
            if holders:
                holder = holders[0]
            else:
                holder = Widget(id=name, classes="pane-holder")
                holder.display = False  # the switcher shows it when it becomes current
                await self.query_one(ContentSwitcher).mount(holder)
            pane_class = lazy_pane(name)
            load_css = getattr(self.app, "load_css", None)
            if getattr(pane_class, "CSS_FILE", None) and load_css is not None:
                load_css(pane_class.CSS_FILE)  # type: ignore[attr-defined]
            pane = pane_class(self.db, id=f"{name}-pane")
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
        self._passing_through = False
        pane = await self.ensure_pane(name)
        self.show_pane(name)
        pane.table.focus()

    @on(PaneBar.Chosen)
    async def _bar_chosen(self, event: PaneBar.Chosen) -> None:
        await self.action_pane(event.pane)

    def action_focus_search(self) -> None:
        # set_focus at once, not focus(): keys typed straight after "/" must reach the input.
        self.set_focus(self.query_one("#search-input"))

    # --- history: Escape goes back ------------------------------------------------

    def here(self) -> Place:
        """Where the user is: the compare screen's place if it is on top, else the pane and its record."""
        from collab_tui.screens.compare import CompareScreen

        for screen in reversed(self.app.screen_stack):
            if isinstance(screen, CompareScreen):
                return screen.place()
            if screen is self:
                break
        name = self.active_pane
        pane = self.pane(name)
        return Place(name, current_ref(pane) if pane is not None else None)

    def _departure(self) -> Place | None:
        """The place a navigation leaves from; None if the user only passed through it."""
        if self._passing_through:
            self._passing_through = False
            return None
        return self.here()

    async def navigate(self, place: Place, here: Place | None = None) -> bool:
        """Go to ``place`` and remember where the user was (``here``, by default ``self.here()``)."""
        self.history.go(here if here is not None else self._departure(), place)
        shown = await self.show_place(place)
        self.refresh_bindings()
        return shown

    async def go_back(self) -> bool:
        """One step back through the history; False (and nothing happens) at the start."""
        self._passing_through = False
        place = self.history.back(self.here())
        self.refresh_bindings()
        if place is None:
            return False
        await self.show_place(place)
        return True

    async def show_place(self, place: Place) -> bool:
        """Show a place without touching the history: a pane at a record, or the compare screen."""
        from collab_tui.screens.compare import CompareScreen

        if place.is_compare:
            if place.ref is None or place.other is None:
                return False
            self._close_compare()
            self.app.push_screen(CompareScreen(self, place.ref.id, place.other.id, row=place.row))
            return True
        self._close_compare()
        pane = await self.ensure_pane(place.pane)
        self.show_pane(place.pane)
        if place.ref is None:
            pane.table.focus()
            return True
        # Open (move the cursor), then focus: the row is scrolled into view before the first paint.
        opened = pane.open(place.ref.id)
        pane.table.focus()
        if opened:
            return True
        self.notify(f"{place.ref.kind} {place.ref.id} is not listed here", severity="warning", markup=False)
        return False

    def _close_compare(self) -> None:
        from collab_tui.screens.compare import CompareScreen

        while self.app.screen is not self and isinstance(self.app.screen, CompareScreen):
            self.app.pop_screen()

    def leave_for_search(self) -> None:
        """``/`` on a screen over this one: close it (a comparison is remembered), then focus search."""
        from collab_tui.screens.compare import CompareScreen

        while self.app.screen is not self:
            top = self.app.screen
            if isinstance(top, CompareScreen):
                # Escape from the search's pane comes back to the comparison.
                self.history.go(top.place(), Place(self.active_pane))
                self._passing_through = True
            self.app.pop_screen()
        self.action_focus_search()

    def _table_pane(self) -> BrowsePane | None:
        """The pane whose table has the focus, if one has."""
        focused = self.focused
        if not isinstance(focused, RecordTable):
            return None
        return next((a for a in focused.ancestors if isinstance(a, BrowsePane)), None)

    def action_goto(self) -> None:
        """g with a table focused: the highlighted record's related records, in its detail."""
        pane = self._table_pane()
        if pane is None:
            return
        ref = pane.current_ref()
        if ref is not None:
            pane.show_detail(ref)  # the highlighted row's, not a detail still on its way
        links = pane.detail_view.query_one(".detail-links")
        if not pane.detail_shown:
            pane.set_detail(True)  # narrow layouts hide the detail until asked
        if links.display:
            pane.detail_view.action_goto()
        else:
            self.notify("Nothing related to go to from this record", timeout=2)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """The footer shows only keys that act where the focus is: Escape (back) only when there is
        somewhere to go back to; v and g only on a table (the detail view has its own)."""
        if action in {"goto", "view_report"}:
            return self._table_pane() is not None
        if action == "back":
            focused = self.focused
            in_detail = (
                focused is not None
                and not isinstance(focused, RecordTable)
                and any(isinstance(a, BrowsePane) for a in focused.ancestors_with_self)
            )
            return bool(in_detail or self.history.can_go_back)
        return True

    async def action_back(self) -> None:
        """Escape: from a detail back to its table; from a table one step back through the history."""
        focused = self.focused
        pane = None
        if focused is not None:
            pane = next((a for a in focused.ancestors_with_self if isinstance(a, BrowsePane)), None)
        if pane is not None and not isinstance(focused, RecordTable):
            pane.table.focus()
            return
        await self.go_back()

    def resolve(self, ref: RecordRef) -> Place | None:
        """The place that shows a record: a place opens its first project, an organisation its area."""
        kind, record_id = ref
        if kind == "place":
            projects = self.db.projects_at_place(record_id)
            if projects:
                kind, record_id = "project", projects[0]
            else:
                place = next((p for p in self.db.places() if p.id == record_id), None)
                if place is None:
                    return None
                kind, record_id = "area", place.area_id
        elif kind == "organisation":
            org = self.db.organisation(record_id)
            if org is None or not org.area_ids:
                self.notify("This body serves no single area in the report.", severity="warning")
                return None
            kind, record_id = "area", org.area_ids[0]
        name = PANES.get(kind)
        if name is None:
            return None
        return Place(name, RecordRef(kind, record_id))

    async def open_record(self, ref: RecordRef, *, remember: bool = True) -> None:
        """Open any record in its pane; ``remember`` (the default) lets Escape come back here."""
        place = self.resolve(ref)
        if place is None:
            return
        if remember:
            await self.navigate(place)
        else:
            await self.show_place(place)

    # --- the Report pane ----------------------------------------------------------------

    async def open_report(self, ref: RecordRef) -> bool:
        """Open the Report pane at a record's first line with all its lines highlighted (n / N go
        between them); ``RecordRef("line", "N")`` opens it at line N. Escape comes back (history)."""
        here = self._departure()
        pane = await self.ensure_pane("report")
        passages = pane.report.record_lines(ref)  # type: ignore[attr-defined]
        if not passages:
            self.notify(
                f"The report draws {ref.kind} {ref.id} from no line", severity="warning", markup=False
            )
            return False
        self.history.go(here, Place("report", RecordRef("line", str(passages[0].start_line))))
        await self.show_place(Place("report"))
        pane.show_record(ref)  # type: ignore[attr-defined]
        self.refresh_bindings()
        return True

    async def action_view_report(self) -> None:
        """v with a table focused: the highlighted record's lines in the Report pane."""
        pane = self.pane(self.active_pane)
        ref = current_ref(pane) if pane is not None and self.active_pane != "report" else None
        if ref is not None:
            await self.open_report(ref)

    async def on_report_pane_open_record(self, event: Message) -> None:
        """Enter on a record drawn from a paragraph of the Report pane: open it; Escape comes back."""
        ref: RecordRef = event.ref  # type: ignore[attr-defined]
        await self.open_record(ref)

    @on(SearchBox.Chosen)
    async def _chosen(self, event: SearchBox.Chosen) -> None:
        await self.open_record(event.ref)

    @on(SearchBox.Left)
    async def _left(self) -> None:
        pane = await self.ensure_pane(self.active_pane)
        pane.table.focus()

    async def on_detail_view_open(self, event: DetailView.Open) -> None:
        """A related record chosen in a detail view (DetailView.Open: the handler by name, so the
        detail view is imported after the first paint)."""
        await self.open_record(event.ref)

    # --- comparing two areas ------------------------------------------------------

    def suggest_areas(self, text: str) -> list[tuple[str, str]]:
        """Areas for a picker: all of them, or the best fuzzy matches for ``text``."""
        index = self.search_index
        if not text.strip():
            return [(a.id, a.name) for a in self.db.areas()]
        if index is not None:
            return [(h.id, h.name) for h in index.search(text, limit=10, kinds=["area"])]
        lowered = text.lower()
        return [(a.id, a.name) for a in self.db.areas() if lowered in a.name.lower()]

    def compare(self, left: str | None = None, right: str | None = None) -> None:
        """Open the compare screen, asking for whichever side is missing."""
        from collab_tui.screens.area_picker import ask_for_areas

        def open_screen(a: str, b: str) -> None:
            self.run_worker(self.navigate(Place.comparing(a, b)), exclusive=False)

        if left and right:
            open_screen(left, right)
            return
        area = self.db.area(left) if left else None
        ask_for_areas(
            self.app, self.suggest_areas, open_screen, left, area.name if area is not None else left
        )

    def open_from_compare(self, here: Place, ref: RecordRef) -> None:
        """A compare row's record: the comparison (``here``) becomes the step back."""
        place = self.resolve(ref)
        if place is not None:
            self.run_worker(self.navigate(place, here=here), exclusive=False)

    def action_compare_area(self) -> None:
        """c on an area (the Areas pane's key): compare the highlighted area with one the user picks."""
        pane = self.pane("areas")
        ref = pane.current_ref() if pane is not None else None
        self.compare(ref.id if ref is not None else None)

    def action_compare(self) -> None:
        self.compare()

    def action_export_search(self) -> None:
        """Export the last search's results to a file the user confirms."""
        from collab_tui.screens.export_dialog import export_search_to_file

        box = self.query_one(SearchBox)
        if not box.last_hits:
            self.notify("Search first (/), then export the results", severity="warning")
            return
        export_search_to_file(self, self.db, box.last_query, list(box.last_hits))

    @on(BrowsePane.ExportRequested)
    def _export_table(self, event: BrowsePane.ExportRequested) -> None:
        from collab_tui.screens.export_dialog import export_table_to_file

        export_table_to_file(self, self.db, event.table, event.view)

    def on_detail_view_whole_text_requested(self, event: DetailView.WholeTextRequested) -> None:
        from collab_tui.screens.whole_text import WholeTextScreen

        self.app.push_screen(WholeTextScreen(event.detail))

    async def on_detail_view_show_source(self, event: DetailView.ShowSource) -> None:
        # v: the record's lines in the Report pane (the pop-up, collab_tui.screens.source, is the fallback).
        if not await self.open_report(RecordRef(event.detail.kind, event.detail.id)):
            from collab_tui.screens.source import SourceScreen

            self.app.push_screen(SourceScreen(self.db, event.detail))
