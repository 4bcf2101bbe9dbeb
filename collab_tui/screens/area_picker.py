"""Choose an area with fuzzy completion (the compare screen's sides)."""

from __future__ import annotations

from collections.abc import Callable

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option

from collab_tui.safe_text import clean
from collab_tui.screens.terminal_size import FollowsTerminal

Suggest = Callable[[str], list[tuple[str, str]]]  # text -> [(area id, name)]


class AreaPicker(FollowsTerminal, ModalScreen[str | None]):
    """Type part of an area's name (misspelt is fine); up/down choose; enter picks; escape cancels."""

    BINDINGS = [
        Binding("escape", "cancel", "Cancel", id="picker.cancel"),
        Binding("down", "move(1)", "Next", show=False),
        Binding("up", "move(-1)", "Previous", show=False),
    ]

    def __init__(self, prompt: str, suggest: Suggest, exclude: str | None = None) -> None:
        super().__init__()
        self.prompt = prompt
        self.suggest = suggest
        self.exclude = exclude

    def compose(self) -> ComposeResult:
        with Vertical(id="picker-box"):
            yield Static(Content(self.prompt), id="picker-prompt")
            yield Input(placeholder="area name, e.g. suffolk", id="picker-input")
            yield OptionList(id="picker-options")

    def on_mount(self) -> None:
        self._fill("")
        self.query_one(Input).focus()

    def _fill(self, text: str) -> None:
        options = self.query_one(OptionList)
        options.clear_options()
        for area_id, name in self.suggest(text):
            if area_id != self.exclude:
                options.add_option(Option(Content(clean(name)), id=area_id))
        if options.option_count:
            options.highlighted = 0

    @on(Input.Changed)
    def _changed(self, event: Input.Changed) -> None:
        self._fill(event.value)

    def action_move(self, step: int) -> None:
        options = self.query_one(OptionList)
        if step > 0:
            options.action_cursor_down()
        else:
            options.action_cursor_up()

    @on(Input.Submitted)
    def _submitted(self) -> None:
        options = self.query_one(OptionList)
        if options.highlighted is not None and options.option_count:
            self.dismiss(options.get_option_at_index(options.highlighted).id)
        else:
            self.notify("No area matches; try another name", severity="warning")

    @on(OptionList.OptionSelected)
    def _selected(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(event.option.id)

    def action_cancel(self) -> None:
        self.dismiss(None)
