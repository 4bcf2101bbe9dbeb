"""Pilot tests of the Report pane (key 5): contents, find with n/N, margin marks, records and back, v, --line."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import Input, OptionList, Static

from collab_tui.app import CollabApp
from collab_tui.models import RecordRef, SourceRef, Start
from collab_tui.widgets.detail_view import DetailView
from collab_tui.widgets.record_option import option_ref
from collab_tui.widgets.record_table import RecordTable
from collab_tui.widgets.report_pane import ReportPane
from collab_tui.widgets.report_view import MARK, ReportView
from tests.helpers import SOURCE, settle, until


async def ready(pilot, line: int | None = None) -> ReportView:
    """The Report pane's text, wrapped, with the cursor at ``line`` if given."""
    app = pilot.app
    # The view, not only the pane: a pane is in the DOM a moment before its children are.
    await until(pilot, lambda: bool(app.screen.query(ReportPane)) and bool(pane(app).query(ReportView)),
                "the Report pane's text")  # fmt: skip
    view = pane(app).view
    await until(pilot, lambda: view.wrapped is not None, "the text wrapped")
    if line is not None:
        await until(pilot, lambda: view.line == line, f"the cursor at line {line}")
    await settle(pilot)
    return view


def pane(app: CollabApp) -> ReportPane:
    return app.screen.query_one(ReportPane)


def status(app: CollabApp) -> str:
    return str(pane(app).query_one("#report-status", Static).render())


def row_text(view: ReportView, line: int) -> str:
    """The text drawn on screen for the first row of a line (it must be on screen)."""
    assert view.wrapped is not None
    y = view.wrapped.row_of(line) - int(view.scroll_y)
    assert 0 <= y < view.scrollable_content_region.height, f"line {line} is not on screen"
    return view.render_line(y).text


SOURCE_LINES = SOURCE.read_text(encoding="utf-8").split("\n")


async def test_key_5_opens_the_report_and_the_contents_jump_to_a_section(built_db: Path) -> None:
    app = CollabApp(built_db)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("5")
        await settle(pilot)
        assert app.screen.active_pane == "report"
        view = app.focused
        assert isinstance(view, ReportView)
        assert view.line == 3 and "Emergency Services Collaboration" in row_text(view, 3)
        contents = pane(app).query_one("#report-contents", OptionList)
        labels = [str(contents.get_option_at_index(i).prompt) for i in range(contents.option_count)]
        assert labels[:8] == [
            "Title and contents", "Foreword", "Headlines", "How it was collated", "Government Funding",
            "Fire Transformation Fund", "National Collaboration", "Avon and Somerset",
        ]  # fmt: skip
        assert labels[-1] == "Wiltshire" and len(labels) == 7 + 38
        # Tab to the contents, choose Northumbria: the text jumps to its heading, line 1065.
        contents.focus()
        contents.highlighted = labels.index("Northumbria")
        await pilot.press("enter")
        await settle(pilot)
        assert app.focused is view
        assert view.line == 1065 and view.part is not None and view.part.heading == "Northumbria"
        assert row_text(view, 1065).startswith("1065   Northumbria")
        assert status(app).startswith("Northumbria  ·  line 1065 of 1517")
        # j goes paragraph by paragraph: the heading, then "Current Collaboration", then line 1069.
        await pilot.press("j", "j")
        await settle(pilot)
        assert view.line == 1069
        # The last section, from the contents: the end of the report.
        contents.focus()
        contents.highlighted = contents.option_count - 1
        await pilot.press("enter")
        await settle(pilot)
        assert view.part is not None and view.part.heading == "Wiltshire" and view.line == 1489


async def test_margin_marks_and_the_line_number_gutter(built_db: Path) -> None:
    app = CollabApp(built_db, start=Start.line(1065))
    async with app.run_test(size=(120, 40)) as pilot:
        view = await ready(pilot, 1065)
        report = view.report
        # 1069 (the Guardian Series) has records drawn from it: a mark; the "Current Collaboration"
        # heading (1067) has none.
        assert report.records_at(1069) and not report.records_at(1067)
        assert row_text(view, 1069).startswith(f"1069 {MARK} Northumbria Police, Ambulance")
        assert row_text(view, 1067).startswith("1067   Current Collaboration")
        assert MARK not in row_text(view, 1067)
        # Every paragraph on screen is marked exactly when a record is drawn from one of its lines.
        for para in report.paragraphs:
            if 1065 <= para.start_line <= 1080:
                marked = MARK in row_text(view, para.start_line)[:8]
                assert marked == bool(report.records_in(para.start_line, para.end_line)), para
        await pilot.press("l")
        await settle(pilot)
        assert not view.line_numbers
        assert row_text(view, 1069).startswith(f"{MARK} Northumbria Police, Ambulance")
        await pilot.press("l")
        await settle(pilot)
        assert row_text(view, 1069).startswith("1069 ")


async def test_find_highlights_every_hit_and_n_N_go_across_sections(built_db: Path) -> None:
    app = CollabApp(built_db)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("5")
        await settle(pilot)
        await pilot.press("slash")
        await settle(pilot)
        assert isinstance(app.focused, Input)
        await pilot.press(*"tri-service")
        await settle(pilot)
        view = pane(app).view
        expected = [n for n, t in enumerate(SOURCE_LINES, start=1) if "tri-service" in t.lower()]
        assert sorted({h.line for h in view.hits}) == expected and len(view.hits) == 7
        assert str(pane(app).query_one("#report-find-count", Static).render()) == "7 hits"
        await pilot.press("enter")  # the first hit at or after the cursor, and the text gets the focus
        await settle(pilot)
        assert app.focused is view and view.current_hit == 0 and view.line == 67
        assert "find 'tri-service': 1 of 7 (n / N)" in status(app)
        await pilot.press("n")
        await settle(pilot)
        assert view.line == 164 and view.part is not None and view.part.id == "national-collaboration"
        assert str(pane(app).query_one("#report-find-count", Static).render()) == "2 of 7"
        await pilot.press("n")
        await settle(pilot)
        assert view.line == 399 and view.part is not None and view.part.heading == "Devon and Cornwall"
        await pilot.press("N", "N", "N")  # back to 164, 67, then round to the last hit
        await settle(pilot)
        assert view.current_hit == 6 and view.line == expected[-1]
        assert "7 of 7" in status(app)
        # The current hit is on screen and drawn highlighted: its text is in the row.
        hit = view.hits[6]
        assert view.wrapped is not None
        row = view.wrapped.row_of(hit.line, hit.start)
        assert int(view.scroll_y) <= row < int(view.scroll_y) + view.scrollable_content_region.height
        # A phrase through the FTS index: one hit, line 1069.
        await pilot.press("f")
        await settle(pilot)
        field = pane(app).query_one("#report-find-input", Input)
        field.value = "Guardian Series"
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        assert [h.line for h in view.hits] == [1069] and view.line == 1069
        # Escape closes the find and clears the hits; the cursor stays.
        await pilot.press("escape")
        await settle(pilot)
        assert view.hits == () and not pane(app).query_one("#report-find").display
        assert app.screen.active_pane == "report" and view.line == 1069


async def test_enter_lists_a_paragraphs_records_opens_one_and_escape_comes_back(built_db: Path) -> None:
    app = CollabApp(built_db, start=Start.line(1069))
    async with app.run_test(size=(120, 40)) as pilot:
        view = await ready(pilot, 1069)
        assert app.focused is view and view.line == 1069
        await pilot.press("enter")
        await settle(pilot)
        box = pane(app).query_one("#report-records", OptionList)
        assert app.focused is box and box.display
        prompts = [str(box.get_option_at_index(i).prompt) for i in range(box.option_count)]
        assert prompts[0].split() == ["project", "Guardian", "Series", "2014", "CBRN", "training", "days"]
        assert any("Northumbria Police" in p for p in prompts)
        # Escape closes the list, and the cursor has not moved.
        await pilot.press("escape")
        await settle(pilot)
        assert not box.display and app.focused is view and view.line == 1069
        await pilot.press("enter")
        await settle(pilot)
        await pilot.press("enter")  # the project
        await settle(pilot)
        assert app.screen.active_pane == "projects"
        projects = app.screen.query_one("#projects-pane-table", RecordTable)
        assert app.focused is projects and str(projects.current_ref()).endswith("guardian-series-2014")
        await pilot.press("escape")
        await settle(pilot)
        assert app.screen.active_pane == "report" and app.focused is view and view.line == 1069


async def test_a_discrepancy_from_a_paragraph_highlights_both_sides_and_n_goes_to_the_other(
    built_db: Path,
) -> None:
    app = CollabApp(built_db, start=Start.line(421))
    async with app.run_test(size=(120, 40)) as pilot:
        view = await ready(pilot, 421)
        await pilot.press("enter")
        await settle(pilot)
        box = pane(app).query_one("#report-records", OptionList)
        refs = [option_ref(box.get_option_at_index(i)) for i in range(box.option_count)]
        box.highlighted = refs.index(RecordRef("discrepancy", "cornwall-dclg-award-purpose"))
        await pilot.press("enter")
        await settle(pilot)
        assert app.screen.active_pane == "report"
        assert view.passages == (SourceRef(134, 134), SourceRef(421, 421))
        assert view.line == 134
        await pilot.press("n")
        await settle(pilot)
        assert view.line == 421 and "passage 2 of 2" in status(app)


async def test_v_on_a_project_lands_on_its_lines(built_db: Path) -> None:
    app = CollabApp(built_db, start=Start.record("project", "hayle-tri-service-station"))
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("enter")  # the project's detail
        await settle(pilot)
        assert isinstance(app.focused, DetailView)
        await pilot.press("v")
        await settle(pilot)
        assert app.screen.active_pane == "report"
        view = pane(app).view
        assert app.focused is view
        assert view.passages == (
            SourceRef(67, 67),
            SourceRef(134, 134),
            SourceRef(399, 399),
            SourceRef(421, 421),
        )
        assert view.line == 67
        assert "project Hayle tri-service station: passage 1 of 4 (n / N)" in status(app)
        assert row_text(view, 67).startswith(
            f"  67 {MARK} Cornwall County Council plans to build a new tri-service"
        )
        await pilot.press("n")
        await settle(pilot)
        assert view.line == 134
        await pilot.press("n", "n")
        await settle(pilot)
        assert view.line == 421 and "passage 4 of 4" in status(app)
        # Escape: back where v was pressed (the history): the Projects pane at the project.
        await pilot.press("escape")
        await settle(pilot)
        projects = app.screen.query_one("#projects-pane-table", RecordTable)
        assert app.screen.active_pane == "projects" and app.focused is projects
        assert str(projects.current_ref()).endswith("hayle-tri-service-station")


async def test_the_open_report_entry_point_takes_any_record(built_db: Path) -> None:
    app = CollabApp(built_db)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        screen = app.screen
        assert await screen.open_report(RecordRef("person", "vera-baird"))  # type: ignore[attr-defined]
        await settle(pilot)
        view = pane(app).view
        assert view.line == 1083 and view.report.text(1083) == "PCC: Vera Baird (Lab)"
        assert await screen.open_report(RecordRef("line", "1069"))  # type: ignore[attr-defined]
        await settle(pilot)
        assert view.line == 1069
        assert not await screen.open_report(RecordRef("project", "no-such-project"))  # type: ignore[attr-defined]


async def test_v_with_a_table_focused_opens_the_highlighted_records_lines(built_db: Path) -> None:
    app = CollabApp(built_db, start=Start.record("person", "vera-baird"))
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        leaders = app.screen.query_one("#leaders-pane-table", RecordTable)
        assert app.focused is leaders and str(leaders.current_ref()).endswith("vera-baird")
        await pilot.press("v")
        await settle(pilot)
        view = pane(app).view
        assert app.screen.active_pane == "report" and app.focused is view
        assert view.line == 1083 and view.report.text(1083) == "PCC: Vera Baird (Lab)"
        assert "leader Vera Baird" in status(app)
        await pilot.press("escape")
        await settle(pilot)
        assert app.screen.active_pane == "leaders" and app.focused is leaders


async def test_o_hides_and_shows_the_contents_and_the_text_rewraps(built_db: Path) -> None:
    app = CollabApp(built_db, start=Start.line(1069))
    async with app.run_test(size=(80, 24)) as pilot:
        view = await ready(pilot, 1069)
        contents = pane(app).query_one("#report-contents", OptionList)
        assert contents.display and view.wrapped is not None
        narrow = view.wrapped.width
        await pilot.press("o")
        await until(pilot, lambda: view.wrapped is not None and view.wrapped.width > narrow, "a rewrap")
        assert not contents.display  # the text takes the room
        assert view.line == 1069 and "Northumbria Police" in row_text(view, 1069)
        await pilot.press("o")
        await until(pilot, lambda: view.wrapped is not None and view.wrapped.width == narrow, "a rewrap")
        assert contents.display
