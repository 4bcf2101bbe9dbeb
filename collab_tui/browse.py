"""What the explorer's panes list and show, as plain data: rows, filters, totals, details.

No Textual, no Rich: the app renders what these functions return, the tests
check them directly, and the CLI may reuse them.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import NamedTuple

from collab_tui.db import Database
from collab_tui.models import (
    PROJECT_KIND_LABELS,
    ROLE_LABELS,
    ROLE_SERVICE,
    VINTAGE_NOTE,
    Award,
    Leader,
    Project,
    SourceRef,
    format_gbp,
    from_funder,
)

STATUS_LABELS = {"current": "current", "planned": "planned", "proposed": "proposed", "abandoned": "abandoned"}
SERVICE_LABELS = {
    "police": "Police", "fire": "Fire", "ambulance": "Ambulance", "local_authority": "Local authority",
    "health": "Health", "other": "Other",
}  # fmt: skip


class Column(NamedTuple):
    """A table column: key, header, and whether it sorts as a number."""

    key: str
    label: str
    numeric: bool = False


class Row(NamedTuple):
    """A table row: the record it opens, its cells, and the values it sorts by."""

    kind: str
    id: str
    cells: tuple[str, ...]
    sort: tuple[object, ...]
    flagged: bool = False


class Line(NamedTuple):
    """One line of a detail view. ``style`` is a hint: text, heading, warning, note, quote."""

    text: str
    style: str = "text"
    ref: SourceRef | None = None


@dataclass
class Detail:
    """A record's detail view: its title, lines, the passages behind it, and links."""

    kind: str
    id: str
    title: str
    lines: list[Line] = field(default_factory=list)
    refs: list[tuple[str, SourceRef]] = field(default_factory=list)
    links: list[tuple[str, str, str]] = field(default_factory=list)  # (kind, id, label)

    def add(self, text: str = "", style: str = "text", ref: SourceRef | None = None) -> None:
        self.lines.append(Line(text, style, ref))
        if ref is not None:
            self.refs.append((text, ref))

    def heading(self, text: str) -> None:
        if self.lines:
            self.lines.append(Line(""))
        self.lines.append(Line(text, "heading"))


def _sort_text(text: str | None) -> str:
    return (text or "").casefold()


# --- areas ------------------------------------------------------------------

AREA_COLUMNS = (Column("name", "Area"), Column("nation", "Nation"), Column("section", "Report section"),
                Column("projects", "Projects", numeric=True), Column("funding", "Funding £", numeric=True))  # fmt: skip


def area_rows(db: Database) -> list[Row]:
    """One row per area, with its project count and funding total."""
    summary = db.area_summaries()
    rows = []
    for a in db.areas():
        projects, funding = summary.get(a.id, (0, 0))
        rows.append(Row("area", a.id, (a.name, a.nation, a.section_heading, str(projects),
                                       f"{funding:,}" if funding else ""),
                        (_sort_text(a.name), a.nation, _sort_text(a.section_heading), projects, funding)))  # fmt: skip
    return rows


def related_areas(db: Database, area_id: str) -> list[tuple[str, str, list[str]]]:
    """Areas sharing an ambulance trust, a fire and rescue body or a leader: (id, name, reasons)."""
    names = {a.id: a.name for a in db.areas()}
    reasons: dict[str, list[str]] = defaultdict(list)
    for org in db.organisations(area_id):
        if org.kind not in {"ambulance_trust", "fire_and_rescue"}:
            continue
        for other in org.area_ids:
            if other != area_id:
                reasons[other].append(f"same {org.kind.replace('_', ' ')}: {org.name}")
    mine = {x.person_id for x in db.leaders(area_id)}
    for leader in db.leaders():
        if leader.person_id in mine and leader.area_id and leader.area_id != area_id:
            reason = f"same leader: {leader.name}"
            if reason not in reasons[leader.area_id]:
                reasons[leader.area_id].append(reason)
    return sorted(((a, names[a], r) for a, r in reasons.items() if a in names), key=lambda x: x[1])


def area_detail(db: Database, area_id: str) -> Detail:
    """An area: leaders, organisations, projects, funding, discrepancies, related areas, narrative."""
    area = db.area(area_id)
    if area is None:
        raise KeyError(area_id)
    section = db.section(area.section_id)
    d = Detail("area", area.id, area.name)
    d.add(f"{area.nation}; report section: {area.section_heading}", "note", section.ref if section else None)
    if section and not section.heading_printed:
        d.add(f"The section's heading is missing from the text; {section.attribution}", "note",
              section.attribution_ref)  # fmt: skip
    if area.covers:
        places = [c.name for c in area.covers if c.kind != "council"]
        councils = [c.name for c in area.covers if c.kind == "council"]
        if places:
            d.add("Covers: " + ", ".join(places), "note")
        if councils:
            d.add("Councils named: " + ", ".join(councils), "note")
    discrepancies = db.discrepancies(area.id)
    if discrepancies:
        d.add(f"! {len(discrepancies)} place(s) where the report contradicts itself: see below", "warning")
    d.heading("Leaders (2014)")
    for x in db.leaders(area.id):
        party = f" ({x.party})" if x.party else ""
        org = f", {x.organisation}" if x.organisation else ""
        listed = f" ({x.where_listed})" if x.listed_under else ""
        d.add(f"{x.title}: {x.name}{party}{org}{listed}", ref=x.ref)
        d.links.append(("person", x.person_id, x.name))
    d.add(VINTAGE_NOTE, "note")
    d.heading("Organisations")
    for o in db.organisations(area.id):
        abbr = f" ({', '.join(o.abbreviations)})" if o.abbreviations else ""
        d.add(f"{o.name}{abbr}: {o.kind.replace('_', ' ')}")
    related = related_areas(db, area.id)
    if related:
        d.heading("Related areas")
        for rid, name, why in related:
            d.add(f"{name}: {'; '.join(why)}")
            d.links.append(("area", rid, name))
    projects = db.projects(area.id)
    d.heading(f"Projects ({len(projects)})")
    for p in projects:
        year = f", {p.year}" if p.year else ""
        d.add(f"{p.title} ({p.status}{year})", ref=p.sources[0] if p.sources else None)
        d.links.append(("project", p.id, p.title))
    awards = db.awards(area.id)
    d.heading("Funding")
    if not awards:
        d.add("No government award recorded for this area.", "note")
    for a in awards:
        _award_lines(d, a)
    if discrepancies:
        d.heading("Where the report contradicts itself")
        for x in discrepancies:
            d.add(f"! {x.description}", "warning", x.sides[0] if x.sides else None)
            for side in x.sides[1:]:
                d.refs.append(("other side", side))
    for block in db.narrative(area.id):
        d.heading(f"{block.heading} ({block.ref.label})")
        for paragraph in block.text.split("\n\n"):
            d.add(paragraph, "quote")
        d.refs.append((block.heading, block.ref))
    return d


def _award_lines(d: Detail, a: Award) -> None:
    year = f" {a.year}" if a.year else ""
    flag = "  ! the report differs on this award" if a.discrepancy_ids else ""
    d.add(f"{format_gbp(a.amount_gbp, a.approximate, a.qualifier)} {from_funder(a.funder)}{year} ({a.fund}): {a.purpose}{flag}",
          "warning" if a.discrepancy_ids else "text", a.statements[0].ref if a.statements else None)  # fmt: skip
    if a.discrepancy_ids or len({s.amount_gbp for s in a.statements}) > 1:
        for s in a.statements:
            said = format_gbp(s.amount_gbp, s.approximate, s.qualifier)
            d.add(f"    {s.ref.label} says {said}" + (f", {s.year}" if s.year else "") + f": \u201c{s.ref.quote}\u201d",
                  "note", s.ref)  # fmt: skip


# --- leaders ------------------------------------------------------------------

LEADER_COLUMNS = (Column("name", "Name"), Column("role", "Role"), Column("title", "Title as printed"),
                  Column("organisation", "Organisation"), Column("areas", "Area(s)"), Column("party", "Party"))  # fmt: skip


def leader_rows(db: Database, role: str | None = None, service: str | None = None) -> list[Row]:
    """One row per person, role and organisation, with every area they hold it in."""
    grouped: dict[tuple[str, str, str, str], list[Leader]] = defaultdict(list)
    for x in db.leaders():
        if role and x.role != role:
            continue
        if service and ROLE_SERVICE.get(x.role) != service:
            continue
        grouped[(x.person_id, x.role, x.title, x.organisation or "")].append(x)
    rows = []
    for (person_id, role_key, title, org), roles in grouped.items():
        first = roles[0]
        areas = ", ".join(dict.fromkeys(r.area or "national" for r in roles))
        rows.append(Row("person", person_id,
                        (first.name, ROLE_LABELS.get(role_key, role_key), title, org, areas, first.party or ""),
                        (_sort_text(first.name.split()[-1]), role_key, _sort_text(title), _sort_text(org),
                         _sort_text(areas), first.party or "")))  # fmt: skip
    rows.sort(key=lambda r: (r.sort[0], r.cells[0], r.sort[1]))
    return rows


def person_detail(db: Database, person_id: str) -> Detail:
    """A person: every role, with the caution that post-holders may have changed since 2014."""
    person = db.person(person_id)
    if person is None:
        raise KeyError(person_id)
    d = Detail("person", person.id, person.name)
    d.add(VINTAGE_NOTE, "warning")
    if person.aliases:
        d.add("Also printed as: " + ", ".join(person.aliases), "note")
    d.heading("Roles in the 2014 report")
    for r in person.roles:
        party = f" ({r.party})" if r.party else ""
        org = f", {r.organisation}" if r.organisation else ""
        where = r.area or "national"
        acting = " (acting)" if r.acting else ""
        d.add(f"{r.title}{acting}{party}{org}: {where}", ref=r.ref)
        if r.note:
            d.add(f"    {r.note}", "note")
        if r.area_id:
            d.links.append(("area", r.area_id, r.area or r.area_id))
        d.add(f"    printed at {r.ref.label}: \u201c{r.ref.quote}\u201d", "quote")
    for x in db.discrepancies():
        if ("person", person.id) in x.records:
            d.heading("Where the report contradicts itself")
            d.add(f"! {x.description}", "warning", x.sides[0])
    return d


# --- projects -----------------------------------------------------------------

PROJECT_COLUMNS = (Column("title", "Project"), Column("areas", "Area(s)"), Column("kinds", "Kinds"),
                   Column("services", "Services"), Column("status", "Status"), Column("places", "Places"),
                   Column("year", "Year", numeric=True), Column("savings", "Stated savings"))  # fmt: skip


def filter_projects(projects: Iterable[Project], kind: str | None = None, service: str | None = None,
                    status: str | None = None, area_id: str | None = None) -> list[Project]:  # fmt: skip
    """Projects matching every filter given (None means any)."""
    return [
        p for p in projects
        if (kind is None or kind in p.kinds) and (service is None or service in p.services)
        and (status is None or p.status == status) and (area_id is None or area_id in p.area_ids)
    ]  # fmt: skip


def project_rows(db: Database, projects: Sequence[Project]) -> list[Row]:
    names = {a.id: a.name for a in db.areas()}
    rows = []
    for p in projects:
        areas = ", ".join(names.get(a, a) for a in p.area_ids) or "national"
        kinds = ", ".join(PROJECT_KIND_LABELS.get(k, k) for k in p.kinds)
        rows.append(Row("project", p.id,
                        (p.title, areas, kinds, ", ".join(p.services), p.status, ", ".join(p.places),
                         str(p.year or ""), "; ".join(p.savings)),
                        (_sort_text(p.title), _sort_text(areas), kinds, ", ".join(p.services), p.status,
                         _sort_text(", ".join(p.places)), p.year or 0, len(p.savings))))  # fmt: skip
    return rows


def project_detail(db: Database, project_id: str) -> Detail:
    project = next(iter(db.projects(project_id=project_id)), None)
    if project is None:
        raise KeyError(project_id)
    names = {a.id: a.name for a in db.areas()}
    d = Detail("project", project.id, project.title)
    d.add(project.summary)
    where = ", ".join(names.get(a, a) for a in project.area_ids) or "national"
    d.add(
        f"Area(s): {where}; status: {project.status}" + (f"; year: {project.year}" if project.year else ""),
        "note",
    )
    d.add("Kinds: " + ", ".join(PROJECT_KIND_LABELS.get(k, k) for k in project.kinds), "note")
    d.add("Services: " + ", ".join(SERVICE_LABELS.get(s, s) for s in project.services), "note")
    if project.places:
        d.add("Places: " + ", ".join(project.places), "note")
    facts = db.project_facts(project.id)
    if facts:
        d.heading("Stated dates, counts and money")
        for text, ref in facts:
            d.add(text, ref=ref)
    d.heading("What the report says")
    for ref in project.sources:
        d.add(f"\u201c{ref.quote}\u201d ({ref.label})", "quote", ref)
    for a in project.area_ids:
        d.links.append(("area", a, names.get(a, a)))
    return d


# --- funding ------------------------------------------------------------------

FUNDING_COLUMNS = (Column("amount", "Amount £", numeric=True), Column("funder", "Funder"), Column("fund", "Fund"),
                   Column("year", "Year"), Column("areas", "Area(s)"), Column("purpose", "Purpose"),
                   Column("check", "Check"))  # fmt: skip


def funding_rows(db: Database) -> list[Row]:
    names = {a.id: a.name for a in db.areas()}
    rows = []
    for a in db.awards():
        areas = ", ".join(names.get(x, x) for x in a.area_ids) or "national total"
        amount = format_gbp(a.amount_gbp, a.approximate, a.qualifier, symbol=False)
        check = "! differs" if a.discrepancy_ids else ""
        rows.append(Row("funding", a.id, (amount, a.funder, a.fund, a.year or "", areas, a.purpose, check),
                        (a.amount_gbp, a.funder, a.fund, a.year or "", _sort_text(areas), _sort_text(a.purpose),
                         bool(a.discrepancy_ids)), flagged=bool(a.discrepancy_ids)))  # fmt: skip
    return rows


def funding_detail(db: Database, award_id: str) -> Detail:
    award = next((a for a in db.awards() if a.id == award_id), None)
    if award is None:
        raise KeyError(award_id)
    names = {a.id: a.name for a in db.areas()}
    d = Detail(
        "funding",
        award.id,
        f"{format_gbp(award.amount_gbp, award.approximate, award.qualifier)} {from_funder(award.funder)}",
    )
    d.add(award.purpose)
    where = ", ".join(names.get(x, x) for x in award.area_ids) or "national (a total across areas)"
    d.add(f"Fund: {award.fund}; year: {award.year or 'not stated'}; area(s): {where}", "note")
    if award.discrepancy_ids:
        d.add(
            "! The report states this award differently in different places: check before quoting.", "warning"
        )
    d.heading("What the report says, place by place")
    for s in award.statements:
        said = format_gbp(s.amount_gbp, s.approximate, s.qualifier)
        extra = "".join(f"; {k}: {v}" for k, v in (("year", s.year), ("fund", s.fund_as_printed)) if v)
        d.add(f"{s.ref.label}: {said}{extra}", ref=s.ref)
        d.add(f"    \u201c{s.ref.quote}\u201d", "quote")
    for x in db.discrepancies():
        if ("award", award.id) in x.records:
            d.heading("Discrepancy")
            d.add(f"! {x.description}", "warning", x.sides[0])
    for a in award.area_ids:
        d.links.append(("area", a, names.get(a, a)))
    return d


class Bar(NamedTuple):
    """One bar of a bar chart."""

    label: str
    value: int


def funding_bars(db: Database, by: str) -> list[Bar]:
    """Totals of area awards by funder or by area (national totals excluded), largest first."""
    return [Bar(t.label, t.amount_gbp) for t in db.funding_totals(by)]


def bar_chart(bars: Sequence[Bar], width: int = 30, label_width: int = 22) -> list[str]:
    """Bars as text lines: label, a bar of block characters, the amount."""
    if not bars:
        return []
    top = max(b.value for b in bars) or 1
    lines = []
    for b in bars:
        cells = b.value / top * width
        full = int(cells)
        part = " ▏▎▍▌▋▊▉"[int((cells - full) * 8)] if full < width else ""
        bar = ("█" * full + part.strip()) or "▏"
        label = b.label if len(b.label) <= label_width else b.label[: label_width - 1] + "…"
        lines.append(f"{label:<{label_width}} {bar:<{width}} {format_gbp(b.value)}")
    return lines


def detail(db: Database, kind: str, record_id: str) -> Detail:
    """The detail view of any record kind."""
    if kind == "area":
        return area_detail(db, record_id)
    if kind == "person":
        return person_detail(db, record_id)
    if kind == "project":
        return project_detail(db, record_id)
    if kind == "funding":
        return funding_detail(db, record_id)
    raise KeyError(f"{kind}:{record_id}")
