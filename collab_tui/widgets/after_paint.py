"""Mount a widget once the first frame is on screen."""

from __future__ import annotations

import contextlib

from textual.widget import MountError, Widget


def mount_after_paint(parent: Widget, widget: Widget) -> None:
    """Mount ``widget`` in ``parent`` once the first frame is on screen.

    Like textual.lazy.Lazy, but harmless if the app is already closing (a user
    who presses q at once must not see a traceback).
    """

    async def mount() -> None:
        if not parent.is_attached or parent.app.return_code is not None:  # set by exit(): closing
            return
        with contextlib.suppress(MountError):  # the app closed in between
            await parent.mount(widget)

    parent.call_after_refresh(mount)
