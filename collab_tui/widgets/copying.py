"""Copying text for the user: the platform's tool and OSC 52, with one notification saying which."""

from __future__ import annotations

from textual.widget import Widget


def copy_text(widget: Widget, text: str, what: str) -> None:
    """Copy with the platform's tool, and by OSC 52; say which; offer a file if neither may have worked."""
    from collab_tui.clipboard import copy_with_tool

    tool = copy_with_tool(text)
    widget.app.copy_to_clipboard(text)
    if tool:
        widget.notify(f"Copied {what} ({len(text.splitlines())} lines) with {tool}")
    else:
        widget.notify(f"Sent {what} to the terminal's clipboard (OSC 52). If nothing arrives, press e to "
                      "save to a file instead.", timeout=6)  # fmt: skip
