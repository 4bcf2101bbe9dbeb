"""Choose an area with fuzzy completion (the compare screen's sides)."""

from __future__ import annotations

from collections.abc import Callable

from textual import events, on
from textual.app import App, ComposeResult
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
        self._typed: list[tuple[str, str | None]] | None = []  # type-ahead kept until mounted

    def compose(self) -> ComposeResult:
        with Vertical(id="picker-box"):
            yield Static(Content(self.prompt), id="picker-prompt")
            yield Input(placeholder="area name, e.g. suffolk", id="picker-input")
            yield OptionList(id="picker-options")

    def on_mount(self) -> None:
        self._fill("")
        self.set_focus(self.query_one(Input))  # at once, not focus(): the keys typed next go to the field
        typed, self._typed = self._typed, None
        for key, character in typed or []:
            self.type_ahead(key, character)

    def type_ahead(self, key: str, character: str | None) -> None:
        """A key typed before this picker was on screen (in the burst that opened it, "c" then "suffolk"
        then enter): letters go into the field, backspace deletes, enter picks; in the order typed."""
        if self._typed is not None:  # not mounted yet: kept until it is
            self._typed.append((key, character))
            return
        field = self.query_one(Input)
        if key in ("enter", "ctrl+j"):
            self._fill(field.value)  # the choices for all the letters typed, before enter picks one
            self._submitted()
        elif key == "backspace":
            field.action_delete_left()
        elif character and character.isprintable():
            field.insert_text_at_cursor(character)

    def on_key(self, event: events.Key) -> None:
        """Letters that reach the screen itself were typed before the field had the focus: into the field.
        (Letters typed in the field never get here: the field keeps them.)"""
        if event.is_printable and event.character:
            event.stop()
            event.prevent_default()
            self.type_ahead(event.key, event.character)

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


def ask_for_areas(app: App[object], suggest: Suggest, then: Callable[[str, str], None], left: str | None = None,
                  left_name: str | None = None) -> None:  # fmt: skip
    """Ask for two areas to compare, then call ``then(left, right)``: the first and then the second, or
    only the second when ``left`` (named ``left_name``) is given. Escape in a picker asks no more."""

    def got_right(right: str | None) -> None:
        if right and left:
            then(left, right)

    def got_left(chosen: str | None) -> None:
        nonlocal left
        if chosen:
            left = chosen
            app.push_screen(AreaPicker("Compare with which area?", suggest, exclude=chosen), got_right)

    if left:
        app.push_screen(
            AreaPicker(f"Compare {left_name or left} with which area?", suggest, exclude=left), got_right
        )
    else:
        app.push_screen(AreaPicker("Compare which area?", suggest), got_left)
