"""Exports: CSV, JSON and Markdown of every table, with real values, source and licence."""

from __future__ import annotations

import csv
import io
import json

import pytest

from collab_tui import clipboard
from collab_tui.db import Database
from collab_tui.export import export_view, format_for, record_text, table_rows
from collab_tui.text import clean


@pytest.mark.parametrize("view", ["areas", "leaders", "projects", "funding"])
@pytest.mark.parametrize("fmt", ["csv", "json", "md"])
def test_every_view_names_its_source_and_licence(db: Database, view: str, fmt: str) -> None:
    text = export_view(db, view, fmt)
    assert "Emergency Services Collaboration: The Current Picture (2014)" in text
    assert "Open Government Licence v3.0" in text


def test_csv_amounts_are_whole_pounds_and_bom_is_optional(db: Database) -> None:
    text = export_view(db, "funding", "csv")
    rows = list(csv.DictReader(io.StringIO(text)))
    dorset = next(r for r in rows if r["areas"] == "Dorset")
    assert dorset["amount_gbp"] == "80400" and dorset["check"] == "yes"
    assert not text.startswith("\ufeff")
    assert export_view(db, "funding", "csv", bom=True).startswith("\ufeff")


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
        "Humberside; North Yorkshire; South Yorkshire; West Yorkshire",
    )
    assert "lines 1167-1169" in whitting["lines"].split("; ")


def test_markdown_formats_amounts_and_escapes_cells(db: Database) -> None:
    text = export_view(db, "funding", "md")
    assert "| £413,250 |" in text
    assert "| £9,200,000 |" in text  # the Police Innovation Fund total
    columns, rows = table_rows(db, "areas")
    assert columns[0] == "name" and len(rows) == 41


def test_format_for_file_names() -> None:
    assert [format_for(n) for n in ("a.csv", "B.JSON", "c.md", "d.markdown", "e.txt", "f")] == [
        "csv",
        "json",
        "md",
        "md",
        None,
        None,
    ]


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
