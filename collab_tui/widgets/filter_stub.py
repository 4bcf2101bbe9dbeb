"""A filter's stand-in for the first frame: looks like a compact, empty Select, costs one widget.

A Select is six widgets (its current value, three labels, an overlay with an option list) and four
stylesheets; the Areas pane's two would be styled and laid out before the first frame. The pane shows
these instead, and puts the real Selects in their place just after the first paint (or at once, when
a stand-in is clicked or opened with a key before that).
"""

from __future__ import annotations

from textual import events
from textual.binding import Binding
from textual.content import Content
from textual.message import Message
from textual.widget import Widget

ARROW = " ▼"
"""What a closed Select shows after its prompt: a cell of padding and the down arrow."""


def first_line(text: str, width: int) -> str:
    """The first line of ``text`` word-wrapped at ``width`` cells, as a Select's label shows it."""
    line = ""
    for word in text.split():
        candidate = f"{line} {word}" if line else word
        if len(candidate) > width:
            return line or word[:width]
        line = candidate
    return line


class FilterStub(Widget, can_focus=True):
    """A filter Select's prompt and arrow, in the Select's place until the real one is mounted.

    | Key | Does |
    | :- | :- |
    | enter, down, space, up | open the filter's choices (as on the Select) |
    """

    ALLOW_SELECT = False  # as a Select's current value: a click opens, never selects text
    BINDINGS = [Binding("enter,down,space,up", "open", "Show menu", show=False)]

    class Used(Message):
        """The stand-in was clicked or opened: the pane mounts the real Select and opens it."""

        def __init__(self, filter_name: str) -> None:
            super().__init__()
            self.filter_name = filter_name
            """The filter's name (nation, service, ...)."""

    def __init__(self, prompt: str, filter_name: str, *, id: str | None = None) -> None:
        super().__init__(id=id, classes="filter-stub")
        self.prompt = prompt
        """The Select's prompt ("Any nation")."""
        self.filter_name = filter_name

    def render(self) -> Content:
        # A compact Select: its label (1fr, first line of the prompt), then a cell and the arrow.
        label = max(self.content_size.width - len(ARROW), 0)
        return Content(first_line(self.prompt, label).ljust(label) + ARROW)

    def action_open(self) -> None:
        self.post_message(self.Used(self.filter_name))

    def on_click(self, event: events.Click) -> None:
        event.stop()
        self.post_message(self.Used(self.filter_name))
