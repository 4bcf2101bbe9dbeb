"""One rule for formats: --output's extension picks the format in export, compare and show; --format
overrides; a mismatch is one line; CSV from --output FILE.csv starts with a BOM unless --no-bom."""

from __future__ import annotations

import csv
import io
import json
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

from collab_tui.cli import main


class Tags(HTMLParser):
    """The tags of an HTML document, to tell HTML from text that merely mentions it."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)


def check_format(path: Path, fmt: str, expect: str) -> None:
    """The file really is ``fmt`` (parsed as such) and holds ``expect``."""
    raw = path.read_bytes()
    text = raw.decode("utf-8-sig")
    assert expect in text, (fmt, text[:300])
    if fmt == "csv":
        assert raw.startswith(b"\xef\xbb\xbf")  # --output FILE.csv: BOM by default
        rows = list(csv.reader(io.StringIO(text, newline="")))
        assert len(rows) > 1 and all(len(r) == len(rows[0]) for r in rows)
    elif fmt == "json":
        assert isinstance(json.loads(text), dict)
    elif fmt == "md":
        assert text.startswith("# ") and "\n| " in text and "<table" not in text
    elif fmt == "html":
        tags = Tags()
        tags.feed(text)
        assert text.startswith("<!DOCTYPE html>") and "table" in tags.tags and "footer" in tags.tags
    elif fmt == "txt":
        assert not text.startswith(("#", "{", "<")) and "| ---" not in text
    assert not raw.startswith(b"\xef\xbb\xbf") or fmt == "csv"


CASES = [
    ("export", ["export", "leaders"], ("csv", "json", "md", "html"), "Sue Mountstevens"),
    ("compare", ["compare", "norfolk", "suffolk"], ("csv", "json", "md", "html", "txt"), "Anthony Marsh"),
    ("show", ["show", "norfolk"], ("json", "md", "html", "txt"), "Steven Bett"),
]


@pytest.mark.parametrize(("command", "args", "formats", "expect"), CASES, ids=[c[0] for c in CASES])
def test_output_extension_picks_the_format(built_db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                           command: str, args: list[str], formats: tuple[str, ...],
                                           expect: str) -> None:  # fmt: skip
    for fmt in formats:
        out = tmp_path / f"{command}.{fmt}"
        assert main(["--db", str(built_db), *args, "--output", str(out)]) == 0, capsys.readouterr().err
        check_format(out, fmt, expect)
        assert capsys.readouterr().err.startswith(f"wrote {out}")
        # --format overrides a missing extension and agrees with a matching one.
        bare = tmp_path / f"{command}-{fmt}-noext"
        assert main(["--db", str(built_db), *args, "--output", str(bare), "--format", fmt]) == 0
        assert bare.read_bytes().decode("utf-8-sig") == out.read_bytes().decode("utf-8-sig")
        capsys.readouterr()
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []  # no temp files left


@pytest.mark.parametrize(
    ("args", "says"),
    [
        (["export", "leaders", "--output", "x.csv", "--format", "md"], "x.csv ends in .csv but the format asked for is md"),
        (["compare", "norfolk", "suffolk", "--json", "--output", "x.md"], "x.md ends in .md but the format asked for is json"),
        (["compare", "norfolk", "suffolk", "--html", "--format", "md"], "--html and --format md disagree"),
        (["show", "norfolk", "--output", "x.csv"], "cannot write CSV (x.csv)"),
        (["export", "areas", "--output", "x.xlsx"], "cannot tell the format from 'x.xlsx'"),
        (["export", "areas", "--format", "json", "--bom"], "--bom is for CSV"),
        (["export", "areas", "--output", "no/such/folder/x.csv"], "no/such/folder: no such folder"),
    ],
)  # fmt: skip
def test_a_mismatch_is_one_line(built_db: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                capsys: pytest.CaptureFixture[str], args: list[str], says: str) -> None:  # fmt: skip
    monkeypatch.chdir(tmp_path)
    assert main(["--db", str(built_db), *args]) == 2
    err = capsys.readouterr().err
    assert says in err and err.count("\n") == 1 and "Traceback" not in err
    assert list(tmp_path.iterdir()) == []  # nothing written


def test_bom_rule(built_db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db = ["--db", str(built_db)]
    assert main([*db, "export", "funding"]) == 0
    assert not capsys.readouterr().out.startswith("\ufeff")  # standard output: no BOM unless asked
    assert main([*db, "export", "funding", "--bom"]) == 0
    assert capsys.readouterr().out.startswith("\ufeff")
    plain = tmp_path / "plain.csv"
    assert main([*db, "export", "funding", "--output", str(plain), "--no-bom"]) == 0
    assert plain.read_bytes().startswith(b"Amount")
    other = tmp_path / "data"
    assert main([*db, "compare", "kent", "essex", "--format", "csv", "--output", str(other)]) == 0
    assert other.read_bytes().startswith(b"Section,")  # not named .csv: no BOM unless --bom


def test_html_to_standard_output(built_db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--db", str(built_db), "compare", "warwickshire", "west mercia", "--html"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("<!DOCTYPE html>") and "<h1>Briefing: Warwickshire and West Mercia</h1>" in out
    assert main(["--db", str(built_db), "show", "norfolk", "--html"]) == 0
    assert "<h1>Briefing: Norfolk</h1>" in capsys.readouterr().out


@pytest.mark.parametrize("width", [80, 60])
def test_narrow_cli_tables_wrap_words_and_use_labels(built_db: Path, capsys: pytest.CaptureFixture[str],
                                                     monkeypatch: pytest.MonkeyPatch, width: int) -> None:  # fmt: skip
    monkeypatch.setenv("COLUMNS", str(width))
    assert main(["--db", str(built_db), "show", "west mercia"]) == 0
    out = capsys.readouterr().out
    lines = out.splitlines()
    assert max(len(line) for line in lines) <= width
    assert not re.search(r"\b[a-z]+_[a-z_]+\b", out), "a vocabulary code reached the table"
    words = {w for line in lines for w in re.findall(r"[A-Za-z][A-Za-z'-]*", line)}
    # "Resilience and emergency planning" (resilience_and_planning) and "Community safety and prevention"
    # wrap between words: every word arrives whole.
    assert {"Resilience", "emergency", "planning", "Community", "prevention", "Co-location"} <= words
    assert not words & {"planni", "anning", "preven", "ention", "Resilien"}
    assert "Ambulance trust" in out  # organisation kind as a label
