"""The house rule of issue 15: a newcomer can read any module and any function in one sitting.

No module of the package (collab_tui/, its build/ package included) over 600 lines, no function
over 80 lines, and build_db.py a thin entry point under 80 lines. Data tables aside: a long
module-level constant (a dict or list literal) is not a function and counts only towards its module.
"""

from __future__ import annotations

import ast
from pathlib import Path

from tests.helpers import ROOT

PACKAGE = ROOT / "collab_tui"
MODULE_LINES = 600
FUNCTION_LINES = 80
ENTRY_POINT_LINES = 80


def lines(path: Path) -> int:
    return len(path.read_text(encoding="utf-8").splitlines())


def modules() -> list[Path]:
    """Every Python module of the package, sub-packages (screens, widgets, build, ...) included."""
    return sorted(PACKAGE.rglob("*.py"))


def function_lengths(path: Path) -> list[tuple[str, int]]:
    """(qualified name, lines from its ``def`` to its last line) of every def and async def,
    methods and nested functions included."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    found: list[tuple[str, int]] = []

    def visit(node: ast.AST, prefix: str) -> None:
        for child in ast.iter_child_nodes(node):
            if isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef)):
                name = f"{prefix}{child.name}"
                assert child.end_lineno is not None
                found.append((name, child.end_lineno - child.lineno + 1))
                visit(child, f"{name}.")
            elif isinstance(child, ast.ClassDef):
                visit(child, f"{prefix}{child.name}.")
            else:
                visit(child, prefix)

    visit(tree, "")
    return found


def test_the_rule_sees_the_whole_package() -> None:
    """The checks below look at what is there: the app, its screens and widgets, and a function
    of known length (so a broken walk cannot pass them by seeing nothing)."""
    names = {p.relative_to(PACKAGE).as_posix() for p in modules()}
    assert {"app.py", "db.py", "models.py", "screens/main.py", "widgets/record_table.py"} <= names
    lengths = dict(function_lengths(PACKAGE / "app.py"))
    assert "CollabApp.quit_when_shown" in lengths and "settings_path" in lengths
    assert 10 <= lengths["CollabApp.quit_when_shown"] <= FUNCTION_LINES


def test_no_module_over_600_lines() -> None:
    long = {p.relative_to(ROOT).as_posix(): n for p in modules() if (n := lines(p)) > MODULE_LINES}
    assert not long, f"modules over {MODULE_LINES} lines: {long}"


def test_no_function_over_80_lines() -> None:
    long = {
        f"{p.relative_to(ROOT).as_posix()}:{name}": n
        for p in modules()
        for name, n in function_lengths(p)
        if n > FUNCTION_LINES
    }
    assert not long, f"functions over {FUNCTION_LINES} lines: {long}"


def test_build_db_is_a_thin_entry_point() -> None:
    n = lines(ROOT / "build_db.py")
    assert n < ENTRY_POINT_LINES, f"build_db.py has {n} lines"
