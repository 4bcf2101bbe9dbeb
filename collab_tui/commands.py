"""Command palette: search records, and every action of the explorer."""

from __future__ import annotations

from functools import partial

from textual.command import DiscoveryHit, Hit, Hits, Provider
from textual.content import Content
from textual.markup import escape

from collab_tui.text import clean

ACTIONS = [
    ("Go to Areas", "pane('areas')", "Show the Areas pane (1)"),
    ("Go to Leaders", "pane('leaders')", "Show the Leaders pane (2)"),
    ("Go to Projects", "pane('projects')", "Show the Projects pane (3)"),
    ("Go to Funding", "pane('funding')", "Show the Funding pane (4)"),
    ("Search", "focus_search", "Focus the search bar (/)"),
    ("Export search results", "export_search", "Write the last search's results to CSV, JSON or Markdown"),
    ("Compare two areas", "compare", "Two areas side by side, and a briefing note (c on an area)"),
    ("Help: every key", "app.help", "Show the help screen (?)"),
    ("Next theme", "app.next_theme", "Switch to the next colour theme (t)"),
    (
        "Remember this theme",
        "app.remember_theme",
        "Save the current theme for next time (writes a settings file)",
    ),
    ("Quit", "app.quit", "Leave collab-tui (q)"),
]


class ActionsProvider(Provider):
    """Every action of the explorer, by name."""

    async def discover(self) -> Hits:
        for name, action, help_text in ACTIONS:
            yield DiscoveryHit(name, partial(self._run, action), help=help_text)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for name, action, help_text in ACTIONS:
            score = matcher.match(name)
            if score > 0:
                yield Hit(score, matcher.highlight(name), partial(self._run, action), help=help_text)

    async def _run(self, action: str) -> None:
        screen = self.app.screen_stack[0] if self.app.screen_stack else self.app.screen
        if action.startswith("app."):
            await self.app.run_action(action[4:])
        else:
            await screen.run_action(action)


class RecordsProvider(Provider):
    """Records found by collab-tui's own search (people, areas, places, projects, funding)."""

    async def search(self, query: str) -> Hits:
        from collab_tui.screens.main import MainScreen
        from collab_tui.widgets.search_box import SearchBox

        screen = next((s for s in self.app.screen_stack if isinstance(s, MainScreen)), None)
        if screen is None or not query.strip():
            return
        index = screen.query_one(SearchBox).index
        if index is None:
            return
        for h in index.search(query, limit=10):
            label = f"{h.kind}: {clean(h.name)}"
            where = ", ".join(h.areas) or "national"
            yield Hit(min(h.score / 110, 1.0), Content(label), partial(screen.open_record, h.kind, h.id),
                      text=label, help=escape(clean(where)))  # fmt: skip
