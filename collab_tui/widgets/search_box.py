"""The search bar: results update as you type (in the keystroke's frame when the search is quick, else
off the UI thread); Enter opens, Escape leaves."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import TYPE_CHECKING

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.content import Content
from textual.message import Message
from textual.widget import Widget
from textual.widgets import Input, OptionList
from textual.widgets.option_list import Option
from textual.worker import get_current_worker

from collab_tui.models import RecordRef
from collab_tui.safe_text import clean
from collab_tui.widgets.after_paint import mount_after_paint
from collab_tui.widgets.record_option import RecordOption, option_ref

if TYPE_CHECKING:
    from collab_tui.search import Index


def highlighted(name: str, query: str) -> Content:
    """The name with the characters that match the query highlighted, as fzf does."""
    from collab_tui.search import highlight_spans

    content = Content(clean(name))
    for start, end in highlight_spans(query, content.plain):
        content = content.stylize("bold $text-accent underline", start, end)
    return content


class SearchBox(Widget):
    """Type to search; up/down move through results; Enter opens; Escape goes back.

    | Key | Does |
    | :- | :- |
    | / | focus the search bar (from anywhere) |
    | up/down | move through the results |
    | enter | open the highlighted result in its pane |
    | escape | close the results and go back |
    """

    BINDINGS = [
        Binding("down", "move(1)", "Next", show=False),
        Binding("up", "move(-1)", "Previous", show=False),
        Binding("escape", "leave", "Back", id="search.back"),
    ]

    class Chosen(Message):
        """A search result was chosen."""

        def __init__(self, ref: RecordRef) -> None:
            super().__init__()
            self.ref = ref
            """The record chosen."""

    class Left(Message):
        """The user left the search bar."""

    INLINE_SECONDS = 0.008
    """A search (and its list) made in less than this runs next time in the keystroke's own handler, so
    its results are drawn in the same frame as the typed character; a slower one runs in a thread."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.index: Index | None = None  # built off the UI thread
        self.build_now: Callable[[], Index] | None = None
        """Builds the index on the spot, for a query typed before the background build is done."""
        self.last_query = ""
        self._shown_query = ""  # the query whose results are on show
        self.last_hits: list[object] = []
        self._inline = True  # the last search was quick: run the next one in the keystroke's handler

    def compose(self) -> ComposeResult:
        yield Input(
            placeholder="/ search: a name, 'cfo cumbria', a town, NWAS ...", id="search-input", compact=True
        )

    def on_mount(self) -> None:
        self.results = OptionList(id="search-results")
        self.results.display = False
        mount_after_paint(self, self.results)

    @on(Input.Changed, "#search-input")
    def _changed(self, event: Input.Changed) -> None:
        self.last_query = event.value
        if not event.value.strip():
            self.results.display = False
            return
        self.ensure_index()
        if self.index is not None and self._inline:
            self._show_results(event.value, *self._results(self.index, event.value))
        else:
            self.run_search(event.value)

    def ensure_index(self) -> None:
        """Type-ahead: a query typed before the index is ready builds it now (tens of ms), then runs."""
        if self.index is None and self.build_now is not None:
            self.index = self.build_now()

    @work(thread=True, exclusive=True, group="search")
    def run_search(self, query: str) -> None:
        """Search in a thread; a newer keystroke cancels this one's result."""
        index = self.index
        if index is None:
            self.app.call_from_thread(self._show_pending)
            return
        found = self._results(index, query)
        if get_current_worker().is_cancelled or query != self.last_query:
            return
        self.app.call_from_thread(self._show_results, query, *found)

    def _results(self, index: Index, query: str) -> tuple[list[Option], list[object], str]:
        """The options for a query's hits, the hits, and the line to show if there is none; timed,
        to choose where the next search runs (INLINE_SECONDS)."""
        started = time.perf_counter()
        hits = index.search(query, limit=12)
        options: list[Option] = []
        for h in hits:
            where = ", ".join(h.areas) or "national"
            label = Content.assemble(
                Content.styled(f"{h.kind:<13}", "$text-muted"),
                highlighted(h.name, query),
                Content.styled(f"  {clean(where)}  ", "$text-muted"),
                Content.styled(f"{h.field}: {clean(h.matched_text)}", "italic $text-muted"),
            )
            options.append(RecordOption(label, RecordRef(h.kind, h.id)))
        # No hit: a place in the force area the report leaves out says so ("Luton: ... Bedfordshire").
        empty = "" if hits else (index.not_covered(query) or "")
        self._inline = time.perf_counter() - started < self.INLINE_SECONDS
        return options, list(hits), empty

    def _show_pending(self) -> None:
        results = self.results
        results.clear_options()
        results.add_option(Option("Preparing the search index…", disabled=True))
        results.display = True

    def _show_results(
        self, query: str, options: list[Option], hits: list[object] | None = None, empty: str = ""
    ) -> None:
        if query != self.last_query:
            return
        self._shown_query = query
        self.last_hits = hits or []
        results = self.results
        # One replacement of the options (not clear + add: two refreshes); the list is an overlay
        # (app.tcss), so a new length redraws the list, not the panes under it.
        # No hit: a place in the force area the report leaves out says so ("Luton: ... Bedfordshire").
        results.set_options(
            options or [Option(clean(empty) or f"No close match for {clean(query)!r}", disabled=True)]
        )
        if options:
            results.highlighted = 0
        # Results that arrive after Enter has opened one (the bar has lost the focus) stay hidden.
        showing = self.query_one("#search-input", Input).has_focus
        if results.display != showing:
            results.display = showing

    def index_ready(self, index: Index) -> None:
        if self.index is not None:
            return  # built on the spot already, for a query typed early
        self.index = index
        if self.last_query.strip():
            self.run_search(self.last_query)

    def action_move(self, step: int) -> None:
        results = self.results
        if results.display and results.option_count:
            if step > 0:
                results.action_cursor_down()
            else:
                results.action_cursor_up()

    def choice(self) -> RecordRef | None:
        """What Enter opens: the highlighted result of the query in the bar, or, if its results are
        not on show yet (Enter typed ahead of them), the best match found now (a millisecond or two).
        """
        query = self.query_one("#search-input", Input).value
        if not query.strip():
            return None
        results = self.results
        if query == self._shown_query and results.display and results.highlighted is not None:
            return option_ref(results.get_option_at_index(results.highlighted))
        self.ensure_index()
        if self.index is None:
            return None
        hits = self.index.search(query, limit=1)
        return RecordRef(hits[0].kind, hits[0].id) if hits else None

    @on(Input.Submitted, "#search-input")
    def _submitted(self) -> None:
        ref = self.choice()
        if ref is not None:
            self._choose(ref)

    @on(OptionList.OptionSelected, "#search-results")
    def _selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        ref = option_ref(event.option)
        if ref is not None:
            self._choose(ref)

    def _choose(self, ref: RecordRef) -> None:
        self.results.display = False
        self.post_message(self.Chosen(ref))

    def action_leave(self) -> None:
        results = self.results
        if results.display:
            results.display = False
        self.post_message(self.Left())

    def set_query(self, text: str) -> None:
        search_input = self.query_one("#search-input", Input)
        search_input.value = text
        search_input.focus()
