"""What the explorer's detail views show, as plain data: one record's lines, sources and links.

The pane tables (columns, rows, filters, totals) are in collab_tui.tables. No Textual,
no Rich: the app renders what these functions return, the tests check them directly.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import NamedTuple

from collab_tui.db import Database
from collab_tui.formatting import (
    amount_text,
    area_names,
    award_heading,
    format_gbp,
    from_funder,
    leader_line,
    names_of,
    role_line,
)
from collab_tui.models import VINTAGE_NOTE, Award, SourceRef
from collab_tui.tables import JOINT_MARK
from collab_tui.vocabulary import PROJECT_KIND_LABELS, SERVICE_LABELS


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


# --- areas ------------------------------------------------------------------


def related_areas(db: Database, area_id: str) -> list[tuple[str, str, list[str]]]:
    """Areas sharing an ambulance trust, a fire and rescue body or a leader: (id, name, reasons)."""
    names = area_names(db.areas())
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
        d.add(leader_line(x), ref=x.ref)
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
    names = area_names(db.areas())
    for a in awards:
        _award_lines(d, a, area.id, names)
    joint = [a for a in awards if len(a.area_ids) > 1]
    if joint:
        own = sum(a.amount_gbp for a in awards if a not in joint)
        shared = sum(a.amount_gbp for a in joint)
        d.add(f"{JOINT_MARK} Total {format_gbp(own + shared)}, of which {format_gbp(shared)} joint: a joint award "
              "is counted in full for each area it names, so area totals do not add up across areas.", "note")  # fmt: skip
    if discrepancies:
        d.heading("Where the report contradicts itself")
        for discrepancy in discrepancies:
            d.add(
                f"! {discrepancy.description}", "warning", discrepancy.sides[0] if discrepancy.sides else None
            )
            for side in discrepancy.sides[1:]:
                d.refs.append(("other side", side))
    for block in db.narrative(area.id):
        d.heading(f"{block.heading} ({block.ref.label})")
        for paragraph in block.text.split("\n\n"):
            d.add(paragraph, "quote")
        d.refs.append((block.heading, block.ref))
    return d


def _award_lines(d: Detail, a: Award, area_id: str, names: dict[str, str]) -> None:
    year = f" {a.year}" if a.year else ""
    flag = "  ! the report differs on this award" if a.discrepancy_ids else ""
    others = names_of((x for x in a.area_ids if x != area_id), names, " and ")
    joint = f" {JOINT_MARK} joint with {others} (one award)" if others else ""
    d.add(f"{amount_text(a)}{joint} {from_funder(a.funder)}{year} ({a.fund}): {a.purpose}{flag}",
          "warning" if a.discrepancy_ids else "text", a.statements[0].ref if a.statements else None)  # fmt: skip
    if a.discrepancy_ids or len({s.amount_gbp for s in a.statements}) > 1:
        for s in a.statements:
            d.add(f"    {s.ref.label} says {amount_text(s)}" + (f", {s.year}" if s.year else "") + f": \u201c{s.ref.quote}\u201d",
                  "note", s.ref)  # fmt: skip


# --- leaders ------------------------------------------------------------------


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
        d.add(role_line(r, r.area or "national"), ref=r.ref)
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


def project_detail(db: Database, project_id: str) -> Detail:
    project = next(iter(db.projects(project_id=project_id)), None)
    if project is None:
        raise KeyError(project_id)
    names = area_names(db.areas())
    d = Detail("project", project.id, project.title)
    d.add(project.summary)
    where = names_of(project.area_ids, names) or "national"
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


def funding_detail(db: Database, award_id: str) -> Detail:
    award = next((a for a in db.awards() if a.id == award_id), None)
    if award is None:
        raise KeyError(award_id)
    names = area_names(db.areas())
    d = Detail("funding", award.id, award_heading(award))
    d.add(award.purpose)
    where = names_of(award.area_ids, names) or "national (a total across areas)"
    d.add(f"Fund: {award.fund}; year: {award.year or 'not stated'}; area(s): {where}", "note")
    if len(award.area_ids) > 1:
        d.add(f"{JOINT_MARK} A joint award: one sum for {names_of(award.area_ids, names, ' and ')}. "
              "Each area's total counts it in full; a sum across areas counts it once.", "note")  # fmt: skip
    elif not award.area_ids:
        d.add("A national pot: a total across areas, listed apart from the area awards and never added to them.",
              "note")  # fmt: skip
    if award.discrepancy_ids:
        d.add(
            "! The report states this award differently in different places: check before quoting.", "warning"
        )
    d.heading("What the report says, place by place")
    for s in award.statements:
        said = amount_text(s)
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


def detail(db: Database, kind: str, record_id: str) -> Detail:
    """The detail view of any record kind (area, person, project, funding); KeyError for any other."""
    views = {
        "area": area_detail,
        "person": person_detail,
        "project": project_detail,
        "funding": funding_detail,
    }
    if kind not in views:
        raise KeyError(f"{kind}:{record_id}")
    return views[kind](db, record_id)
