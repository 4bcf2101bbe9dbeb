"""The collab-tui command against the real database, as a script would run it."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from tests.conftest import ROOT


def run(
    *args: str, cwd: Path | None = None, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "collab_tui", *args],
        capture_output=True,
        text=True,
        cwd=cwd or ROOT,
        env=env or {**os.environ, "PYTHONPATH": str(ROOT)},
    )


def test_info_json_describes_the_database(built_db: Path) -> None:
    result = run("--db", str(built_db), "info", "--json")
    assert result.returncode == 0, result.stderr
    info = json.loads(result.stdout)
    assert info["licence"] == "Open Government Licence v3.0"
    assert info["source"] == "Emergency Services Collaboration: The Current Picture (2014)"
    assert info["counts"]["section"] == 38
    assert info["counts"]["area"] == 41


def test_the_environment_variable_chooses_the_database(built_db: Path, tmp_path: Path) -> None:
    env = {**os.environ, "PYTHONPATH": str(ROOT), "COLLAB_DB": str(built_db)}
    result = run("info", "--json", env=env)
    assert json.loads(result.stdout)["database"] == str(built_db)
    missing = run("info", env={**env, "COLLAB_DB": str(tmp_path / "nope.db")})
    assert missing.returncode == 2
    assert "nope.db" in missing.stderr


def test_a_missing_database_is_one_line_and_exit_2(tmp_path: Path) -> None:
    result = run("--db", str(tmp_path / "missing.db"), "info")
    assert result.returncode == 2
    assert result.stderr.count("\n") == 1
    assert "database not found" in result.stderr and "build_db.py" in result.stderr
    assert "Traceback" not in result.stderr


def test_version_and_help() -> None:
    assert run("--version").stdout.startswith("collab-tui ")
    help_text = run("--help").stdout
    assert "--db PATH" in help_text and "info" in help_text
