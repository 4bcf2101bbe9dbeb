"""The first frame's shortcuts change nothing on screen.

MainScreen skips Textual's restyle of every node at its first ScreenResume (the app's start): each
widget was styled as it was mounted, just before. These tests do that restyle at that very moment
and check that no node's styles (nor any component's, such as the table's rows) would change.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from textual import events
from textual.dom import DOMNode
from textual.widget import Widget

from collab_tui.app import CollabApp
from collab_tui.models import Start
from collab_tui.screens.main import MainScreen
from tests.helpers import settle


def styles_of(screen: DOMNode) -> dict[int, Any]:
    """Every node's styles (and its components' and shown scrollbars'), as Textual's restyle would set them."""
    found: dict[int, Any] = {}
    for node in screen.walk_children(with_self=True):
        rules: list[Any] = [type(node).__name__, node.styles.get_rules()]
        for name in sorted(getattr(node, "COMPONENT_CLASSES", ())):
            rules.append((name, node.get_component_styles(name).get_rules()))
        if isinstance(node, Widget) and node.is_scrollable:
            if node.show_vertical_scrollbar and node.scrollbar_size_vertical:
                rules.append(("vertical scrollbar", node.vertical_scrollbar.styles.get_rules()))
            if node.show_horizontal_scrollbar and node.scrollbar_size_horizontal:
                rules.append(("horizontal scrollbar", node.horizontal_scrollbar.styles.get_rules()))
        found[id(node)] = rules
    return found


async def restyle_at_first_resume(
    built_db: Path,
    monkeypatch: pytest.MonkeyPatch,
    size: tuple[int, int],
    theme: str,
    start: Start | None = None,
) -> tuple[int, dict[int, Any], dict[int, Any]]:
    """Start the app; when MainScreen first resumes, restyle it as Textual would have: (nodes, before, after)."""
    seen: list[tuple[dict[int, Any], dict[int, Any]]] = []
    original = MainScreen.on_screen_resume

    def resume(self: MainScreen, event: events.ScreenResume) -> None:
        original(self, event)
        if not event.refresh_styles and not seen:
            before = styles_of(self)
            self.app.update_styles(self, animate=False)  # what Screen._on_screen_resume would have done
            seen.append((before, styles_of(self)))

    monkeypatch.setattr(MainScreen, "on_screen_resume", resume)
    app = CollabApp(built_db, start=start)
    app.theme = theme
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
    assert len(seen) == 1, "the first resume did not skip the restyle"
    before, after = seen[0]
    return len(before), before, after


@pytest.mark.parametrize("size", [(120, 40), (100, 30), (80, 24), (60, 16)], ids=str)
@pytest.mark.parametrize("theme", ["textual-dark", "textual-light", "high-contrast", "ansi-dark"])
async def test_the_skipped_restyle_would_change_nothing(built_db: Path, monkeypatch, size, theme) -> None:
    nodes, before, after = await restyle_at_first_resume(built_db, monkeypatch, size, theme)
    assert nodes >= 15  # the whole first screen: header, search, pane bar, the Areas pane, footer
    assert before == after


async def test_nor_without_colour_or_from_a_deep_link(built_db: Path, monkeypatch) -> None:
    monkeypatch.setenv("NO_COLOR", "1")
    _, before, after = await restyle_at_first_resume(
        built_db, monkeypatch, (100, 30), "textual-dark", Start.record("person", "vera-baird")
    )
    assert before == after


async def test_only_the_first_resume_is_left_unstyled(built_db: Path, monkeypatch) -> None:
    handled: list[bool] = []
    original = MainScreen.on_screen_resume

    def resume(self: MainScreen, event: events.ScreenResume) -> None:
        original(self, event)
        handled.append(event.refresh_styles)  # what Textual's own handler then reads

    monkeypatch.setattr(MainScreen, "on_screen_resume", resume)
    app = CollabApp(built_db)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("question_mark")  # the help screen over the main one
        await settle(pilot)
        await pilot.press("escape")  # back: Textual's pop_screen asks for no restyle itself
        await settle(pilot)
        assert isinstance(app.screen, MainScreen)
        app.screen.post_message(events.ScreenResume())  # a resume that asks for one (as switch_screen does)
        await settle(pilot)
    assert handled == [False, False, True]
