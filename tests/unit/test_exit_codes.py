"""The exit code and the one line for what ended a command or the explorer (cli.exit_code)."""

from __future__ import annotations

import pytest

from collab_tui.cli import exit_code
from collab_tui.guard import Stopped


class _Interrupted:
    """A descriptor whose __set_name__ is where the stop lands, as Ctrl+C can during an import."""

    def __init__(self, stop: BaseException) -> None:
        self.stop = stop

    def __set_name__(self, owner: type, name: str) -> None:
        raise self.stop


def _class_made_while(stop: BaseException) -> BaseException:
    """What Python raises when ``stop`` lands in a class body's __set_name__ (3.11: a RuntimeError from it)."""
    try:
        type("Widget", (), {"path": _Interrupted(stop)})
    except BaseException as raised:
        return raised
    raise AssertionError("the class was made")


@pytest.mark.parametrize(
    ("stop", "code"), [(KeyboardInterrupt(), 130), (Stopped(15), 143), (Stopped(3), 131)]
)
def test_a_stop_inside_an_import_is_the_stop_not_a_crash(
    stop: BaseException, code: int, capsys: pytest.CaptureFixture[str], tmp_path, monkeypatch
) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    assert exit_code(_class_made_while(stop)) == code
    assert capsys.readouterr().err == ""  # no "internal error" line
    assert not list(tmp_path.rglob("crash-*.log"))  # and no crash log


def test_a_real_error_is_still_a_crash_with_its_log(
    capsys: pytest.CaptureFixture[str], tmp_path, monkeypatch
) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    assert exit_code(_class_made_while(ValueError("bad descriptor"))) == 70
    err = capsys.readouterr().err
    assert "internal error: RuntimeError" in err or "internal error: ValueError" in err
    assert list(tmp_path.rglob("crash-*.log"))
