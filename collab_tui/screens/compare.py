"""Two areas side by side: what they share, what differs, and a briefing to take away."""

from __future__ import annotations

from typing import Protocol

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.content import Content
from textual.screen import ModalScreen, Screen
from textual.widgets import DataTable, Header, OptionList, Static
from textual.widgets.option_list import Option

from collab_tui.compare import (
    LEFT,
    RIGHT,
    CompareRow,
    Comparison,
    compare_areas,
    next_difference,
    swapped,
)
from collab_tui.compare_export import comparison_markdown
from collab_tui.db import Database
from collab_tui.history import Place
from collab_tui.models import RecordRef
from collab_tui.safe_text import clean
from collab_tui.screens.area_picker import AreaPicker
from collab_tui.screens.terminal_size import FollowsTerminal
from collab_tui.widgets.footer import KeyFooter

SIDE_LINES = 3
"""A side's cell shows at most this many lines; the row's full text is below the table."""


class CompareHost(Protocol):
    """What the compare screen needs from the screen that opened it (MainScreen)."""

    db: Database

    def suggest_areas(self, text: str) -> list[tuple[str, str]]: ...

    def open_from_compare(self, here: Place, ref: RecordRef) -> None: ...

    async def go_back(self) -> bool: ...


class CompareTable(DataTable[Text]):
    """Rows of a comparison; both sides in one table, so they scroll together.

    | Key | Does |
    | :- | :- |
    | up/down, j/k | move |
    | enter | open the row's record |
    """

    BINDINGS = [
        Binding("j", "cursor_down", "Down", show=False),
        Binding("k", "cursor_up", "Up", show=False),
    ]


class SidePicker(FollowsTerminal, ModalScreen[RecordRef | None]):
    """A compare row names a record on each side: which one to open? left/right or enter; escape cancels."""

    BINDINGS = [
        Binding("escape", "dismiss_none", "Cancel", id="side.cancel"),
        Binding("left", "pick(0)", "Left side", key_display="←", id="side.left"),
        Binding("right", "pick(-1)", "Right side", key_display="→", id="side.right"),
    ]

    def __init__(self, row: CompareRow, left_name: str, right_name: str) -> None:
        super().__init__()
        self.row = row
        self.names = {LEFT: left_name, RIGHT: right_name}

    def compose(self) -> ComposeResult:
        from textual.containers import Vertical

        options: list[Option] = []
        for link in self.row.links:
            side = self.names.get(link.side, "both")
            options.append(Option(Content(f"{side}: {clean(link.label)}"), id=f"{len(options)}"))
        with Vertical(id="picker-box"):
            yield Static(Content(f"Open which? {clean(self.row.label)}"), id="picker-prompt")
            yield OptionList(*options, id="picker-options")

    def on_mount(self) -> None:
        options = self.query_one(OptionList)
        options.highlighted = 0
        options.focus()

    @on(OptionList.OptionSelected)
    def _selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.dismiss(self.row.links[int(event.option.id or 0)].ref)

    def action_pick(self, index: int) -> None:
        self.dismiss(self.row.links[index].ref)

    def action_dismiss_none(self) -> None:
        self.dismiss(None)


DIFF = Binding.Group("Diff ")
SIDES = Binding.Group("Sides ")  # the space: the compact footer runs a group into the next key


class CompareScreen(FollowsTerminal, Screen[None]):
    """Compare two areas. n/N next/previous difference, s swap, l/r change a side, e export, y copy.

    | Key | Does |
    | :- | :- |
    | n / N | next / previous row that differs |
    | s | swap the sides |
    | l / r | choose another area for the left / right side |
    | enter | open the row's record (asks which side when each side names one) |
    | e / y | write the briefing to a file / copy it |
    | escape | back to where you were |
    """

    BINDINGS = [
        Binding("n", "difference(1)", "Next diff", group=DIFF, tooltip="Jump to the next row that differs", id="compare.next"),
        Binding("N", "difference(-1)", "Prev diff", group=DIFF, tooltip="Jump to the previous row that differs",
                id="compare.prev"),
        Binding("s", "swap", "Swap", tooltip="Swap the two sides", id="compare.swap"),
        Binding("l", "change('left')", "Left", group=SIDES, tooltip="Choose another area for the left side", id="compare.left"),
        Binding("r", "change('right')", "Right", group=SIDES, tooltip="Choose another area for the right side",
                id="compare.right"),
        Binding("e", "export", "Export", tooltip="Write the briefing (.html for Word and email, .md, .json or .csv) to a file",
                id="compare.export"),
        Binding("y", "copy", "Copy", tooltip="Copy the briefing note to the clipboard", id="compare.copy"),
        Binding("escape", "back", "Back", tooltip="Back to where you were before the comparison", id="compare.back"),
    ]  # fmt: skip

    def __init__(self, host: CompareHost, left: str, right: str, row: int = 0) -> None:
        super().__init__()
        self.host = host
        self.db = host.db
        self.comparison: Comparison = compare_areas(self.db, left, right)
        self._start_row = row
        self._table_rows: list[int | None] = []  # table row -> comparison row (None: a section heading)
        self._width = 0

    def compose(self) -> ComposeResult:
        yield Header(icon="")
        yield Static("", id="compare-title")
        yield CompareTable(id="compare-table", cursor_type="row", zebra_stripes=True)
        yield Static("", id="compare-row")
        yield KeyFooter(compact=True)

    def on_mount(self) -> None:
        self.show()
        self.move_to(self._start_row)
        self.query_one(CompareTable).focus()

    def on_resize(self) -> None:
        if self.size.width != self._width:
            row = self.current_row()
            self.show()
            self.move_to(row)

    def place(self) -> Place:
        """This comparison and its highlighted row, for the history (Escape comes back here)."""
        c = self.comparison
        return Place.comparing(c.left.id, c.right.id, self.current_row())

    def current_row(self) -> int:
        """The comparison row under the cursor (a section heading counts as the row after it)."""
        table = self.query_one(CompareTable)
        if not self._table_rows:
            return 0
        for index in self._table_rows[table.cursor_row :]:
            if index is not None:
                return index
        return len(self.comparison.rows) - 1

    def move_to(self, row: int) -> None:
        """Put the cursor on comparison row ``row``."""
        table = self.query_one(CompareTable)
        if row in self._table_rows:
            table.move_cursor(row=self._table_rows.index(row), animate=False, scroll=True)

    def show(self) -> None:
        c = self.comparison
        self._width = self.size.width
        differ = len(c.differences)
        title = Content.assemble(
            Content.styled(f"{clean(c.left.name)} ⇄ {clean(c.right.name)}", "bold $accent"),
            Content(f": {differ} of {len(c.rows)} rows differ (≠; n/N to jump)\n"),
            Content.styled(c.vintage, "$text-muted"),
        )
        self.query_one("#compare-title", Static).update(title)
        table = self.query_one(CompareTable)
        table.clear(columns=True)
        # Fixed widths so both sides always get an equal share; labels wrap, never cut.
        usable = max(self.size.width, 40) - 10
        label_width = max(16, min(34, usable // 4))
        side = max(12, (usable - label_width) // 2)
        table.add_column(Text(""), key="mark", width=1)
        table.add_column(Text(""), key="label", width=label_width)
        table.add_column(Text(clean(c.left.name), style="bold"), key="left", width=side)
        table.add_column(Text(clean(c.right.name), style="bold"), key="right", width=side)
        self._table_rows = []
        section = None
        for i, row in enumerate(c.rows):
            if row.section != section:
                section = row.section
                table.add_row(Text(""), Text(section, style="bold reverse"), Text(""), Text(""))
                self._table_rows.append(None)
            style = "bold" if row.differs else ""
            table.add_row(
                Text(row.mark, style=style),
                Text(clean(row.label), style=style),
                Text(_cut(clean(row.left) or "·", side * SIDE_LINES), style=style),
                Text(_cut(clean(row.right) or "·", side * SIDE_LINES), style=style),
                height=None,
            )
            self._table_rows.append(i)

    def compared_row(self, table_row: int) -> CompareRow | None:
        """The comparison row a table row shows (None for a section heading)."""
        index = self._table_rows[table_row] if 0 <= table_row < len(self._table_rows) else None
        return self.comparison.rows[index] if index is not None else None

    @on(DataTable.RowHighlighted)
    def _highlighted(self, event: DataTable.RowHighlighted) -> None:
        """The highlighted row in full, since the columns may cut it short."""
        row = self.compared_row(event.cursor_row)
        if row is None:
            return
        c = self.comparison
        self.query_one("#compare-row", Static).update(
            Content.assemble(
                Content.styled(f"{row.section}: {clean(row.label)}\n", "bold"),
                Content.styled(f"{clean(c.left.name)}: ", "$text-accent"), Content(f"{clean(row.left) or '-'}\n"),
                Content.styled(f"{clean(c.right.name)}: ", "$text-accent"), Content(clean(row.right) or "-"),
            )
        )  # fmt: skip

    def action_difference(self, step: int) -> None:
        table = self.query_one(CompareTable)
        index = self._table_rows[table.cursor_row] if self._table_rows else None
        current = index if index is not None else self.current_row() - (1 if step > 0 else 0)
        target = next_difference(self.comparison, current, backwards=step < 0)
        if target is None:
            self.notify("The two areas do not differ", timeout=2)
            return
        self.move_to(target)

    def action_swap(self) -> None:
        row = self.current_row()
        self.comparison = swapped(self.comparison)
        self.show()
        self.move_to(row)

    def action_change(self, side: str) -> None:
        other = self.comparison.right.id if side == "left" else self.comparison.left.id

        def picked(area_id: str | None) -> None:
            if area_id is None:
                return
            left, right = (area_id, other) if side == "left" else (other, area_id)
            self.comparison = compare_areas(self.db, left, right)
            self.show()

        label = "left" if side == "left" else "right"
        self.app.push_screen(
            AreaPicker(f"Compare with which area ({label} side)?", self.host.suggest_areas, exclude=other),
            picked,
        )

    @on(DataTable.RowSelected)
    def _open(self, event: DataTable.RowSelected) -> None:
        row = self.compared_row(event.cursor_row)
        if row is None:
            return
        refs = [r for r in row.refs if r.kind in {"person", "project", "funding", "organisation"}]
        if not refs:
            self.notify("This row has no record to open", timeout=2)
        elif len(refs) == 1:
            self.open(refs[0])
        else:
            c = self.comparison
            self.app.push_screen(SidePicker(row, c.left.name, c.right.name),
                                 lambda ref: self.open(ref) if ref is not None else None)  # fmt: skip

    def open(self, ref: RecordRef) -> None:
        """Open a record in its pane; Escape there comes back to this comparison, at this row."""
        here = self.place()
        self.app.pop_screen()
        self.host.open_from_compare(here, ref)

    def briefing(self) -> str:
        return comparison_markdown(self.comparison)

    def action_export(self) -> None:
        from collab_tui.compare_export import comparison_as
        from collab_tui.files import default_output
        from collab_tui.screens.export_dialog import export_to_file

        c = self.comparison
        default = default_output(f"briefing-{c.left.id}-{c.right.id}.html")
        export_to_file(self, "Write the comparison to (.html or .md briefing, .json or .csv):", default,
                       lambda fmt: comparison_as(c, fmt), "the comparison",
                       formats=("html", "md", "json", "csv"))  # fmt: skip

    def action_copy(self) -> None:
        from collab_tui.widgets.copying import copy_text

        copy_text(self, self.briefing(), "the briefing")

    async def action_back(self) -> None:
        """Back to where the user was before the comparison; with nowhere before it, just close it."""
        if not await self.host.go_back() and self.app.screen is self:
            self.app.pop_screen()


def _cut(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: max(limit - 1, 0)] + "…"
