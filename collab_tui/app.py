"""The explorer. For now one screen: areas on the left, the highlighted area's detail on the right."""

from __future__ import annotations

from pathlib import Path

from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.widgets import Footer, Header, OptionList, Static
from textual.widgets.option_list import Option

from collab_tui.db import Database
from collab_tui.models import VINTAGE_NOTE, format_gbp


class CollabApp(App[None]):
    """Browse the areas of the 2014 report."""

    CSS_PATH = "app.tcss"
    TITLE = "collab-tui"
    SUB_TITLE = "Emergency Services Collaboration: The Current Picture (2014 report)"
    BINDINGS = [
        Binding("q", "quit", "Quit", id="quit"),
        Binding("j", "cursor_down", "Down", show=False),
        Binding("k", "cursor_up", "Up", show=False),
    ]

    def __init__(self, db_path: str | Path | None = None) -> None:
        super().__init__()
        self.db = Database(db_path)

    def compose(self) -> ComposeResult:
        yield Header()
        with Horizontal():
            yield OptionList(*(Option(a.name, id=a.id) for a in self.db.areas()), id="areas")
            with VerticalScroll(id="detail"):
                yield Static("", id="detail-text", markup=False)
        yield Footer()

    def on_mount(self) -> None:
        areas = self.query_one("#areas", OptionList)
        areas.border_title = "Areas"
        areas.focus()
        if areas.option_count:
            areas.highlighted = 0

    def on_option_list_option_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        if event.option.id is not None:
            self.query_one("#detail-text", Static).update(self.describe_area(event.option.id))

    def action_cursor_down(self) -> None:
        self.query_one("#areas", OptionList).action_cursor_down()

    def action_cursor_up(self) -> None:
        self.query_one("#areas", OptionList).action_cursor_up()

    def describe_area(self, area_id: str) -> str:
        area = self.db.area(area_id)
        if area is None:
            return ""
        lines = [area.name, f"Report section: {area.section_heading} ({area.nation})", "", "Leaders (2014)"]
        for leader in self.db.leaders(area_id):
            party = f" ({leader.party})" if leader.party else ""
            org = f", {leader.organisation}" if leader.organisation else ""
            lines.append(f"  {leader.title}: {leader.name}{party}{org}")
        lines += ["", VINTAGE_NOTE, "", "Funding"]
        for award in self.db.awards(area_id):
            flag = "  [!] the report gives differing figures" if award.discrepancy_ids else ""
            year = f" {award.year}" if award.year else ""
            lines.append(
                f"  {format_gbp(award.amount_gbp, award.approximate)} {award.funder}{year}: {award.purpose}{flag}"
            )
        discrepancies = self.db.discrepancies(area_id)
        if discrepancies:
            lines += ["", "Discrepancies in the report"]
            lines += [f"  {d.description}" for d in discrepancies]
        for block in self.db.narrative(area_id):
            lines += ["", f"{block.heading} ({block.ref.label})", block.text]
        return "\n".join(lines)
