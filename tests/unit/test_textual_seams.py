"""The few places where collab-tui leans on Textual's private API, checked against the installed Textual.

Each is listed, with why no public API does the job, in docs/architecture.md ("Textual's internals we
rely on"). A Textual release that renames or reshapes one of them fails here, with the seam named,
rather than as a crash in the app or a silent loss (an unrecorded error, a frozen resize, a table
that renders nothing). pyproject.toml pins Textual below the next major version for the same reason.
"""

from __future__ import annotations

import inspect
from typing import Any

import pytest
from textual.app import App
from textual.screen import Screen
from textual.widgets import DataTable

# (owner, name, the parameters we call it with, whether it is a coroutine function)
METHODS: list[tuple[type[Any], str, tuple[str, ...], bool]] = [
    # app.CollabApp: the first error, kept for the CLI's one line and exit code.
    (App, "_handle_exception", ("self", "error"), False),
    # app.CollabApp: under the CLI, no traceback on screen (it prints one line and writes a crash log).
    (App, "_fatal_error", ("self",), False),
    (App, "_close_messages_no_wait", ("self",), False),
    # screens/terminal_size.FollowsTerminal: the resize livelock fix (issue 14).
    (Screen, "_on_resize", ("self", "event"), True),
    # widgets/plain_cells.PlainCellTable: plain cells drawn without Rich's pipeline (issue 17).
    (
        DataTable,
        "_render_cell",
        ("self", "row_index", "column_index", "base_style", "width", "cursor", "hover"),
        False,
    ),
    (DataTable, "_get_row_renderables", ("self", "row_index"), False),
    # widgets/plain_cells.PlainCellTable: fixed-width columns' new cells left unmeasured (issue 17).
    (DataTable, "_update_dimensions", ("self", "new_rows"), False),
    (
        DataTable,
        "_get_styles_to_render_cell",
        (
            "self",
            "is_header_cell",
            "is_row_label_cell",
            "is_fixed_style_cell",
            "hover",
            "cursor",
            "show_cursor",
            "show_hover_cursor",
            "has_css_foreground_priority",
            "has_css_background_priority",
        ),
        False,
    ),
]

# Attributes PlainCellTable reads from a DataTable instance to key DataTable's own render cache.
TABLE_ATTRIBUTES = (
    "_header_row_key",
    "_row_locations",
    "_column_locations",
    "_update_count",
    "_pseudo_class_state",
    "_show_hover_cursor",
    "_cell_render_cache",
)


@pytest.mark.parametrize(
    ("owner", "name", "params", "is_coroutine"), METHODS, ids=[f"{o.__name__}.{n}" for o, n, *_ in METHODS]
)
def test_private_method_is_still_there_with_the_parameters_we_pass(
    owner: type[Any], name: str, params: tuple[str, ...], is_coroutine: bool
) -> None:
    method = getattr(owner, name, None)
    assert method is not None, f"Textual no longer has {owner.__name__}.{name}: see docs/architecture.md"
    assert tuple(inspect.signature(method).parameters) == params, (
        f"{owner.__name__}.{name} changed its parameters"
    )
    assert inspect.iscoroutinefunction(method) is is_coroutine


def test_datatable_still_keeps_the_state_plain_cells_reads() -> None:
    table = DataTable[str]()  # (rows need a running app; tests/app/test_plain_cells.py draws them)
    missing = [name for name in TABLE_ATTRIBUTES if not hasattr(table, name)]
    assert missing == [], f"DataTable no longer has {missing}: see widgets/plain_cells.py"


def test_stylesheet_still_caches_parsed_sources_by_their_text() -> None:
    """widgets/parsed_css fills Stylesheet._parse_cache (keyed by text, where from, default or not, tie
    breaker, scope) before the first parse; Textual must still look there first."""
    from textual.css.stylesheet import Stylesheet

    stylesheet = Stylesheet()
    stylesheet.add_source("Widget { width: 3; }", read_from=("here", ""), is_default_css=True, tie_breaker=-1)
    stylesheet.parse()
    assert list(stylesheet._parse_cache.keys()) == [("Widget { width: 3; }", ("here", ""), True, -1, "")]
    cached = stylesheet._parse_cache[("Widget { width: 3; }", ("here", ""), True, -1, "")]
    again = Stylesheet()
    again._parse_cache[("Widget { width: 3; }", ("here", ""), True, -1, "")] = cached
    again.add_source("Widget { width: 3; }", read_from=("here", ""), is_default_css=True, tie_breaker=-1)
    again.parse()
    assert again.rules[0] is cached[0]  # taken from the cache, not parsed again
