"""The Funding pane: area awards and national pots, with two bar charts. Imported when first shown."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.content import Content
from textual.events import Resize
from textual.widgets import Static

from collab_tui import funding, tables
from collab_tui.formatting import format_gbp
from collab_tui.safe_text import clean, ellipsize
from collab_tui.widgets.panes import BrowsePane


class FundingChart(Static):
    """A bar chart of area awards that redraws to its width."""

    def __init__(self, bars: list[funding.Bar], header: list[str], footer: list[str], *, id: str) -> None:
        super().__init__("", id=id, classes="chart")
        self.bars = bars
        self.header = header
        self.footer = footer
        self._drawn_for = -1

    def draw(self) -> None:
        width = self.content_region.width or 40
        self._drawn_for = width
        label_width = max(8, min(18, width // 3))
        amount_width = max((len(format_gbp(b.value)) + (2 if b.joint else 0) for b in self.bars), default=10)
        bar_width = max(4, width - label_width - amount_width - 3)
        lines = [ellipsize(line, width) for line in self.header]
        lines += funding.bar_chart(self.bars, width=bar_width, label_width=label_width)
        lines += [ellipsize(line, width) for line in self.footer]
        self.update(Content(clean("\n".join(lines))))

    def on_resize(self, event: Resize) -> None:
        if self.content_region.width != self._drawn_for:
            self.draw()


class FundingPane(BrowsePane):
    """Area awards, then the national pots (never summed with them); totals by funder and by area."""

    KIND = "funding"
    VIEW = "funding"
    CSS_FILE = "funding.tcss"  # its charts' styles, read when the pane is first built (CollabApp.load_css)

    def compose(self) -> ComposeResult:
        yield from super().compose()
        with Horizontal(classes="charts"):
            total = f"All area awards: {format_gbp(funding.area_awards_sum(self.db))}"
            yield FundingChart(funding.funding_bars(self.db, "funder"), [total], [], id="chart-funder")
            header = [f"{funding.JOINT_MARK} ▒ joint award: counted in full for each area it names"]
            footer = [f"{total}, each award counted once"]
            yield FundingChart(funding.funding_bars(self.db, "area"), header, footer, id="chart-area")

    def on_mount(self) -> None:
        # (BrowsePane.on_mount runs too: Textual calls each class's handler.)
        self.query_one("#chart-funder", FundingChart).border_title = "Area awards by funder"
        self.query_one(
            "#chart-area", FundingChart
        ).border_title = f"Area awards by area ({funding.JOINT_MARK} joint)"

    def subtitle(self, table: tables.Table) -> str:
        marks = [table.count]
        if any(funding.JOINT_MARK in t for t in table.texts("areas")):
            marks.append(f"{funding.JOINT_MARK} joint award")
        if any(r.flagged for r in table.rows):
            marks.append("! the report differs")
        return " · ".join(marks)
