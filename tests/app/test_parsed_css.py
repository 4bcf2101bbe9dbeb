"""The first screen's stylesheets, parsed ahead of time (collab_tui/parsed_css.pickle): fresh, used only on
an exact match, and giving exactly the rules Textual itself parses."""

from __future__ import annotations

import pickle
from pathlib import Path
from typing import Any

import pytest
from textual.css.stylesheet import Stylesheet

from collab_tui.app import CollabApp
from collab_tui.widgets import parsed_css
from tests.helpers import settle


@pytest.fixture(autouse=True)
def no_saved_theme(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))  # the default theme, whatever was saved


def canonical(rules: list[Any]) -> list[tuple[object, ...]]:
    """Rule sets as comparable values (a parsed layout is a fresh object each time, equal to another
    only by its name; everything else in a rule set compares by value)."""
    from textual.layout import Layout

    return [
        (
            rule.selector_set,
            sorted(
                (name, value.name if isinstance(value, Layout) else value)
                for name, value in rule.styles.get_rules().items()
            ),
            sorted(rule.styles.important),
            rule.errors,
            rule.is_default_rules,
            rule.tie_breaker,
            sorted(rule.selector_names),
            sorted(rule.pseudo_classes),
        )
        for rule in rules
    ]


def entries(data: dict[str, Any]) -> list[tuple[object, ...]]:
    return [(key, canonical(rules)) for key, rules in data["entries"]]


def shipped() -> dict[str, Any]:
    with open(parsed_css.CACHE_FILE, "rb") as file:
        data: dict[str, Any] = pickle.load(file)
    return data


async def test_the_shipped_file_is_what_the_first_frame_parses_now() -> None:
    fresh = await parsed_css.first_frame_css(CollabApp())
    data = shipped()
    assert data["textual"] == fresh["textual"], "Textual changed: run scripts/parsed-css.py"
    assert data["variables"] == fresh["variables"]
    assert [key for key, _ in data["entries"]] == [key for key, _ in fresh["entries"]], (
        "a first-frame stylesheet changed: run scripts/parsed-css.py"
    )
    assert entries(data) == entries(fresh)
    names = {key[2] for key, _ in fresh["entries"]}
    assert {
        "",
        "DataTable.DEFAULT_CSS",
        "Input.DEFAULT_CSS",
        "Header.DEFAULT_CSS",
        "ToastRack.DEFAULT_CSS",
    } <= names


def parsed_afresh(app: CollabApp) -> list[Any]:
    """The rules Textual parses from the app's sources, in a stylesheet of its own."""
    fresh = Stylesheet(variables=app.get_css_variables())
    for read_from, source in app.stylesheet.source.items():
        fresh.add_source(
            source.content,
            read_from=read_from,
            is_default_css=source.is_defaults,
            tie_breaker=source.tie_breaker,
            scope=source.scope,
        )
    fresh.parse()
    return fresh.rules


async def test_the_app_starts_with_textuals_own_rules(built_db: Path) -> None:
    """Every rule in force is the one Textual parses from the same sources (the prefilled ones included)."""
    app = CollabApp(built_db)
    prefilled = dict.fromkeys(app.stylesheet._parse_cache.keys())
    assert len(prefilled) >= 20  # the file applied: app.tcss and the first screen's widgets
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        fresh = parsed_afresh(app)
        sources = {(read_from, source.content) for read_from, source in app.stylesheet.source.items()}
        used = [key for key in prefilled if (key[1], key[0]) in sources]
        assert len(used) >= 20  # the prefilled entries are the ones the app's sources ask for
        assert canonical(app.stylesheet.rules) == canonical(fresh)
        assert "Avon and Somerset" in "".join(strip.text for strip in app.screen._compositor.render_strips())


def cache_size(app: CollabApp, path: str) -> int:
    app.stylesheet._parse_cache.clear()
    return parsed_css.prefill(app, path)


def test_only_an_exact_match_is_used(tmp_path: Path) -> None:
    app = CollabApp()
    assert cache_size(app, parsed_css.CACHE_FILE) >= 20

    data = shipped()
    for name, change in {
        "other-textual": {"textual": "0.1.0"},
        "other-format": {"format": parsed_css.FORMAT + 1},
        "other-variables": {"variables": {**data["variables"], "primary": "#123456"}},
    }.items():
        path = tmp_path / name
        path.write_bytes(pickle.dumps({**data, **change}))
        assert cache_size(app, str(path)) == 0, name
    damaged = tmp_path / "damaged"
    damaged.write_bytes(pickle.dumps(data)[:500])
    assert cache_size(app, str(damaged)) == 0
    assert cache_size(app, str(tmp_path / "missing")) == 0

    light = CollabApp()
    light.theme = "textual-light"  # another theme's variables: parsed as usual
    assert cache_size(light, parsed_css.CACHE_FILE) == 0


async def test_an_entry_is_used_only_for_its_exact_text(built_db: Path, tmp_path: Path) -> None:
    """An entry whose text differs from the source (an app.tcss edited since the file was written) is never
    used, even if a source comes from the same file: the rules in force are still Textual's."""
    data = shipped()
    bogus = next(rules for key, rules in data["entries"] if key[2] == "Footer.DEFAULT_CSS")
    entries = []
    for key, rules in data["entries"]:
        if key[1] == ("collab_tui", "app.tcss"):
            key, rules = (key[0].replace("RecordTable {", "RecordTable { /* edited */"), *key[1:]), bogus
        entries.append((key, rules))
    path = tmp_path / "edited"
    path.write_bytes(pickle.dumps({**data, "entries": entries}))
    app = CollabApp(built_db)
    app.stylesheet._parse_cache.clear()
    assert parsed_css.prefill(app, str(path)) == len(entries)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        assert canonical(app.stylesheet.rules) == canonical(parsed_afresh(app))
