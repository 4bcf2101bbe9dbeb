"""The core is plain Python: none of these modules may import Textual or Rich (nor sqlite_utils)."""

from __future__ import annotations

import subprocess
import sys

import pytest

from tests.helpers import ROOT

CORE = [
    "vocabulary",
    "models",
    "db",
    "db_checks",
    "search",
    "compare",
    "export",
    "details",
    "safe_text",
    "clipboard",
    "report",
    "report_layout",
    "history",
    "briefing",
    "tables",
    "funding",
    "files",
    "formatting",
    "compare_rows",
    "compare_export",
    "compare_html",
    "dossier",
    "formats",
    "tuples",
]


@pytest.mark.parametrize("module", CORE)
def test_core_module_imports_no_ui(module: str) -> None:
    code = (
        f"import sys; import collab_tui.{module}; "
        "bad = sorted(m for m in sys.modules if m.split('.')[0] in {'textual', 'rich', 'sqlite_utils'}); "
        "print(','.join(bad))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=True
    )
    assert result.stdout.strip() == ""


def test_the_cli_does_not_load_textual_for_a_lookup() -> None:
    code = (
        "import sys; from collab_tui.cli import main; main(['info', '--json']); "
        "print('textual' in sys.modules, 'sqlite_utils' in sys.modules, file=sys.stderr)"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=True
    )
    assert result.stderr.strip() == "False False"


@pytest.mark.parametrize("command", [["search", "wenmn", "--json"], ["show", "cumbria", "--json"]])
def test_a_json_lookup_loads_no_ui_no_table_renderers_no_typing_checks(command: list[str]) -> None:
    """The lookups scripts run most import only what they use: no Rich or Textual, no argparse,
    no dataclasses (and inspect), no csv, no pathlib (and urllib.parse), no threading."""
    code = (
        f"import sys; from collab_tui.cli import main; main({command!r}); "
        "print(','.join(sorted(m for m in ('rich', 'textual', 'argparse', 'dataclasses', 'inspect', 'csv', "
        "'pathlib', 'urllib.parse', 'threading', 'collab_tui.export', 'collab_tui.tables') if m in sys.modules)), "
        "file=sys.stderr)"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=True
    )
    assert (result.stderr.strip() == "" and result.stdout.startswith("[")) or result.stdout.startswith("{")
