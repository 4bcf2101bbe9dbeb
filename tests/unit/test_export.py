"""Exports: CSV, JSON and Markdown of every table, with real values, source and licence."""

from __future__ import annotations

import csv
import io
import json
import re

import pytest

from collab_tui import clipboard
from collab_tui.db import Database
from collab_tui.dossier import record_text
from collab_tui.export import (
    FormatError,
    export_view,
    format_for,
    resolve_format,
    table_rows,
)
from collab_tui.safe_text import clean
from collab_tui.tables import make_filters


@pytest.mark.parametrize("view", ["areas", "leaders", "projects", "funding"])
@pytest.mark.parametrize("fmt", ["json", "md", "html"])
def test_every_view_names_its_source_and_licence(db: Database, view: str, fmt: str) -> None:
    text = export_view(db, view, fmt)
    assert "Emergency Services Collaboration: The Current Picture (2014)" in text
    assert "Open Government Licence v3.0" in text
    assert "2014 report; post-holders may have changed since" in text


def parse_csv(text: str) -> list[list[str]]:
    """Parse as Excel would after the BOM; every row must be as wide as the header."""
    rows = list(csv.reader(io.StringIO(text.removeprefix("\ufeff"), newline="")))
    assert rows, "no header"
    assert all(len(r) == len(rows[0]) for r in rows), [r for r in rows if len(r) != len(rows[0])][:3]
    return rows


@pytest.mark.parametrize("view", ["areas", "leaders", "projects", "funding"])
def test_csv_is_data_only_readable_header_and_bom_only_when_asked(db: Database, view: str) -> None:
    text = export_view(db, view, "csv")
    assert not text.startswith("\ufeff")
    assert export_view(db, view, "csv", bom=True) == "\ufeff" + text
    rows = parse_csv(text)
    header, data = rows[0], rows[1:]
    assert all(h and "_" not in h for h in header), header  # labels, not machine keys
    assert not any("Source:" in cell or "Licence" in cell for row in data for cell in row)
    assert all(any(cell for cell in row) for row in data)  # no blank separator rows
    codes = [cell for row in data for cell in row if re.search(r"\b[a-z]+_[a-z_]+\b", cell)]
    assert not codes, codes[:5]  # labels ("Police and Crime Commissioner"), not codes ("pcc", "co_location")
    assert not {"pcc", "chief_constable", "current_", "england"} & {cell for row in data for cell in row}
    assert len(data) == len(json.loads(export_view(db, view, "json"))["rows"])


def test_csv_amounts_are_whole_pounds(db: Database) -> None:
    rows = parse_csv(export_view(db, "funding", "csv"))
    header = rows[0]
    dorset = next(
        dict(zip(header, r, strict=True)) for r in rows[1:] if r[header.index("Area(s)")] == "Dorset"
    )
    assert dorset["Amount £"] == "80400" and dorset["Check"] == "! differs"


def test_json_keeps_numbers_and_names(db: Database) -> None:
    data = json.loads(export_view(db, "leaders", "json"))
    assert data["licence"] == "Open Government Licence v3.0"
    whitting = next(
        r
        for r in data["rows"]
        if "South Yorkshire" in r["areas"] and r["role"] == "ambulance_chief_executive"
    )
    # printed "David Whitting" at lines 1167-1169 (South Yorkshire), and for the other Yorkshire areas
    assert (whitting["name"], whitting["title"], whitting["areas"]) == (
        "Dave Whiting",
        "Chief Executive",
        ["Humberside", "North Yorkshire", "South Yorkshire", "West Yorkshire"],
    )
    assert "lines 1167-1169" in whitting["lines"]
    assert whitting["record"] == {"kind": "person", "id": "dave-whiting"}


def test_markdown_says_what_it_is(db: Database) -> None:
    text = export_view(db, "funding", "md")
    assert text.startswith("# Funding: 23 of 23\n")
    assert "| Amount £ | Area(s) | Fund | Check |" in text  # readable columns
    assert "| 413,250 | Suffolk | Police Innovation Fund |" in text  # amounts formatted
    assert "| 9,200,000 | national pot |" in text  # the Police Innovation Fund total
    filters = make_filters(db, "projects", kind="co-location", service="ambulance")
    text = export_view(db, "projects", "md", filters=filters)
    title = text.splitlines()[0]
    assert title == "# Projects: kind Co-location / shared station, service Ambulance: 43 of 313"
    assert "co\\_location" not in text and "Co-location / shared station" in text
    joint = export_view(db, "areas", "md")
    assert "‡ includes a joint award, counted in full for each area it names" in joint  # the table's note
    columns, rows = table_rows(db, "areas")
    assert columns[0] == "name" and len(rows) == 41


def test_format_for_file_names() -> None:
    names = (
        "a.csv",
        "B.JSON",
        "c.md",
        "d.markdown",
        "e.txt",
        "f",
        "g.HTML",
        "h.htm",
        "dir.v2/notes",
        "x.xlsx",
    )
    assert [format_for(n) for n in names] == [
        "csv",
        "json",
        "md",
        "md",
        "txt",
        None,
        "html",
        "html",
        None,
        None,
    ]


def test_one_rule_for_formats() -> None:
    allowed = ("csv", "json", "md", "html")
    assert resolve_format(None, None, allowed) is None
    assert resolve_format("out.md", None, allowed) == "md"
    assert resolve_format("out.HTML", None, allowed) == "html"
    assert resolve_format("out.md", "md", allowed) == "md"
    assert resolve_format("notes", "json", allowed) == "json"  # no extension: --format decides
    assert resolve_format(None, "html", allowed) == "html"
    for output, fmt, says in (
        ("out.csv", "md", "ends in .csv but the format asked for is md"),
        ("out.xlsx", None, "cannot tell the format"),
        ("out.txt", None, "cannot write plain text"),
        (None, "txt", "not txt"),
    ):
        with pytest.raises(FormatError) as err:
            resolve_format(output, fmt, allowed)
        assert says in str(err.value) and "\n" not in str(err.value)


def test_record_text_is_plain(db: Database) -> None:
    text = record_text(db, "person", "ken-wenman")
    assert text.startswith("Ken Wenman") and "Dorset" in text and "Open Government Licence" in text
    assert "\x1b" not in text


def test_clean_removes_escapes_and_controls() -> None:
    assert clean("a\x1b[31mb\x1b[0m\x07c\x00d\x1b]52;c;eA==\x07e") == "abcde"
    assert clean("Llŷr £5 [b]x[/b]\n") == "Llŷr £5 [b]x[/b]\n"


def test_clipboard_tries_the_platform_tool(monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[tuple[list[str], bytes]] = []

    def fake_run(command: list[str], input: bytes, **kwargs: object) -> None:
        calls.append((command, input))

    monkeypatch.setattr(clipboard.shutil, "which", lambda name: f"/usr/bin/{name}")
    monkeypatch.setattr(clipboard.subprocess, "run", fake_run)
    assert clipboard.copy_with_tool("£5", platform="darwin") == "pbcopy"
    assert calls[-1] == (["pbcopy"], "£5".encode())
    assert clipboard.copy_with_tool("£5", platform="win32") == "clip.exe"
    assert calls[-1][1] == "£5".encode("utf-16-le")
    monkeypatch.setenv("WAYLAND_DISPLAY", "wayland-0")
    assert clipboard.copy_with_tool("x", platform="linux") == "wl-copy"
    monkeypatch.setattr(clipboard.shutil, "which", lambda name: None)
    assert clipboard.copy_with_tool("x", platform="linux") is None


def test_copy_table_is_tab_separated_cells_for_excel(db: Database) -> None:
    from collab_tui.export import table_tsv
    from collab_tui.tables import build_table

    table = build_table(db, "funding", make_filters(db, "funding", area="warwickshire"))
    text = table_tsv(table)
    lines = text.split("\r\n")
    assert lines[-1] == "" and all("\n" not in line for line in lines)
    rows = [line.split("\t") for line in lines[:-1]]
    assert rows[0] == [c.label for c in table.columns]
    assert all(len(r) == len(rows[0]) for r in rows) and len(rows) == 1 + len(table.rows)
    contact = dict(zip(rows[0], rows[1], strict=True))
    assert contact["Amount £"] == "1600000"  # a bare number: Excel sums it
    assert contact["Area(s)"] == "Warwickshire + West Mercia ‡"  # ‡ joint: explained in the table's notes
    assert contact["Lines"] == "130; 1423"
    leaders = table_tsv(build_table(db, "leaders", make_filters(db, "leaders", role="pcc", area="kent")))
    assert leaders.split("\r\n")[1].split("\t")[:4] == [
        "Ann Barnes",
        "Police and Crime Commissioner",
        "Kent",
        "Ind",
    ]


def test_csv_cells_never_start_like_a_formula() -> None:
    from collab_tui.export import SimpleCell, SimpleColumn, SimpleRow, SimpleTable, table_csv, table_tsv

    hostile = SimpleTable("t", "1 of 1", (SimpleColumn("a", "A"), SimpleColumn("n", "N", True)),
                          (SimpleRow((SimpleCell("=HYPERLINK(1)", "=HYPERLINK(1)"), SimpleCell(-5, "-5"))),))  # fmt: skip
    assert table_csv(hostile).splitlines()[1] == "'=HYPERLINK(1),-5"
    assert table_tsv(hostile).splitlines()[1] == "'=HYPERLINK(1)\t-5"
