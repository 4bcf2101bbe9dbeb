"""The CLI's tables on a terminal (Rich, imported only when a table is printed; --json never loads it)."""

from __future__ import annotations

from collections.abc import Sequence

from collab_tui.safe_text import clean

TYPE_CHECKING = False  # typing itself is not imported on a lookup's path
if TYPE_CHECKING:
    from typing import Any

    from collab_tui.search import SearchHit


def console() -> Any:
    """A Rich console for the CLI's tables; a reader closing the pipe early ends the command with 0."""
    from rich.console import Console

    class PipeConsole(Console):
        def on_broken_pipe(self) -> None:
            self.quiet = True
            raise BrokenPipeError  # main() exits 0: the reader had what it wanted (Rich would exit 1)

    return PipeConsole(highlight=False, soft_wrap=False)


def render_search(query: str, hits: Sequence[SearchHit]) -> None:
    """Search hits as a Rich table on the terminal (no markup is ever read from the data)."""
    from rich.table import Table
    from rich.text import Text

    table = Table(title=Text(f"Search: {clean(query)}"), title_justify="left")
    for column in ("Kind", "Name", "Area(s)", "Matched", "Score"):
        table.add_column(column, justify="right" if column == "Score" else "left", overflow="fold")
    for h in hits:
        table.add_row(
            Text(h.kind.capitalize()), Text(clean(h.name)), Text(clean(", ".join(h.areas)) or "national"),
            Text(f"{h.field}: {clean(h.matched_text)}"), Text(f"{h.score:.0f}"),
        )  # fmt: skip
    console().print(table)


def render_dossier(d: dict[str, Any]) -> None:
    """An area or person as Rich tables with readable labels (never codes); text wraps at word boundaries,
    numbers never wrap (no markup is ever read from the data)."""
    from rich.table import Table
    from rich.text import Text

    from collab_tui.vocabulary import ORGANISATION_KIND_LABELS, PROJECT_KIND_LABELS, PROJECT_STATUS_LABELS

    out = console()
    numbers = {"Amount", "Year", "Line", "Lines"}

    def table(title: str, *columns: str) -> Table:
        t = Table(title=Text(title), title_justify="left", show_lines=False)
        for c in columns:
            if c in numbers:
                t.add_column(c, justify="right", no_wrap=True)
            else:  # words wrap whole; only a word wider than the column is folded
                t.add_column(c, overflow="fold")
        return t

    def row(t: Table, *cells: object) -> None:
        t.add_row(*(Text(clean("" if c is None else str(c))) for c in cells))

    if d["kind"] == "person":
        out.print(Text(clean(d["name"]), style="bold"))
        if d["aliases"]:
            out.print(Text("also printed as " + clean(", ".join(d["aliases"]))))
        out.print(Text(d["vintage"]))
        t = table("Roles", "Role as printed", "Organisation", "Area", "Party", "Line")
        for x in d["roles"]:
            row(
                t,
                x["title"],
                x["organisation"],
                x["area"] or "national",
                x["party"],
                x["source"]["start_line"],
            )
        out.print(t)
    else:
        out.print(
            Text(f"{clean(d['name'])} ({d['nation']}), report section: {clean(d['section'])}", style="bold")
        )
        out.print(Text(d["vintage"]))
        t = table("Leaders", "Role as printed", "Name", "Party", "Organisation")
        for x in d["leaders"]:
            listed = f" (listed under {x['listed_under']})" if x.get("listed_under") else ""
            row(t, x["title"], x["name"] + listed, x["party"], x["organisation"])
        out.print(t)
        t = table("Organisations", "Name", "Abbreviations", "Kind")
        for o in d["organisations"]:
            kind = ORGANISATION_KIND_LABELS.get(o["kind"]) or o["kind"].replace("_", " ").capitalize()
            row(t, o["name"], ", ".join(o["abbreviations"]), kind)
        out.print(t)
        t = table("Projects", "Project", "Kinds", "Status", "Places", "Year")
        for p in d["projects"]:
            kinds = "; ".join(PROJECT_KIND_LABELS.get(k) or k.replace("_", " ") for k in p["kinds"])
            status = PROJECT_STATUS_LABELS.get(p["status"], p["status"])
            row(t, p["title"], kinds, status, ", ".join(p["places"]), p["year"])
        out.print(t)
        t = table("Funding", "Amount", "Funder", "Fund", "Year", "Purpose", "Check")
        for a in d["funding"]:
            row(t, a["amount_text"], a["funder"], a["fund"], a["year"], a["purpose"],
                "report differs" if a["discrepancies"] else "")  # fmt: skip
        out.print(t)
        if d["discrepancies"]:
            t = table("Where the report contradicts itself", "Kind", "What the report says", "Lines")
            for x in d["discrepancies"]:
                lines = ", ".join(str(s["start_line"]) for s in x["sides"])
                row(t, x["kind"].replace("_", " ").capitalize(), x["description"], lines)
            out.print(t)
    out.print(Text(f"Source: {d['source']}. {d['attribution']}"))
