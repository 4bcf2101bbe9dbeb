"""A non-editable install, run from another directory, finds its bundled database."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import sysconfig
import venv
from pathlib import Path

import pytest

from tests.helpers import DB_PATH, ROOT


def test_readme_opens_with_the_two_commands_and_ci_runs_the_test_one() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    launch = "python3 -m venv .venv && . .venv/bin/activate && pip install . && collab-tui"
    tests = 'python3 -m venv .venv && . .venv/bin/activate && pip install ".[test]" && pytest'
    assert readme.index(launch) < readme.index(tests) < readme.index("## ")
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert "grep -m1 -E '^python3 -m venv \\.venv .*pytest' README.md" in ci
    assert "build_db.py --check" in ci
    assert "Contains public sector information licensed under the Open Government Licence" in readme


@pytest.mark.slow
@pytest.mark.skipif(shutil.which("git") is None, reason="needs git to copy the tree")
def test_wheel_install_finds_the_bundled_database(tmp_path: Path) -> None:
    wheels = tmp_path / "wheels"
    build = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(wheels), str(ROOT)],
        capture_output=True,
        text=True,
    )
    if build.returncode != 0 and "hatchling" in build.stderr and "No matching distribution" in build.stderr:
        pytest.skip("no index to fetch the build backend from")
    assert build.returncode == 0, build.stderr
    wheel = next(wheels.glob("collab_tui-*.whl"))
    env_dir = tmp_path / "venv"
    venv.EnvBuilder(with_pip=False).create(env_dir)
    python = env_dir / ("Scripts/python.exe" if os.name == "nt" else "bin/python")
    site = subprocess.run(
        [str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    # The dependencies come from the running environment through a .pth line;
    # collab_tui itself only from the wheel (the test runs with -I, from elsewhere).
    deps = Path(sysconfig.get_paths()["purelib"])
    (Path(site) / "deps.pth").write_text(f"{deps}\n", encoding="utf-8")
    install = subprocess.run(
        [sys.executable, "-m", "pip", "install", "--no-deps", "-q", "--target", site, str(wheel)],
        capture_output=True,
        text=True,
    )
    assert install.returncode == 0, install.stderr
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    env = {k: v for k, v in os.environ.items() if k not in {"COLLAB_DB", "PYTHONPATH"}}
    result = subprocess.run(
        [str(python), "-I", "-m", "collab_tui", "info", "--json"],
        capture_output=True,
        text=True,
        cwd=elsewhere,
        env=env,
    )
    assert result.returncode == 0, result.stderr
    info = json.loads(result.stdout)
    bundled = Path(info["database"])
    assert bundled.parts[-3:] == ("collab_tui", "data", "collab.db")
    assert str(bundled).startswith(site), "collab_tui must come from the wheel, not the test environment"
    assert bundled.read_bytes() == DB_PATH.read_bytes()
    # The first screen's stylesheets, parsed ahead of time, ship in the wheel and apply where it is installed.
    assert (Path(site) / "collab_tui" / "parsed_css.pickle").is_file()
    prefilled = subprocess.run(
        [str(python), "-I", "-c", "from collab_tui.app import CollabApp; from collab_tui.widgets import parsed_css; "
         "app = CollabApp(); app.stylesheet._parse_cache.clear(); print(parsed_css.prefill(app), parsed_css.CACHE_FILE)"],
        capture_output=True, text=True, cwd=elsewhere, env={**env, "XDG_CONFIG_HOME": str(tmp_path / "config")},
    )  # fmt: skip
    assert prefilled.returncode == 0, prefilled.stderr
    count, where = prefilled.stdout.split()
    assert int(count) >= 20 and where.startswith(site)
    search = subprocess.run(
        [str(python), "-I", "-m", "collab_tui", "search", "thrapston", "--json"],
        capture_output=True,
        text=True,
        cwd=elsewhere,
        env=env,
    )
    assert search.returncode == 0, search.stderr
    assert json.loads(search.stdout)[0]["name"] == "Thrapston"
