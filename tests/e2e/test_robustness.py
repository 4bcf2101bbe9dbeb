"""Bad input, broken files and hostile data: one clear line, nothing lost, nothing executed."""

from __future__ import annotations

import json
import os
import shutil
import socket
import sqlite3
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from collab_tui.app import CollabApp
from collab_tui.db import Database
from collab_tui.models import Start
from collab_tui.screens.too_small import TooSmallScreen
from collab_tui.search import Index
from tests.helpers import ROOT, detail_text, run, run_process, settle

HOSTILE_NAME = "[bold]Ken[/] \x1b[31mWenman\x1b[0m \x07Llŷr Öz £5 [link=https://example.com]x[/link]"
HOSTILE_TITLE = "Poynton [/] hub \x1b]52;c;ZXZpbA==\x07 \u0000end"


# --- database problems, for every entry point -----------------------------------


def broken(tmp_path: Path, built_db: Path, case: str) -> tuple[Path, str]:
    path = tmp_path / "collab.db"
    if case == "missing":
        return path, "database not found"
    if case == "empty":
        path.write_bytes(b"")
        return path, "is empty"
    if case == "not-sqlite":
        path.write_text("name,role\nKen Wenman,CEO\n" * 50, encoding="utf-8")
        return path, "is not an SQLite database"
    if case == "truncated":
        path.write_bytes(built_db.read_bytes()[: 64 * 1024])
        return path, "corrupt"
    if case == "corrupt":
        data = bytearray(built_db.read_bytes())
        for offset in range(8192, len(data), 4096):
            data[offset : offset + 64] = b"\xff" * 64
        path.write_bytes(bytes(data))
        return path, "corrupt"
    if case == "foreign":
        conn = sqlite3.connect(path)
        conn.execute("CREATE TABLE meta (key, value)")
        conn.commit()
        conn.close()
        return path, "not a collab-tui one"
    version = {"older": 0, "newer": 7}[case]
    shutil.copyfile(built_db, path)
    conn = sqlite3.connect(path)
    conn.execute(f"PRAGMA user_version = {version}")
    conn.commit()
    conn.close()
    return path, "newer collab-tui" if case == "newer" else "rebuild it"


@pytest.mark.parametrize(
    "case", ["missing", "empty", "not-sqlite", "truncated", "corrupt", "foreign", "older", "newer"]
)
@pytest.mark.parametrize(
    "command",
    [[], ["info"], ["search", "wenman"], ["show", "kent"], ["compare", "kent", "essex"], ["--area", "kent"]],
    ids=lambda c: " ".join(c) or "explorer",
)
def test_bad_databases_give_one_line_and_exit_2(
    tmp_path: Path, built_db: Path, case: str, command: list[str]
) -> None:
    path, message = broken(tmp_path, built_db, case)
    # The explorer in a child process (it would take over this process's terminal if a database
    # passed); the other commands in this process, through main(argv).
    result = (run_process if command in ([], ["--area", "kent"]) else run)("--db", str(path), *command)
    assert result.returncode == 2, result.stderr
    assert result.stderr.count("\n") == 1, result.stderr
    assert message in result.stderr
    assert "Traceback" not in result.stderr and result.stdout == ""


# --- nothing written, nothing sent ----------------------------------------------------


@pytest.fixture()
def no_network(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("collab-tui tried to open a network connection")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket.socket, "connect_ex", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket, "getaddrinfo", refuse)


def listing(*folders: Path) -> set[str]:
    return {str(p) for folder in folders for p in folder.rglob("*")}


@pytest.mark.slow
async def test_a_full_key_path_writes_nothing_and_sends_nothing(
    built_db: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, no_network: None
) -> None:
    home = tmp_path / "home"
    home.mkdir()
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home / ".config"))
    monkeypatch.chdir(tmp_path)
    db_dir = built_db.parent
    before = listing(tmp_path, db_dir)
    app = CollabApp(built_db)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        for keys in (["j", "j", "enter", "v"], ["escape", "escape", "2", "s", "3", "4", "1"], ["slash", *"cfo cumbria"],
                     ["enter"], ["question_mark"], ["escape", "t", "t"], ["1", "c", *"essex", "enter"], ["n", "s"]):  # fmt: skip
            await pilot.press(*keys)
            await settle(pilot)
    assert listing(tmp_path, db_dir) == before


def test_a_cli_session_writes_nothing_and_sends_nothing(built_db: Path, tmp_path: Path) -> None:
    blocker = tmp_path / "blocker"
    blocker.mkdir()
    (blocker / "sitecustomize.py").write_text(
        "import socket\n"
        "def refuse(*a, **k):\n    raise SystemExit('network use attempted')\n"
        "socket.socket.connect = refuse\nsocket.create_connection = refuse\nsocket.getaddrinfo = refuse\n",
        encoding="utf-8",
    )
    work = tmp_path / "work"
    work.mkdir()
    env = {**os.environ, "PYTHONPATH": f"{blocker}{os.pathsep}{ROOT}", "HOME": str(work)}
    before = listing(work, built_db.parent)
    for command in (["info"], ["search", "cfo", "cumbria", "--json"], ["show", "norfolk", "--plain"],
                    ["compare", "norfolk", "suffolk", "--markdown"]):  # fmt: skip
        result = run("--db", str(built_db), *command, env=env, cwd=work)
        assert result.returncode == 0, result.stderr
    assert listing(work, built_db.parent) == before


# --- hostile and odd data ---------------------------------------------------------------


@pytest.fixture()
def hostile_db(built_db: Path, tmp_path: Path) -> Path:
    path = tmp_path / "hostile.db"
    shutil.copyfile(built_db, path)
    conn = sqlite3.connect(path)
    conn.execute("UPDATE person SET name = ? WHERE id = 'ken-wenman'", (HOSTILE_NAME,))
    conn.execute("UPDATE project SET title = ? WHERE id = 'poynton-emergency-services-hub'", (HOSTILE_TITLE,))
    conn.execute(
        "UPDATE award SET purpose = ? WHERE id = 'dorset-cloud-platform'", ("A" * 5000 + " [red]x[/red]",)
    )
    conn.execute("UPDATE role SET note = NULL, party = NULL WHERE person_id = 'sue-mountstevens'")
    conn.commit()
    conn.close()
    return path


def test_hostile_text_is_literal_in_the_cli(hostile_db: Path) -> None:
    table = run("--db", str(hostile_db), "show", "dorset")
    assert table.returncode == 0
    assert "[bold]Ken[/]" in table.stdout and "Llŷr Öz £5" in table.stdout
    assert "\x1b" not in table.stdout and "\x07" not in table.stdout
    plain = run("--db", str(hostile_db), "show", "cheshire", "--plain").stdout
    assert "Poynton [/] hub" in plain and "\x1b" not in plain and "\x00" not in plain
    data = json.loads(run("--db", str(hostile_db), "show", "dorset", "--json").stdout)
    ceo = next(x for x in data["leaders"] if x["role"] == "ambulance_chief_executive")
    assert ceo["name"] == HOSTILE_NAME  # JSON keeps the data exactly, escaped as \\u001b
    markdown = run("--db", str(hostile_db), "compare", "dorset", "wiltshire", "--markdown").stdout
    assert "\x1b" not in markdown and "[bold]Ken[/]" in markdown.replace("\\[", "[").replace("\\]", "]")


async def test_hostile_text_is_literal_in_the_app(hostile_db: Path) -> None:
    app = CollabApp(hostile_db, start=Start.record("area", "dorset"))
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        text = detail_text(app, "areas")
        assert "[bold]Ken[/]" in text and "[link=https://example.com]x[/link]" in text and "Llŷr" in text
        assert "\x1b" not in text and "\x07" not in text
        await pilot.press("slash", *"poynton")
        await settle(pilot)
        await pilot.press("3")
        await settle(pilot)


# --- any search input -----------------------------------------------------------------------


@pytest.fixture(scope="module")
def index(db: Database) -> Index:
    return Index.build(db)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.text(max_size=300))
def test_search_never_raises_and_ranks_in_order(index: Index, query: str) -> None:
    hits = index.search(query, limit=10)
    assert len(hits) <= 10
    # Ranked as search.py ranks: by score to 6 decimals (51.3 and 51.300000000000004 are a tie).
    scores = [round(h.score, 6) for h in hits]
    assert scores == sorted(scores, reverse=True)


@pytest.mark.parametrize(
    "query",
    [
        "",
        "   ",
        "x" * 1000,
        "🚒🚓🚑",
        "\x1b[2J\x01\x07",
        "'; DROP TABLE person; --",
        "%_%",
        "[bold]",
        "Llŷr ö",
    ],
)
def test_odd_queries_in_the_cli(built_db: Path, query: str) -> None:
    result = run("--db", str(built_db), "search", query, "--json")
    assert result.returncode in (0, 1), result.stderr
    assert isinstance(json.loads(result.stdout), list)
    assert "Traceback" not in result.stderr
    assert Database(built_db).person("ken-wenman") is not None  # nothing was dropped


# --- the terminal ----------------------------------------------------------------------------


async def test_a_tiny_terminal_shows_a_notice_and_recovers(built_db: Path) -> None:
    app = CollabApp(built_db)
    async with app.run_test(size=(40, 12)) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, TooSmallScreen)
        for size in ((120, 40), (30, 8), (80, 24), (41, 13), (200, 50), (60, 16)):
            await pilot.resize_terminal(*size)
            await pilot.pause()
        await settle(pilot)
        assert not isinstance(app.screen, TooSmallScreen)
        assert app.screen.query_one("#areas-pane-table").row_count == 41


async def test_ctrl_c_quits_from_anywhere(built_db: Path) -> None:
    app = CollabApp(built_db)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("slash", "w", "ctrl+c")
        await settle(pilot)
        assert app.return_code == 0  # Ctrl+C quit, from the search bar (not the end of run_test)
    assert app.return_code == 0
    assert not app.is_running
