"""The README's screenshots come from the app, through scripts/screenshots.py."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

from tests.helpers import ROOT


def test_readme_images_exist() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    images = re.findall(r"!\[[^\]]*\]\(([^)]+\.svg)\)", readme)
    assert len(images) == 7
    for image in images:
        assert (ROOT / image).read_text(encoding="utf-8").lstrip().startswith("<svg")


@pytest.mark.slow
def test_the_script_regenerates_them(tmp_path: Path, built_db: Path) -> None:
    result = subprocess.run(
        [
            sys.executable,
            str(ROOT / "scripts" / "screenshots.py"),
            "--out",
            str(tmp_path),
            "--db",
            str(built_db),
        ],
        capture_output=True,
        text=True,
        timeout=180,
    )
    assert result.returncode == 0, result.stderr
    names = sorted(p.name for p in tmp_path.glob("*.svg"))
    assert names == [
        "areas.svg", "compare.svg", "funding.svg", "leaders.svg", "projects.svg", "report.svg", "search.svg",
    ]  # fmt: skip
    assert "Ian Cartwright" in (tmp_path / "search.svg").read_text(encoding="utf-8").replace("&#160;", " ")
