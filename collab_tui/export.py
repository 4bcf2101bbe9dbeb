"""Tables as files (CSV, tab-separated, JSON, Markdown, HTML), shared by the CLI and the app; with
the formats a file can be written in and the source every export names (collab_tui.formats,
re-exported here).

No Textual, no Rich. A table is any ``TableLike`` (``tables.Table``, ``SimpleTable``); one
record's files are collab_tui.dossier, a comparison's collab_tui.compare_export, and the HTML
pages collab_tui.briefing.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from typing import Any, Protocol

from collab_tui.db import Database
from collab_tui.formats import EXTENSIONS as EXTENSIONS
from collab_tui.formats import FORMAT_NAMES as FORMAT_NAMES
from collab_tui.formats import FORMATS as FORMATS
from collab_tui.formats import FormatError as FormatError
from collab_tui.formats import extension_list as extension_list
from collab_tui.formats import format_for as format_for
from collab_tui.formats import provenance as provenance
from collab_tui.formats import resolve_format as resolve_format
from collab_tui.formats import to_json as to_json
from collab_tui.formatting import md_escape, one_line
from collab_tui.safe_text import clean, csv_safe
from collab_tui.vocabulary import VIEWS as VIEWS

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
    """A cell: its typed value (JSON keeps it) and the text shown for it."""

    value: object
    text: str


@dataclass(frozen=True)
class SimpleRow:
    """A row of cells; ``flagged`` marks it (the report differs) in HTML."""

    cells: tuple[SimpleCell, ...]
    flagged: bool = False


@dataclass(frozen=True)
class SimpleTable:
    """A titled table with the same shape the renderers read from ``tables.Table``."""

    title: str
    count: str
    columns: tuple[SimpleColumn, ...]
    rows: tuple[SimpleRow, ...]


def _plain_number(cell: CellLike) -> object:
    """A numeric cell as a bare number (Excel sums it), else its readable text."""
    value = cell.value
    if isinstance(value, int | float) and not isinstance(value, bool):
        return value
    return one_line(cell.text)


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
        value = _plain_number(c) if col.numeric else one_line(c.text)
        out.append(csv_safe(value) if isinstance(value, str) else value)
    return out


def table_csv(table: TableLike, *, bom: bool = False) -> str:
    """CSV for Excel: one header row of readable names, then data rows only; amounts as plain numbers."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow([one_line(c.label) for c in table.columns])
    for row in table.rows:
        writer.writerow(_cells(table, row))
    return ("\ufeff" if bom else "") + out.getvalue()


def table_tsv(table: TableLike) -> str:
    """The table as tab-separated text: pasted into Excel, each value lands in its own cell."""

    def tsv(value: object) -> str:
        return str(value).replace("\t", " ")

    lines = ["\t".join(tsv(one_line(c.label)) for c in table.columns)]
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


def table_markdown(table: TableLike, source: dict[str, str]) -> str:
    """Markdown titled with the view, its filters and the count; readable columns; amounts formatted."""
    lines = [f"# {md_escape(table.title)}: {md_escape(table.count)}", "", md_escape(source["vintage"]), ""]
    lines.append("| " + " | ".join(md_escape(c.label) for c in table.columns) + " |")
    lines.append("| " + " | ".join("---:" if c.numeric else "---" for c in table.columns) + " |")
    for row in table.rows:
        lines.append("| " + " | ".join(md_escape(cell.text) for cell in row.cells) + " |")
    lines += [""] + [f"{md_escape(note)}  " for note in getattr(table, "notes", ())]
    lines += [f"Source: {md_escape(source['source'])}. {md_escape(source['attribution'])}", ""]
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
    table = simple_table(f"Search: {one_line(query)}", columns, rows, numeric=("score",))
    # The kind reads as a word ("Person"); JSON keeps the code ("person").
    labelled = tuple(replace(r, cells=(SimpleCell(r.cells[0].value, str(r.cells[0].value).capitalize()),
                                       *r.cells[1:])) for r in table.rows)  # fmt: skip
    return replace(table, rows=labelled)


# --- the views' tables (collab_tui.tables) ------------------------------------------------------


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


def export_view(db: Database, view: str, fmt: str, bom: bool = False, filters: Any = None) -> str:
    """One of the explorer's tables (filtered as the pane would be), as a file's contents."""
    from collab_tui.tables import build_table

    return export_table(build_table(db, view, filters), fmt, provenance(db), bom=bom)
