"""The search bar: results update as you type, off the UI thread; Enter opens, Escape leaves."""

from __future__ import annotations

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.message import Message
from textual.widgets import Input, OptionList
from textual.widgets.option_list import Option
from textual.worker import get_current_worker

from collab_tui.text import clean
from collab_tui.widgets import mount_after_paint


def highlighted(name: str, query: str) -> Content:
    """The name with the characters that match the query highlighted, as fzf does."""
    from collab_tui.search import highlight_spans

    content = Content(clean(name))
    for start, end in highlight_spans(query, content.plain):
        content = content.stylize("bold $text-accent underline", start, end)
    return content


class SearchBox(Vertical):
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

        def __init__(self, kind: str, record_id: str) -> None:
            super().__init__()
            self.kind = kind
            self.record_id = record_id

    class Left(Message):
        """The user left the search bar."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.index = None  # collab_tui.search.Index, built off the UI thread
        self.last_query = ""
        self.last_hits: list[object] = []

    def compose(self) -> ComposeResult:
        yield Input(
            placeholder="/ search: a name, 'cfo cumbria', a town, NWAS ...", id="search-input", compact=True
        )
        return iter(())

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
        self.run_search(event.value)

    @work(thread=True, exclusive=True, group="search")
    def run_search(self, query: str) -> None:
        """Search in a thread; a newer keystroke cancels this one's result."""
        index = self.index
        if index is None:
            self.app.call_from_thread(self._show_pending)
            return
        hits = index.search(query, limit=12)
        if get_current_worker().is_cancelled or query != self.last_query:
            return
        options = []
        for h in hits:
            where = ", ".join(h.areas) or "national"
            label = Content.assemble(
                Content.styled(f"{h.kind:<13}", "$text-muted"),
                highlighted(h.name, query),
                Content.styled(f"  {clean(where)}  ", "$text-muted"),
                Content.styled(f"{h.field}: {clean(h.matched_text)}", "italic $text-muted"),
            )
            options.append(Option(label, id=f"{h.kind}:{h.id}"))
        self.app.call_from_thread(self._show_results, query, options, hits)

    def _show_pending(self) -> None:
        results = self.results
        results.clear_options()
        results.add_option(Option("Preparing the search index…", disabled=True))
        results.display = True

    def _show_results(self, query: str, options: list[Option], hits: list[object] | None = None) -> None:
        if query != self.last_query:
            return
        self.last_hits = hits or []
        results = self.results
        # One replacement of the options (not clear + add: two refreshes); the list is an overlay
        # (app.tcss), so a new length redraws the list, not the panes under it.
        results.set_options(options or [Option(f"No match for {clean(query)!r}", disabled=True)])
        if options:
            results.highlighted = 0
        if not results.display:
            results.display = True

    def index_ready(self, index: object) -> None:
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

    @on(Input.Submitted, "#search-input")
    def _submitted(self) -> None:
        results = self.results
        if results.display and results.highlighted is not None:
            option = results.get_option_at_index(results.highlighted)
            if option.id:
                self._choose(option.id)

    @on(OptionList.OptionSelected, "#search-results")
    def _selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if event.option.id:
            self._choose(event.option.id)

    def _choose(self, key: str) -> None:
        kind, _, record_id = key.partition(":")
        self.results.display = False
        self.post_message(self.Chosen(kind, record_id))

    def action_leave(self) -> None:
        results = self.results
        if results.display:
            results.display = False
        self.post_message(self.Left())

    def set_query(self, text: str) -> None:
        search_input = self.query_one("#search-input", Input)
        search_input.value = text
        search_input.focus()
