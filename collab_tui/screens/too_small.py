"""Shown instead of the explorer when the terminal is too small to lay it out."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Static

from collab_tui.screens.terminal_size import FollowsTerminal


class TooSmallScreen(FollowsTerminal, ModalScreen[None]):
    """ "Terminal too small": goes away by itself when the terminal grows; q still quits."""

    BINDINGS = [Binding("q", "app.quit", "Quit", id="small.quit")]

    def __init__(self, minimum: tuple[int, int]) -> None:
        super().__init__()
        self.minimum = minimum

    def compose(self) -> ComposeResult:
        width, height = self.minimum
        yield Static(
            Content(
                f"Terminal too small: collab-tui needs at least {width}x{height}. Enlarge the window, or q to quit."
            ),
            id="too-small",
        )
