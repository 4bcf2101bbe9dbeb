"""Command palette: search records, and every action of the explorer."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from functools import partial
from typing import NamedTuple

from textual.command import DiscoveryHit, Hit, Hits, Provider
from textual.content import Content
from textual.markup import escape

from collab_tui.safe_text import clean

KEYLESS = [
    ("Export search results", "export_search", "Write the last search's results to a file (CSV, JSON, Markdown, HTML)"),
    ("Compare two areas", "compare", "Two areas side by side, and a briefing note (c on an area)"),
    ("Remember this theme", "app.remember_theme", "Save the current theme for next time (writes a settings file)"),
]  # fmt: skip
"""Actions with no key of their own; everything else in the palette comes from the bindings."""


class Command(NamedTuple):
    """One palette entry: its name, what it does, and how to run it."""

    name: str
    help: str
    run: Callable[[], Awaitable[object]]


class ActionsProvider(Provider):
    """Every action that works where the palette was opened: the bindings active there (the footer's
    keys and the hidden ones), named by their description and explained by their tooltip and key,
    plus the few actions that have no key."""

    def commands(self) -> list[Command]:
        from collab_tui.keys import key_name
        from collab_tui.screens.main import MainScreen

        found: dict[str, Command] = {}
        screen = self.screen
        for key, active in screen.active_bindings.items():
            binding = active.binding
            if not active.enabled or not binding.description or binding.action == "command_palette":
                continue
            name = binding.description
            shown = binding.key_display or key_name(key)
            text = f"{binding.tooltip or name} ({shown})"
            if name in found:  # j and down: one entry, both keys
                continue
            found[name] = Command(name, text, partial(self.app.run_action, binding.action, active.node))
        main = next((s for s in self.app.screen_stack if isinstance(s, MainScreen)), None)
        for name, action, text in KEYLESS:
            if action.startswith("app."):
                found[name] = Command(name, text, partial(self.app.run_action, action[4:], self.app))
            elif main is not None:
                found[name] = Command(name, text, partial(main.run_action, action))
        return list(found.values())

    async def discover(self) -> Hits:
        for command in self.commands():
            yield DiscoveryHit(command.name, command.run, help=command.help)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for command in self.commands():
            score = matcher.match(command.name)
            if score > 0:
                yield Hit(
                    score, matcher.highlight(command.name), command.run, text=command.name, help=command.help
                )


class RecordsProvider(Provider):
    """Records found by collab-tui's own search (people, areas, places, projects, funding)."""

    async def search(self, query: str) -> Hits:
        from collab_tui.models import RecordRef
        from collab_tui.screens.main import MainScreen

        screen = next((s for s in self.app.screen_stack if isinstance(s, MainScreen)), None)
        if screen is None or not query.strip():
            return
        index = screen.search_index
        if index is None:
            return
        for h in index.search(query, limit=10):
            label = f"{h.kind}: {clean(h.name)}"
            where = ", ".join(h.areas) or "national"
            yield Hit(min(h.score / 110, 1.0), Content(label), partial(screen.open_record, RecordRef(h.kind, h.id)),
                      text=label, help=escape(clean(where)))  # fmt: skip
