"""collab_tui.formatting: money, leaders, area names and Markdown, with the report's own values."""

from __future__ import annotations

import pytest

from collab_tui.db import Database
from collab_tui.formatting import (
    amount_text,
    area_names,
    award_heading,
    format_gbp,
    format_money,
    from_funder,
    label_of,
    leader_details,
    leader_line,
    leader_name,
    leader_text,
    md_escape,
    names_of,
    one_line,
    plural,
    role_line,
    role_title,
)
from collab_tui.models import Award, Leader
from collab_tui.vocabulary import PROJECT_KIND_LABELS


def award(db: Database, award_id: str) -> Award:
    return next(a for a in db.awards() if a.id == award_id)


def leader(db: Database, area_id: str, name: str) -> Leader:
    return next(x for x in db.leaders(area_id) if x.name == name)


@pytest.mark.parametrize(
    ("args", "text"),
    [
        # Line 130: "£1.6m from the Home Office".
        ((1_600_000,), "£1,600,000"),
        # Line 500: "Durham received almost £600,000".
        ((600_000, True, "almost"), "almost £600,000"),
        # Line 510 (Essex): "will save up to £50,000 per annum": a bound, never "about".
        ((50_000, True, "up_to"), "up to £50,000"),
        # Line 877 (London): "police savings of over £500,000".
        ((500_000, True, "over"), "over £500,000"),
        # Line 399 (Devon and Cornwall): "a return of more than £2 million".
        ((2_000_000, True, "more_than"), "more than £2,000,000"),
        # Line 1234 (Suffolk): "Savings of around £25,000 per year": approximate with no bound word.
        ((25_000, True), "about £25,000"),
        # A table whose heading carries the £.
        ((413_250, False, None, False), "413,250"),
    ],
)
def test_format_gbp_keeps_the_reports_qualifier(args: tuple, text: str) -> None:
    assert format_gbp(*args) == text


def test_format_money_adds_a_stated_period_only() -> None:
    assert format_money(25_000, "per year", True, "about") == "about £25,000 per year"
    assert format_money(50_000, "per year", True, "up_to") == "up to £50,000 per year"
    assert format_money(500_000, "not stated", True, "over") == "over £500,000"
    assert (
        format_money(2_000_000, "over its lifespan", True, "more_than")
        == "more than £2,000,000 over its lifespan"
    )


def test_awards_read_as_the_report_prints_them(db: Database) -> None:
    """Durham's training centre (lines 500-502: 'almost £600,000'), reconciled to £592,000 elsewhere."""
    durham = award(db, "durham-joint-training-centre")
    said = {s.ref.start_line: amount_text(s) for s in durham.statements}
    assert said[500] == "almost £600,000"
    assert amount_text(durham) == "£592,000"
    assert award_heading(durham) == "£592,000 from the Home Office"
    # Line 130: £216,000 in 2014/15 with no funder printed beside it.
    scoping = award(db, "warwickshire-west-mercia-estate-company-scoping")
    assert award_heading(scoping) == "£216,000 (funder not stated)"
    assert from_funder("Department for Communities and Local Government") == (
        "from the Department for Communities and Local Government"
    )


def test_leader_lines(db: Database) -> None:
    """Lines 968, 195 and 1192-1195: Steven Bett (Ind), John Long (acting), Anthony Marsh listed under three areas."""
    bett = leader(db, "norfolk", "Steven Bett")
    assert leader_line(bett) == "Norfolk PCC: Steven Bett (Ind)"
    assert leader_text(bett) == "Steven Bett (Ind)"
    long = leader(db, "avon-and-somerset", "John Long")
    assert leader_name(long) == "John Long (acting)"
    assert leader_text(long) == "John Long (acting), Avon and Somerset Police"
    assert leader_line(long) == "Acting Chief Constable: John Long, Avon and Somerset Police"
    # Printed "Acting Chief Constable" (line 195): said once, not "Acting Chief Constable (acting)".
    assert (
        role_line(long, "Avon and Somerset")
        == "Acting Chief Constable, Avon and Somerset Police: Avon and Somerset"
    )
    assert role_title(long) == "Acting Chief Constable"
    assert role_title(long._replace(title="Chief Constable")) == "Chief Constable (acting)"
    marsh = leader(db, "warwickshire", "Anthony Marsh")
    listed = " (listed under Staffordshire, West Mercia, West Midlands)"
    assert leader_details(marsh) == ", West Midlands Ambulance Service" + listed
    assert leader_details(marsh, listed=False) == ", West Midlands Ambulance Service"
    assert leader_line(marsh) == "Chief Executive: Anthony Marsh, West Midlands Ambulance Service" + listed


def test_area_names_and_joint_records(db: Database) -> None:
    names = area_names(db.areas())
    assert names["devon-and-cornwall"] == "Devon and Cornwall"
    assert len(names) == len(db.areas())
    scoping = award(db, "warwickshire-west-mercia-estate-company-scoping")
    assert names_of(scoping.area_ids, names, " and ") == "Warwickshire and West Mercia"
    assert names_of(["atlantis", "norfolk"], names) == "atlantis, Norfolk"


def test_small_words() -> None:
    assert (plural(1, "project"), plural(6, "project"), plural(0, "award")) == (
        "1 project",
        "6 projects",
        "0 awards",
    )
    assert label_of(PROJECT_KIND_LABELS, "co_location") == "Co-location / shared station"
    assert label_of(PROJECT_KIND_LABELS, "joint_patrols") == "Joint patrols"
    assert one_line("Norfolk\n  and\tSuffolk\x1b[31m") == "Norfolk and Suffolk"
    assert one_line(None) == ""


@pytest.mark.parametrize("char", list("\\`*_[]<>|~#"))
def test_md_escape_escapes_every_markdown_special(char: str) -> None:
    """The superset of the two escapers there were (compare's and export's): each character escaped alone."""
    assert md_escape(f"Kent {char} Sussex") == f"Kent \\{char} Sussex"


def test_md_escape_makes_data_inert() -> None:
    assert (
        md_escape("Steven | Bett *[x]*\n# not a heading") == "Steven \\| Bett \\*\\[x\\]\\* \\# not a heading"
    )
    assert md_escape("~£25,000") == "about £25,000"
    assert md_escape("bell\x07 and \x1b[31mred") == "bell and red"
    # Ordinary report text passes unchanged: apostrophes, hyphens, pound signs, Welsh names.
    assert md_escape("PCC's office, Dyfed-Powys: £1,600,000") == "PCC's office, Dyfed-Powys: £1,600,000"
