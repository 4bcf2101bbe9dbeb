"""The HTML briefing: self-contained, escaped, ruled tables with the report's lines, marks and footer."""

from __future__ import annotations

import re
from dataclasses import replace
from html.parser import HTMLParser

import pytest

from collab_tui.briefing import area_html, esc, person_html
from collab_tui.compare import compare_areas
from collab_tui.compare_html import comparison_html
from collab_tui.db import Database


class Page(HTMLParser):
    """Tables as lists of rows of cell text, every tag and attribute, the text of the footer."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.tables: list[list[list[str]]] = []
        self.footer = ""
        self.title = ""
        self._cell: list[str] | None = None
        self._stack: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))
        self._stack.append(tag)
        if tag == "table":
            self.tables.append([])
        elif tag == "tr":
            self.tables[-1].append([])
        elif tag in {"td", "th"}:
            self._cell = []

    def handle_endtag(self, tag: str) -> None:
        if tag in {"td", "th"} and self._cell is not None:
            self.tables[-1][-1].append(" ".join("".join(self._cell).split()))
            self._cell = None
        if self._stack and self._stack[-1] == tag:
            self._stack.pop()

    def handle_data(self, data: str) -> None:
        if self._cell is not None:
            self._cell.append(data)
        if "footer" in self._stack:
            self.footer += data
        if self._stack and self._stack[-1] == "title":
            self.title += data


def parse(text: str) -> Page:
    page = Page()
    page.feed(text)
    page.close()
    return page


def assert_self_contained(text: str, page: Page) -> None:
    """No script, no fetch of anything: no external reference of any kind."""
    names = {tag for tag, _ in page.tags}
    assert not names & {
        "script",
        "link",
        "img",
        "iframe",
        "object",
        "embed",
        "video",
        "audio",
        "base",
        "form",
    }
    for tag, attrs in page.tags:
        for name, value in attrs.items():
            assert name not in {"src", "href", "srcset", "action", "background"}, (tag, name, value)
            assert not name.startswith("on"), (tag, name)
    assert not re.search(r"url\s*\(|@import|https?://|//[a-z]", text, re.IGNORECASE)


def table_with(page: Page, header: list[str]) -> list[list[str]]:
    return next(t for t in page.tables if t and t[0] == header)


def test_norfolk_and_suffolk(db: Database) -> None:
    text = comparison_html(compare_areas(db, "norfolk", "suffolk"))
    page = parse(text)
    assert_self_contained(text, page)
    assert page.title == "Briefing: Norfolk and Suffolk"
    assert text.startswith("<!DOCTYPE html>") and '<meta charset="utf-8">' in text
    assert "size: A4" in text and "page-break-before: always" in text
    leaders = table_with(page, ["Role", "Norfolk", "Suffolk"])
    marsh = next(r for r in leaders if r[0] == "Ambulance Chief Executive")
    assert marsh[1] == "Anthony Marsh, East of England Ambulance Service SHARED (lines 976-979)"
    assert marsh[2] == "Anthony Marsh, East of England Ambulance Service SHARED (lines 1223-1226)"
    assert [
        "Police and Crime Commissioner",
        "Steven Bett (Ind) (line 968)",
        "Tim Passmore (Cons) (line 1215)",
    ] in leaders
    awards = table_with(
        page, ["Amount", "Funder", "Fund", "Year", "Purpose", "Norfolk", "Suffolk", "Report lines"]
    )
    woodbridge = next(r for r in awards[1:] if r[0] == "£413,250")
    assert woodbridge[1:4] == ["Home Office", "Police Innovation Fund", "2014/15"]
    assert woodbridge[5:] == ["", "✓", "line 110; line 1234"]
    assert "JOINT" not in woodbridge[4]  # Suffolk's alone
    totals = table_with(page, ["Funder", "Norfolk", "Suffolk"])
    assert totals[-1] == ["Total", "£0", "£473,250"]
    savings = table_with(page, ["Area", "Project", "Saving as stated"])
    assert ["Suffolk", "Woodbridge shared police and fire station", "about £25,000 per year"] in savings
    assert "The report does not contradict itself about either area." in text
    footer = " ".join(page.footer.split())
    assert "Emergency Services Collaboration: The Current Picture (2014)" in footer
    assert "Data from the 2014 report; post-holders may have changed since." in footer
    assert "Open Government Licence v3.0" in footer


def test_warwickshire_and_west_mercia_marks_joint_awards_and_contradictions(db: Database) -> None:
    text = comparison_html(compare_areas(db, "warwickshire", "west-mercia"))
    page = parse(text)
    assert_self_contained(text, page)
    awards = table_with(
        page, ["Amount", "Funder", "Fund", "Year", "Purpose", "Warwickshire", "West Mercia", "Report lines"]
    )
    contact = next(r for r in awards[1:] if r[0] == "£1,600,000")
    assert contact[4].endswith("JOINT REPORT DIFFERS") and contact[5:] == ["✓", "✓", "line 130; line 1423"]
    estate = next(r for r in awards[1:] if r[0] == "£216,000")
    assert estate[4].endswith("JOINT") and "REPORT DIFFERS" not in estate[4] and estate[3] == "2014/15"
    assert table_with(page, ["Funder", "Warwickshire", "West Mercia"])[-1] == [
        "Total",
        "£1,816,000",
        "£1,816,000",
    ]
    contradictions = table_with(page, ["Affects", "Kind", "What the report says", "Report lines"])
    hove = next(r for r in contradictions[1:] if "Hove and Worcester" in r[2])
    assert hove[0] == "West Mercia" and hove[3] == "line 1390; lines 1404-1405; lines 1407-1408"
    both = next(r for r in contradictions[1:] if r[0] == "Warwickshire and West Mercia")
    assert both[3] == "line 130; line 1394; line 1423"
    projects = table_with(page, ["Project", "Kinds", "Status", "Warwickshire", "West Mercia", "Report lines"])
    bromsgrove = next(r for r in projects if r[0].startswith("Bromsgrove police and fire station"))
    assert bromsgrove[3:5] == ["", "✓"] and "JOINT" not in bromsgrove[0]
    assert "Both areas are covered by one report section, “Warwickshire and West Mercia” (England)." in text


def test_every_value_is_escaped(db: Database) -> None:
    c = compare_areas(db, "norfolk", "suffolk")
    hostile = '<script>alert("x")</script> & [b]Nor[/b] \x1b[31mfolk'
    c = replace(c, left=c.left._replace(name=hostile))
    text = comparison_html(c)
    page = parse(text)
    assert_self_contained(text, page)
    assert "<script>" not in text and "\x1b" not in text
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; [b]Nor[/b] folk" in text
    assert page.title == 'Briefing: <script>alert("x")</script> & [b]Nor[/b] folk and Suffolk'
    assert esc("O'Neil <b>") == "O&#x27;Neil &lt;b&gt;"


@pytest.mark.parametrize("area", ["norfolk", "warwickshire", "dorset"])
def test_area_briefing(db: Database, area: str) -> None:
    text = area_html(db, area)
    page = parse(text)
    assert_self_contained(text, page)
    leaders = table_with(page, ["Role", "Name", "Party", "Organisation", "Report lines"])
    assert len(leaders) == len(db.leaders(area)) + 1
    assert all(re.fullmatch(r"lines? \d+(-\d+)?", r[-1]) for r in leaders[1:])
    assert "Open Government Licence v3.0" in page.footer


def test_dorset_award_the_report_states_differently(db: Database) -> None:
    page = parse(area_html(db, "dorset"))
    awards = table_with(
        page, ["Amount", "Funder", "Fund", "Year", "Purpose", "Joint / national", "Report lines"]
    )
    flagged = [r for r in awards[1:] if "REPORT DIFFERS" in r[4]]
    assert any(r[0] == "£80,400" for r in flagged)


def test_person_briefing(db: Database) -> None:
    page = parse(person_html(db, "ken-wenman"))
    roles = table_with(page, ["Role as printed", "Organisation", "Area", "Party", "Report lines"])
    assert any(r[2] == "Dorset" for r in roles[1:])
