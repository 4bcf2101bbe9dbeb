"""Textual's Footer without its memory leak (upstream textual#6666).

Textual's Footer rebuilds all its keys whenever the focused widget's bindings
change, and each rebuilt key registers a watcher on the Footer (``data_bind``)
that is never removed: every pane switch, help or source view kept the old keys
alive, about 0.35 MB a switch. This Footer rebuilds only when the keys it shows
actually change, and drops the watchers of keys that are gone.
"""

from __future__ import annotations

from typing import Any

from textual.screen import Screen
from textual.widgets import Footer


class KeyFooter(Footer):
    """The app's footer: the same look and keys as Textual's, rebuilt only when they change."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._shown_keys: tuple[object, ...] | None = None

    def _keys(self, screen: Screen[Any]) -> tuple[object, ...]:
        """What the footer would show: each binding's key, label and whether it is enabled."""
        return tuple(
            (binding.key, binding.description, binding.action, enabled, tooltip)
            for (_, binding, enabled, tooltip) in screen.active_bindings.values()
            if binding.show
        )

    def bindings_changed(self, screen: Screen[Any]) -> None:
        if not (self.is_attached and screen is self.screen):
            return
        keys = self._keys(screen)
        if keys == self._shown_keys and self._bindings_ready:
            return
        self._shown_keys = keys
        super().bindings_changed(screen)

    async def recompose(self) -> None:
        await super().recompose()
        self._forget_removed_keys()

    def _forget_removed_keys(self) -> None:
        """Drop the watchers (and so the memory) of footer keys no longer on screen."""
        watchers: dict[str, list[tuple[Any, Any]]] = getattr(self, "__watchers", {})
        for callbacks in watchers.values():
            callbacks[:] = [
                (node, callback) for node, callback in callbacks if node is self or node.is_attached
            ]
