"""Models to plain data (for JSON) and to text: shared by the CLI and the app.

No Textual, no Rich. Every structure here names its source (the 2014 report)
and keeps line references, so what the CLI prints and what the app shows
cannot disagree.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from typing import Any

from collab_tui.db import Database
from collab_tui.models import (
    PROJECT_KIND_LABELS,
    VINTAGE_NOTE,
    Award,
    Discrepancy,
    Leader,
    Organisation,
    Project,
    SourceRef,
    format_gbp,
)
from collab_tui.text import clean, csv_safe


def ref_dict(ref: SourceRef) -> dict[str, Any]:
    return {"start_line": ref.start_line, "end_line": ref.end_line, "quote": ref.quote}


def leader_dict(leader: Leader) -> dict[str, Any]:
    return {
        "role": leader.role,
        "title": leader.title,
        "name": leader.name,
        "name_as_printed": leader.name_as_printed,
        "party": leader.party,
        "organisation": leader.organisation,
        "area": leader.area,
        "acting": leader.acting,
        "note": leader.note,
        "source": ref_dict(leader.ref),
    }


def organisation_dict(org: Organisation) -> dict[str, Any]:
    return {
        "id": org.id,
        "name": org.name,
        "kind": org.kind,
        "service": org.service,
        "abbreviations": list(org.abbreviations),
        "aliases": list(org.aliases),
    }


def project_dict(project: Project) -> dict[str, Any]:
    return {
        "id": project.id,
        "title": project.title,
        "summary": project.summary,
        "kinds": list(project.kinds),
        "services": list(project.services),
        "status": project.status,
        "places": list(project.places),
        "year": project.year,
        "savings": list(project.savings),
        "sources": [ref_dict(r) for r in project.sources],
    }


def award_dict(award: Award) -> dict[str, Any]:
    return {
        "id": award.id,
        "funder": award.funder,
        "fund": award.fund,
        "amount_gbp": award.amount_gbp,
        "approximate": award.approximate,
        "year": award.year,
        "purpose": award.purpose,
        "discrepancies": list(award.discrepancy_ids),
        "statements": [
            {
                "amount_gbp": s.amount_gbp,
                "approximate": s.approximate,
                "year": s.year,
                "fund_as_printed": s.fund_as_printed,
                "source": ref_dict(s.ref),
            }
            for s in award.statements
        ],
    }


def discrepancy_dict(d: Discrepancy) -> dict[str, Any]:
    return {
        "id": d.id,
        "kind": d.kind,
        "description": d.description,
        "sides": [ref_dict(r) for r in d.sides],
    }


def provenance(db: Database) -> dict[str, str]:
    """The source and licence every export names."""
    meta = db.meta
    return {
        "source": f"{meta.source_title} ({meta.source_year})",
        "licence": meta.licence,
        "attribution": meta.attribution,
        "vintage": VINTAGE_NOTE,
    }


def area_dossier(db: Database, area_id: str) -> dict[str, Any]:
    """Everything about one area: the shape of `collab-tui show AREA --json`."""
    area = db.area(area_id)
    if area is None:
        raise KeyError(area_id)
    return {
        "kind": "area",
        "id": area.id,
        "name": area.name,
        "nation": area.nation,
        "section": area.section_heading,
        "covers": [c.name for c in area.covers],
        "leaders": [leader_dict(x) for x in db.leaders(area.id)],
        "organisations": [organisation_dict(o) for o in db.organisations(area.id)],
        "projects": [project_dict(p) for p in db.projects(area.id)],
        "funding": [award_dict(a) for a in db.awards(area.id)],
        "discrepancies": [discrepancy_dict(d) for d in db.discrepancies(area.id)],
        **provenance(db),
    }


def person_dossier(db: Database, person_id: str) -> dict[str, Any]:
    """Every role of one person: the shape of `collab-tui show PERSON --json`."""
    person = db.person(person_id)
    if person is None:
        raise KeyError(person_id)
    return {
        "kind": "person",
        "id": person.id,
        "name": person.name,
        "aliases": list(person.aliases),
        "roles": [leader_dict(r) for r in person.roles],
        **provenance(db),
    }


def to_json(data: Any) -> str:
    """Pretty, UTF-8 JSON (pound signs and Welsh names kept as they are)."""
    return json.dumps(data, indent=2, ensure_ascii=False)


# --- plain, linear text: reads well aloud and pipes cleanly -----------------


def _lines_area(d: dict[str, Any]) -> Iterable[str]:
    yield f"{d['name']} ({d['nation']}); report section: {d['section']}"
    if d["covers"]:
        yield "Covers: " + ", ".join(d["covers"])
    yield d["vintage"]
    yield ""
    yield "Leaders:"
    for x in d["leaders"]:
        party = f" ({x['party']})" if x["party"] else ""
        org = f", {x['organisation']}" if x["organisation"] else ""
        yield f"  {x['title']}: {x['name']}{party}{org}"
    yield ""
    yield "Organisations:"
    for o in d["organisations"]:
        abbr = f" ({', '.join(o['abbreviations'])})" if o["abbreviations"] else ""
        yield f"  {o['name']}{abbr}, {o['kind'].replace('_', ' ')}"
    yield ""
    yield f"Projects ({len(d['projects'])}):"
    for p in d["projects"]:
        kinds = ", ".join(PROJECT_KIND_LABELS.get(k, k) for k in p["kinds"])
        year = f", {p['year']}" if p["year"] else ""
        places = f"; at {', '.join(p['places'])}" if p["places"] else ""
        yield f"  {p['title']} ({p['status']}{year}): {kinds}{places}"
    yield ""
    yield "Funding:"
    if not d["funding"]:
        yield "  none recorded"
    for a in d["funding"]:
        year = f" {a['year']}" if a["year"] else ""
        flag = " [the report differs on this award: see discrepancies]" if a["discrepancies"] else ""
        yield f"  {format_gbp(a['amount_gbp'], a['approximate'])} {a['funder']}{year}, {a['fund']}: {a['purpose']}{flag}"
    if d["discrepancies"]:
        yield ""
        yield "Where the report contradicts itself:"
        for x in d["discrepancies"]:
            lines = " and ".join(
                f"line {s['start_line']}"
                if s["start_line"] == s["end_line"]
                else f"lines {s['start_line']}-{s['end_line']}"
                for s in x["sides"]
            )
            yield f"  {x['description']} ({lines})"
    yield ""
    yield f"Source: {d['source']}. {d['attribution']}"


def _lines_person(d: dict[str, Any]) -> Iterable[str]:
    yield d["name"] + (f" (also printed as {', '.join(d['aliases'])})" if d["aliases"] else "")
    yield d["vintage"]
    yield ""
    yield "Roles:"
    for x in d["roles"]:
        where = x["area"] or "national"
        org = f", {x['organisation']}" if x["organisation"] else ""
        party = f" ({x['party']})" if x["party"] else ""
        line = x["source"]["start_line"]
        yield f"  {x['title']}{party}{org}, {where} (line {line})"
    yield ""
    yield f"Source: {d['source']}. {d['attribution']}"


def dossier_text(d: dict[str, Any]) -> str:
    """A dossier as plain linear text."""
    lines = _lines_area(d) if d["kind"] == "area" else _lines_person(d)
    return "\n".join(clean(line) for line in lines) + "\n"


# --- tables: areas, leaders, projects, funding, search results -------------------------------

VIEWS = ("areas", "leaders", "projects", "funding")
FORMATS = ("csv", "json", "md")


def table_rows(db: Database, view: str, filters: Any = None) -> tuple[list[str], list[dict[str, Any]]]:
    """The column keys and rows of a view's table (collab_tui.tables), amounts in whole pounds.

    The rows are exactly those of :func:`collab_tui.tables.build_table` for ``filters``: what the
    pane shows. A transitional flat shape for :func:`render_table`: lists are joined with "; ".
    """
    from collab_tui.tables import build_table

    return table_dicts(build_table(db, view, filters))


def table_dicts(table: Any) -> tuple[list[str], list[dict[str, Any]]]:
    """A :class:`collab_tui.tables.Table` as column keys and one flat dict per row, in shown order."""
    columns = [c.key for c in table.columns]
    rows = []
    for row in table.rows:
        flat: dict[str, Any] = {}
        for column, cell in zip(table.columns, row.cells, strict=True):
            value = cell.value
            if isinstance(value, list | tuple):
                value = "; ".join(str(v) for v in value)
            elif value is None:
                value = ""
            flat[column.key] = value
        rows.append(flat)
    return columns, rows


def hits_rows(hits: Iterable[Any]) -> tuple[list[str], list[dict[str, Any]]]:
    """Search results as a table."""
    columns = ["kind", "name", "areas", "matched_field", "matched_text", "score"]
    rows = [
        {"kind": h.kind, "name": h.name, "areas": "; ".join(h.areas), "matched_field": h.field,
         "matched_text": h.matched_text, "score": round(h.score, 1)}
        for h in hits
    ]  # fmt: skip
    return columns, rows


def _md_cell(value: Any, column: str) -> str:
    if column.endswith("_gbp") and isinstance(value, int):
        return format_gbp(value)
    if isinstance(value, bool):
        return "yes" if value else ""
    text = clean(str(value)).replace("\n", " ")
    return re.sub(r"([\\|`*_\[\]<>#])", r"\\\1", text)


def _csv_cell(value: Any) -> Any:
    if isinstance(value, bool):
        return "yes" if value else "no"
    return csv_safe(clean(value)) if isinstance(value, str) else value


def format_for(path: str) -> str | None:
    """The export format a file name asks for: .csv, .json or .md (None if neither)."""
    suffix = path.lower().rsplit(".", 1)[-1] if "." in path else ""
    return {"csv": "csv", "json": "json", "md": "md", "markdown": "md"}.get(suffix)


def render_table(db: Database, title: str, columns: list[str], rows: list[dict[str, Any]], fmt: str,
                 bom: bool = False) -> str:  # fmt: skip
    """A table as CSV, JSON or Markdown; each names the report and its licence."""
    import csv
    import io

    source = provenance(db)
    if fmt == "json":
        return to_json({"title": title, **source, "columns": columns, "rows": rows}) + "\n"
    if fmt == "md":
        lines = [f"# {title}", "", f"{source['vintage']}", ""]
        lines.append("| " + " | ".join(columns) + " |")
        lines.append("| " + " | ".join("---:" if c.endswith("_gbp") else "---" for c in columns) + " |")
        for row in rows:
            lines.append("| " + " | ".join(_md_cell(row[c], c) for c in columns) + " |")
        lines += ["", f"Source: {source['source']}. {source['attribution']}", ""]
        return "\n".join(lines)
    if fmt == "csv":
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\r\n")
        writer.writerow(columns)
        for row in rows:
            writer.writerow([_csv_cell(row[c]) for c in columns])
        writer.writerow([])
        writer.writerow([f"Source: {source['source']}. {source['attribution']}"])
        text = out.getvalue()
        return ("\ufeff" + text) if bom else text
    raise ValueError(f"unknown format {fmt!r}: choose one of {', '.join(FORMATS)}")


def export_view(db: Database, view: str, fmt: str, bom: bool = False, filters: Any = None) -> str:
    """One of the explorer's tables (filtered as the pane would be), as a file's contents."""
    from collab_tui.tables import build_table

    table = build_table(db, view, filters)
    columns, rows = table_dicts(table)
    return render_table(db, f"collab-tui: {table.title}", columns, rows, fmt, bom)


def record_text(db: Database, kind: str, record_id: str) -> str:
    """A record as plain text, for the clipboard."""
    if kind == "area":
        return dossier_text(area_dossier(db, record_id))
    if kind == "person":
        return dossier_text(person_dossier(db, record_id))
    from collab_tui.browse import detail

    d = detail(db, kind, record_id)
    lines = [d.title, *(line.text for line in d.lines)]
    source = provenance(db)
    return "\n".join(clean(x) for x in lines) + f"\n\nSource: {source['source']}. {source['attribution']}\n"
