"""The report's own lines behind a record, with their numbers."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Static

from collab_tui.db import Database
from collab_tui.details import Detail
from collab_tui.safe_text import clean
from collab_tui.screens.terminal_size import FollowsTerminal


def source_content(db: Database, detail: Detail) -> Content:
    """Each passage behind a detail: its line range and the text of those lines, numbered."""
    parts = [Content.styled(f"Source of: {clean(detail.title)}\n", "bold $accent"),
             Content.styled(f"{db.meta.source_title} ({db.meta.source_year}), {db.meta.licence}\n", "$text-muted")]  # fmt: skip
    seen = set()
    for label, ref in detail.refs:
        key = (ref.start_line, ref.end_line)
        if key in seen:
            continue
        seen.add(key)
        said = clean(label).strip()
        # A detail line may already begin with its own label ("line 150: £750,000"): say it once.
        if said.startswith(f"{ref.label}: "):
            said = said[len(ref.label) + 2 :]
        parts.append(Content.styled(f"\n{ref.label}: {said[:70]}\n", "bold"))
        for number, text in db.source_lines(ref.start_line, ref.end_line):
            if text.strip():
                parts.append(
                    Content.assemble(
                        Content.styled(f"{number:>5} │ ", "$text-muted"), Content(clean(text) + "\n")
                    )
                )
    if not seen:
        parts.append(Content("\nNo passage is recorded for this view."))
    return Content.assemble(*parts)


class SourceScreen(FollowsTerminal, ModalScreen[None]):
    """The passages behind a record; escape closes."""

    BINDINGS = [
        Binding("escape", "dismiss", "Close", id="source.close"),
        Binding("q", "dismiss", "Close", show=False),
    ]

    def __init__(self, db: Database, detail: Detail) -> None:
        super().__init__()
        self.db = db
        self.detail = detail

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="source-box"):
            yield Static(source_content(self.db, self.detail))
