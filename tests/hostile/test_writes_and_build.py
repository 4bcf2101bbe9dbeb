"""Writes that never lose data (a full disk, symlinks, formula cells) and a build that cleans up after itself."""

from __future__ import annotations

import contextlib
import csv
import errno
import io
import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from collab_tui import build as build_package
from collab_tui import cli, files
from tests.helpers import RECORDS, ROOT, SOURCE

# --- a full disk -------------------------------------------------------------------------------------


@pytest.fixture()
def full_disk(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """A folder on a small tmpfs that is full, with an old export in it; else ENOSPC simulated on fsync."""
    folder = tmp_path / "full"
    folder.mkdir()
    mounted = os.geteuid() == 0 and shutil.which("mount") is not None and subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=256k", "tmpfs", str(folder)], capture_output=True
    ).returncode == 0  # fmt: skip
    try:
        (folder / "leaders.csv").write_text("old export: Ken Wenman,Chief Executive\n", encoding="utf-8")
        if mounted:
            with contextlib.suppress(OSError), (folder / "filler").open("wb") as fh:
                while True:
                    fh.write(b"\0" * 4096)
                    fh.flush()
        else:

            def no_space(fd: int) -> None:
                raise OSError(errno.ENOSPC, "No space left on device")

            monkeypatch.setattr(files.os, "fsync", no_space)
        yield folder
    finally:
        if mounted:
            subprocess.run(["umount", str(folder)], capture_output=True)


def test_force_export_onto_a_full_disk_keeps_the_old_file(
    built_db: Path, full_disk: Path, capfd: pytest.CaptureFixture[str]
) -> None:
    target = full_disk / "leaders.csv"
    before = target.read_bytes()
    code = cli.main(["--db", str(built_db), "export", "leaders", "--output", str(target), "--force"])
    err = capfd.readouterr().err
    assert code == 2 and err.count("\n") == 1 and "no space left on the device" in err, err
    assert target.read_bytes() == before
    assert sorted(p.name for p in full_disk.iterdir() if p.name != "filler") == [
        "leaders.csv"
    ]  # no temp file


def test_a_new_export_on_a_full_disk_leaves_no_partial_file(
    built_db: Path, full_disk: Path, capfd: pytest.CaptureFixture[str]
) -> None:
    code = cli.main(
        ["--db", str(built_db), "export", "projects", "--format", "md", "--output", str(full_disk / "new.md")]
    )
    assert code == 2 and "no space left" in capfd.readouterr().err
    assert not (full_disk / "new.md").exists()
    assert sorted(p.name for p in full_disk.iterdir() if p.name != "filler") == ["leaders.csv"]


# --- symlinks, existing files, odd names --------------------------------------------------------------


def test_a_symlink_is_refused_without_force(
    built_db: Path, tmp_path: Path, capfd: pytest.CaptureFixture[str]
) -> None:
    elsewhere = tmp_path / "elsewhere.csv"
    link = tmp_path / "areas.csv"
    link.symlink_to(elsewhere)  # dangling: it used to be written through
    assert cli.main(["--db", str(built_db), "export", "areas", "--output", str(link)]) == 2
    assert "is a symbolic link; add --force" in capfd.readouterr().err
    assert not elsewhere.exists()
    assert cli.main(["--db", str(built_db), "export", "areas", "--output", str(link), "--force"]) == 0
    assert link.is_symlink() and "Kent" in elsewhere.read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("name", "message"),
    [("x" * 300 + ".csv", "the name is too long"), ("~no-such-user-collab/a.csv", "no such user's home folder"),
     ("missing-folder/a.csv", "no such folder"), (".", "is a folder")],
)  # fmt: skip
def test_names_the_os_refuses_are_one_line(
    built_db: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capfd: pytest.CaptureFixture[str],
    name: str, message: str,
) -> None:  # fmt: skip
    monkeypatch.chdir(tmp_path)
    assert cli.main(["--db", str(built_db), "export", "areas", "--format", "csv", "--output", name]) == 2
    err = capfd.readouterr().err
    assert err.count("\n") == 1 and message in err and "Traceback" not in err, err


def test_csv_cells_that_start_like_formulas_are_neutralised(
    built_db: Path, tmp_path: Path, capfd: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "collab.db"
    shutil.copyfile(built_db, path)
    conn = sqlite3.connect(path)
    conn.execute(
        "UPDATE person SET name = ? WHERE id = 'ken-wenman'", ('=HYPERLINK("http://evil","Ken Wenman")',)
    )
    conn.execute("UPDATE person SET name = '@SUM(1+1)' WHERE id = 'sue-mountstevens'")
    conn.commit()
    conn.close()
    assert cli.main(["--db", str(path), "export", "leaders"]) == 0
    rows = list(csv.reader(io.StringIO(capfd.readouterr().out)))
    cells = [cell for row in rows for cell in row]
    assert '\'=HYPERLINK("http://evil","Ken Wenman")' in cells and "'@SUM(1+1)" in cells
    assert not any(cell.startswith(("=", "+", "@")) for cell in cells)


# --- the theme, the one other file the app writes -------------------------------------------------------


async def test_remembering_the_theme_is_atomic_and_a_refusal_is_a_notice(
    built_db: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from collab_tui.app import CollabApp

    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    app = CollabApp(built_db)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        app.theme = "nord"
        app.action_remember_theme()
        settings = tmp_path / "config" / "collab-tui" / "settings.json"
        assert settings.read_text(encoding="utf-8") == '{"theme": "nord"}'
        assert [p.name for p in settings.parent.iterdir()] == ["settings.json"]
        settings.parent.chmod(0o500)
        try:
            monkeypatch.setattr(
                files.os,
                "replace",
                lambda a, b: (_ for _ in ()).throw(PermissionError(13, "Permission denied")),
            )
            app.theme = "gruvbox"
            app.action_remember_theme()
            await pilot.pause()
            assert app.is_running
            assert any("Could not save the theme" in str(n.message) for n in app._notifications)
        finally:
            settings.parent.chmod(0o700)
        assert settings.read_text(encoding="utf-8") == '{"theme": "nord"}'


# --- the build ----------------------------------------------------------------------------------


def build(*args: str) -> subprocess.Popen[str]:
    return subprocess.Popen([sys.executable, str(ROOT / "build_db.py"), *args], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, cwd=ROOT)  # fmt: skip


def temps(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.startswith(".collab-"))


# SIGKILL's case builds twice more (the killed build, then the one that cleans up after it): slow.
@pytest.mark.parametrize(
    "sig",
    [pytest.param(signal.SIGKILL, marks=pytest.mark.slow), signal.SIGINT, signal.SIGTERM, signal.SIGHUP],
)
def test_a_build_stopped_midway_leaves_the_db_and_its_temp_files_are_gone_after(
    tmp_path: Path, sig: signal.Signals
) -> None:
    out = tmp_path / "out"
    out.mkdir()
    (out / "collab.db").write_bytes(b"the previous database")
    for _attempt in range(5):
        proc = build("--output", str(out / "collab.db"))
        while proc.poll() is None and not temps(out):
            time.sleep(0.002)
        if proc.poll() is None:
            break
        proc.communicate()  # it finished before we caught it packing: try again
        (out / "collab.db").write_bytes(b"the previous database")
    else:
        pytest.fail("never caught the build while it was packing")
    proc.send_signal(sig)
    _, err = proc.communicate(timeout=60)
    if sig != signal.SIGKILL and proc.returncode == 0:
        # The signal came just as the finished database was renamed into place (the build holds the
        # stop signals for that moment): the build is complete, and it says so rather than claim the
        # old database was kept (seen once in a clean-clone CI run before the signals were held).
        assert (
            err
            == f"build_db: signal {int(sig)} came as the database was put in place: the build is complete\n"
        )
        assert temps(out) == []
        assert sqlite3.connect(out / "collab.db").execute(
            "SELECT name FROM person WHERE id = 'ken-wenman'"
        ).fetchone() == ("Ken Wenman",)
        return
    assert (out / "collab.db").read_bytes() == b"the previous database"
    if sig != signal.SIGKILL:
        # Caught: one line, 128+N, and its own temporary files removed on the way out.
        line = ("build_db: interrupted; the database was left as it was\n" if sig == signal.SIGINT
                else f"build_db: stopped by signal {int(sig)}; the database was left as it was\n")  # fmt: skip
        assert (proc.returncode, err) == (128 + sig, line)
        assert temps(out) == []
        return
    assert temps(out), "a kill -9 leaves its temporary file"
    done = build("--output", str(out / "collab.db"))  # ... which the next build removes
    _, err = done.communicate(timeout=120)
    assert done.returncode == 0, err
    assert temps(out) == []
    assert sqlite3.connect(out / "collab.db").execute(
        "SELECT name FROM person WHERE id = 'ken-wenman'"
    ).fetchone() == ("Ken Wenman",)


# Signal handlers belong to the main thread (an xdist worker runs tests in another): a process of its own.
RENAME_HIT_BY_CTRL_C = """
import os, signal, sys
from collab_tui.build import command
rename = os.replace
def rename_hit_by_ctrl_c(src, dst):
    rename(src, dst)
    os.kill(os.getpid(), signal.SIGINT)  # arrives before the build can note the rename
command.os.replace = rename_hit_by_ctrl_c
sys.exit(command.main(["--output", sys.argv[1]]))
"""


TEMP_MADE_THEN_CTRL_C = """
import os, signal, sys, tempfile
from collab_tui.build import command
make = tempfile.mkstemp
def made_then_ctrl_c(*args, **kwargs):
    made = make(*args, **kwargs)
    os.kill(os.getpid(), signal.SIGINT)  # arrives before the build knows the file's name
    return made
command.tempfile.mkstemp = made_then_ctrl_c
sys.exit(command.main(["--output", sys.argv[1]]))
"""


@pytest.mark.skipif(not hasattr(signal, "pthread_sigmask"), reason="POSIX signal masks")
def test_a_ctrl_c_just_as_the_temporary_file_is_made_leaves_nothing_behind(tmp_path: Path) -> None:
    """The moment the build's packing test caught in CI once: the temporary file exists, its name not yet
    kept. The build stops with its one line, the old database kept and no temporary file left."""
    output = tmp_path / "collab.db"
    output.write_bytes(b"the previous database")
    done = subprocess.run([sys.executable, "-c", TEMP_MADE_THEN_CTRL_C, str(output)], cwd=ROOT,
                          capture_output=True, text=True, timeout=120)  # fmt: skip
    assert (done.returncode, done.stderr) == (130, "build_db: interrupted; the database was left as it was\n")
    assert output.read_bytes() == b"the previous database"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["collab.db"]


@pytest.mark.slow  # a whole build
@pytest.mark.skipif(not hasattr(signal, "pthread_sigmask"), reason="POSIX signal masks")
def test_a_ctrl_c_during_the_rename_is_not_reported_as_the_old_database_kept(tmp_path: Path) -> None:
    """Ctrl+C landing in the very rename that puts the new database in place: the build is complete."""
    output = tmp_path / "collab.db"
    output.write_bytes(b"the previous database")
    done = subprocess.run([sys.executable, "-c", RENAME_HIT_BY_CTRL_C, str(output)], cwd=ROOT,
                          capture_output=True, text=True, timeout=120)  # fmt: skip
    assert (done.returncode, done.stderr) == (
        0,
        "build_db: signal 2 came as the database was put in place: the build is complete\n",
    )
    assert sqlite3.connect(output).execute("SELECT name FROM person WHERE id = 'ken-wenman'").fetchone() == (
        "Ken Wenman",
    )
    assert sorted(p.name for p in tmp_path.iterdir()) == ["collab.db"]


def test_a_source_changed_by_one_character_is_refused_first(tmp_path: Path) -> None:
    source = tmp_path / "source"
    shutil.copytree(SOURCE.parent, source)
    text = source / SOURCE.name
    raw = text.read_bytes()
    line_5 = raw.index(b"\n", raw.index(b"\n") + 1) + 1  # outside every quote: a character early on
    text.write_bytes(raw[:line_5] + bytes([raw[line_5] ^ 0x20]) + raw[line_5 + 1 :])
    out = tmp_path / "collab.db"
    for mode in ([], ["--validate"]):
        result = subprocess.run([sys.executable, str(ROOT / "build_db.py"), "--source", str(text), "--output", str(out), *mode],
                                capture_output=True, text=True, timeout=120)  # fmt: skip
        assert result.returncode == 2 and result.stderr.count("\n") == 1, result.stderr
        assert "does not match" in result.stderr and "SHA256SUMS" in result.stderr
    assert not out.exists()
    (source / "SHA256SUMS").unlink()
    with pytest.raises(build_package.BuildError, match="SHA256SUMS is missing"):
        build_package.check_source(text)


@pytest.mark.parametrize("case", ["not-utf8", "output-under-a-file"])
def test_build_os_and_encoding_errors_are_one_line(
    tmp_path: Path, case: str, capsys: pytest.CaptureFixture[str]
) -> None:
    records = tmp_path / "records"
    shutil.copytree(RECORDS, records)
    out = tmp_path / "out"
    out.mkdir()
    if case == "not-utf8":
        first = sorted(records.rglob("*.toml"))[0]
        first.write_bytes(first.read_bytes() + b"\n# caf\xe9\n")
        expected = (1, "not UTF-8")
    else:
        (out / "data").write_text("a file where the output folder should be", encoding="utf-8")
        out = out / "data"
        expected = (2, "; the database was left as it was")
    code = build_package.main(["--records", str(records), "--output", str(out / "collab.db")])
    err = capsys.readouterr().err
    assert code == expected[0] and expected[1] in err and "Traceback" not in err, err


def test_gitignore_covers_the_build_temp_files() -> None:
    names = ["data/.collab-123-abc.db.tmp", "data/.collab-123-abc.db.tmp-journal"]
    result = subprocess.run(["git", "check-ignore", *names], capture_output=True, text=True, cwd=ROOT)
    assert result.stdout.split() == names


async def test_the_export_dialog_turns_refused_names_into_a_message(
    built_db: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from textual.widgets import Input, Static

    from collab_tui.app import CollabApp
    from collab_tui.screens.export_dialog import PathPrompt
    from tests.helpers import settle

    gone = tmp_path / "gone"
    gone.mkdir()
    monkeypatch.chdir(gone)
    gone.rmdir()  # the working folder deleted under the app
    monkeypatch.setenv("HOME", str(tmp_path))
    app = CollabApp(built_db)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("e")
        await settle(pilot)
        assert isinstance(app.screen, PathPrompt)
        assert app.screen.query_one(Input).value == str(
            tmp_path / "collab-tui-areas.csv"
        )  # home, not the lost cwd
        for name, message in ((f"{tmp_path}/{'x' * 300}.csv", "the name is too long"),
                              ("~no-such-user-collab/a.csv", "no such user's home folder"),
                              ("areas.csv", "no such folder"), (f"{tmp_path}/\x1b]0;T\x07/a.csv", "\\x1b]0;T\\x07")):  # fmt: skip
            app.screen.query_one(Input).value = name
            await pilot.press("enter")
            await settle(pilot)
            assert isinstance(app.screen, PathPrompt), name
            shown = str(app.screen.query_one("#path-error", Static).render())
            assert message in shown, (name, shown)
        app.screen.query_one(Input).value = str(tmp_path / "areas.csv")
        await pilot.press("enter")
        await settle(pilot)
        assert not isinstance(app.screen, PathPrompt)
        assert "Kent" in (tmp_path / "areas.csv").read_text(encoding="utf-8-sig")
