"""scripts/build-wheelhouse: a wheelhouse installs collab-tui with no index, and it runs."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import venv
from pathlib import Path

import pytest

from collab_tui import __version__
from tests.helpers import ROOT

SCRIPT = ROOT / "scripts" / "build-wheelhouse"
# What the script (or pip, through it) says when the index cannot be reached.
NO_NETWORK = re.compile(
    r"no network|connection|name resolution|resolve host|Name or service not known|unreachable",
    re.IGNORECASE,
)


def offline_env() -> dict[str, str]:
    """The environment without pip configuration: only --find-links may supply wheels."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("PIP_")}
    env.pop("COLLAB_DB", None)
    env.pop("PYTHONPATH", None)
    env.update(PIP_CONFIG_FILE=os.devnull, PIP_DISABLE_PIP_VERSION_CHECK="1", PIP_NO_INPUT="1")
    return env


def test_script_is_executable_and_documents_the_platform_tags() -> None:
    text = SCRIPT.read_text(encoding="utf-8")
    assert text.startswith("#!/usr/bin/env python3\n")
    if os.name != "nt":
        assert os.access(SCRIPT, os.X_OK)
    for tag in (
        "win_amd64",
        "macosx_11_0_arm64",
        "macosx_10_12_x86_64",
        "macosx_11_0_x86_64",
        "manylinux2014_x86_64",
        "manylinux_2_28_aarch64",
        "--python-version 3.12",
        "pip install --no-index --find-links DIR collab-tui",
    ):
        assert tag in text, tag


def test_a_target_python_older_than_requires_python_is_one_line_and_exit_1(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, str(SCRIPT), str(tmp_path / "wh"), "--python-version", "3.10"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 1
    assert result.stderr.count("\n") == 1 and "Traceback" not in result.stderr
    assert "3.10" in result.stderr and ">=3.11" in result.stderr


@pytest.mark.slow
def test_wheelhouse_installs_offline_and_runs(tmp_path: Path) -> None:
    wheelhouse = tmp_path / "wheelhouse"
    build = subprocess.run(
        [sys.executable, str(SCRIPT), str(wheelhouse)],
        capture_output=True,
        text=True,
        timeout=300,
    )
    if build.returncode != 0 and NO_NETWORK.search(build.stderr):
        pytest.skip(f"no network to build the wheelhouse: {build.stderr.strip()}")
    assert build.returncode == 0, build.stderr
    assert "Traceback" not in build.stderr
    lines = build.stdout.strip().splitlines()
    assert re.search(r"\b\d+ wheels, \d+\.\d MB\b", lines[0]), build.stdout
    assert f"pip install --no-index --find-links {wheelhouse} collab-tui" in lines[-1]
    names = {p.name.split("-")[0].lower() for p in wheelhouse.glob("*.whl")}
    assert {"collab_tui", "textual", "sqlite_utils", "rapidfuzz", "rich"} <= names, names

    env_dir = tmp_path / "venv"
    venv.EnvBuilder(with_pip=True).create(env_dir)
    bindir = env_dir / ("Scripts" if os.name == "nt" else "bin")
    python = bindir / ("python.exe" if os.name == "nt" else "python")
    env = offline_env()
    install = subprocess.run(
        [str(python), "-m", "pip", "install", "--no-index", "--find-links", str(wheelhouse), "collab-tui"],
        capture_output=True,
        text=True,
        env=env,
        timeout=300,
    )
    assert install.returncode == 0, install.stdout + install.stderr

    collab = bindir / ("collab-tui.exe" if os.name == "nt" else "collab-tui")
    assert collab.exists(), sorted(p.name for p in bindir.iterdir())
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    search = subprocess.run(
        [str(collab), "search", "thrapston", "--json"],
        capture_output=True,
        text=True,
        cwd=elsewhere,
        env=env,
        timeout=60,
    )
    assert search.returncode == 0, search.stderr
    assert json.loads(search.stdout)[0]["name"] == "Thrapston"
    version = subprocess.run(
        [str(collab), "--version"], capture_output=True, text=True, cwd=elsewhere, env=env, timeout=60
    )
    assert version.returncode == 0, version.stderr
    assert version.stdout.strip() == f"collab-tui {__version__}"
