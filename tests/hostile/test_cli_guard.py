"""The guard around the CLI: one line and the right exit code for every failure, never a traceback."""

from __future__ import annotations

import io
import json
import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from collab_tui import cli
from tests.helpers import ROOT
from tests.hostile.streams import pipe_closed_by_the_reader, run

OSC52 = "\x1b]52;c;ZXZpbA==\x07"
OSC0 = "\x1b]0;TITLE\x07"


def sh(
    command: str, env: dict[str, str] | None = None, encoding: str = "utf-8"
) -> subprocess.CompletedProcess[str]:
    """A shell pipeline around the real command (``CT`` is how to call collab-tui)."""
    ct = f"{sys.executable} -m collab_tui"
    return subprocess.run(
        ["bash", "-c", command.replace("CT", ct)], capture_output=True, encoding=encoding, timeout=60, cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT), **(env or {})},
    )  # fmt: skip


# --- the reader stops early, the output is full, closed or not UTF-8 ---------------------------------


def test_a_reader_closing_the_pipe_early_is_success(built_db: Path) -> None:
    """The real pipeline, once: `show kent | head -1` exits 0 ("nothing matched" is 1)."""
    result = sh(f"CT --db {built_db} show kent | head -1 >/dev/null; echo status=${{PIPESTATUS[0]}}")
    assert result.stdout.strip() == "status=0", result.stderr
    assert result.stderr == ""


@pytest.mark.parametrize("command", ["show kent", "export projects", "search fire --limit 50"])
def test_a_pipe_whose_reader_has_gone_is_success(built_db: Path, command: str) -> None:
    with pipe_closed_by_the_reader() as raw:
        assert run(["--db", str(built_db), *command.split()], raw) == (0, "")


NO_SPACE = "collab-tui: error: cannot write the output: no space left on the device\n"


def test_output_to_a_full_device_is_one_line(built_db: Path) -> None:
    result = sh(f"CT --db {built_db} show kent >/dev/full")
    assert (result.returncode, result.stderr) == (2, NO_SPACE)
    for command in (["show", "kent"], ["export", "projects", "--format", "md"], ["export", "leaders"]):
        with open("/dev/full", "wb", buffering=0) as raw:
            assert run(["--db", str(built_db), *command], raw) == (2, NO_SPACE), command


def test_a_closed_standard_output_is_one_line(built_db: Path) -> None:
    result = sh(f"CT --db {built_db} show kent >&-")
    assert result.returncode == 2
    assert (
        result.stderr
        == "collab-tui: error: standard output is closed; run collab-tui with somewhere to write to\n"
    )


def check_without_pound_signs(out: str, code: int, err: str, encoding: str, table: bool = False) -> None:
    assert code == 0 and err == "", err
    assert "Dorset" in out
    if table:  # Dorset's funding in £: shown where the encoding has it, else a ?
        pound = "£".encode(encoding, "replace") != b"?"
        assert ("£" in out) == pound and (pound or "?80,400" in out), out


def test_an_output_encoding_without_pound_signs_in_a_c_locale(built_db: Path) -> None:
    """The real thing once (a C locale without UTF-8 mode), then each encoding in this process."""
    env = {"LC_ALL": "C", "LANG": "C", "PYTHONUTF8": "0", "PYTHONCOERCECLOCALE": "0"}
    for command in ("show dorset", "compare dorset wiltshire"):
        result = sh(f"CT --db {built_db} {command}", env=env, encoding="ascii")
        check_without_pound_signs(result.stdout, result.returncode, result.stderr, "ascii", "show" in command)


@pytest.mark.parametrize("encoding", ["ascii", "cp1252", "latin-1"])
def test_an_output_encoding_without_pound_signs(built_db: Path, encoding: str) -> None:
    # Dorset's funding holds £, curly quotes in the report's text, and compare tables print ≠.
    for command in (["show", "dorset"], ["compare", "dorset", "wiltshire"], ["show", "dorset", "--json"]):
        raw = io.BytesIO()
        code, err = run(["--db", str(built_db), *command], raw, encoding)  # type: ignore[arg-type]
        out = raw.getvalue().decode(encoding)
        check_without_pound_signs(out, code, err, encoding, command == ["show", "dorset"])
        if "--json" in command:
            amounts = [a["amount_gbp"] for a in json.loads(out)["funding"]]
            assert (
                80400 in amounts
            )  # "Dorset secured £80,400 from the 2013/14 Police Innovation Fund" (line 456)
            assert "\\u00a3" in out  # the pound sign escaped, not lost


# --- nothing from outside reaches the terminal raw ------------------------------------------------


def test_escape_sequences_in_arguments_and_paths_never_reach_the_terminal(
    built_db: Path, capfd: pytest.CaptureFixture[str]
) -> None:
    assert cli.main(["--db", str(built_db), "search", f"{OSC52}kent{OSC0}", "--kind", "area"]) == 0
    out, err = capfd.readouterr()
    assert "Kent" in out and "\x1b" not in out and "\x07" not in out
    assert cli.main(["--db", f"/tmp/{OSC0}/collab.db", "info"]) == 2
    out, err = capfd.readouterr()
    assert (
        err
        == "collab-tui: error: database not found: /tmp/\\x1b]0;TITLE\\x07/collab.db; run `python build_db.py` or pass --db PATH\n"
    )
    assert cli.main(["--db", str(built_db), "search", "x", "--kind", f"{OSC52}area"]) == 2
    out, err = capfd.readouterr()
    assert "\\x1b]52;c;ZXZpbA==\\x07area" in err and "\x1b" not in err and err.count("\n") == 1
    assert cli.main(["--db", str(built_db), "show", f"\u202e{OSC52}nobody-here"]) == 1
    out, err = capfd.readouterr()
    assert "\x1b" not in err and "\u202e" not in err


def test_the_explorer_refuses_to_start_without_a_terminal(built_db: Path) -> None:
    result = sh(f"CT --db {built_db} --search {OSC52!r}kent </dev/null | cat")
    assert result.stdout == ""  # no escape codes written into a pipe
    assert (
        result.stderr.startswith("collab-tui: error: the explorer needs a terminal")
        and result.stderr.count("\n") == 1
    )
    assert "collab-tui search, show, compare, export or info" in result.stderr


# --- numbers, interrupts, signals and bugs ----------------------------------------------------------


@pytest.mark.parametrize("limit", ["0", "100000000000000000000", "-5"])
def test_out_of_range_numbers_are_one_line(
    built_db: Path, limit: str, capfd: pytest.CaptureFixture[str]
) -> None:
    assert cli.main(["--db", str(built_db), "search", "kent", "--limit", limit]) == 2
    assert "--limit must be at least 1 and at most 1000" in capfd.readouterr().err


def test_ctrl_c_and_sigterm_during_a_command(
    built_db: Path, monkeypatch: pytest.MonkeyPatch, capfd: pytest.CaptureFixture[str]
) -> None:
    def interrupted(db: object, args: object) -> int:
        raise KeyboardInterrupt

    def terminated(db: object, args: object) -> int:
        os.kill(os.getpid(), signal.SIGTERM)
        raise AssertionError("SIGTERM did not stop the command")

    monkeypatch.setattr(cli, "cmd_info", interrupted)
    assert cli.main(["--db", str(built_db), "info"]) == 130
    monkeypatch.setattr(cli, "cmd_info", terminated)
    assert cli.main(["--db", str(built_db), "info"]) == 143
    assert capfd.readouterr().err == ""
    assert signal.getsignal(signal.SIGTERM) == signal.SIG_DFL  # the handlers are put back


def test_an_unexpected_error_is_one_line_a_crash_log_and_exit_70(
    built_db: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capfd: pytest.CaptureFixture[str]
) -> None:
    def bug(db: object, args: object) -> int:
        raise ZeroDivisionError("division by zero in a counted table")

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    monkeypatch.setattr(cli, "cmd_info", bug)
    assert cli.main(["--db", str(built_db), "info"]) == 70
    err = capfd.readouterr().err
    assert err.count("\n") == 1 and "internal error: ZeroDivisionError" in err and "Traceback" not in err
    logs = list((tmp_path / "cache" / "collab-tui").glob("crash-*.log"))
    assert len(logs) == 1 and str(logs[0]) in err
    assert "ZeroDivisionError: division by zero in a counted table" in logs[0].read_text(encoding="utf-8")


def test_no_crash_log_is_written_for_a_known_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capfd: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    assert cli.main(["--db", str(tmp_path / "none.db"), "info"]) == 2
    assert not (tmp_path / "cache").exists()
    assert capfd.readouterr().err.startswith("collab-tui: error: database not found")


class _Lock:
    """Something importlib holds for a moment during an import (a module lock) and lets go of."""


def _swallowed_by_python(signum: int) -> None:
    """Our handler raising where Python swallows what it raises: in a weakref callback, as importlib's
    clean-up of a module lock runs during an import (where the SIGINT-at-20-moments test caught it)."""
    import weakref

    from collab_tui import guard

    def clean_up(ref: object) -> None:
        guard._raise_stopped(signum, None)

    lock = _Lock()
    ref = weakref.ref(lock, clean_up)
    del lock  # the callback runs here; Python swallows its KeyboardInterrupt or Stopped
    assert ref() is None


def test_a_ctrl_c_or_signal_that_python_swallowed_still_ends_the_command(
    built_db: Path, monkeypatch: pytest.MonkeyPatch, capfd: pytest.CaptureFixture[str]
) -> None:
    """The signal is owed: the command ends with 130 or 128+N, and no "Exception ignored" traceback."""
    answered: list[str] = []

    def info_interrupted_on_the_way(signum: int) -> object:
        def cmd(db: object, args: object) -> int:
            _swallowed_by_python(signum)
            answered.append("Ken Wenman")  # the command itself went on
            return 0

        return cmd

    monkeypatch.setattr(cli, "cmd_info", info_interrupted_on_the_way(signal.SIGINT))
    assert cli.main(["--db", str(built_db), "info"]) == 130
    monkeypatch.setattr(cli, "cmd_info", info_interrupted_on_the_way(signal.SIGTERM))
    assert cli.main(["--db", str(built_db), "info"]) == 143
    assert answered == ["Ken Wenman", "Ken Wenman"]
    assert capfd.readouterr().err == ""


def test_an_error_that_came_instead_of_a_swallowed_signal_is_the_signal(
    built_db: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capfd: pytest.CaptureFixture[str]
) -> None:
    """Ctrl+C landing in an import can turn into another error (seen: "TypeError: expected a message
    argument", exit 70 with a crash log): after a swallowed signal, the exit is the signal's, with no log."""

    def interrupted_import(db: object, args: object) -> int:
        _swallowed_by_python(signal.SIGINT)
        raise TypeError("expected a message argument")

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    monkeypatch.setattr(cli, "cmd_info", interrupted_import)
    assert cli.main(["--db", str(built_db), "info"]) == 130
    assert capfd.readouterr().err == ""
    assert not (tmp_path / "cache").exists()


def test_a_signal_acted_on_is_not_owed_after_the_command(
    built_db: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A Ctrl+C that ended a command leaves nothing owed: a later failed query in the same process (the
    explorer's, a test's) must not raise it again."""
    from collab_tui import guard

    def interrupted(db: object, args: object) -> int:
        guard._raise_stopped(signal.SIGINT, None)  # raised, and not swallowed: it ends the command
        return 0

    monkeypatch.setattr(cli, "cmd_info", interrupted)
    assert cli.main(["--db", str(built_db), "info"]) == 130
    assert guard.swallowed_signal() is None
    guard.raise_swallowed_signal()  # raises nothing
