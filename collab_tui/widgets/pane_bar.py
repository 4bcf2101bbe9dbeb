"""The pane bar: "1 Areas  2 Leaders  3 Projects  4 Funding  5 Report", the active one highlighted.

Lighter than Textual's Tabs (it costs nothing at start-up) and clickable.
"""

from __future__ import annotations

from textual.content import Content
from textual.events import Click
from textual.message import Message
from textual.reactive import reactive
from textual.widget import Widget

PANE_LABELS = (
    ("areas", "1 Areas"),
    ("leaders", "2 Leaders"),
    ("projects", "3 Projects"),
    ("funding", "4 Funding"),
    ("report", "5 Report"),
)


class PaneBar(Widget):
    """Shows the panes and which is active; a click chooses one."""

    # Its layout (one line, full width) is in app.tcss: one stylesheet fewer to parse before the first frame.

    active: reactive[str] = reactive("areas")

    class Chosen(Message):
        """A pane was clicked."""

        def __init__(self, pane: str) -> None:
            super().__init__()
            self.pane = pane

    def render(self) -> Content:
        parts = []
        for name, label in PANE_LABELS:
            style = "bold reverse $accent" if name == self.active else "$text-muted"
            parts.append(Content.styled(f" {label} ", style))
            parts.append(Content("  "))
        return Content.assemble(*parts)

    def on_click(self, event: Click) -> None:
        x = event.x - 1
        for name, label in PANE_LABELS:
            width = len(label) + 2
            if 0 <= x < width:
                self.post_message(self.Chosen(name))
                return
            x -= width + 2
