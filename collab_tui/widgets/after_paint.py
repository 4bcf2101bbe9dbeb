"""Mount a widget once the first frame is on screen."""

from __future__ import annotations

import contextlib
from collections.abc import Callable

from textual.widget import MountError, Widget


def mount_after_paint(parent: Widget, widget: Widget | Callable[[], Widget], css: str | None = None) -> None:
    """Mount ``widget`` in ``parent`` once the first frame is on screen.

    ``widget`` may be a function that makes it, so that its module is imported only then; ``css``
    names the package stylesheet it needs (read then, by ``CollabApp.load_css``). Like
    textual.lazy.Lazy, but harmless if the app is already closing (a user who presses q at once
    must not see a traceback).
    """

    async def mount() -> None:
        if not parent.is_attached or parent.app.return_code is not None:  # set by exit(): closing
            return
        load_css = getattr(parent.app, "load_css", None)
        if css is not None and load_css is not None:
            load_css(css)
        child = widget if isinstance(widget, Widget) else widget()
        with contextlib.suppress(MountError):  # the app closed in between
            await parent.mount(child)

    parent.call_after_refresh(mount)
