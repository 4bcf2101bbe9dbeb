"""Text made safe for a terminal. Tiny, so the first screen can import it cheaply."""

from __future__ import annotations

import re

# C0 and C1 control characters except tab and newline, and the escape sequences
# they start: nothing from the data may act on a terminal.
_ESCAPES = re.compile(r"\x1b(?:\[[0-?]*[ -/]*[@-~]|\][^\x07\x1b]*(?:\x07|\x1b\\)|[@-Z\\-_])")
_CONTROLS = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def clean(text: str | None) -> str:
    """Text made safe for a terminal: escape sequences and control characters removed."""
    if not text:
        return ""
    return _CONTROLS.sub("", _ESCAPES.sub("", text))
