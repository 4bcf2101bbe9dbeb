"""A long record text, whole: a read-only reader that draws only the lines on screen."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import ModalScreen
from textual.widgets import Log

from collab_tui.details import Detail
from collab_tui.safe_text import clean
from collab_tui.screens.terminal_size import FollowsTerminal

WHOLE = 100
"""Long lines are broken every WHOLE characters, so that no line is ever measured whole."""


def reader_lines(detail: Detail) -> list[str]:
    """The detail's title and lines, cleaned, each broken into pieces of at most WHOLE characters."""
    lines = []
    for text in (detail.title, *(line.text for line in detail.lines)):
        for paragraph in clean(text).split("\n") or [""]:
            lines += [paragraph[i : i + WHOLE] for i in range(0, len(paragraph), WHOLE)] or [""]
    return lines


class WholeTextScreen(FollowsTerminal, ModalScreen[None]):
    """The whole text of a record; escape or w closes."""

    BINDINGS = [
        Binding("escape", "dismiss", "Close", id="whole.close"),
        Binding("w", "dismiss", "Close", show=False),
    ]

    def __init__(self, detail: Detail) -> None:
        super().__init__()
        self.detail = detail

    def compose(self) -> ComposeResult:
        log = Log(id="whole-text", highlight=False, auto_scroll=False)
        log.border_title = "Whole text (escape closes)"
        yield log

    def on_mount(self) -> None:
        log = self.query_one(Log)
        log.write_lines(reader_lines(self.detail))
        log.scroll_home(animate=False)
        log.focus()
