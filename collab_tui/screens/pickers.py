"""Small prompts: choose an area with fuzzy completion; confirm a file path."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widget import Widget
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option

from collab_tui.text import clean

Suggest = Callable[[str], list[tuple[str, str]]]  # text -> [(area id, name)]


class AreaPicker(ModalScreen[str | None]):
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


class PathPrompt(ModalScreen[Path | None]):
    """Confirm (or edit) where to write a file; an existing file needs a second enter."""

    BINDINGS = [Binding("escape", "cancel", "Cancel", id="path.cancel")]

    def __init__(self, prompt: str, default: Path) -> None:
        super().__init__()
        self.prompt = prompt
        self.default = default
        self._confirmed: Path | None = None

    def compose(self) -> ComposeResult:
        with Vertical(id="picker-box"):
            yield Static(Content(self.prompt), id="picker-prompt")
            yield Input(value=str(self.default), id="path-input")
            yield Static(Content("enter writes the file; escape cancels"), id="path-hint")

    def on_mount(self) -> None:
        self.query_one(Input).focus()

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        from collab_tui.files import WriteError, output_path, shown

        try:
            path = output_path(event.value)
        except WriteError as exc:
            self.notify(str(exc), severity="warning", markup=False)
            return
        if path.exists() and self._confirmed != path:
            self._confirmed = path
            self.query_one("#path-hint", Static).update(
                Content(f"{shown(path)} exists: enter again to replace it")
            )
            return
        self.dismiss(path)

    def action_cancel(self) -> None:
        self.dismiss(None)


def export_to_file(widget: Widget, prompt: str, default: Path, render: Callable[[str], str | None],
                   what: str) -> None:  # fmt: skip
    """Ask where to write, then write what ``render(format)`` gives for the file name's format.

    The format follows the file name (.csv, .json, .md); ``render`` returns None
    for a format it cannot give. Every outcome is one notification.
    """
    from collab_tui.export import format_for

    def write(path: Path | None) -> None:
        if path is None:
            return
        fmt = format_for(path.name)
        text = render(fmt) if fmt else None
        if text is None:
            widget.notify("End the file name with .csv, .json or .md", severity="warning")
            return
        from collab_tui.files import WriteError, atomic_write, shown

        try:
            atomic_write(path, text)
        except WriteError as exc:
            widget.notify(f"Could not write {exc}", severity="error", markup=False)
            return
        widget.notify(f"Wrote {what} to {shown(path)}", markup=False)

    widget.app.push_screen(PathPrompt(prompt, default), write)
