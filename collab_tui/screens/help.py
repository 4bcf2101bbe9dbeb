"""Every key, on one screen."""

from __future__ import annotations

from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Static

from collab_tui.screens.terminal_size import FollowsTerminal


def help_content(app: App[object]) -> Content:
    """Every key of ``app``, read from the bindings themselves (collab_tui.keys), by where it works."""
    from collab_tui.keys import sections

    parts = [Content.styled("collab-tui: keys\n", "bold $accent"),
             Content.styled("Data from the 2014 report; post-holders may have changed since.\n", "$text-muted")]  # fmt: skip
    for heading, lines in sections(type(app)):
        parts.append(Content.styled(f"\n{heading}\n", "bold"))
        for line in lines:
            parts.append(Content.assemble(Content.styled(f"  {line.keys:<16}", "$text-accent"),
                                          Content(f" {line.does}\n")))  # fmt: skip
    parts.append(Content.styled("\nctrl+p or : opens the command palette; escape, q or ? closes this screen",
                                "$text-muted"))  # fmt: skip
    return Content.assemble(*parts)


class HelpScreen(FollowsTerminal, ModalScreen[None]):
    """The help screen: every key."""

    BINDINGS = [
        Binding("escape", "dismiss", "Close", id="help.close"),
        Binding("slash", "app.focus_search", "Search", tooltip="Close the help and search", id="help.search"),
        Binding("q", "dismiss", "Close", show=False),
        Binding("question_mark", "dismiss", "Close", show=False),
    ]

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="help-box"):
            yield Static(help_content(self.app))
