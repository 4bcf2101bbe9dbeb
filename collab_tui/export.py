"""Models to plain data (for JSON) and to text: shared by the CLI and the app.

No Textual, no Rich. Every structure here names its source (the 2014 report)
and keeps line references, so what the CLI prints and what the app shows
cannot disagree.
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from typing import Any, Protocol

from collab_tui.db import Database
from collab_tui.models import (
    VINTAGE_NOTE,
    Award,
    Discrepancy,
    Leader,
    Organisation,
    Project,
    SourceRef,
    format_gbp,
)
from collab_tui.safe_text import clean, csv_safe
from collab_tui.vocabulary import PROJECT_KIND_LABELS, PROJECT_STATUS_LABELS


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
        "amount_text": format_gbp(award.amount_gbp, award.approximate, award.qualifier),
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


def to_json(data: Any) -> str:
    """Pretty, UTF-8 JSON (pound signs and Welsh names kept as they are)."""
    return json.dumps(data, indent=2, ensure_ascii=False)


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


# --- formats: one rule for every command and the app ---------------------------------------

#: Every format a file can be written in; each command accepts a subset (see ``resolve_format``).
FORMATS = ("csv", "json", "md", "html", "txt")
FORMAT_NAMES = {"csv": "CSV", "json": "JSON", "md": "Markdown", "html": "HTML", "txt": "plain text"}
EXTENSIONS = {"csv": "csv", "json": "json", "md": "md", "markdown": "md", "html": "html", "htm": "html",
              "txt": "txt"}  # fmt: skip


class FormatError(ValueError):
    """A file name and a format that cannot go together; the message is one line saying what to do."""


def format_for(path: str) -> str | None:
    """The format a file name asks for by its extension (.csv .json .md .html .txt), or None."""
    name = str(path).replace("\\", "/").rsplit("/", 1)[-1]
    suffix = name.lower().rsplit(".", 1)[-1] if "." in name else ""
    return EXTENSIONS.get(suffix)


def extension_list(allowed: Sequence[str]) -> str:
    """'.csv, .json, .md or .html'."""
    names = [f".{f}" for f in allowed]
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " or " + names[-1]


def resolve_format(output: str | None, fmt: str | None, allowed: Sequence[str]) -> str | None:
    """The format to write: ``fmt`` (e.g. --format) if given, else the extension of ``output``.

    None when neither says (the caller's default, e.g. tables on a terminal). A format
    outside ``allowed``, an unknown extension with no ``fmt``, or an extension that names
    another format than ``fmt`` raises FormatError with a one-line message.
    """
    if fmt is not None and fmt not in allowed:
        raise FormatError(f"this command writes {', '.join(allowed)}, not {fmt}")
    by_name = format_for(output) if output else None
    if fmt is not None:
        if by_name is not None and by_name != fmt:
            raise FormatError(
                f"{output} ends in .{output.rsplit('.', 1)[-1]} but the format asked for is {fmt}: "  # type: ignore[union-attr]
                f"change the file name or the format"
            )
        return fmt
    if output:
        if by_name is None:
            raise FormatError(
                f"cannot tell the format from {output!r}: end it in {extension_list(allowed)}, or give --format"
            )
        if by_name not in allowed:
            raise FormatError(f"this command cannot write {FORMAT_NAMES[by_name]} ({output}): "
                              f"use {extension_list(allowed)}")  # fmt: skip
        return by_name
    return None


# --- a table in every format ------------------------------------------------------------------


class ColumnLike(Protocol):
    @property
    def key(self) -> str: ...
    @property
    def label(self) -> str: ...
    @property
    def numeric(self) -> bool: ...


class CellLike(Protocol):
    @property
    def value(self) -> object: ...
    @property
    def text(self) -> str: ...


class RowLike(Protocol):
    @property
    def cells(self) -> Sequence[CellLike]: ...


class TableLike(Protocol):
    """What the renderers read of a ``tables.Table`` (and of a ``SimpleTable``)."""

    @property
    def title(self) -> str: ...
    @property
    def count(self) -> str: ...
    @property
    def columns(self) -> Sequence[ColumnLike]: ...
    @property
    def rows(self) -> Sequence[RowLike]: ...


@dataclass(frozen=True)
class SimpleColumn:
    """A column of a table that is not one of the panes' (search results, a comparison's rows)."""

    key: str
    label: str
    numeric: bool = False


@dataclass(frozen=True)
class SimpleCell:
    value: object
    text: str


@dataclass(frozen=True)
class SimpleRow:
    cells: tuple[SimpleCell, ...]
    flagged: bool = False


@dataclass(frozen=True)
class SimpleTable:
    """A titled table with the same shape the renderers read from ``tables.Table``."""

    title: str
    count: str
    columns: tuple[SimpleColumn, ...]
    rows: tuple[SimpleRow, ...]


def _one_line(text: str) -> str:
    return " ".join(clean(text).split())


def _plain_number(cell: CellLike) -> object:
    """A numeric cell as a bare number (Excel sums it), else its readable text."""
    value = cell.value
    if isinstance(value, int | float) and not isinstance(value, bool):
        return value
    return _one_line(cell.text)


def _json_value(value: object) -> object:
    if isinstance(value, tuple | list):
        return [_json_value(v) for v in value]
    if isinstance(value, str):
        return clean(value)
    if value is None or isinstance(value, int | float | bool):
        return value
    if isinstance(value, dict):
        return {str(k): _json_value(v) for k, v in value.items()}
    return str(value)


def _cells(table: TableLike, row: RowLike) -> list[object]:
    """A row for a spreadsheet: numbers bare; text on one line, never starting like a formula."""
    out: list[object] = []
    for col, c in zip(table.columns, row.cells, strict=True):
        value = _plain_number(c) if col.numeric else _one_line(c.text)
        out.append(csv_safe(value) if isinstance(value, str) else value)
    return out


def table_csv(table: TableLike, *, bom: bool = False) -> str:
    """CSV for Excel: one header row of readable names, then data rows only; amounts as plain numbers."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow([_one_line(c.label) for c in table.columns])
    for row in table.rows:
        writer.writerow(_cells(table, row))
    return ("\ufeff" if bom else "") + out.getvalue()


def table_tsv(table: TableLike) -> str:
    """The table as tab-separated text: pasted into Excel, each value lands in its own cell."""

    def tsv(value: object) -> str:
        return str(value).replace("\t", " ")

    lines = ["\t".join(tsv(_one_line(c.label)) for c in table.columns)]
    lines += ["\t".join(tsv(v) for v in _cells(table, row)) for row in table.rows]
    return "\r\n".join(lines) + "\r\n"


def table_json(table: TableLike, source: dict[str, str]) -> str:
    """JSON: the title, count and provenance, then rows keyed by column key with typed values (codes kept)."""
    data: dict[str, Any] = {"title": table.title, "count": table.count}
    view = getattr(table, "view", None)
    if view:
        data["view"] = view
    data.update(source)
    data["columns"] = [c.key for c in table.columns]
    data["labels"] = {c.key: c.label for c in table.columns}
    rows = []
    for row in table.rows:
        item = {c.key: _json_value(cell.value) for c, cell in zip(table.columns, row.cells, strict=True)}
        ref = getattr(row, "ref", None)
        if ref is not None and "record" not in item:
            item["record"] = {"kind": ref.kind, "id": ref.id}
        rows.append(item)
    data["rows"] = rows
    return to_json(data) + "\n"


_MD_SPECIAL = re.compile(r"([\\|`*_\[\]<>#~])")


def md_text(text: object) -> str:
    """Data made inert in a Markdown table cell: one line, no control characters, specials escaped."""
    return _MD_SPECIAL.sub(r"\\\1", _one_line(str(text)))


def table_markdown(table: TableLike, source: dict[str, str]) -> str:
    """Markdown titled with the view, its filters and the count; readable columns; amounts formatted."""
    lines = [f"# {md_text(table.title)}: {md_text(table.count)}", "", md_text(source["vintage"]), ""]
    lines.append("| " + " | ".join(md_text(c.label) for c in table.columns) + " |")
    lines.append("| " + " | ".join("---:" if c.numeric else "---" for c in table.columns) + " |")
    for row in table.rows:
        lines.append("| " + " | ".join(md_text(cell.text) for cell in row.cells) + " |")
    lines += [""] + [f"{md_text(note)}  " for note in getattr(table, "notes", ())]
    lines += [f"Source: {md_text(source['source'])}. {md_text(source['attribution'])}", ""]
    return "\n".join(lines)


def export_table(table: TableLike, fmt: str, source: dict[str, str], *, bom: bool = False) -> str:
    """A table as a file's contents in ``fmt`` (csv, json, md, html); ``source`` is ``provenance(db)``."""
    if fmt == "csv":
        return table_csv(table, bom=bom)
    if fmt == "json":
        return table_json(table, source)
    if fmt == "md":
        return table_markdown(table, source)
    if fmt == "html":
        from collab_tui.briefing import table_html

        return table_html(table, source)
    raise FormatError(f"a table can be written as csv, json, md or html, not {fmt}")


def simple_table(title: str, columns: Sequence[tuple[str, str]], rows: Sequence[dict[str, Any]],
                 numeric: Sequence[str] = ()) -> SimpleTable:  # fmt: skip
    """A SimpleTable from (key, label) columns and dict rows; a list value reads '; '-joined."""

    def cell(value: Any) -> SimpleCell:
        if isinstance(value, bool):
            return SimpleCell(value, "yes" if value else "")
        if isinstance(value, list | tuple):
            return SimpleCell(list(value), "; ".join(str(v) for v in value))
        if isinstance(value, int) and not isinstance(value, bool):
            return SimpleCell(value, f"{value:,}" if value >= 10000 else str(value))
        return SimpleCell(value, "" if value is None else str(value))

    cols = tuple(SimpleColumn(k, label, k in numeric) for k, label in columns)
    body = tuple(SimpleRow(tuple(cell(r.get(c.key)) for c in cols)) for r in rows)
    return SimpleTable(title, f"{len(body)} rows" if len(body) != 1 else "1 row", cols, body)


def hits_table(query: str, hits: Iterable[Any]) -> SimpleTable:
    """Search results as a table with readable headers."""
    rows = [
        {"kind": h.kind, "name": h.name, "areas": "; ".join(h.areas) or "national", "matched_field": h.field,
         "matched_text": h.matched_text, "score": round(h.score, 1)}
        for h in hits
    ]  # fmt: skip
    columns = [("kind", "Kind"), ("name", "Name"), ("areas", "Area(s)"), ("matched_field", "Matched field"),
               ("matched_text", "Matched text"), ("score", "Score")]  # fmt: skip
    table = simple_table(f"Search: {_one_line(query)}", columns, rows, numeric=("score",))
    # The kind reads as a word ("Person"); JSON keeps the code ("person").
    labelled = tuple(replace(r, cells=(SimpleCell(r.cells[0].value, str(r.cells[0].value).capitalize()),
                                       *r.cells[1:])) for r in table.rows)  # fmt: skip
    return replace(table, rows=labelled)


def comparison_table(c: Any) -> SimpleTable:
    """A comparison's aligned rows as a table (for CSV): section, row, one column per area, differs."""
    rows = [{"section": r.section, "label": r.label, "left": r.left, "right": r.right, "differs": r.differs}
            for r in c.rows]  # fmt: skip
    columns = [("section", "Section"), ("label", "Row"), ("left", c.left.name), ("right", c.right.name),
               ("differs", "Differs")]  # fmt: skip
    return simple_table(f"{c.left.name} and {c.right.name}", columns, rows)


def comparison_text(c: Any) -> str:
    """A comparison as plain linear text, one row a line (`collab-tui compare --plain`)."""
    out = [f"{_one_line(c.left.name)} and {_one_line(c.right.name)}. {c.vintage}"]
    for row in c.rows:
        mark = " (differs)" if row.differs else " (same)" if getattr(row, "same", True) else ""
        out.append(f"{row.section}, {_one_line(row.label)}: {_one_line(row.left) or '-'} | "
                   f"{_one_line(row.right) or '-'}{mark}")  # fmt: skip
    out.append(f"Source: {c.source}. {c.attribution}")
    return "\n".join(out) + "\n"


def comparison_as(c: Any, fmt: str, *, bom: bool = False) -> str:
    """A comparison as a file's contents: md (briefing note), html (briefing), json, csv (rows), txt."""
    from collab_tui import compare

    if fmt == "md":
        return compare.to_markdown(c)
    if fmt == "html":
        from collab_tui.briefing import comparison_html

        return comparison_html(c)
    if fmt == "json":
        return to_json(compare.to_dict(c)) + "\n"
    if fmt == "csv":
        return table_csv(comparison_table(c), bom=bom)
    if fmt == "txt":
        return comparison_text(c)
    raise FormatError(f"a comparison can be written as {', '.join(FORMATS)}, not {fmt}")


# --- the views' tables (collab_tui.tables) ------------------------------------------------------

VIEWS = ("areas", "leaders", "projects", "funding")


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


_LABELS = {"amount_gbp": "Amount £", "funding_gbp": "Funding £", "areas": "Area(s)", "report_differs": "Report differs",
           "national_total": "National total", "name_as_printed": "Name as printed", "matched_field": "Matched field",
           "matched_text": "Matched text"}  # fmt: skip


def render_table(db: Database, title: str, columns: list[str], rows: list[dict[str, Any]], fmt: str,
                 bom: bool = False) -> str:  # fmt: skip
    """Dict rows as CSV, JSON, Markdown or HTML, with readable headers (callers move to ``export_table``)."""
    cols = [(c, _LABELS.get(c, c.replace("_", " ").capitalize())) for c in columns]
    numeric = [c for c in columns if c.endswith("_gbp") or c in {"projects", "line", "score"}]
    table = simple_table(title, cols, rows, numeric=numeric)
    if fmt == "md":  # amounts formatted for reading
        cells = [
            SimpleRow(tuple(SimpleCell(cell.value, format_gbp(cell.value) if c.key.endswith("_gbp")
                                       and isinstance(cell.value, int) else cell.text)
                            for c, cell in zip(table.columns, row.cells, strict=True)))
            for row in table.rows
        ]  # fmt: skip
        table = replace(table, rows=tuple(cells))
    return export_table(table, fmt, provenance(db), bom=bom)


def export_view(db: Database, view: str, fmt: str, bom: bool = False, filters: Any = None) -> str:
    """One of the explorer's tables (filtered as the pane would be), as a file's contents."""
    from collab_tui.tables import build_table

    return export_table(build_table(db, view, filters), fmt, provenance(db), bom=bom)


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
    out = ["| " + " | ".join(md_text(h) for h in headers) + " |"]
    out.append("| " + " | ".join("---:" if i in numeric else "---" for i in range(len(headers))) + " |")
    out += ["| " + " | ".join(md_text("" if v is None else v) for v in row) + " |" for row in rows]
    return [*out, ""]


def _refs_label(sources: Iterable[dict[str, Any]]) -> str:
    return "; ".join(SourceRef(s["start_line"], s["end_line"]).label for s in sources)


def dossier_markdown(d: dict[str, Any]) -> str:
    """An area's or a person's record as Markdown, readable labels and the report's lines."""
    from collab_tui.vocabulary import ORGANISATION_KIND_LABELS

    out = [f"# {md_text(d['name'])}", "", md_text(d["vintage"]), ""]
    if d["kind"] == "person":
        if d["aliases"]:
            out += [f"Also printed as {md_text(', '.join(d['aliases']))}.", ""]
        out += ["## Roles", ""]
        out += _md_table(["Role as printed", "Organisation", "Area", "Party", "Report lines"],
                         [[x["title"], x["organisation"], x["area"] or "national", x["party"],
                           _refs_label([x["source"]])] for x in d["roles"]])  # fmt: skip
    else:
        out += [f"{md_text(d['nation'])}; report section “{md_text(d['section'])}”.", ""]
        if d["covers"]:
            out += [f"Covers: {md_text(', '.join(d['covers']))}.", ""]
        out += ["## Leaders", ""]
        out += _md_table(["Role", "Name", "Party", "Organisation", "Report lines"],
                         [[x["title"], x["name"], x["party"], x["organisation"], _refs_label([x["source"]])]
                          for x in d["leaders"]])  # fmt: skip
        out += ["## Organisations", ""]
        out += _md_table(["Organisation", "Abbreviations", "Kind"],
                         [[o["name"], ", ".join(o["abbreviations"]),
                           ORGANISATION_KIND_LABELS.get(o["kind"], o["kind"].replace("_", " "))]
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
    out.append(f"Source: {md_text(d['source'])}. {md_text(d['attribution'])}")
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
