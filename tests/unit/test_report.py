"""collab_tui.report: the report's text by part, paragraphs, records drawn from each line, and find."""

from __future__ import annotations

import re

import pytest

from collab_tui.db import Database
from collab_tui.models import RecordRef, SourceRef
from collab_tui.report import Ambiguous, Report, fold, grep
from tests.helpers import SOURCE


@pytest.fixture(scope="module")
def report(db: Database) -> Report:
    return Report.load(db)


def source_lines() -> list[str]:
    """The file's lines as the database keeps them: the text file's ``**`` bold markers are layout, not words."""
    return SOURCE.read_text(encoding="utf-8").replace("**", "").split("\n")


def test_every_line_of_the_source_is_in_the_report_once_in_order(report: Report) -> None:
    lines = source_lines()
    assert len(report) == 1517
    assert report.lines == lines[: len(report)]
    assert report.text(1069).startswith("Northumbria Police, Ambulance and Fire and Rescue Services")
    assert report.text(0) == "" and report.text(1518) == ""


def test_parts_are_the_front_matter_then_the_a_to_z_covering_every_line(report: Report) -> None:
    front = [(p.id, p.heading, p.start_line) for p in report.parts if p.front]
    assert front == [
        ("title", "Title and contents", 1),
        ("foreword", "Foreword by the Emergency Services Collaboration Working Group", 21),
        ("headlines", "Headlines", 39),
        ("how-was-this-overview-collated", "How Was This Overview Collated?", 77),
        ("government-funding", "Government Funding", 96),
        ("fire-transformation-fund", "Fire Transformation Fund Awards 2014 - update", 152),
        ("national-collaboration", "National Collaboration Between Emergency Services", 158),
    ]
    az = [p for p in report.parts if not p.front]
    assert len(az) == 38
    assert az[0].heading == "Avon and Somerset" and az[0].start_line == 182
    assert az[-1].heading == "Wiltshire" and az[-1].end_line == 1517
    # Contiguous: every line in exactly one part, in order.
    for a, b in zip(report.parts, report.parts[1:], strict=False):
        assert b.start_line == a.end_line + 1
    assert report.part_of(1069).heading == "Northumbria"  # type: ignore[union-attr]
    assert report.part_of(130).id == "government-funding"  # type: ignore[union-attr]


def test_paragraphs_are_runs_of_non_blank_lines(report: Report) -> None:
    lines = source_lines()
    for p in report.paragraphs:
        assert all(lines[n - 1].strip() for n in range(p.start_line, p.end_line + 1))
        assert not lines[p.start_line - 2].strip() or p.start_line == 1
    # The bullet list of lines 85-90 is one paragraph; the Leaders entry of lines 1094-1095 another.
    assert report.paragraph_at(87) == (85, 90)
    assert report.paragraph_at(1095) == (1094, 1095)
    assert report.paragraph_at(1070) is None


def test_records_drawn_from_a_line(report: Report) -> None:
    refs = [r.ref for r in report.records_at(421)]
    assert RecordRef("project", "hayle-tri-service-station") in refs
    assert RecordRef("funding", "cornwall-hayle-tri-service-station") in refs
    assert RecordRef("discrepancy", "cornwall-dclg-award-purpose") in refs
    names = {r.ref: r.name for r in report.records_at(421)}
    assert names[RecordRef("funding", "cornwall-hayle-tri-service-station")] == (
        "£100,000 from the Department for Communities and Local Government"
    )
    leaders = {r.name for r in report.records_in(1081, 1098) if r.ref.kind == "person"}
    assert leaders == {"Vera Baird", "Sue Sim", "Alex Bennett", "Tom Capeling", "Yvonne Ormston"}
    # Leaders first, then projects, awards, discrepancies, places, organisations, areas.
    kinds = [r.ref.kind for r in report.records_in(395, 425)]
    order = ["person", "project", "funding", "discrepancy", "place", "organisation", "area"]
    assert kinds == sorted(kinds, key=order.index)
    assert report.records_at(1070) == ()


def test_a_records_lines(report: Report) -> None:
    assert report.record_lines(RecordRef("project", "hayle-tri-service-station")) == (
        SourceRef(67, 67), SourceRef(134, 134), SourceRef(399, 399), SourceRef(421, 421),
    )  # fmt: skip
    sides = report.record_lines(RecordRef("discrepancy", "cornwall-dclg-award-purpose"))
    assert [s.start_line for s in sides] == [134, 421]
    assert report.record_lines(RecordRef("person", "vera-baird"))[0].start_line == 1083
    assert report.record_lines(RecordRef("line", "1069")) == (SourceRef(1069, 1069),)
    assert report.record_lines(RecordRef("line", "99999")) == ()
    assert report.record_lines(RecordRef("project", "no-such-project")) == ()


def literal_lines(needle: str) -> list[int]:
    """An independent count: the source lines containing needle, ignoring case."""
    return [n for n, t in enumerate(source_lines(), start=1) if needle.lower() in t.lower()]


def test_find_a_hyphenated_word_falls_back_to_the_literal_text(report: Report) -> None:
    result = report.find("tri-service")
    assert result.method == "text"
    assert result.lines() == literal_lines("tri-service")
    assert {67, 399, 421} <= set(result.lines())
    hit = next(h for h in result.hits if h.line == 67)
    assert report.text(67)[hit.start : hit.end] == "tri-service"


def test_find_a_phrase_uses_fts_and_finds_every_occurrence(report: Report) -> None:
    result = report.find("Guardian Series")
    assert result.method == "fts"
    assert [(h.line, report.text(h.line)[h.start : h.end]) for h in result.hits] == [
        (1069, "Guardian Series")
    ]
    station = report.find('"fire station"')
    expected = sum(len(re.findall(r"\bfire\W+station\b", t, re.I)) for t in source_lines())
    assert station.count == expected
    assert station.hits == tuple(sorted(station.hits))


def test_find_a_prefix(report: Report) -> None:
    result = report.find("guardian ser*")
    assert result.method == "fts" and result.lines() == [1069]
    collab = report.find("collab*")
    expected = sum(len(re.findall(r"\bcollab\w*", t, re.I)) for t in source_lines())
    assert collab.count == expected
    words = {report.text(h.line)[h.start : h.end].lower() for h in collab.hits}
    assert {"collaboration", "collaborative", "collaborate"} <= words


def test_find_a_pound_amount_and_an_apostrophe(report: Report) -> None:
    assert report.find("£1.6m").lines() == [130]
    assert report.find("£100,000").lines() == literal_lines("£100,000")
    pccs = report.find("PCC's")
    assert pccs.method == "text" and pccs.lines() == literal_lines("PCC's")


def test_find_nothing_and_odd_input(report: Report) -> None:
    for query in ("", "   ", '"', "*", '""', "zzzzqqq", "NEAR(", "a AND", "'; DROP TABLE source_line"):
        result = report.find(query)
        assert isinstance(result.count, int)
    assert report.find("zzzzqqq").count == 0


def test_fold_keeps_offsets() -> None:
    for text in ("Ynys Môn", "CAFÉ", "İstanbul", "£1.6m", "straße"):
        assert len(fold(text)) == len(text)
    assert fold("Ynys Môn") == "ynys mon"


def test_parts_by_fuzzy_name(report: Report) -> None:
    assert report.resolve_part("Northumbria").id == "northumbria"  # type: ignore[union-attr]
    assert report.resolve_part("northumbira").id == "northumbria"  # type: ignore[union-attr]
    assert report.resolve_part("foreword").id == "foreword"  # type: ignore[union-attr]
    assert report.resolve_part("government funding").id == "government-funding"  # type: ignore[union-attr]
    assert report.resolve_part("Gwent").id == "wales-south"  # type: ignore[union-attr]
    assert report.resolve_part("sussex").id == "surrey-and-sussex"  # type: ignore[union-attr]
    with pytest.raises(Ambiguous) as exc:
        report.resolve_part("wales")
    assert [p.id for p in exc.value.candidates] == ["wales-north", "wales-south", "wales-mid-and-west"]
    assert report.resolve_part("xyzzy") is None


def test_grep_json_items(report: Report) -> None:
    items = grep(report, "tri-service")
    by_line = {i["line"]: i for i in items}
    assert by_line[399]["section"] == "Devon and Cornwall"
    assert by_line[67]["section"] == "Headlines"
    kinds = {(r["kind"], r["id"]) for r in by_line[421]["records"]}  # type: ignore[attr-defined]
    assert ("funding", "cornwall-hayle-tri-service-station") in kinds


def test_wrap_breaks_at_spaces_and_keeps_every_character() -> None:
    from collab_tui.report_layout import wrap_starts

    text = (
        "Northumbria Police, Ambulance and Fire and Rescue Services are involved in the Guardian Series 2014"
    )
    starts = wrap_starts(text, 30)
    rows = [text[a:b] for a, b in zip(starts, [*starts[1:], len(text)], strict=True)]
    assert "".join(rows) == text
    assert all(len(r.rstrip()) <= 30 for r in rows)
    assert all(not r.startswith(" ") for r in rows)  # a row never starts with the space it broke at
    assert wrap_starts("x" * 70, 30) == [0, 30, 60]  # no space: broken mid-word
    assert wrap_starts("short", 30) == [0]


def test_layout_maps_rows_to_lines_and_back(report: Report) -> None:
    from collab_tui.report_layout import Layout

    layout = Layout(report.lines, 60)
    assert layout.rows > len(report)
    for line in (1, 67, 1069, 1517):
        row = layout.row_of(line)
        assert layout.row_span(row)[:2] == (line, 0)
    # Every character of a long line is on exactly one of its rows, in order.
    first, last = layout.row_of(1069), layout.row_of(1070) - 1
    text = "".join(report.text(1069)[a:b] for _, a, b in (layout.row_span(r) for r in range(first, last + 1)))
    assert text == report.text(1069)
    # The row showing a hit's offset contains it.
    hit = next(h for h in report.find("CBRN").hits if h.line == 1069)
    line, start, end = layout.row_span(layout.row_of(hit.line, hit.start))
    assert line == 1069 and start <= hit.start < end
    assert Layout([], 60).rows == 0 and Layout([], 60).row_of(5) == 0
