"""The detail of one record: its text, the passages behind it, and links to related records."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.content import Content
from textual.message import Message
from textual.widgets import OptionList, Static

from collab_tui.details import Detail
from collab_tui.models import RecordRef
from collab_tui.safe_text import LONG, clean, shorten
from collab_tui.widgets.record_option import RecordOption, option_ref

STYLES = {
    "heading": "bold $accent",
    "warning": "bold $text-warning",
    "note": "$text-muted",
    "quote": "italic",
    "text": "",
}


def render_detail(detail: Detail, whole: bool = False) -> Content:
    """A detail as Content: every line literal (never markup), styled by its hint.

    A very long line is shown shortened, with how much was left out and the key (w) that
    shows it whole: a 1 MB value cannot stall the screen.
    """
    title, cut = shorten(clean(detail.title), 500 if not whole else len(detail.title) + 1)
    parts = [Content.styled(title, "bold"), Content("\n")]
    if cut:
        parts += [
            Content.styled(f"({cut:,} more characters: w shows the whole text)", "$text-muted"),
            Content("\n"),
        ]
    for line in detail.lines:
        text, cut = shorten(clean(line.text)) if not whole else (clean(line.text), 0)
        parts.append(Content.styled(text, STYLES.get(line.style, "")) if text else Content(""))
        if cut:
            parts.append(Content.styled(f" ({cut:,} more characters: w shows the whole text)", "$text-muted"))
        parts.append(Content("\n"))
    return Content.assemble(*parts)


def is_long(detail: Detail) -> bool:
    """True if some of the detail is shown shortened."""
    return len(detail.title) > 500 or any(len(line.text) > LONG for line in detail.lines)


class DetailView(VerticalScroll):
    """Scrollable detail of the highlighted record.

    | Key | Does |
    | :- | :- |
    | v | show the source passage(s) behind this record |
    | g | go to a related record (areas, people, projects) |
    | w | read a shortened long text whole |
    """

    BINDINGS = [
        Binding(
            "v",
            "view_source",
            "Source",
            tooltip="Show the report's lines behind this record",
            id="detail.source",
        ),
        Binding("g", "goto", "Go to", tooltip="Jump to a related record", id="detail.goto"),
        Binding(
            "w",
            "whole",
            "Whole text",
            show=False,
            tooltip="Read a shortened long text whole",
            id="detail.whole",
        ),
    ]

    class Open(Message):
        """The user chose a related record."""

        def __init__(self, ref: RecordRef) -> None:
            super().__init__()
            self.ref = ref
            """The record chosen."""

    class WholeTextRequested(Message):
        """w: read the record's text whole (some of it is shown shortened); the screen opens the reader."""

        def __init__(self, detail: Detail) -> None:
            super().__init__()
            self.detail = detail

    class ShowSource(Message):
        """The user asked for the passages behind the record."""

        def __init__(self, detail: Detail) -> None:
            super().__init__()
            self.detail = detail

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id, can_focus=True)
        self.detail: Detail | None = None

    def compose(self) -> ComposeResult:
        yield Static("", classes="detail-text")
        yield OptionList(classes="detail-links")

    def show(self, detail: Detail) -> None:
        self.detail = detail
        self.query_one(".detail-text", Static).update(render_detail(detail))
        links = self.query_one(".detail-links", OptionList)
        links.clear_options()
        seen: set[RecordRef] = set()
        for kind, record_id, label in detail.links:
            ref = RecordRef(kind, record_id)
            if ref in seen:
                continue
            seen.add(ref)
            links.add_option(RecordOption(Content(f"→ {kind}: {clean(label)}"), ref))
        links.display = bool(seen)
        links.border_title = "Go to (g)"
        self.scroll_home(animate=False)

    def action_whole(self) -> None:
        """Open the record's text in full, in a scrollable reader, when part of it is shown shortened."""
        if self.detail is None or not is_long(self.detail):
            self.notify("Nothing here is shortened", timeout=2)
            return
        self.post_message(self.WholeTextRequested(self.detail))

    def action_view_source(self) -> None:
        if self.detail is not None:
            self.post_message(self.ShowSource(self.detail))

    def action_goto(self) -> None:
        links = self.query_one(".detail-links", OptionList)
        if links.option_count:
            links.focus()
            links.highlighted = 0
            self.scroll_to_widget(links)

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        ref = option_ref(event.option)
        if ref is not None:
            self.post_message(self.Open(ref))
