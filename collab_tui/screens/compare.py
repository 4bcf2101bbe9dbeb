"""Two areas side by side: what they share, what differs, and a briefing to take away."""

from __future__ import annotations

from collections.abc import Callable

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.content import Content
from textual.screen import Screen
from textual.widgets import DataTable, Header, Static

from collab_tui.compare import Comparison, compare_areas, next_difference, swapped, to_markdown
from collab_tui.db import Database
from collab_tui.screens.pickers import AreaPicker, Suggest
from collab_tui.text import clean
from collab_tui.widgets.footer import KeyFooter


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


class CompareScreen(Screen[None]):
    """Compare two areas. n/N next/previous difference, s swap, l/r change a side, e export, y copy."""

    BINDINGS = [
        Binding(
            "n", "difference(1)", "Next diff", tooltip="Jump to the next row that differs", id="compare.next"
        ),
        Binding(
            "N",
            "difference(-1)",
            "Prev diff",
            tooltip="Jump to the previous row that differs",
            id="compare.prev",
        ),
        Binding("s", "swap", "Swap", tooltip="Swap the two sides", id="compare.swap"),
        Binding(
            "l", "change('left')", "Left", tooltip="Choose another area for the left side", id="compare.left"
        ),
        Binding(
            "r",
            "change('right')",
            "Right",
            tooltip="Choose another area for the right side",
            id="compare.right",
        ),
        Binding(
            "e",
            "export",
            "Export",
            tooltip="Write the briefing note (Markdown) to a file",
            id="compare.export",
        ),
        Binding("y", "copy", "Copy", tooltip="Copy the briefing note to the clipboard", id="compare.copy"),
        Binding("escape", "back", "Back", id="compare.back"),
    ]

    def __init__(self, db: Database, left: str, right: str, suggest: Suggest,
                 open_record: Callable[[str, str], None]) -> None:  # fmt: skip
        super().__init__()
        self.db = db
        self.suggest = suggest
        self.open_record = open_record
        self.comparison: Comparison = compare_areas(db, left, right)

    def compose(self) -> ComposeResult:
        yield Header(icon="")
        yield Static("", id="compare-title")
        yield CompareTable(id="compare-table", cursor_type="row", zebra_stripes=True)
        yield Static("", id="compare-row")
        yield KeyFooter()

    def on_mount(self) -> None:
        self.show()
        self.query_one(CompareTable).focus()

    def on_resize(self) -> None:
        table = self.query_one(CompareTable)
        row = table.cursor_row
        self.show()
        table.move_cursor(row=row, animate=False)

    def show(self) -> None:
        c = self.comparison
        differ = len(c.differences)
        title = Content.assemble(
            Content.styled(f"{clean(c.left.name)}  ⇄  {clean(c.right.name)}", "bold $accent"),
            Content.styled(f"   {differ} of {len(c.rows)} rows differ (≠); {c.vintage}", "$text-muted"),
        )
        self.query_one("#compare-title", Static).update(title)
        table = self.query_one(CompareTable)
        table.clear(columns=True)
        # Fixed widths so both sides always get an equal share of the screen.
        usable = max(self.size.width, 40) - 10
        label_width = max(16, min(34, usable // 4))
        side = max(12, (usable - label_width) // 2)
        table.add_column(Text(""), key="mark", width=1)
        table.add_column(Text("Section"), key="section", width=label_width)
        table.add_column(Text(clean(c.left.name)), key="left", width=side)
        table.add_column(Text(clean(c.right.name)), key="right", width=side)
        for i, row in enumerate(c.rows):
            style = "bold" if row.differs else ""
            table.add_row(
                Text("≠" if row.differs else "=", style=style),
                Text(f"{row.section}: {clean(row.label)}", style=style, no_wrap=True, overflow="ellipsis"),
                Text(clean(row.left) or "·", style=style, no_wrap=True, overflow="ellipsis"),
                Text(clean(row.right) or "·", style=style, no_wrap=True, overflow="ellipsis"),
                key=str(i),
            )

    @on(DataTable.RowHighlighted)
    def _highlighted(self, event: DataTable.RowHighlighted) -> None:
        """The highlighted row in full, since the columns may cut it short."""
        row = self.comparison.rows[int(str(event.row_key.value))]
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
        target = next_difference(self.comparison, table.cursor_row, backwards=step < 0)
        if target is None:
            self.notify("The two areas do not differ", timeout=2)
            return
        table.move_cursor(row=target, animate=False, scroll=True)

    def action_swap(self) -> None:
        self.comparison = swapped(self.comparison)
        self.show()

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
            AreaPicker(f"Compare with which area ({label} side)?", self.suggest, exclude=other), picked
        )

    @on(DataTable.RowSelected)
    def _open(self, event: DataTable.RowSelected) -> None:
        row = self.comparison.rows[int(str(event.row_key.value))]
        if row.link_kind in {"person", "project", "funding", "organisation"} and row.link_id:
            self.app.pop_screen()
            self.open_record(row.link_kind, row.link_id)
        else:
            self.notify("This row has no single record to open", timeout=2)

    def briefing(self) -> str:
        return to_markdown(self.comparison)

    def action_export(self) -> None:
        from collab_tui.compare import to_dict
        from collab_tui.export import render_table, to_json
        from collab_tui.files import default_output
        from collab_tui.screens.pickers import export_to_file

        c = self.comparison

        def render(fmt: str) -> str | None:
            if fmt == "md":
                return self.briefing()
            if fmt == "json":
                return to_json(to_dict(c)) + "\n"
            columns = ["section", "label", c.left.name, c.right.name, "differs"]
            rows = [{"section": r.section, "label": r.label, c.left.name: r.left, c.right.name: r.right,
                     "differs": r.differs} for r in c.rows]  # fmt: skip
            return render_table(self.db, f"{c.left.name} and {c.right.name}", columns, rows, "csv")

        default = default_output(f"briefing-{c.left.id}-{c.right.id}.md")
        export_to_file(self, "Write the comparison to (.md briefing, .json or .csv):", default, render,
                       "the comparison")  # fmt: skip

    def action_copy(self) -> None:
        from collab_tui.widgets.panes import copy_text

        copy_text(self, self.briefing(), "the briefing")

    def action_back(self) -> None:
        self.app.pop_screen()
