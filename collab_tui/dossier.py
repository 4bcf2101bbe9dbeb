"""One record (an area or a person) as plain data and as files: JSON, plain text, Markdown, HTML.

No Textual, no Rich. The ``*_dict`` functions turn models into JSON-ready data with stable
keys (the shape of `collab-tui show --json` and of a comparison's JSON); ``record_text`` is
what the clipboard gets for any record.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from collab_tui.db import Database
from collab_tui.export import FormatError, provenance, to_json
from collab_tui.formatting import amount_text, md_escape
from collab_tui.models import (
    Award,
    Discrepancy,
    Leader,
    Organisation,
    Project,
    SourceRef,
)
from collab_tui.safe_text import clean
from collab_tui.vocabulary import PROJECT_KIND_LABELS, PROJECT_STATUS_LABELS, organisation_kind_label


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
        "listed_under": leader.listed_under,
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
        "qualifier": award.qualifier,
        "amount_text": amount_text(award),
        "year": award.year,
        "purpose": award.purpose,
        "discrepancies": list(award.discrepancy_ids),
        "statements": [
            {
                "amount_gbp": s.amount_gbp,
                "approximate": s.approximate,
                "qualifier": s.qualifier,
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
        "covers": [c.name for c in area.covers if c.kind != "council"],
        "councils": [c.name for c in area.covers if c.kind == "council"],
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


# --- plain, linear text: reads well aloud and pipes cleanly -----------------


def _lines_area(d: dict[str, Any]) -> Iterable[str]:
    yield f"{d['name']} ({d['nation']}); report section: {d['section']}"
    if d["covers"]:
        yield "Covers: " + ", ".join(d["covers"])
    if d.get("councils"):
        yield "Councils named: " + ", ".join(d["councils"])
    yield d["vintage"]
    yield ""
    yield "Leaders:"
    for x in d["leaders"]:
        party = f" ({x['party']})" if x["party"] else ""
        org = f", {x['organisation']}" if x["organisation"] else ""
        listed = f" (listed under {x['listed_under']})" if x.get("listed_under") else ""
        yield f"  {x['title']}: {x['name']}{party}{org}{listed}"
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
        yield f"  {a['amount_text']} {a['funder']}{year}, {a['fund']}: {a['purpose']}{flag}"
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


def record_text(db: Database, kind: str, record_id: str) -> str:
    """A record as plain text, for the clipboard."""
    if kind == "area":
        return dossier_text(area_dossier(db, record_id))
    if kind == "person":
        return dossier_text(person_dossier(db, record_id))
    from collab_tui.details import detail

    d = detail(db, kind, record_id)
    lines = [d.title, *(line.text for line in d.lines)]
    source = provenance(db)
    return "\n".join(clean(x) for x in lines) + f"\n\nSource: {source['source']}. {source['attribution']}\n"


def _md_table(
    headers: Sequence[str], rows: Iterable[Sequence[object]], numeric: Sequence[int] = ()
) -> list[str]:
    out = ["| " + " | ".join(md_escape(h) for h in headers) + " |"]
    out.append("| " + " | ".join("---:" if i in numeric else "---" for i in range(len(headers))) + " |")
    out += ["| " + " | ".join(md_escape("" if v is None else v) for v in row) + " |" for row in rows]
    return [*out, ""]


def _refs_label(sources: Iterable[dict[str, Any]]) -> str:
    return "; ".join(SourceRef(s["start_line"], s["end_line"]).label for s in sources)


def dossier_markdown(d: dict[str, Any]) -> str:
    """An area's or a person's record as Markdown, readable labels and the report's lines."""
    out = [f"# {md_escape(d['name'])}", "", md_escape(d["vintage"]), ""]
    if d["kind"] == "person":
        if d["aliases"]:
            out += [f"Also printed as {md_escape(', '.join(d['aliases']))}.", ""]
        out += ["## Roles", ""]
        out += _md_table(["Role as printed", "Organisation", "Area", "Party", "Report lines"],
                         [[x["title"], x["organisation"], x["area"] or "national", x["party"],
                           _refs_label([x["source"]])] for x in d["roles"]])  # fmt: skip
    else:
        out += [f"{md_escape(d['nation'])}; report section “{md_escape(d['section'])}”.", ""]
        if d["covers"]:
            out += [f"Covers: {md_escape(', '.join(d['covers']))}.", ""]
        out += ["## Leaders", ""]
        out += _md_table(["Role", "Name", "Party", "Organisation", "Report lines"],
                         [[x["title"], x["name"], x["party"], x["organisation"], _refs_label([x["source"]])]
                          for x in d["leaders"]])  # fmt: skip
        out += ["## Organisations", ""]
        out += _md_table(["Organisation", "Abbreviations", "Kind"],
                         [[o["name"], ", ".join(o["abbreviations"]),
                           organisation_kind_label(o["kind"])]
                          for o in d["organisations"]])  # fmt: skip
        out += [f"## Projects ({len(d['projects'])})", ""]
        out += _md_table(["Project", "Kinds", "Status", "Year", "Places", "Report lines"],
                         [[p["title"], "; ".join(PROJECT_KIND_LABELS.get(k, k) for k in p["kinds"]),
                           PROJECT_STATUS_LABELS.get(p["status"], p["status"]),
                           p["year"], ", ".join(p["places"]), _refs_label(p["sources"])] for p in d["projects"]])  # fmt: skip
        out += ["## Funding", ""]
        if d["funding"]:
            out += _md_table(["Amount", "Funder", "Fund", "Year", "Purpose", "Report differs", "Report lines"],
                             [[a["amount_text"],
                               a["funder"], a["fund"], a["year"], a["purpose"],
                               "yes" if a["discrepancies"] else "",
                               _refs_label(s["source"] for s in a["statements"])] for a in d["funding"]],
                             numeric=(0,))  # fmt: skip
        else:
            out += ["No government award is recorded.", ""]
        if d["discrepancies"]:
            out += ["## Where the report contradicts itself", ""]
            out += _md_table(["Kind", "What the report says", "Report lines"],
                             [[x["kind"].replace("_", " "), x["description"], _refs_label(x["sides"])]
                              for x in d["discrepancies"]])  # fmt: skip
    out.append(f"Source: {md_escape(d['source'])}. {md_escape(d['attribution'])}")
    return "\n".join(out) + "\n"


def dossier_as(db: Database, d: dict[str, Any], fmt: str) -> str:
    """An area's or person's record as a file's contents: json, md, html or txt."""
    if fmt == "json":
        return to_json(d) + "\n"
    if fmt == "txt":
        return dossier_text(d)
    if fmt == "md":
        return dossier_markdown(d)
    if fmt == "html":
        from collab_tui.briefing import area_html, person_html

        return area_html(db, d["id"]) if d["kind"] == "area" else person_html(db, d["id"])
    raise FormatError(f"a record can be written as json, md, html or txt, not {fmt}")
