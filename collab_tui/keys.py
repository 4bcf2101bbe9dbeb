"""Every key of the explorer, read from the widgets' own BINDINGS: the help screen lists these, so
it cannot drift from what the keys do. Imported only when the help screen opens."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from typing import NamedTuple

from textual.binding import Binding, BindingType

KEY_NAMES = {
    "slash": "/",
    "question_mark": "?",
    "colon": ":",
    "escape": "esc",
    "enter": "enter",
    "down": "↓",
    "up": "↑",
    "left": "←",
    "right": "→",
    "pagedown": "pgdn",
    "pageup": "pgup",
    "space": "space",
    "tab": "tab",
    "shift+tab": "shift+tab",
    "ctrl+p": "ctrl+p",
}


class KeyLine(NamedTuple):
    """One line of the help: the keys and what they do."""

    keys: str
    does: str


def key_name(key: str) -> str:
    """How a key is written for a person: "/" not "slash"."""
    return KEY_NAMES.get(key, key)


def _bindings(classes: Iterable[type]) -> list[Binding]:
    found: list[Binding] = []
    for cls in classes:
        for item in getattr(cls, "BINDINGS", []):
            found.append(_as_binding(item))
    return found


def _as_binding(item: BindingType) -> Binding:
    if isinstance(item, Binding):
        return item
    key, action, description = (*item, "")[:3]
    return Binding(key, action, description)


def _action_name(action: str) -> str:
    """'pane('areas')' -> 'pane'; 'app.focus_next' -> 'focus_next'."""
    return re.sub(r"\(.*\)$", "", action).rpartition(".")[2]


TEXTUAL_OWN = {
    "select_cursor": "Open the highlighted record",
    "focus_next": "Move to the next of filters, table and detail",
    "focus_previous": "Move to the previous one",
}
"""What Textual's own bindings (DataTable, Screen) do here, in this app's words."""


def lines(classes: Sequence[type], only: Iterable[str] | None = None) -> list[KeyLine]:
    """The help lines for the bindings of ``classes`` (or only the actions ``only``): bindings of one
    action (1 to 5) or of a pair (n and N) share a line; the tooltip (else the description) says what
    they do."""
    wanted = set(only) if only is not None else None
    groups: dict[str, list[Binding]] = {}
    for binding in _bindings(classes):
        name = _action_name(binding.action)
        if wanted is not None and name not in wanted:
            continue
        if not (binding.tooltip or binding.description):
            continue
        groups.setdefault(name, []).append(binding)
    out = []
    for name, group in groups.items():
        keys: list[str] = []
        for binding in group:
            for key in binding.key.split(","):
                shown = (
                    binding.key_display if binding.key_display and "," not in binding.key else key_name(key)
                )
                if shown not in keys:
                    keys.append(shown)
        if name in TEXTUAL_OWN:
            does = TEXTUAL_OWN[name]
        elif len({b.action for b in group}) == 1:
            does = next((b.tooltip for b in group if b.tooltip), group[0].description)
        elif len(group) == 2:
            does = " / ".join(b.tooltip or b.description for b in group)  # n / N: next / previous
        else:
            does = ", ".join(b.description for b in group)  # 1 2 3 4 5: the panes
        out.append(KeyLine(" ".join(keys), does))
    return out


def sections(app: type) -> list[tuple[str, list[KeyLine]]]:
    """The help screen's sections, each from the bindings of the widgets of that place; ``app`` is the
    running app's class (its app-wide keys come first), given by the caller: this module never imports
    the app."""
    from textual.screen import Screen
    from textual.widgets import DataTable

    from collab_tui.screens.compare import CompareScreen, CompareTable
    from collab_tui.screens.main import MainScreen
    from collab_tui.widgets.detail_view import DetailView
    from collab_tui.widgets.panes import AreaPane, BrowsePane
    from collab_tui.widgets.record_table import RecordTable
    from collab_tui.widgets.search_box import SearchBox

    found = [
        ("Anywhere", lines([app, MainScreen]) + lines([Screen], only={"focus_next", "focus_previous"})),
        (
            "In a table",
            lines([DataTable], only={"select_cursor"}) + lines([RecordTable, BrowsePane, AreaPane]),
        ),
        ("In a detail view", lines([DetailView])),
        ("In the search bar", lines([SearchBox])),
        ("On the compare screen", lines([CompareTable, CompareScreen])),
    ]
    try:
        from collab_tui.widgets.report_pane import ReportPane
        from collab_tui.widgets.report_view import ReportView
    except ImportError:  # pragma: no cover - the Report pane is optional to this list
        pass
    else:
        found.append(("In the Report pane", lines([ReportView, ReportPane])))
    return found
