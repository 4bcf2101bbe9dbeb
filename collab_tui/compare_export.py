"""A comparison as a file's contents: JSON, a Markdown briefing note, plain text and CSV rows.

Pure: no Textual, no Rich. Every renderer here takes a ``compare.Comparison`` (the HTML
briefing is collab_tui.compare_html); ``comparison_as`` picks one by format for the CLI
and the compare screen's export.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from collab_tui.compare import (
    BOTH,
    LEFT,
    RIGHT,
    Compared,
    Comparison,
    FunderTotal,
    LeaderRow,
    OrganisationComparison,
    ProjectComparison,
    Saving,
)
from collab_tui.compare_rows import award_text
from collab_tui.dossier import award_dict, discrepancy_dict, leader_dict, organisation_dict
from collab_tui.export import FORMATS, FormatError, SimpleTable, simple_table, table_csv, to_json
from collab_tui.formatting import format_gbp, leader_text, md_escape, one_line, plural
from collab_tui.models import Area, Award, Leader, Project, SourceRef
from collab_tui.vocabulary import organisation_kind_label

# --- JSON ---------------------------------------------------------------------------------------


def _area_dict(area: Area) -> dict[str, Any]:
    return {"id": area.id, "name": area.name, "nation": area.nation, "section": area.section_heading}


def _leader_entry(x: Compared[Leader]) -> dict[str, Any]:
    leader = x.record
    return {
        "person_id": leader.person_id,
        "organisation_id": leader.organisation_id,
        **leader_dict(leader),
        "shared": x.shared,
    }


def _project_entry(x: Compared[Project]) -> dict[str, Any]:
    return {"id": x.record.id, "title": x.record.title, "shared": x.shared}


def _total_dict(t: FunderTotal) -> dict[str, Any]:
    return {"funder": t.funder, "amount_gbp": t.amount_gbp, "awards": t.awards, "approximate": t.approximate}


def _saving_dict(x: Saving) -> dict[str, Any]:
    return {"project_id": x.project_id, "project": x.project_title, "text": x.text, "shared": x.shared}


def _leaders_json(leaders: Iterable[LeaderRow]) -> list[dict[str, Any]]:
    return [
        {
            "role": r.role,
            "label": r.label,
            "differs": r.differs,
            "left": [_leader_entry(x) for x in r.left],
            "right": [_leader_entry(x) for x in r.right],
        }
        for r in leaders
    ]


def _projects_json(p: ProjectComparison) -> dict[str, Any]:
    return {
        "left_total": p.left_total,
        "right_total": p.right_total,
        "kinds": [
            {
                "kind": k.kind,
                "label": k.label,
                "left_count": k.left_count,
                "right_count": k.right_count,
                "only": k.only,
                "differs": k.differs,
                "left": [_project_entry(x) for x in k.left],
                "right": [_project_entry(x) for x in k.right],
            }
            for k in p.kinds
        ],
        "co_located_sites": {"left": list(p.left_sites), "right": list(p.right_sites)},
    }


def _funding_json(c: Comparison) -> dict[str, Any]:
    f = c.funding
    return {
        "left": [{**award_dict(x.record), "shared": x.shared} for x in f.left],
        "right": [{**award_dict(x.record), "shared": x.shared} for x in f.right],
        "totals": {
            "left": [_total_dict(t) for t in f.left_totals],
            "right": [_total_dict(t) for t in f.right_totals],
        },
        "left_total": f.left_total,
        "right_total": f.right_total,
    }


def comparison_dict(c: Comparison) -> dict[str, Any]:
    """The comparison as plain JSON-ready data with stable keys (the shape of `collab-tui compare --json`)."""
    o = c.organisations
    return {
        "left": _area_dict(c.left),
        "right": _area_dict(c.right),
        "vintage": c.vintage,
        "source": c.source,
        "licence": c.licence,
        "leaders": _leaders_json(c.leaders),
        "organisations": {
            "shared": [organisation_dict(x) for x in o.shared],
            "left_only": [organisation_dict(x) for x in o.left_only],
            "right_only": [organisation_dict(x) for x in o.right_only],
        },
        "projects": _projects_json(c.projects),
        "funding": _funding_json(c),
        "savings": {
            "left": [_saving_dict(x) for x in c.savings.left],
            "right": [_saving_dict(x) for x in c.savings.right],
        },
        "discrepancies": [
            {**discrepancy_dict(d.discrepancy), "side": d.side, "area_ids": list(d.discrepancy.area_ids)}
            for d in c.discrepancies
        ],
        "rows": [
            {
                "section": r.section,
                "label": r.label,
                "left": r.left,
                "right": r.right,
                "differs": r.differs,
                "link": {"kind": r.link_kind, "id": r.link_id} if r.link_kind else None,
            }
            for r in c.rows
        ],
    }


# --- Markdown briefing note ---------------------------------------------------------------------


def _in_prose(label: str) -> str:
    """'Police force' -> 'police force' mid-sentence; 'PCC's office' keeps its capitals."""
    return label if label[1:2].isupper() else label[:1].lower() + label[1:]


def _refs(refs: Iterable[SourceRef]) -> str:
    labels = list(dict.fromkeys(r.label for r in refs))
    return f" ({'; '.join(labels)})" if labels else ""


def _md_leader(x: Compared[Leader]) -> str:
    return md_escape(leader_text(x.record)) + _refs([x.record.ref]) + (" (shared)" if x.shared else "")


def _md_award(a: Award) -> str:
    return f"{md_escape(award_text(a))}: {md_escape(a.purpose)}{_refs(s.ref for s in a.statements)}"


def _md_total(t: FunderTotal | None) -> str:
    return md_escape(format_gbp(t.amount_gbp, t.approximate)) if t else "—"


def _bullets(items: Sequence[str], empty: str = "none recorded") -> list[str]:
    return [f"- {item}" for item in items] if items else [f"- {empty}"]


def _md_where(c: Comparison, L: str, R: str) -> list[str]:
    if c.left.section_id == c.right.section_id:
        heading, nation = md_escape(c.left.section_heading), md_escape(c.left.nation)
        return [f"Both areas are covered by one report section, “{heading}” ({nation}).", ""]
    return [
        f"{L}: {md_escape(c.left.nation)}, report section “{md_escape(c.left.section_heading)}”. "
        f"{R}: {md_escape(c.right.nation)}, report section “{md_escape(c.right.section_heading)}”.",
        "",
    ]


def _md_leaders(leaders: Sequence[LeaderRow], L: str, R: str) -> list[str]:
    out = ["## Leaders", "", f"| Role | {L} | {R} |", "| --- | --- | --- |"]
    for r in leaders:
        cells = ["; ".join(_md_leader(x) for x in side) or "—" for side in (r.left, r.right)]
        out.append(f"| {md_escape(r.label)} | {cells[0]} | {cells[1]} |")
    out.append("")
    shared = [x for r in leaders for x in r.left if x.shared]
    if shared:
        out += [f"Shared by both areas: {', '.join(md_escape(x.record.name) for x in shared)}.", ""]
    return out


def _md_organisations(o: OrganisationComparison, L: str, R: str) -> list[str]:
    out = ["## Organisations", ""]
    for heading, orgs in (
        ("Serving both areas", o.shared),
        (f"{L} only", o.left_only),
        (f"{R} only", o.right_only),
    ):
        out += [f"**{heading}**", ""]
        out += _bullets(
            [f"{md_escape(x.name)} ({_in_prose(organisation_kind_label(x.kind))})" for x in orgs], "none"
        )
        out.append("")
    return out


def _md_projects(p: ProjectComparison, L: str, R: str) -> list[str]:
    out = [
        "## Projects by kind",
        "",
        f"{L}: {plural(p.left_total, 'project')}; {R}: {plural(p.right_total, 'project')}. "
        "A project of several kinds is counted under each.",
        "",
        f"| Kind | {L} | {R} | Note |",
        "| --- | ---: | ---: | --- |",
    ]
    for k in p.kinds:
        note = f"{L} only" if k.only == LEFT else f"{R} only" if k.only == RIGHT else ""
        out.append(f"| {md_escape(k.label)} | {k.left_count} | {k.right_count} | {note} |")
    out.append("")
    for k in p.kinds:
        out += [f"### {md_escape(k.label)}", ""]
        for name, side in ((L, k.left), (R, k.right)):
            titles = "; ".join(md_escape(x.record.title) + (" (joint)" if x.shared else "") for x in side)
            out.append(f"- **{name}**: {titles or 'none'}")
        out.append("")
    out += ["### Co-located sites and places", ""]
    for name, sites in ((L, p.left_sites), (R, p.right_sites)):
        out.append(f"- **{name}**: {', '.join(md_escape(s) for s in sites) or 'none named'}")
    out.append("")
    return out


def _md_funding(c: Comparison, L: str, R: str) -> list[str]:
    f = c.funding
    out = ["## Funding", ""]
    joint = [x.record for x in f.left if x.shared]
    groups = (
        ("Joint awards (counted in both totals)", joint),
        (f"{L} only" if joint else L, [x.record for x in f.left if not x.shared]),
        (f"{R} only" if joint else R, [x.record for x in f.right if not x.shared]),
    )
    for heading, awards in groups:
        if awards:
            out += [f"**{heading}**", "", *(f"- {_md_award(a)}" for a in awards), ""]
    without = [name for name, side in ((L, f.left), (R, f.right)) if not side]
    if len(without) == 1:
        out += [f"No government award is recorded for {without[0]}.", ""]
    left_totals = {t.funder: t for t in f.left_totals}
    right_totals = {t.funder: t for t in f.right_totals}
    funders = sorted({*left_totals, *right_totals})
    if not funders:
        return [*out, "No government award is recorded for either area.", ""]
    out += [f"| Funder | {L} | {R} |", "| --- | ---: | ---: |"]
    for funder in funders:
        cells = (_md_total(left_totals.get(funder)), _md_total(right_totals.get(funder)))
        out.append(f"| {md_escape(funder)} | {cells[0]} | {cells[1]} |")
    totals = (md_escape(format_gbp(f.left_total)), md_escape(format_gbp(f.right_total)))
    return [*out, f"| **Total** | **{totals[0]}** | **{totals[1]}** |", ""]


def _md_savings(c: Comparison, L: str, R: str) -> list[str]:
    out = ["## Stated savings", ""]
    for name, items in ((L, c.savings.left), (R, c.savings.right)):
        out += [f"**{name}**", ""]
        said = [
            f"{md_escape(x.project_title)}: {md_escape(x.text)}" + (" (joint)" if x.shared else "")
            for x in items
        ]
        out += _bullets(said, "none stated")
        out.append("")
    return out


def _md_discrepancies(c: Comparison, L: str, R: str) -> list[str]:
    out = ["## Discrepancies", ""]
    if not c.discrepancies:
        return [*out, "The report does not contradict itself about either area.", ""]
    for d in c.discrepancies:
        who = f"{L} and {R}" if d.side == BOTH else L if d.side == LEFT else R
        out.append(f"- **{who}**: {md_escape(d.discrepancy.description)}{_refs(d.discrepancy.sides)}")
    return [*out, ""]


def comparison_markdown(c: Comparison) -> str:
    """A briefing note on the two areas, ready to paste into a document."""
    L, R = md_escape(c.left.name), md_escape(c.right.name)
    out = [f"# Briefing: {L} and {R}", "", md_escape(c.vintage), ""]
    out += _md_where(c, L, R)
    out += _md_leaders(c.leaders, L, R)
    out += _md_organisations(c.organisations, L, R)
    out += _md_projects(c.projects, L, R)
    out += _md_funding(c, L, R)
    out += _md_savings(c, L, R)
    out += _md_discrepancies(c, L, R)
    out.append(f"Source: {md_escape(c.source)}. {md_escape(c.attribution)}")
    return "\n".join(out) + "\n"


# --- rows as text and CSV -----------------------------------------------------------------------


def comparison_table(c: Comparison) -> SimpleTable:
    """A comparison's aligned rows as a table (for CSV): section, row, one column per area, differs."""
    rows = [{"section": r.section, "label": r.label, "left": r.left, "right": r.right, "differs": r.differs}
            for r in c.rows]  # fmt: skip
    columns = [("section", "Section"), ("label", "Row"), ("left", c.left.name), ("right", c.right.name),
               ("differs", "Differs")]  # fmt: skip
    return simple_table(f"{c.left.name} and {c.right.name}", columns, rows)


def comparison_text(c: Comparison) -> str:
    """A comparison as plain linear text, one row a line (`collab-tui compare --plain`)."""
    out = [f"{one_line(c.left.name)} and {one_line(c.right.name)}. {c.vintage}"]
    for row in c.rows:
        mark = " (differs)" if row.differs else " (same)" if row.same else ""
        out.append(f"{row.section}, {one_line(row.label)}: {one_line(row.left) or '-'} | "
                   f"{one_line(row.right) or '-'}{mark}")  # fmt: skip
    out.append(f"Source: {c.source}. {c.attribution}")
    return "\n".join(out) + "\n"


def comparison_as(c: Comparison, fmt: str, *, bom: bool = False) -> str:
    """A comparison as a file's contents: md (briefing note), html (briefing), json, csv (rows), txt."""
    if fmt == "md":
        return comparison_markdown(c)
    if fmt == "html":
        from collab_tui.compare_html import comparison_html

        return comparison_html(c)
    if fmt == "json":
        return to_json(comparison_dict(c)) + "\n"
    if fmt == "csv":
        return table_csv(comparison_table(c), bom=bom)
    if fmt == "txt":
        return comparison_text(c)
    raise FormatError(f"a comparison can be written as {', '.join(FORMATS)}, not {fmt}")
