"""The export dialog: where (and in which format) to write a file, then the atomic write itself."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widget import Widget
from textual.widgets import Input, RadioButton, RadioSet, Static

from collab_tui.safe_text import clean
from collab_tui.screens.terminal_size import FollowsTerminal

if TYPE_CHECKING:
    from collab_tui.db import Database
    from collab_tui.tables import Table


def with_extension(text: str, fmt: str) -> str:
    """``text`` with its file extension made ``fmt``'s ('a/b.csv' -> 'a/b.md'); one is added if it has none."""
    from collab_tui.export import format_for

    if format_for(text) is not None:
        return text.rsplit(".", 1)[0] + f".{fmt}"
    return f"{text}.{fmt}" if text else text


def extension_start(text: str) -> int:
    """Where the cursor goes: just before the file's extension (the end if it has none)."""
    from collab_tui.export import format_for

    return text.rindex(".") if format_for(text) is not None else len(text)


class PathPrompt(FollowsTerminal, ModalScreen[Path | None]):
    """Where to write a file, and in which format.

    The cursor starts before the extension with nothing selected, so the name can be changed without
    losing ``.csv``; the format choices below the field change the extension, and typing one changes the
    choice. An error (no such folder, an unknown extension, a refusal to write) is shown under the field
    and the dialog stays open; an existing file needs a second enter.

    | Key | Does |
    | :- | :- |
    | enter | write the file |
    | tab | move between the field and the format choices |
    | escape | cancel |
    """

    BINDINGS = [Binding("escape", "cancel", "Cancel", id="path.cancel")]

    def __init__(self, prompt: str, default: Path, formats: Sequence[str] = (),
                 write: Callable[[Path, str], None] | None = None) -> None:  # fmt: skip
        super().__init__()
        self.prompt = prompt
        self.default = default
        self.formats = tuple(formats)
        self.write = write
        self._confirmed: Path | None = None

    def compose(self) -> ComposeResult:
        from collab_tui.export import FORMAT_NAMES, format_for

        current = format_for(str(self.default))
        with Vertical(id="picker-box"):
            yield Static(Content(self.prompt), id="picker-prompt")
            yield Input(value=str(self.default), id="path-input", select_on_focus=False)
            yield Static(Content(""), id="path-error")
            if self.formats:
                with RadioSet(id="path-formats"):
                    for fmt in self.formats:
                        label = f"{FORMAT_NAMES[fmt]} (.{fmt})"
                        yield RadioButton(Content(label), value=fmt == current, id=f"format-{fmt}")
            yield Static(
                Content("enter writes the file; tab to choose a format; escape cancels"), id="path-hint"
            )

    def on_mount(self) -> None:
        field = self.query_one(Input)
        field.focus()
        field.cursor_position = extension_start(field.value)

    def show_error(self, message: str) -> None:
        """Say what went wrong under the field; the dialog stays open."""
        self.query_one("#path-error", Static).update(Content(clean(message)))
        self.query_one("#path-error", Static).add_class("shown")
        self.query_one(Input).focus()

    @on(Input.Changed)
    def _typed(self, event: Input.Changed) -> None:
        from collab_tui.export import format_for

        self.query_one("#path-error", Static).update(Content(""))
        self.query_one("#path-error", Static).remove_class("shown")
        fmt = format_for(event.value)
        if fmt in self.formats:
            button = self.query_one(f"#format-{fmt}", RadioButton)
            if not button.value:
                button.value = True

    @on(RadioSet.Changed)
    def _chosen(self, event: RadioSet.Changed) -> None:
        fmt = (event.pressed.id or "").removeprefix("format-")
        field = self.query_one(Input)
        changed = with_extension(field.value.strip(), fmt)
        if changed != field.value:
            field.value = changed
        if event.radio_set.has_focus:  # chosen with enter or space: back to the name, ready to write
            field.focus()
            field.cursor_position = extension_start(changed)

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        from collab_tui.export import FORMAT_NAMES, extension_list, format_for
        from collab_tui.files import WriteError, output_path, shown

        try:
            path = output_path(event.value)
        except WriteError as exc:
            self.show_error(str(exc))
            return
        fmt = format_for(path.name)
        if self.formats and fmt not in self.formats:
            what = f"{FORMAT_NAMES[fmt]} is not offered here" if fmt else "Unknown extension"
            self.show_error(
                f"{what}: end the name with {extension_list(self.formats)}, or choose a format below"
            )
            return
        if not path.parent.is_dir():
            self.show_error(f"The folder {shown(path.parent)} does not exist")
            return
        if path.exists() and self._confirmed != path:
            self._confirmed = path
            self.query_one("#path-hint", Static).update(
                Content(f"{shown(path)} exists: enter again to replace it")
            )
            return
        if self.write is not None and fmt is not None:
            try:
                self.write(path, fmt)
            except WriteError as exc:
                self.show_error(f"Could not write {exc}")
                return
        self.dismiss(path)

    def action_cancel(self) -> None:
        self.dismiss(None)


EXPORT_FORMATS = ("csv", "json", "md", "html")


def export_to_file(widget: Widget, prompt: str, default: Path, render: Callable[[str], str | None],
                   what: str, formats: Sequence[str] = EXPORT_FORMATS) -> None:  # fmt: skip
    """Ask where to write (and in which of ``formats``), then write ``render(format)`` atomically.

    CSV written from the app always starts with a byte-order mark, so Excel reads it as UTF-8.
    ``render`` returns None for a format it cannot give. Errors show in the dialog, which stays open;
    success is one notification.
    """
    from collab_tui.export import FORMAT_NAMES
    from collab_tui.files import WriteError, atomic_write, shown

    def write(path: Path, fmt: str) -> None:
        text = render(fmt)
        if text is None:
            raise WriteError(f"{shown(path)}: {FORMAT_NAMES[fmt]} is not available for {what}")
        if fmt == "csv" and not text.startswith("\ufeff"):
            text = "\ufeff" + text
        atomic_write(path, text)

    def done(path: Path | None) -> None:
        if path is not None:
            widget.notify(f"Wrote {what} to {shown(path)}", markup=False)

    widget.app.push_screen(PathPrompt(prompt, default, formats, write), done)


def export_table_to_file(widget: Widget, db: Database, table: Table, view: str) -> None:
    """Ask where to write a pane's table, then write exactly it (its rows in the order shown, all its
    columns) with the database's provenance."""
    from collab_tui.export import export_table, provenance
    from collab_tui.files import default_output

    def render(fmt: str) -> str:
        return export_table(table, fmt, provenance(db))

    export_to_file(widget, "Export this table to (.csv, .json, .md or .html):",
                   default_output(f"collab-tui-{view}.csv"), render, f"{len(table.rows)} rows")  # fmt: skip


def export_search_to_file(widget: Widget, db: Database, query: str, hits: list[object]) -> None:
    """Ask where to write the last search's results (``hits`` for ``query``), then write them."""
    from collab_tui.export import export_table, hits_table, provenance
    from collab_tui.files import default_output

    def render(fmt: str) -> str:
        return export_table(hits_table(query, hits), fmt, provenance(db))

    export_to_file(widget, "Export the search results to (.csv, .json, .md or .html):",
                   default_output("collab-tui-search.csv"), render, f"{len(hits)} results")  # fmt: skip
