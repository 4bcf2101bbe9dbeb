"""Every screen lays itself out at the terminal's size now, never at a size an old Resize carried.

Textual's ``Screen._on_resize`` lays the screen out at ``event.size``, and a screen whose size
changes posts itself a Resize with that size. When two Resize events of different sizes wait in
a screen's queue with any other message between them (under fast resizing: one queued while the
"too small" notice was on top, the other the next size), each one lays the screen out at its
size, changes it, and posts itself again. While a batch update is open (a Footer recomposing
its keys), every layout also queues a compositor refresh between them, so the two never merge:
the screen re-lays itself out between two sizes for ever. Its message queue is never empty, so
its task never yields and the app's own task (the terminal's real size, keys, signals) starves:
100% CPU, no repaint (seen in the seeded resize test, issue 14). Laid out at the app's size (set
from the terminal before any screen hears of it) the first stale event changes nothing more
than the real size would, and the next finds nothing to change: the cycle cannot start.
"""

from __future__ import annotations

from typing import Any, cast

from textual import events
from textual.screen import Screen


class FollowsTerminal:
    """A mixin for screens: every Resize is handled at the terminal's current size (see the module docstring).

    Put it first among a screen's bases: ``class HelpScreen(FollowsTerminal, ModalScreen[None])``.
    A plain class, not a Screen: as a Screen subclass ahead of ModalScreen it would give modal screens
    Screen's opaque background (CSS follows the class order) and hide the screen beneath them.
    """

    async def _on_resize(self, event: events.Resize) -> None:
        screen = cast("Screen[Any]", self)
        size = screen.app.size
        if event.size != size:
            # Stale: Textual's handler (the next in the MRO) is not run with it, but here at the real size.
            event.prevent_default()
            await Screen._on_resize(screen, events.Resize(size, size))
