"""Every key, on one screen."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Static

KEYS: list[tuple[str, list[tuple[str, str]]]] = [
    ("Anywhere", [
        ("/", "search: type a name, 'cfo cumbria', a town, an abbreviation"),
        ("1 2 3 4 5", "Areas, Leaders, Projects, Funding, Report (the report's own text)"),
        ("tab / shift+tab", "move between the table, the detail and the filters"),
        ("?", "this help"),
        ("ctrl+p or :", "command palette: search records and run any action"),
        ("t", "next theme (high contrast and terminal colours included)"),
        ("q", "quit"),
    ]),
    ("In a table", [
        ("up down, j k", "move"),
        ("enter", "open the highlighted record's detail"),
        ("s / S", "sort by the next column / reverse the order"),
        ("e", "export the table (CSV, JSON or Markdown, by the file name you confirm)"),
        ("y", "copy the highlighted record as plain text"),
        ("c", "on an area: compare it with another"),
        ("v", "the Report pane at the record's lines (n / N between them)"),
    ]),
    ("On the compare screen", [
        ("n / N", "next / previous row that differs"),
        ("s", "swap the sides"),
        ("l / r", "choose another area for the left / right side"),
        ("enter", "open the row's record"),
        ("e / y", "write the briefing (.md, .json, .csv) / copy it"),
    ]),
    ("In a detail view", [
        ("up down, page up/down", "scroll"),
        ("v", "the Report pane at this record's lines, to check before quoting"),
        ("g", "go to a related record (related areas, leaders, projects); enter opens it"),
        ("w", "a text shown shortened (over 2,000 characters), whole"),
        ("escape", "back to the table"),
    ]),
    ("In the Report pane (5)", [
        ("up down, j k", "previous / next paragraph; page up / down, home / end"),
        ("enter", "list the records drawn from the paragraph (marked ▌); enter opens one"),
        ("/ or f", "find: words, \"a phrase\", prefix*, tri-service, £1.6m"),
        ("n / N", "next / previous hit, across sections (or the record's next passage)"),
        ("l / o", "line numbers / contents on or off"),
        ("escape", "close the list or the find; then back to where you came from"),
    ]),
    ("In the search bar", [
        ("up down", "move through the results"),
        ("enter", "open the result in its pane"),
        ("escape", "close the results and go back"),
    ]),
    ("Filters (Leaders and Projects)", [
        ("tab to a filter, enter", "open it; up down to choose; enter to apply"),
    ]),
]  # fmt: skip


def help_content() -> Content:
    parts = [Content.styled("collab-tui: keys\n", "bold $accent"),
             Content.styled("Data from the 2014 report; post-holders may have changed since.\n", "$text-muted")]  # fmt: skip
    for heading, keys in KEYS:
        parts.append(Content.styled(f"\n{heading}\n", "bold"))
        for key, does in keys:
            parts.append(
                Content.assemble(Content.styled(f"  {key:<24}", "$text-accent"), Content(f"{does}\n"))
            )
    parts.append(Content.styled("\nescape, q or ? closes this screen", "$text-muted"))
    return Content.assemble(*parts)


class HelpScreen(ModalScreen[None]):
    """The help screen: every key."""

    BINDINGS = [
        Binding("escape", "dismiss", "Close", id="help.close"),
        Binding("q", "dismiss", "Close", show=False),
        Binding("question_mark", "dismiss", "Close", show=False),
    ]

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="help-box"):
            yield Static(help_content())
