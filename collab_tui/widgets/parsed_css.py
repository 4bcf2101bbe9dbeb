"""The first screen's stylesheets, parsed ahead of time and shipped with the package.

Textual parses every stylesheet a screen needs (app.tcss and each widget's DEFAULT_CSS) when the app
starts, in every process: about 10 ms of the first frame, as long as everything else Textual does for
it. Its Stylesheet keeps what it parsed in a cache keyed by the source's text and where it came from
(``Stylesheet._parse_cache``, cleared whenever the theme's variables change). This module fills that
cache at start-up from ``parsed_css.pickle``, written by ``scripts/parsed-css.py`` from a real first
frame, so Textual finds the first screen's rules already parsed.

Only an exact match is used: the same Textual version, the same theme variables (the file holds the
default theme's), and, per source, the same text from the same file. Anything else (an edited
app.tcss, another theme, another Textual, an unreadable or damaged file) is parsed as usual, never
wrong, only not faster. tests/app/test_parsed_css.py checks the shipped file is fresh and that its
rules are the ones Textual parses.
"""

from __future__ import annotations

import os
import pickle
from typing import Any

import textual

CACHE_FILE = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "parsed_css.pickle")
"""collab_tui/parsed_css.pickle, beside app.tcss."""
FORMAT = 1

_ROOTS = {
    "textual": os.path.dirname(os.path.abspath(textual.__file__)),
    "collab_tui": os.path.dirname(os.path.dirname(os.path.abspath(__file__))),
}


def _portable(path: str) -> tuple[str, str] | None:
    """A source file's path as (package, path inside it): the same wherever the packages are installed."""
    for package, root in _ROOTS.items():
        if path.startswith(root + os.sep):
            return package, os.path.relpath(path, root)
    return None


def _textual_version() -> str:
    from importlib.metadata import version  # (about 25 ms: only when the file is written)

    return version("textual")


def _installed(textual_version: object) -> bool:
    """Whether that Textual is the one installed: its metadata folder is beside the package (one stat,
    where asking importlib.metadata costs about 25 ms)."""
    site = os.path.dirname(_ROOTS["textual"])
    return isinstance(textual_version, str) and os.path.isdir(
        os.path.join(site, f"textual-{textual_version}.dist-info")
    )


def snapshot(app: Any) -> dict[str, Any]:
    """What the app's stylesheet has parsed so far (from files of Textual or collab-tui), in a form
    that does not depend on where they are installed."""
    cache = app.stylesheet._parse_cache
    entries = []
    for key in list(cache.keys()):
        css, (path, name), is_default, tie_breaker, scope = key
        where = _portable(path)
        if where is not None:
            entries.append(((css, where, name, is_default, tie_breaker, scope), cache[key]))
    entries.sort(key=lambda entry: (entry[0][1], entry[0][2], entry[0][4]))
    return {
        "format": FORMAT,
        "textual": _textual_version(),
        "variables": dict(app.get_css_variables()),
        "entries": entries,
    }


def prefill(app: Any, path: str = CACHE_FILE) -> int:
    """Put the shipped parsed rules in the app's stylesheet cache, if they match exactly; how many sources.

    Call once the theme is set (its variables decide whether the file applies). Never raises.
    """
    try:
        with open(path, "rb") as file:
            data = pickle.load(file)  # the package's own file (scripts/parsed-css.py)
        if (
            not isinstance(data, dict)
            or data.get("format") != FORMAT
            or not _installed(data.get("textual"))
            or data.get("variables") != app.get_css_variables()
        ):
            return 0
        cache = app.stylesheet._parse_cache
        count = 0
        for (css, (package, relative), name, is_default, tie_breaker, scope), rules in data["entries"]:
            root = _ROOTS.get(package)
            if root is not None:
                cache[(css, (os.path.join(root, relative), name), is_default, tie_breaker, scope)] = rules
                count += 1
        return count
    except Exception:  # a missing, unreadable or damaged file: Textual parses as usual
        return 0


async def first_frame_css(app: Any) -> dict[str, Any]:
    """What ``app`` (a CollabApp, not yet run) parses for its first frame, headless, in the default theme
    (as :func:`snapshot` gives it). scripts/parsed-css.py writes it to CACHE_FILE."""
    import asyncio

    from textual.widgets._toast import ToastRack
    from textual.widgets._tooltip import Tooltip

    app.theme = "textual-dark"
    app.stylesheet._parse_cache.clear()  # parsed here, not taken from the file
    ready = asyncio.Event()
    app.when_shown(ready.set)
    async with app.run_test(size=(120, 40)):
        await ready.wait()
        # In a terminal every screen also holds a ToastRack and a Tooltip (not when headless).
        await app.screen.mount(ToastRack(), Tooltip())
        app.stylesheet.rules  # noqa: B018 (parses what they added)
        return snapshot(app)
