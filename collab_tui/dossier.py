"""One record (an area or a person) as a model, as plain data and as files: JSON, plain text, Markdown, HTML.

No Textual, no Rich. ``area_record`` / ``person_record`` read everything about one record
into an ``AreaRecord`` / ``PersonRecord``; the renderers take those models. The ``*_dict``
functions turn models into JSON-ready data with stable keys (the shape of
`collab-tui show --json` and of a comparison's JSON); ``record_text`` is what the clipboard
gets for any record.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence

from collab_tui.db import Database
from collab_tui.formats import FormatError, provenance, to_json
from collab_tui.formatting import amount_text, label_of, leader_details, leader_line, md_escape
from collab_tui.models import Area, Award, Discrepancy, Leader, Organisation, Person, Project, SourceRef
from collab_tui.safe_text import clean
from collab_tui.vocabulary import PROJECT_KIND_LABELS, PROJECT_STATUS_LABELS, organisation_kind_label

# Named tuples, not dataclasses: `collab-tui show` would otherwise import dataclasses (and inspect).
TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any, NamedTuple
else:
    from collab_tui.tuples import NamedTuple

# --- the models -----------------------------------------------------------------------------------


class AreaRecord(NamedTuple):
    """Everything the report says about one area, and the source every export of it names."""

    area: Area
    leaders: tuple[Leader, ...]
    organisations: tuple[Organisation, ...]
    projects: tuple[Project, ...]
    awards: tuple[Award, ...]
    discrepancies: tuple[Discrepancy, ...]
    source: dict[str, str]

    @property
    def covers(self) -> list[str]:
        """The counties, cities and authorities the area covers (councils apart)."""
        return [c.name for c in self.area.covers if c.kind != "council"]

    @property
    def councils(self) -> list[str]:
        return [c.name for c in self.area.covers if c.kind == "council"]


class PersonRecord(NamedTuple):
    """One person and every role the report gives them, and the source."""

    person: Person
    source: dict[str, str]


def area_record(db: Database, area_id: str) -> AreaRecord:
    """Everything about one area; KeyError for an unknown id."""
    area = db.area(area_id)
    if area is None:
        raise KeyError(area_id)
    return AreaRecord(
        area,
        tuple(db.leaders(area.id)),
        tuple(db.organisations(area.id)),
        tuple(db.projects(area.id)),
        tuple(db.awards(area.id)),
        tuple(db.discrepancies(area.id)),
        provenance(db),
    )


def person_record(db: Database, person_id: str) -> PersonRecord:
    """Every role of one person; KeyError for an unknown id."""
    person = db.person(person_id)
    if person is None:
        raise KeyError(person_id)
    return PersonRecord(person, provenance(db))


# --- plain data (JSON) ------------------------------------------------------------------------------


def _pick(record: object, *names: str) -> dict[str, Any]:
    """The named attributes of a record, tuples as lists."""
    values = {name: getattr(record, name) for name in names}
    return {k: list(v) if isinstance(v, tuple) else v for k, v in values.items()}


def ref_dict(ref: SourceRef) -> dict[str, Any]:
    return _pick(ref, "start_line", "end_line", "quote")


def leader_dict(leader: Leader) -> dict[str, Any]:
    fields = ("role", "title", "name", "name_as_printed", "party", "organisation", "area", "acting", "note")
    return {**_pick(leader, *fields, "listed_under"), "source": ref_dict(leader.ref)}


def organisation_dict(org: Organisation) -> dict[str, Any]:
    return _pick(org, "id", "name", "kind", "service", "abbreviations", "aliases")


def project_dict(project: Project) -> dict[str, Any]:
    fields = ("id", "title", "summary", "kinds", "services", "status", "places", "year", "savings")
    return {**_pick(project, *fields), "sources": [ref_dict(r) for r in project.sources]}


def award_dict(award: Award) -> dict[str, Any]:
    statement = ("amount_gbp", "approximate", "qualifier", "year", "fund_as_printed")
    return {
        **_pick(award, "id", "funder", "fund", "amount_gbp", "approximate", "qualifier"),
        "amount_text": amount_text(award),
        **_pick(award, "year", "purpose"),
        "discrepancies": list(award.discrepancy_ids),
        "statements": [{**_pick(s, *statement), "source": ref_dict(s.ref)} for s in award.statements],
    }


def discrepancy_dict(d: Discrepancy) -> dict[str, Any]:
    return {**_pick(d, "id", "kind", "description"), "sides": [ref_dict(r) for r in d.sides]}


def record_dict(r: AreaRecord | PersonRecord) -> dict[str, Any]:
    """A record as JSON-ready data: the shape of `collab-tui show NAME --json`."""
    if isinstance(r, PersonRecord):
        p = r.person
        roles = [leader_dict(x) for x in p.roles]
        return {
            "kind": "person",
            "id": p.id,
            "name": p.name,
            "aliases": list(p.aliases),
            "roles": roles,
            **r.source,
        }
    a = r.area
    return {
        "kind": "area",
        **_pick(a, "id", "name", "nation"),
        "section": a.section_heading,
        "covers": r.covers,
        "councils": r.councils,
        "leaders": [leader_dict(x) for x in r.leaders],
        "organisations": [organisation_dict(o) for o in r.organisations],
        "projects": [project_dict(p) for p in r.projects],
        "funding": [award_dict(x) for x in r.awards],
        "discrepancies": [discrepancy_dict(d) for d in r.discrepancies],
        **r.source,
    }


def area_dossier(db: Database, area_id: str) -> dict[str, Any]:
    """Everything about one area: the shape of `collab-tui show AREA --json`."""
    return record_dict(area_record(db, area_id))


def person_dossier(db: Database, person_id: str) -> dict[str, Any]:
    """Every role of one person: the shape of `collab-tui show PERSON --json`."""
    return record_dict(person_record(db, person_id))


# --- plain, linear text: reads well aloud and pipes cleanly -----------------


def _lines_area(r: AreaRecord) -> Iterator[str]:
    a = r.area
    yield f"{a.name} ({a.nation}); report section: {a.section_heading}"
    if r.covers:
        yield "Covers: " + ", ".join(r.covers)
    if r.councils:
        yield "Councils named: " + ", ".join(r.councils)
    yield from (r.source["vintage"], "", "Leaders:")
    yield from (f"  {leader_line(x)}" for x in r.leaders)
    yield from ("", "Organisations:")
    for o in r.organisations:
        abbr = f" ({', '.join(o.abbreviations)})" if o.abbreviations else ""
        yield f"  {o.name}{abbr}, {o.kind.replace('_', ' ')}"
    yield from ("", f"Projects ({len(r.projects)}):")
    for p in r.projects:
        kinds = ", ".join(label_of(PROJECT_KIND_LABELS, k) for k in p.kinds)
        year = f", {p.year}" if p.year else ""
        places = f"; at {', '.join(p.places)}" if p.places else ""
        yield f"  {p.title} ({p.status}{year}): {kinds}{places}"
    yield from ("", "Funding:")
    if not r.awards:
        yield "  none recorded"
    for x in r.awards:
        year = f" {x.year}" if x.year else ""
        flag = " [the report differs on this award: see discrepancies]" if x.discrepancy_ids else ""
        yield f"  {amount_text(x)} {x.funder}{year}, {x.fund}: {x.purpose}{flag}"
    if r.discrepancies:
        yield from ("", "Where the report contradicts itself:")
        yield from (f"  {d.description} ({' and '.join(s.label for s in d.sides)})" for d in r.discrepancies)
    yield from ("", f"Source: {r.source['source']}. {r.source['attribution']}")


def _lines_person(r: PersonRecord) -> Iterator[str]:
    p = r.person
    yield p.name + (f" (also printed as {', '.join(p.aliases)})" if p.aliases else "")
    yield from (r.source["vintage"], "", "Roles:")
    for x in p.roles:
        yield f"  {x.title}{leader_details(x, listed=False)}, {x.area or 'national'} (line {x.ref.start_line})"
    yield from ("", f"Source: {r.source['source']}. {r.source['attribution']}")


def dossier_text(r: AreaRecord | PersonRecord) -> str:
    """A record as plain linear text."""
    lines = _lines_person(r) if isinstance(r, PersonRecord) else _lines_area(r)
    return "\n".join(clean(line) for line in lines) + "\n"


def record_text(db: Database, kind: str, record_id: str) -> str:
    """A record as plain text, for the clipboard."""
    if kind == "area":
        return dossier_text(area_record(db, record_id))
    if kind == "person":
        return dossier_text(person_record(db, record_id))
    from collab_tui.details import detail

    d = detail(db, kind, record_id)
    lines = [d.title, *(line.text for line in d.lines)]
    source = provenance(db)
    return "\n".join(clean(x) for x in lines) + f"\n\nSource: {source['source']}. {source['attribution']}\n"


# --- Markdown -------------------------------------------------------------------------------------


def _md_table(
    headers: Sequence[str], rows: Iterable[Sequence[object]], numeric: Sequence[int] = ()
) -> list[str]:
    out = ["| " + " | ".join(md_escape(h) for h in headers) + " |"]
    out.append("| " + " | ".join("---:" if i in numeric else "---" for i in range(len(headers))) + " |")
    out += ["| " + " | ".join(md_escape("" if v is None else v) for v in row) + " |" for row in rows]
    return [*out, ""]


def _labels(refs: Iterable[SourceRef]) -> str:
    return "; ".join(r.label for r in refs)


def _md_person(p: Person) -> list[str]:
    out = [f"Also printed as {md_escape(', '.join(p.aliases))}.", ""] if p.aliases else []
    rows = [[x.title, x.organisation, x.area or "national", x.party, x.ref.label] for x in p.roles]
    return [
        *out,
        "## Roles",
        "",
        *_md_table(["Role as printed", "Organisation", "Area", "Party", "Report lines"], rows),
    ]


def _md_area(r: AreaRecord) -> list[str]:
    a = r.area
    out = [f"{md_escape(a.nation)}; report section “{md_escape(a.section_heading)}”.", ""]
    if r.covers:
        out += [f"Covers: {md_escape(', '.join(r.covers))}.", ""]
    leaders = [[x.title, x.name, x.party, x.organisation, x.ref.label] for x in r.leaders]
    out += ["## Leaders", "", *_md_table(["Role", "Name", "Party", "Organisation", "Report lines"], leaders)]
    orgs = [[o.name, ", ".join(o.abbreviations), organisation_kind_label(o.kind)] for o in r.organisations]
    out += ["## Organisations", "", *_md_table(["Organisation", "Abbreviations", "Kind"], orgs)]
    projects = [
        [p.title, "; ".join(label_of(PROJECT_KIND_LABELS, k) for k in p.kinds),
         label_of(PROJECT_STATUS_LABELS, p.status), p.year, ", ".join(p.places), _labels(p.sources)]
        for p in r.projects
    ]  # fmt: skip
    out += [f"## Projects ({len(r.projects)})", ""]
    out += _md_table(["Project", "Kinds", "Status", "Year", "Places", "Report lines"], projects)
    out += ["## Funding", "", *_md_funding(r.awards)]
    if r.discrepancies:
        rows = [[d.kind.replace("_", " "), d.description, _labels(d.sides)] for d in r.discrepancies]
        out += ["## Where the report contradicts itself", ""]
        out += _md_table(["Kind", "What the report says", "Report lines"], rows)
    return out


def _md_funding(awards: Sequence[Award]) -> list[str]:
    if not awards:
        return ["No government award is recorded.", ""]
    rows = [
        [amount_text(a), a.funder, a.fund, a.year, a.purpose, "yes" if a.discrepancy_ids else "",
         _labels(s.ref for s in a.statements)]
        for a in awards
    ]  # fmt: skip
    headers = ["Amount", "Funder", "Fund", "Year", "Purpose", "Report differs", "Report lines"]
    return _md_table(headers, rows, numeric=(0,))


def dossier_markdown(r: AreaRecord | PersonRecord) -> str:
    """An area's or a person's record as Markdown, readable labels and the report's lines."""
    name = r.person.name if isinstance(r, PersonRecord) else r.area.name
    out = [f"# {md_escape(name)}", "", md_escape(r.source["vintage"]), ""]
    out += _md_person(r.person) if isinstance(r, PersonRecord) else _md_area(r)
    out.append(f"Source: {md_escape(r.source['source'])}. {md_escape(r.source['attribution'])}")
    return "\n".join(out) + "\n"


def dossier_as(db: Database, d: dict[str, Any], fmt: str) -> str:
    """An area's or person's record (``d`` from area_dossier/person_dossier) as a file: json, md, html or txt."""
    if fmt not in {"json", "txt", "md", "html"}:
        raise FormatError(f"a record can be written as json, md, html or txt, not {fmt}")
    if fmt == "json":
        return to_json(d) + "\n"
    if fmt == "html":
        from collab_tui.briefing import area_html, person_html

        return area_html(db, d["id"]) if d["kind"] == "area" else person_html(db, d["id"])
    r = person_record(db, d["id"]) if d["kind"] == "person" else area_record(db, d["id"])
    return dossier_text(r) if fmt == "txt" else dossier_markdown(r)
