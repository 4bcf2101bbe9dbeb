"""The pane tables as plain data: columns, rows, filters and counts.

One table per pane (areas, leaders, projects, funding). The pane shows a
:class:`Table`, ``e`` exports exactly that table, and ``collab-tui export VIEW
--role pcc --area kent`` builds the same table from the same filter names. No
Textual, no Rich: the tests check these values directly.

Joint awards and the totals across areas: collab_tui.funding (one rule everywhere).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace

from collab_tui.db import Database
from collab_tui.formatting import area_names, format_gbp
from collab_tui.funding import JOINT_MARK, joint_note
from collab_tui.models import (
    Leader,
    RecordRef,
)
from collab_tui.vocabulary import (
    LEADER_SERVICE_LABELS,
    PROJECT_KIND_LABELS,
    ROLE_LABELS,
    ROLE_SERVICE,
    ROLE_SHORT,
    SERVICE_LABELS,
    VIEWS,
)

# typing.NamedTuple for type checkers; at run time collab_tui.tuples makes the same classes for a fraction
# of the cost of dataclasses (7 of them took 4.5 ms of the explorer's start-up and of every export).
TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any, NamedTuple
else:
    from collab_tui.tuples import NamedTuple

VIEW_LABELS = {"areas": "Areas", "leaders": "Leaders", "projects": "Projects", "funding": "Funding"}
STATUS_LABELS = {"current": "current", "planned": "planned", "proposed": "proposed", "abandoned": "abandoned"}
SCOPE_LABELS = {"area": "Area awards", "national": "National pots"}


# --- the shape every table has ---------------------------------------------------------------


class Column(NamedTuple):
    """A column: machine key (JSON), readable label (screen, CSV, Markdown), priority, width, alignment."""

    key: str
    label: str
    priority: int = 1  # 1 = always shown; higher numbers are dropped first when the terminal is narrow
    min_width: int = 6  # narrowest useful width; longer text ends in "…"
    align: str = "left"  # "right" for numbers
    numeric: bool = False


class Cell(NamedTuple):
    """A typed value (for JSON), its readable text (files), and a shorter text for the screen if any."""

    value: object
    text: str
    short: str = ""  # e.g. "PCC" on screen for "Police and Crime Commissioner" in a file

    @property
    def shown(self) -> str:
        """The text a table on screen shows."""
        return self.short or self.text


class TableRow(NamedTuple):
    """A row: the record it opens, its cells, and the values it sorts by (one per column)."""

    ref: RecordRef
    cells: tuple[Cell, ...]
    sort: tuple[object, ...]
    flagged: bool = False  # an award the report states differently in different places
    group: int = 0  # rows sort within their group; national pots (1) always follow area awards (0)

    @property
    def texts(self) -> tuple[str, ...]:
        """The display text of every cell."""
        return tuple(c.text for c in self.cells)


class AreaFilters(NamedTuple):
    """Areas: by nation, by a service the area's projects involve, and quick text."""

    nation: str | None = None
    service: str | None = None
    text: str = ""


class LeaderFilters(NamedTuple):
    """Leaders: by role, service, area, and quick text."""

    role: str | None = None
    service: str | None = None
    area: str | None = None
    text: str = ""


class ProjectFilters(NamedTuple):
    """Projects: by kind, service, status, area, and quick text."""

    kind: str | None = None
    service: str | None = None
    status: str | None = None
    area: str | None = None
    text: str = ""


class FundingFilters(NamedTuple):
    """Funding: by funder, fund, scope (area awards or national pots), area, and quick text."""

    funder: str | None = None
    fund: str | None = None
    scope: str | None = None
    area: str | None = None
    text: str = ""


Filters = AreaFilters | LeaderFilters | ProjectFilters | FundingFilters
FILTER_TYPES: dict[str, type[Any]] = {
    "areas": AreaFilters, "leaders": LeaderFilters, "projects": ProjectFilters, "funding": FundingFilters,
}  # fmt: skip


def filter_names(view: str) -> tuple[str, ...]:
    """The filter names of a view, in the order the pane shows them ("text" last)."""
    return tuple(FILTER_TYPES[view]._fields)


def is_filtered(filters: Filters) -> bool:
    """True if any filter is set."""
    return any(filters)


@dataclass(frozen=True)
class Table:
    """What a pane shows: its columns and exactly its rows, in the order shown."""

    view: str
    columns: tuple[Column, ...]
    rows: tuple[TableRow, ...]
    total: int  # rows with no filter at all
    filters: Filters
    described: tuple[str, ...] = ()  # the active filters, readable: ("kind Co-location", ...)
    notes: tuple[str, ...] = ()  # what a mark in the table means (e.g. joint awards)
    sort_column: int = 0
    sort_reverse: bool = False

    @property
    def title(self) -> str:
        """'Projects: kind Co-location, service Ambulance' (the view and its active filters)."""
        label = VIEW_LABELS.get(self.view, self.view)
        return f"{label}: {', '.join(self.described)}" if self.described else label

    @property
    def count(self) -> str:
        """'23 of 313'."""
        return f"{len(self.rows)} of {self.total}"

    def column_index(self, key: str) -> int:
        """The index of the column with this key."""
        return next(i for i, c in enumerate(self.columns) if c.key == key)

    def sorted_by(self, column: int | str, reverse: bool = False) -> Table:
        """The same rows sorted by one column (ties keep their order; groups stay apart)."""
        index = self.column_index(column) if isinstance(column, str) else column
        rows = sorted(self.rows, key=lambda r: _sortable(r.sort[index]), reverse=reverse)
        rows.sort(key=lambda r: r.group)
        return replace(self, rows=tuple(rows), sort_column=index, sort_reverse=reverse)

    def natural_widths(self) -> list[int]:
        """Per column, the width of its longest text or its label (plus room for a sort arrow)."""
        widths = [len(c.label) + 2 for c in self.columns]
        for row in self.rows:
            for i, cell in enumerate(row.cells):
                widths[i] = max(widths[i], len(cell.shown))
        return widths

    def column(self, key: str) -> list[object]:
        """The values of one column, in row order."""
        index = self.column_index(key)
        return [r.cells[index].value for r in self.rows]

    def texts(self, key: str) -> list[str]:
        """The display texts of one column, in row order."""
        index = self.column_index(key)
        return [r.cells[index].text for r in self.rows]


def _sortable(value: object) -> tuple[int, Any]:
    # None sorts after everything; numbers and text never compare with each other.
    if value is None or value == "":
        return (2, 0)
    if isinstance(value, bool | int | float):
        return (0, value)
    return (1, str(value).casefold())


def fit_columns(columns: Sequence[Column], width: int, natural: Sequence[int] | None = None,
                padding: int = 2, comfortable: int = 32) -> list[tuple[int, int]]:  # fmt: skip
    """Which columns show in ``width`` cells and how wide each is: [(index, shown_width)], in column order.

    Priority-1 columns always show. Each priority level, most important first, widens the columns
    already chosen towards a comfortable width (their longest text, at most ``comfortable``), then
    adds the next level's columns at their minimum width while they fit (each also costs ``padding``).
    A level that does not fit whole is the last one tried. Any room left widens columns towards
    their longest text, most important first.
    """
    natural = list(natural) if natural is not None else [c.min_width for c in columns]
    smallest = [min(c.min_width, max(natural[i], 3)) for i, c in enumerate(columns)]
    shown: dict[int, int] = {}
    room = width

    def grow(limit: list[int]) -> None:
        # The smallest shortfalls first: a short column (a party, a year) is made whole before a long one.
        nonlocal room
        for i in sorted(shown, key=lambda i: (columns[i].priority, limit[i] - shown[i], i)):
            extra = min(room, max(limit[i] - shown[i], 0))
            shown[i] += extra
            room -= extra

    comfort = [max(smallest[i], min(natural[i], comfortable)) for i in range(len(columns))]
    for level in sorted({c.priority for c in columns}):
        if level > 1:
            grow(comfort)
        skipped = False
        for i, c in enumerate(columns):
            if c.priority != level:
                continue
            cost = smallest[i] + padding
            if level > 1 and cost > room:
                skipped = True
                continue
            shown[i] = smallest[i]
            room -= cost
        if skipped:  # a less important column never shows while a more important one is dropped
            break
    grow(comfort)
    grow(natural)
    return [(i, shown[i]) for i in sorted(shown)]


# --- filter options and names -------------------------------------------------------------------


class Option(NamedTuple):
    """A filter's choice: the value (what the CLI takes) and its label (what the pane shows)."""

    value: str
    label: str


def filter_options(db: Database, view: str) -> dict[str, list[Option]]:
    """Every filter of a view (but text) with its choices, as the pane and the CLI offer them."""
    areas = [Option(a.id, a.name) for a in db.areas()]
    if view == "areas":
        nations = sorted({a.nation for a in db.areas()})
        return {"nation": [Option(n.lower(), n) for n in nations],
                "service": [Option(k, v) for k, v in SERVICE_LABELS.items()]}  # fmt: skip
    if view == "leaders":
        return {"role": [Option(k, v) for k, v in ROLE_LABELS.items()],
                "service": [Option(k, v) for k, v in LEADER_SERVICE_LABELS.items()], "area": areas}  # fmt: skip
    if view == "projects":
        return {"kind": [Option(k, v) for k, v in PROJECT_KIND_LABELS.items()],
                "service": [Option(k, v) for k, v in SERVICE_LABELS.items()],
                "status": [Option(k, v) for k, v in STATUS_LABELS.items()], "area": areas}  # fmt: skip
    if view == "funding":
        return {"funder": [Option(k, v) for k, v in db.funders()],
                "fund": [Option(k, v) for k, v in db.funds()],
                "scope": [Option(k, v) for k, v in SCOPE_LABELS.items()], "area": areas}  # fmt: skip
    raise ValueError(f"unknown view {view!r}: choose one of {', '.join(VIEWS)}")


def _fold(text: str) -> str:
    return " ".join(text.replace("-", " ").replace("_", " ").casefold().split())


def resolve_filter(options: Sequence[Option], value: str) -> str:
    """The filter value a user means: its value or label, any case, '-', '_' or spaces alike.

    Raises ValueError naming the choices if nothing (or more than one choice) matches.
    """
    wanted = _fold(value)
    exact = [o.value for o in options if wanted in (_fold(o.value), _fold(o.label))]
    if len(exact) == 1:
        return exact[0]
    starts = [
        o.value for o in options if _fold(o.label).startswith(wanted) or _fold(o.value).startswith(wanted)
    ]
    if wanted and len(starts) == 1:
        return starts[0]
    choices = ", ".join(o.value for o in options)
    raise ValueError(f"{value!r} is not one of: {choices}")


def make_filters(db: Database, view: str, **given: str | None) -> Filters:
    """A view's filter object from user-typed names (as the CLI takes them), each resolved or refused."""
    options = filter_options(db, view)
    values: dict[str, str | None] = {}
    for name, value in given.items():
        if value is None or value == "":
            continue
        if name == "text":
            values[name] = value
        elif name in options:
            values[name] = resolve_filter(options[name], value)
        else:
            raise ValueError(f"{VIEW_LABELS.get(view, view)} have no filter {name!r}")
    return FILTER_TYPES[view](**values)


def describe(db: Database, view: str, filters: Filters) -> tuple[str, ...]:
    """The active filters, readable: ('role Police and Crime Commissioner', 'area Kent', 'text "fire"')."""
    if not is_filtered(filters):
        return ()  # (no query for the labels)
    options = filter_options(db, view)
    out = []
    for name, value in zip(filters._fields, filters, strict=True):
        if not value:
            continue
        if name == "text":
            out.append(f"text \u201c{value}\u201d")
            continue
        label = next((o.label for o in options.get(name, []) if o.value == value), value)
        out.append(f"{name} {label}")
    return tuple(out)


def matches_text(row: TableRow, text: str) -> bool:
    """Every word of ``text`` appears in the row's cells (any column, shown or not), any case."""
    words = text.casefold().split()
    if not words:
        return True
    haystack = " ".join(f"{c.text} {c.short}" for c in row.cells).casefold()
    return all(w in haystack for w in words)


# --- the four tables ---------------------------------------------------------------------------------

AREA_COLUMNS = (
    Column("name", "Area", 1, 12),
    Column("projects", "Projects", 1, 8, "right", True),
    Column("funding_gbp", "Funding £", 1, 11, "right", True),
    Column("nation", "Nation", 2, 7),
    Column("joint_gbp", "Joint £", 3, 9, "right", True),
    Column("section", "Report section", 4, 14),
    Column("covers", "Covers", 5, 10),
)
LEADER_COLUMNS = (
    Column("name", "Name", 1, 14),
    Column("role", "Role", 1, 14),
    Column("areas", "Area(s)", 1, 12),
    Column("party", "Party", 1, 5),
    Column("organisation", "Organisation", 3, 14),
    Column("title", "Title as printed", 4, 14),
    Column("lines", "Lines", 5, 5, "right"),
)
PROJECT_COLUMNS = (
    Column("title", "Project", 1, 18),
    Column("areas", "Area(s)", 1, 12),
    Column("kinds", "Kinds", 2, 12),
    Column("status", "Status", 2, 8),
    Column("services", "Services", 3, 12),
    Column("year", "Year", 3, 4, "right", True),
    Column("places", "Places", 4, 12),
    Column("savings", "Stated savings", 5, 14),
    Column("lines", "Lines", 6, 5, "right"),
)
FUNDING_COLUMNS = (
    Column("amount_gbp", "Amount £", 1, 11, "right", True),
    Column("areas", "Area(s)", 1, 14),
    Column("fund", "Fund", 1, 12),
    Column("check", "Check", 2, 9),
    Column("funder", "Funder", 2, 11),
    Column("year", "Year", 3, 7),
    Column("purpose", "Purpose", 3, 14),
    Column("scope", "Scope", 4, 8),
    Column("approximate", "Approx.", 6, 7),
    Column("lines", "Lines", 6, 5, "right"),
)
COLUMNS = {"areas": AREA_COLUMNS, "leaders": LEADER_COLUMNS, "projects": PROJECT_COLUMNS,
           "funding": FUNDING_COLUMNS}  # fmt: skip
DEFAULT_SORT = {"areas": ("name", False), "leaders": ("name", False), "projects": ("title", False),
                "funding": ("amount_gbp", True)}  # fmt: skip


def _joined(values: Iterable[str], sep: str = ", ") -> str:
    return sep.join(v for v in values if v)


def _amount(amount: int, approximate: bool = False, qualifier: str | None = None) -> str:
    # One money format everywhere: models.format_gbp ("up to £50,000", "almost £600,000").
    return format_gbp(amount, approximate, qualifier, symbol=False)  # the column heading carries the £


def _area_rows(db: Database, filters: AreaFilters) -> tuple[list[TableRow], int, tuple[str, ...]]:
    # The counts in SQL (Database.area_counts): the projects are not read, only counted.
    counts, awards_sum = db.area_counts()
    rows = []
    areas = db.areas()
    for a in areas:
        projects, services, total, joint = counts.get(a.id, (0, frozenset(), 0, 0))
        if filters.nation and a.nation.lower() != filters.nation.lower():
            continue
        if filters.service and filters.service not in services:
            continue
        funding_text = (_amount(total) + (f" {JOINT_MARK}" if joint else "")) if total else ""
        covers = [c.name for c in a.covers]
        cells = (Cell(a.name, a.name), Cell(projects, str(projects)), Cell(total, funding_text),
                 Cell(a.nation, a.nation), Cell(joint, _amount(joint) if joint else ""),
                 Cell(a.section_heading, a.section_heading), Cell(covers, "; ".join(covers)))  # fmt: skip
        sort = (a.name, projects, total, a.nation, joint, a.section_heading, len(covers))
        rows.append(TableRow(RecordRef("area", a.id), cells, sort))
    return rows, len(areas), (joint_note(awards_sum),)


def _leader_rows(db: Database, filters: LeaderFilters) -> tuple[list[TableRow], int, tuple[str, ...]]:
    grouped: dict[tuple[str, str, str, str], list[Leader]] = defaultdict(list)
    for x in db.leaders():
        grouped[(x.person_id, x.role, x.title, x.organisation or "")].append(x)
    rows = []
    for (person_id, role, title, org), roles in grouped.items():
        if filters.role and role != filters.role:
            continue
        if filters.service and ROLE_SERVICE.get(role) != filters.service:
            continue
        if filters.area and not any(r.area_id == filters.area for r in roles):
            continue
        first = roles[0]
        areas = list(dict.fromkeys(r.area or "national" for r in roles))
        lines = [r.ref.label for r in roles]
        role_label = ROLE_LABELS.get(role, role)
        cells = (Cell(first.name, first.name), Cell(role, role_label, ROLE_SHORT.get(role, "")), Cell(areas, ", ".join(areas)),
                 Cell(first.party, first.party or ""), Cell(org or None, org), Cell(title, title),
                 Cell(lines, "; ".join(x.removeprefix("lines ").removeprefix("line ") for x in lines)))  # fmt: skip
        surname = first.name.split()[-1] if first.name.split() else first.name
        sort = (f"{surname} {first.name}", role_label, ", ".join(areas), first.party or "", org, title,
                roles[0].ref.start_line)  # fmt: skip
        rows.append(TableRow(RecordRef("person", person_id), cells, sort))
    return rows, len(grouped), ()


def _project_rows(db: Database, filters: ProjectFilters) -> tuple[list[TableRow], int, tuple[str, ...]]:
    names = area_names(db.areas())
    projects = db.projects()
    rows = []
    for p in projects:
        if filters.kind and filters.kind not in p.kinds:
            continue
        if filters.service and filters.service not in p.services:
            continue
        if filters.status and p.status != filters.status:
            continue
        if filters.area and filters.area not in p.area_ids:
            continue
        areas = [names.get(a, a) for a in p.area_ids]
        kinds = [PROJECT_KIND_LABELS.get(k, k) for k in p.kinds]
        services = [SERVICE_LABELS.get(s, s) for s in p.services]
        lines = [r.label for r in p.sources]
        cells = (Cell(p.title, p.title), Cell(areas, ", ".join(areas) or "national"),
                 Cell(list(p.kinds), ", ".join(kinds)), Cell(p.status, p.status),
                 Cell(list(p.services), ", ".join(services)), Cell(p.year, str(p.year or "")),
                 Cell(list(p.places), ", ".join(p.places)), Cell(list(p.savings), "; ".join(p.savings)),
                 Cell(lines, "; ".join(r.removeprefix("lines ").removeprefix("line ") for r in lines)))  # fmt: skip
        sort = (p.title, ", ".join(areas) or "national", ", ".join(kinds), p.status, ", ".join(services),
                p.year, ", ".join(p.places), len(p.savings), p.sources[0].start_line if p.sources else None)  # fmt: skip
        rows.append(TableRow(RecordRef("project", p.id), cells, sort))
    return rows, len(projects), ()


def _funding_rows(db: Database, filters: FundingFilters) -> tuple[list[TableRow], int, tuple[str, ...]]:
    names = area_names(db.areas())
    funders = {name: key for key, name in db.funders()}
    funds = {name: key for key, name in db.funds()}
    awards = db.awards()
    rows = []
    for a in awards:
        national = a.aggregate or not a.area_ids
        if filters.funder and funders.get(a.funder) != filters.funder:
            continue
        if filters.fund and funds.get(a.fund) != filters.fund:
            continue
        if filters.scope and filters.scope != ("national" if national else "area"):
            continue
        if filters.area and filters.area not in a.area_ids:
            continue
        areas = [names.get(x, x) for x in a.area_ids]
        if national:
            area_text = "national pot"
        elif len(areas) > 1:
            area_text = " + ".join(areas) + f" {JOINT_MARK}"
        else:
            area_text = areas[0]
        check = "! differs" if a.discrepancy_ids else ""
        lines = [s.ref.label for s in a.statements]
        flag = "! " if a.discrepancy_ids else ""
        cells = (Cell(a.amount_gbp, flag + _amount(a.amount_gbp, a.approximate, a.qualifier)), Cell(areas, area_text),
                 Cell(a.fund, a.fund), Cell(bool(a.discrepancy_ids), check), Cell(a.funder, a.funder),
                 Cell(a.year, a.year or ""), Cell(a.purpose, a.purpose),
                 Cell("national" if national else "area", "national pot" if national else "area"),
                 Cell(a.approximate, "approx." if a.approximate else ""),
                 Cell(lines, "; ".join(r.removeprefix("lines ").removeprefix("line ") for r in lines)))  # fmt: skip
        sort = (a.amount_gbp, area_text, a.fund, bool(a.discrepancy_ids), a.funder, a.year, a.purpose,
                "national" if national else "area", a.approximate,
                a.statements[0].ref.start_line if a.statements else None)  # fmt: skip
        rows.append(TableRow(RecordRef("funding", a.id), cells, sort, flagged=bool(a.discrepancy_ids),
                             group=1 if national else 0))  # fmt: skip
    return rows, len(awards), ()


_BUILDERS = {
    "areas": _area_rows,
    "leaders": _leader_rows,
    "projects": _project_rows,
    "funding": _funding_rows,
}


def build_table(db: Database, view: str, filters: Filters | None = None,
                sort: tuple[int | str, bool] | None = None) -> Table:  # fmt: skip
    """The table a pane shows for ``filters``: its columns, and its rows sorted by ``sort`` (column, reverse)."""
    if view not in _BUILDERS:
        raise ValueError(f"unknown view {view!r}: choose one of {', '.join(VIEWS)}")
    filters = filters if filters is not None else FILTER_TYPES[view]()
    if not isinstance(filters, FILTER_TYPES[view]):
        raise TypeError(f"{view} takes {FILTER_TYPES[view].__name__}, not {type(filters).__name__}")
    rows, total, notes = _BUILDERS[view](db, filters)  # type: ignore[operator]
    if filters.text:
        rows = [r for r in rows if matches_text(r, filters.text)]
    if view == "funding" and any(JOINT_MARK in r.cells[1].text for r in rows):
        notes += (f"{JOINT_MARK} a joint award: one award naming more than one area, listed once here; each "
                  "area's total counts it in full.",)  # fmt: skip
    if view == "funding" and any(r.flagged for r in rows):
        notes += ("! the report states this award differently in different places: check before quoting.",)
    if view == "funding" and any(r.group for r in rows) and any(not r.group for r in rows):
        notes += (
            "National pots (totals across areas) are listed after the area awards, never summed with them.",
        )
    table = Table(view, COLUMNS[view], tuple(rows), total, filters, describe(db, view, filters), notes)
    column, reverse = sort if sort is not None else DEFAULT_SORT[view]
    return table.sorted_by(column, reverse)
