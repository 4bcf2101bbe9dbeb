"""Text made safe for a terminal (and for a spreadsheet). Tiny, so the first screen can import it cheaply.

``clean`` is the one function every piece of outside text goes through before it
reaches the terminal: record text, deep-link arguments, paths, the working
folder, error messages and the CLI's output. It removes (or, with
``escape=True``, shows as ``\\x1b``-style text) every escape sequence (CSI such
as ``ESC[2J``, OSC such as ``ESC]52;c;…BEL`` (clipboard) and ``ESC]0;…BEL``
(window title), DCS/APC/PM/SOS strings), every C0/C1 control character and the
bidirectional controls (U+202E and friends) that can make text display in an
order other than the one it is stored in.
"""

from __future__ import annotations

import re

# An escape sequence: CSI (ESC [ ... final), a string sequence (OSC ESC ], DCS ESC P, SOS ESC X,
# PM ESC ^, APC ESC _) up to its terminator (BEL or ST) or the end of the text, or any other
# ESC-introduced sequence (intermediates, then one final byte).
_ESCAPES = (
    r"\x1b\[[0-?]*[ -/]*[@-~]?"
    r"|\x1b[\]PX^_].*?(?:\x07|\x1b\\|\x9c|\Z)"
    r"|\x1b[ -/]*[0-~]?"
)
# C0 and C1 controls (tab and newline are kept when removing), DEL, and the Unicode bidirectional
# controls: ALM, LRM, RLM, LRE/RLE/PDF/LRO/RLO, LRI/RLI/FSI/PDI. Also the line and paragraph
# separators, which some terminals treat as line breaks.
_BIDI = "\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\u2028\u2029"
_CONTROLS = f"[\\x00-\\x08\\x0b-\\x1f\\x7f-\\x9f{_BIDI}]"
_CONTROLS_ALL = f"[\\x00-\\x1f\\x7f-\\x9f{_BIDI}]"
_compiled: dict[str, re.Pattern[str]] = {}


def _pattern(source: str) -> re.Pattern[str]:
    """The compiled pattern, made on first use (a lookup that prints no text compiles none)."""
    found = _compiled.get(source)
    if found is None:
        found = _compiled[source] = re.compile(source, re.DOTALL)
    return found


# OWASP "CSV injection": a cell starting with one of these is read as a formula by spreadsheets.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _shown(match: re.Match[str]) -> str:
    char = match.group(0)
    code = ord(char)
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def clean(text: str | None, escape: bool = False) -> str:
    """Text safe for a terminal.

    By default escape sequences and control characters are removed (tab and newline
    kept), for data shown as text. With ``escape=True`` nothing is removed: every control
    character, newline and tab included, is shown as ``\\x1b``/``\\u202e`` text, so a path or an
    error message stays on one line and still says exactly what it holds.
    """
    if not text:
        return ""
    if not isinstance(text, str):
        text = str(text)
    if escape:
        return _pattern(_CONTROLS_ALL).sub(_shown, text)
    return _pattern(_CONTROLS).sub("", _pattern(_ESCAPES).sub("", text))


def csv_safe(value: str) -> str:
    """A CSV cell a spreadsheet will not run: one starting like a formula gets a leading quote (OWASP)."""
    return "'" + value if value.startswith(_FORMULA_START) else value


LONG = 2000
"""Longer texts are shown shortened (the detail offers a key to read them whole): a pathological
1 MB value must not stall the screen."""


def shorten(text: str, limit: int = LONG) -> tuple[str, int]:
    """``text`` cut to ``limit`` characters (ending in "…"), and how many characters were left out."""
    if len(text) <= limit:
        return text, 0
    return text[: limit - 1] + "…", len(text) - (limit - 1)


ELLIPSIS = "…"


def ellipsize(text: str, width: int) -> str:
    """``text`` cut to ``width`` characters, ending in "…" when cut."""
    text = " ".join(text.split())
    if len(text) <= width:
        return text
    if width <= 1:
        return ELLIPSIS[:width]
    return text[: width - 1].rstrip() + ELLIPSIS
