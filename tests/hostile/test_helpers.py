"""The one sanitiser, the one atomic writer and the CSV neutraliser, on hostile input (no Textual)."""

from __future__ import annotations

import errno
import os
from pathlib import Path

import pytest

from collab_tui import files
from collab_tui.files import WriteError, atomic_write, output_path
from collab_tui.safe_text import clean, csv_safe

OSC52 = "\x1b]52;c;ZXZpbA==\x07"
OSC0 = "\x1b]0;pwned\x1b\\"
CSI = "\x1b[2J\x1b[31m"
RLO = "\u202e"


@pytest.mark.parametrize(
    ("raw", "removed"),
    [
        (f"{OSC52}Ken Wenman", "Ken Wenman"),
        (f"Ken{OSC0} Wenman", "Ken Wenman"),
        (f"{CSI}Ken Wenman\x1b[0m", "Ken Wenman"),
        (f"Llŷr {RLO}nemneW\u202c £5", "Llŷr nemneW £5"),
        ("unterminated \x1b]52;c;ZXZp", "unterminated "),
        ("bell\x07 nul\x00 c1\x9b31m del\x7f", "bell nul c131m del"),
        ("tab\tand\nnewline stay", "tab\tand\nnewline stay"),
    ],
)
def test_clean_removes_every_escape_and_control(raw: str, removed: str) -> None:
    assert clean(raw) == removed


@pytest.mark.parametrize("raw", [OSC52, OSC0, CSI, RLO, "a\nb\tc"])
def test_clean_escape_shows_the_sequence_as_text_on_one_line(raw: str) -> None:
    shown = clean(f"/tmp/{raw}/x", escape=True)
    assert all(ord(ch) >= 0x20 and ch not in "\x7f\u202e" for ch in shown)
    assert shown.startswith("/tmp/") and shown.endswith("/x")
    assert "\\x1b" in shown or "\\u202e" in shown or "\\x0a" in shown


@pytest.mark.parametrize(
    ("cell", "safe"),
    [("=HYPERLINK(\"http://x\")", "'=HYPERLINK(\"http://x\")"), ("+44 1234", "'+44 1234"), ("-2+3", "'-2+3"),
     ("@SUM(A1)", "'@SUM(A1)"), ("\tx", "'\tx"), ("\rx", "'\rx"), ("Ken Wenman", "Ken Wenman"), ("", "")],
)  # fmt: skip
def test_csv_cells_that_start_like_a_formula_are_neutralised(cell: str, safe: str) -> None:
    assert csv_safe(cell) == safe


def test_atomic_write_replaces_and_keeps_permissions(tmp_path: Path) -> None:
    target = tmp_path / "collab-tui-areas.csv"
    target.write_text("old", encoding="utf-8")
    target.chmod(0o640)
    atomic_write(target, "Kent,England\r\n")
    assert target.read_bytes() == b"Kent,England\r\n"
    assert oct(target.stat().st_mode & 0o777) == oct(0o640)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["collab-tui-areas.csv"]


def test_a_failed_write_keeps_the_old_file_and_leaves_no_temp(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "briefing.md"
    target.write_text("# Briefing: Norfolk and Suffolk\n", encoding="utf-8")

    def full(fd: int) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(files.os, "fsync", full)
    with pytest.raises(WriteError, match="no space left"):
        atomic_write(target, "x" * 100_000)
    assert target.read_text(encoding="utf-8") == "# Briefing: Norfolk and Suffolk\n"
    assert [p.name for p in tmp_path.iterdir()] == ["briefing.md"]


def test_output_path_refuses_symlinks_folders_and_unknown_users(tmp_path: Path) -> None:
    link = tmp_path / "areas.csv"
    link.symlink_to(tmp_path / "elsewhere.csv")  # dangling
    with pytest.raises(WriteError, match="symbolic link"):
        output_path(str(link))
    assert output_path(str(link), force=True) == link
    with pytest.raises(WriteError, match="folder"):
        output_path(str(tmp_path))
    with pytest.raises(WriteError, match="home folder"):
        output_path("~no-such-user-collab/areas.csv")
    with pytest.raises(WriteError, match="too long"):
        output_path(str(tmp_path / ("x" * 300)))
    (tmp_path / "f\x1b]0;t\x07").mkdir()
    with pytest.raises(WriteError, match=r"\\x1b"):
        output_path(str(tmp_path / "f\x1b]0;t\x07" / ("x" * 300)))


def test_default_output_survives_a_deleted_or_hostile_working_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    hostile = tmp_path / "dir\x1b]0;TITLE\x07"
    hostile.mkdir()
    monkeypatch.chdir(hostile)
    assert files.default_output("collab-tui-areas.csv") == Path("collab-tui-areas.csv")
    gone = tmp_path / "gone"
    gone.mkdir()
    monkeypatch.chdir(gone)
    os.rmdir(gone)
    monkeypatch.setenv("HOME", str(tmp_path))
    assert files.default_output("collab-tui-areas.csv") == tmp_path / "collab-tui-areas.csv"
