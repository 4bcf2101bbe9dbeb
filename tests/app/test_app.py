"""Pilot tests: keys in, widget state out, on the real data."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import Input, OptionList, Select, Static

from collab_tui import funding
from collab_tui.app import CollabApp
from collab_tui.details import Detail
from collab_tui.models import RecordRef, Start
from collab_tui.screens.help import HelpScreen
from collab_tui.screens.source import SourceScreen
from collab_tui.widgets.detail_view import DetailView, render_detail
from collab_tui.widgets.record_option import option_ref
from collab_tui.widgets.record_table import RecordTable
from tests.helpers import detail_text, settle, started, table


async def test_opens_on_the_areas_table_with_the_vintage_shown(built_db: Path) -> None:
    async with started(built_db, (80, 24)) as (app, _pilot):
        assert isinstance(app.focused, RecordTable)
        assert table(app, "areas").current_ref() == RecordRef("area", "avon-and-somerset")
        assert "2014 report" in app.sub_title
        assert "Sue Mountstevens" in detail_text(app, "areas")
        assert "post-holders may have changed since" in detail_text(app, "areas")


async def test_digits_switch_panes_and_j_k_move(built_db: Path) -> None:
    async with started(built_db, (120, 40)) as (app, pilot):
        await pilot.press("j", "j")
        await settle(pilot)
        assert table(app, "areas").current_ref() == RecordRef("area", "cheshire")
        assert "Poynton Emergency Services Hub" in detail_text(app, "areas")
        await pilot.press("k")
        await settle(pilot)
        assert table(app, "areas").current_ref() == RecordRef("area", "cambridgeshire")
        for key, pane in (("2", "leaders"), ("3", "projects"), ("4", "funding"), ("1", "areas")):
            await pilot.press(key)
            await settle(pilot)
            assert app.screen.active_pane == pane
            assert app.focused is table(app, pane)
            assert table(app, pane).row_count > 0


async def test_sort_by_any_column_from_the_keyboard(built_db: Path) -> None:
    async with started(built_db, (120, 40)) as (app, pilot):
        t = table(app, "areas")
        await pilot.press("s")  # Area -> Projects (a number: most first)
        await settle(pilot)
        assert (
            t.shown is not None and t.shown.columns[t.sort_column or 0].key == "projects" and t.sort_reverse
        )
        counts = [int(t.get_row_at(i)[1].plain) for i in range(t.row_count)]
        assert counts == sorted(counts, reverse=True) and counts[0] == 20  # Greater Manchester
        assert t.ordered_columns[1].label.plain == "Projects ▼"
        await pilot.press("S")
        await settle(pilot)
        counts = [int(t.get_row_at(i)[1].plain) for i in range(t.row_count)]
        assert counts == sorted(counts)
        assert t.ordered_columns[1].label.plain == "Projects ▲"


async def test_enter_opens_detail_escape_returns_and_v_shows_the_source(built_db: Path) -> None:
    from collab_tui.widgets.report_view import ReportView

    async with started(built_db, (120, 40)) as (app, pilot):
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.focused, DetailView)
        await pilot.press("v")
        await settle(pilot)
        # v: the report's own text (the Report pane) at the area's section, its lines highlighted.
        assert app.screen.active_pane == "report"
        view = app.focused
        assert isinstance(view, ReportView)
        assert view.line == 182 and view.report.text(182) == "Avon and Somerset"
        assert view.passages[0].start_line == 182 and view.passages[0].end_line == 209
        assert view.report.text(192) == "PCC: Sue Mountstevens (Ind)"
        # Escape: back where v was pressed (the history): the Areas pane at Avon and Somerset.
        await pilot.press("escape")
        await settle(pilot)
        assert app.screen.active_pane == "areas"
        assert isinstance(app.focused, RecordTable)
        assert str(table(app, "areas").current_ref()).endswith("avon-and-somerset")


async def test_the_source_pop_up_shows_numbered_lines(built_db: Path) -> None:
    from collab_tui import details

    async with started(built_db, (120, 40)) as (app, pilot):
        app.push_screen(SourceScreen(app.db, details.detail(app.db, "area", "avon-and-somerset")))
        await settle(pilot)
        text = app.screen.query_one(Static).render().plain
        assert "192 │ PCC: Sue Mountstevens (Ind)" in text
        await pilot.press("escape")
        await settle(pilot)
        assert not isinstance(app.screen, SourceScreen)


async def test_related_areas_are_one_keystroke_away(built_db: Path) -> None:
    async with started(built_db, (120, 40), Start.record("area", "norfolk")) as (app, pilot):
        assert table(app, "areas").current_ref() == RecordRef("area", "norfolk")
        text = detail_text(app, "areas")
        assert "Suffolk: same ambulance trust: East of England Ambulance Service" in text
        await pilot.press("enter", "g")
        await settle(pilot)
        links = app.screen.query_one("#areas-pane-detail .detail-links", OptionList)
        assert app.focused is links
        refs = [option_ref(links.get_option_at_index(i)) for i in range(links.option_count)]
        await pilot.press(*["down"] * refs.index(RecordRef("area", "suffolk")), "enter")
        await settle(pilot)
        assert table(app, "areas").current_ref() == RecordRef("area", "suffolk")


async def test_g_typed_right_after_enter_is_not_undone_by_the_detail_taking_the_focus(built_db: Path) -> None:
    """Enter on a row hands the focus to the detail after the next refresh; a g typed before then has
    already put the focus on the related records, and keeps it there (a typed-ahead key is never lost)."""
    async with started(built_db, (120, 40), Start.record("area", "norfolk")) as (app, pilot):
        areas = table(app, "areas")
        areas.focus()
        await settle(pilot)
        areas.action_select_cursor()  # enter: RowSelected is on its way, the detail's focus after a refresh
        app.screen.action_goto()  # g, typed ahead: handled before either (the order fast typing gives)
        await settle(pilot)
        links = app.screen.query_one("#areas-pane-detail .detail-links", OptionList)
        assert app.focused is links
        assert option_ref(links.get_option_at_index(links.highlighted or 0)) is not None


async def test_search_as_you_type_enter_opens_escape_goes_back(built_db: Path) -> None:
    async with started(built_db, (80, 24)) as (app, pilot):
        await pilot.press("slash")
        assert isinstance(app.focused, Input)
        await pilot.press(*"cfo cumbria")
        await settle(pilot)
        results = app.screen.query_one("#search-results", OptionList)
        assert results.display and option_ref(results.get_option_at_index(0)) == RecordRef(
            "person", "ian-cartwright"
        )
        await pilot.press("enter")
        await settle(pilot)
        assert app.screen.active_pane == "leaders"
        assert table(app, "leaders").current_ref() == RecordRef("person", "ian-cartwright")
        assert "Chief Fire Officer: Cumbria" in detail_text(app, "leaders") or "Cumbria" in detail_text(
            app, "leaders"
        )
        await pilot.press("slash", *"thrapston")
        await settle(pilot)
        await pilot.press("escape")
        await settle(pilot)
        assert not results.display
        assert isinstance(app.focused, RecordTable)


async def test_search_a_town_and_a_place_the_report_leaves_out(built_db: Path) -> None:
    """Geography: Bristol leads to Avon and Somerset, labelled; Luton says the report has no section."""
    async with started(built_db, (120, 40), Start.search("bristol")) as (app, pilot):
        results = app.screen.query_one("#search-results", OptionList)
        first = results.get_option_at_index(0)
        assert option_ref(first) == RecordRef("area", "avon-and-somerset")
        assert "geography: Bristol: in the Avon and Somerset police force area" in str(first.prompt)
        search = app.screen.query_one("#search-input", Input)
        search.value = "luton"
        await settle(pilot)
        only = results.get_option_at_index(0)
        assert results.option_count == 1 and only.disabled
        assert str(only.prompt) == (
            "Luton: in the Bedfordshire police force area; the report has no section on Bedfordshire Police"
        )


async def test_arrows_move_through_results(built_db: Path) -> None:
    async with started(built_db, (80, 24)) as (app, pilot):
        await pilot.press("slash", *"marsh")
        await settle(pilot)
        results = app.screen.query_one("#search-results", OptionList)
        first = option_ref(results.get_option_at_index(0))
        await pilot.press("down")
        await settle(pilot)
        assert results.highlighted == 1
        second = option_ref(results.get_option_at_index(1))
        assert {first, second} == {RecordRef("person", "andy-marsh"), RecordRef("person", "anthony-marsh")}
        await pilot.press("enter")
        await settle(pilot)
        ref = table(app, "leaders").current_ref()
        assert ref is not None and ref == second


async def test_a_place_opens_its_project(built_db: Path) -> None:
    async with started(built_db, (120, 40), Start.search("thrapston")) as (app, pilot):
        await pilot.press("enter")
        await settle(pilot)
        assert app.screen.active_pane == "projects"
        assert "Thrapston" in detail_text(app, "projects")


async def test_leader_filters(built_db: Path) -> None:
    async with started(built_db, (120, 40)) as (app, pilot):
        await pilot.press("2")
        await settle(pilot)
        app.screen.query_one("#leaders-pane #filter-role", Select).value = "pcc"
        await settle(pilot)
        t = table(app, "leaders")
        roles = {t.get_row_at(i)[1].plain for i in range(t.row_count)}
        assert roles == {"PCC"}
        assert t.row_count == 40  # 41 areas; London's is the Mayor
        assert t.border_subtitle == f"40 of {t.shown.total if t.shown else 0}"
        assert t.border_title == "Leaders: role Police and Crime Commissioner"
        app.screen.query_one("#leaders-pane #filter-role", Select).clear()
        app.screen.query_one("#leaders-pane #filter-service", Select).value = "ambulance"
        await settle(pilot)
        names = {t.get_row_at(i)[0].plain for i in range(t.row_count)}
        assert {"Anthony Marsh", "Ken Wenman", "Bob Williams", "Tracy Myhill"} <= names
        assert "Andy Marsh" not in names


async def test_project_filters_and_the_abandoned_lesson(built_db: Path) -> None:
    async with started(built_db, (120, 40)) as (app, pilot):
        await pilot.press("3")
        await settle(pilot)
        app.screen.query_one("#projects-pane #filter-status", Select).value = "abandoned"
        await settle(pilot)
        t = table(app, "projects")
        assert t.row_count == 1
        assert "Devizes" in t.get_row_at(0)[0].plain
        app.screen.query_one("#projects-pane #filter-status", Select).clear()
        app.screen.query_one("#projects-pane #filter-kind", Select).value = "co_responding"
        app.screen.query_one("#projects-pane #filter-area", Select).value = "thames-valley"
        await settle(pilot)
        assert t.row_count == 1 and "Buckinghamshire" in t.get_row_at(0)[0].plain


async def test_funding_marks_discrepancies_and_charts_totals(built_db: Path) -> None:
    async with started(built_db, (120, 40), Start.record("area", "dorset")) as (app, pilot):
        await pilot.press("4")
        await settle(pilot)
        t = table(app, "funding")
        assert t.shown is not None
        dorset = next(
            i for i, r in enumerate(t.shown.rows) if r.ref == RecordRef("funding", "dorset-cloud-platform")
        )
        shown = dict(zip((str(c.key.value) for c in t.ordered_columns), t.get_row_at(dorset), strict=True))
        # the report states it differently (lines 122 and 456): marked "!" in the amount at any width
        assert shown["amount_gbp"].plain == "! 80,400" and shown["areas"].plain == "Dorset"
        assert t.shown.rows[dorset].flagged and "! the report differs" in str(t.border_subtitle)
        t.move_cursor(row=dorset)
        await settle(pilot)
        text = detail_text(app, "funding")
        assert "line 122: £150,400" in text and "line 456: £80,400" in text
        chart = app.screen.query_one("#chart-funder", Static).render().plain
        home_office = next(b for b in funding.funding_bars(app.db, "funder") if b.label == "Home Office")
        assert home_office.value == 8769650 and "Home Office" in chart and "£8,769,650" in chart
        assert "Not stated" in chart


async def test_help_lists_every_key_and_q_quits(built_db: Path) -> None:
    async with started(built_db, (80, 24)) as (app, pilot):
        await pilot.press("question_mark")
        await settle(pilot)
        assert isinstance(app.screen, HelpScreen)
        text = app.screen.query_one(Static).render().plain
        for key in ("/", "1 2 3 4 5", "s ", "S ", "v ", "g ", "esc ", "q ", "ctrl+p", "t "):
            assert key in text
        await pilot.press("escape")
        await settle(pilot)
        assert not isinstance(app.screen, HelpScreen)
        await pilot.press("q")
        await settle(pilot)
    assert app.return_code in (0, None)


async def test_deep_link_to_a_person(built_db: Path) -> None:
    async with started(built_db, (120, 40), Start.record("person", "bernard-hogan-howe")) as (app, _pilot):
        assert app.screen.active_pane == "leaders"
        text = detail_text(app, "leaders")
        assert "Bernard Hogan-Howe" in text and "Metropolitan Police Service" in text
        assert "post-holders may have changed since" in text


async def test_palette_finds_records(built_db: Path) -> None:
    async with started(built_db, (120, 40)) as (app, pilot):
        await pilot.press("colon")
        await settle(pilot)
        await pilot.press(*"wenman")
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        assert table(app, "leaders").current_ref() == RecordRef("person", "ken-wenman")


async def test_theme_cycles(built_db: Path) -> None:
    async with started(built_db, (80, 24)) as (app, pilot):
        first = app.theme
        await pilot.press("t")
        await settle(pilot)
        assert app.theme != first
        seen = {app.theme}
        for _ in range(6):
            await pilot.press("t")
            seen.add(app.theme)
        assert {"high-contrast", "ansi-dark"} <= seen


def test_detail_text_is_literal_never_markup() -> None:
    detail = Detail("area", "x", "[bold]Not bold[/]")
    detail.add("A [link=https://example.com]link[/link] and [red]red[/]")
    content = render_detail(detail)
    assert "[bold]Not bold[/]" in content.plain
    assert "[link=https://example.com]link[/link]" in content.plain


async def test_the_theme_is_remembered_only_when_asked(built_db: Path, tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path))
    monkeypatch.delenv("APPDATA", raising=False)
    settings = tmp_path / "collab-tui" / "settings.json"
    async with started(built_db, (80, 24)) as (app, pilot):
        await pilot.press("t")
        await settle(pilot)
        assert not settings.exists()
        chosen = app.theme
        await app.run_action("remember_theme")
        await settle(pilot)
    assert settings.exists()
    again = CollabApp(built_db)
    assert again.theme == chosen


async def test_e_exports_the_filtered_table_and_y_copies(built_db: Path, tmp_path: Path, monkeypatch) -> None:
    from collab_tui.screens.export_dialog import PathPrompt

    copied: list[str] = []
    monkeypatch.setattr("collab_tui.clipboard.copy_with_tool", lambda text, platform=None: "pbcopy")
    target = tmp_path / "pccs.json"
    async with started(built_db, (120, 40)) as (app, pilot):
        monkeypatch.setattr(app, "copy_to_clipboard", copied.append)
        await pilot.press("2")
        await settle(pilot)
        app.screen.query_one("#leaders-pane #filter-role", Select).value = "pcc"
        await settle(pilot)
        table(app, "leaders").focus()
        await pilot.press("e")
        await settle(pilot)
        assert isinstance(app.screen, PathPrompt)
        app.screen.query_one(Input).value = str(target)
        await pilot.press("enter")
        await settle(pilot)
        await pilot.press("y")
        await settle(pilot)
    data = __import__("json").loads(target.read_text(encoding="utf-8"))
    assert len(data["rows"]) == 40 and {r["role"] for r in data["rows"]} == {"pcc"}
    assert copied and copied[0].startswith("Nick Alston")


def test_the_source_popup_names_a_line_once(built_db: Path) -> None:
    """The funding summary's line 150 ("**£750,000** from DCLG"): 'line 150: ...' once, no bold markers."""
    from collab_tui import details
    from collab_tui.db import Database
    from collab_tui.screens.source import source_content

    db = Database(built_db)
    text = source_content(db, details.detail(db, "funding", "surrey-sussex-dclg-shared-services")).plain
    assert "line 150: line 150" not in text
    assert "line 150: £750,000" in text
    assert "**" not in text
