"""collab_tui.compare: real pairs of areas, checked against the report's own lines."""

from __future__ import annotations

import json
from dataclasses import replace

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from collab_tui.compare import (
    BOTH,
    LEFT,
    RIGHT,
    CompareError,
    Comparison,
    LeaderRow,
    compare_areas,
    next_difference,
    swapped,
)
from collab_tui.compare_export import comparison_dict, comparison_markdown
from collab_tui.db import Database
from collab_tui.formatting import md_escape
from collab_tui.models import VINTAGE_NOTE

LICENCE_LINE = (
    "Source: Emergency Services Collaboration: The Current Picture (2014). "
    "Contains public sector information licensed under the Open Government Licence v3.0."
)


def leader_row(c: Comparison, role: str) -> LeaderRow:
    return next(r for r in c.leaders if r.role == role)


def names(entries: tuple) -> list[str]:
    return [x.record.name for x in entries]


def award_ids(c: Comparison, side: str, shared: bool | None = None) -> set[str]:
    awards = c.funding.left if side == LEFT else c.funding.right
    return {x.record.id for x in awards if shared is None or x.shared == shared}


def test_norfolk_and_suffolk_share_east_of_england_ambulance_and_anthony_marsh(db: Database) -> None:
    """Lines 976-979 and 1223-1226: 'Ambulance: East of England / Ambulance Service / Chief Executive: Anthony Marsh'."""
    c = compare_areas(db, "norfolk", "suffolk")
    assert [o.name for o in c.organisations.shared] == ["East of England Ambulance Service"]
    assert "police-norfolk" in {o.id for o in c.organisations.left_only}
    assert "police-suffolk" in {o.id for o in c.organisations.right_only}
    ambulance = leader_row(c, "ambulance_chief_executive")
    assert ambulance.label == "Ambulance Chief Executive"
    assert names(ambulance.left) == names(ambulance.right) == ["Anthony Marsh"]
    assert all(x.shared for x in (*ambulance.left, *ambulance.right))
    assert ambulance.shared == ("Anthony Marsh",)
    assert not ambulance.differs
    assert (ambulance.left[0].record.ref.label, ambulance.right[0].record.ref.label) == (
        "lines 976-979",
        "lines 1223-1226",
    )
    pcc = leader_row(c, "pcc")
    assert (names(pcc.left), names(pcc.right)) == (["Steven Bett"], ["Tim Passmore"])
    assert pcc.differs and not any(x.shared for x in (*pcc.left, *pcc.right))
    assert [r.role for r in c.leaders] == [
        "pcc",
        "chief_constable",
        "chief_fire_officer",
        "ambulance_chief_executive",
    ]


def test_norfolk_and_suffolk_funding_and_savings(db: Database) -> None:
    """Line 1234: Suffolk's £60,000 from DCLG and £413,250 from the Police Innovation Fund; Norfolk has none."""
    c = compare_areas(db, "norfolk", "suffolk")
    assert c.funding.left == ()
    assert [(x.record.amount_gbp, x.record.funder) for x in c.funding.right] == [
        (413_250, "Home Office"),
        (60_000, "Department for Communities and Local Government"),
    ]
    assert (c.funding.left_total, c.funding.right_total) == (0, 473_250)
    assert [x.text for x in c.savings.right] == ["£1,800,000 over 10 years", "about £25,000 per year"]
    assert c.savings.left == ()


def test_areas_of_one_report_section_have_the_same_heading(db: Database) -> None:
    """Line 1236 'Surrey and Sussex' and line 1386 'Warwickshire and West Mercia' head one section each."""
    for a, b, heading in (
        ("surrey", "sussex", "Surrey and Sussex"),
        ("warwickshire", "west-mercia", "Warwickshire and West Mercia"),
    ):
        c = compare_areas(db, a, b)
        assert c.left.section_heading == c.right.section_heading == heading
        section_row = next(r for r in c.rows if r.label == "Report section")
        assert (section_row.left, section_row.right, section_row.differs) == (heading, heading, False)
        assert f"one report section, “{heading}”" in comparison_markdown(c)


def test_warwickshire_and_west_mercia_share_both_home_office_awards(db: Database) -> None:
    """Lines 130 and 1423: £1.6m from the Home Office and £216,000 (2014/15, no funder printed beside it), to both."""
    c = compare_areas(db, "warwickshire", "west-mercia")
    joint = {
        "warwickshire-west-mercia-single-contact-management",
        "warwickshire-west-mercia-estate-company-scoping",
    }
    assert award_ids(c, LEFT, shared=True) == award_ids(c, RIGHT, shared=True) == joint
    assert sorted(x.record.amount_gbp for x in c.funding.left) == [216_000, 1_600_000]
    assert [(t.funder, t.amount_gbp, t.awards) for t in c.funding.left_totals] == [
        ("Home Office", 1_600_000, 1),
        ("Not stated", 216_000, 1),
    ]
    assert c.funding.left_totals == c.funding.right_totals
    award_rows = [r for r in c.rows if r.section == "Funding" and r.label == "Award"]
    assert {r.link_id for r in award_rows} == joint
    assert not any(r.differs for r in award_rows)
    # Lines 1409-1411 give West Mercia's ambulance chief executive; Warwickshire's entry (1418-1419) names the
    # same trust and no chief executive: he is shown for Warwickshire too, marked as listed under the others.
    ambulance = leader_row(c, "ambulance_chief_executive")
    assert (names(ambulance.left), names(ambulance.right)) == (["Anthony Marsh"], ["Anthony Marsh"])
    assert ambulance.left[0].record.listed_under == "Staffordshire, West Mercia, West Midlands"
    assert ambulance.right[0].record.listed_under is None
    assert not ambulance.differs
    sides = {d.discrepancy.id: d.side for d in c.discrepancies}
    assert sides["warwickshire-west-mercia-contact-management-purpose"] == BOTH
    assert sides["hereford-and-worcester-printed-hove-and-worcester"] == RIGHT
    md_text = comparison_markdown(c)
    assert "£1,600,000 from the Home Office" in md_text
    assert "£216,000 (funder not stated), 2014/15" in md_text
    assert "(line 130; line 1423)" in md_text
    assert "| **Total** | **£1,816,000** | **£1,816,000** |" in md_text


def test_surrey_and_sussex_joint_award_and_discrepancies(db: Database) -> None:
    """Line 150: £750,000 from the Home Office (MAIT, Surrey) and £750,000 from DCLG (shared services)."""
    c = compare_areas(db, "surrey", "sussex")
    assert award_ids(c, LEFT, shared=True) == award_ids(c, RIGHT) == {"surrey-sussex-dclg-shared-services"}
    assert award_ids(c, LEFT, shared=False) == {"surrey-mait-police-innovation-fund"}
    assert (c.funding.left_total, c.funding.right_total) == (1_500_000, 750_000)
    assert {d.discrepancy.id: d.side for d in c.discrepancies} == {
        "surrey-sussex-dclg-shared-services-purpose": BOTH,
        "surrey-sussex-dclg-shared-services-recipient": BOTH,
    }


def test_devon_and_cornwall_and_avon_and_somerset_share_fire_and_ambulance(db: Database) -> None:
    """Line 413 and line 199 both name Lee Howell (Devon and Somerset); lines 417 and 203 both Ken Wenman."""
    c = compare_areas(db, "devon-and-cornwall", "avon-and-somerset")
    shared = {o.id: o.name for o in c.organisations.shared}
    assert shared == {
        "fire-devon-and-somerset": "Devon and Somerset Fire and Rescue Service",
        "ambulance-south-western": "South Western Ambulance Service",
    }
    fire = leader_row(c, "chief_fire_officer")
    assert sorted(names(fire.left)) == ["Des Tidbury", "Lee Howell"]
    assert sorted(names(fire.right)) == ["Kevin Pearson", "Lee Howell"]
    assert fire.shared == ("Lee Howell",)
    howell = [x for x in (*fire.left, *fire.right) if x.record.name == "Lee Howell"]
    assert all(x.shared and x.record.organisation_id == "fire-devon-and-somerset" for x in howell)
    assert not any(x.shared for x in (*fire.left, *fire.right) if x.record.name != "Lee Howell")
    assert fire.differs  # Cornwall's and Avon's chief fire officers differ
    ambulance = leader_row(c, "ambulance_chief_executive")
    assert names(ambulance.left) == names(ambulance.right) == ["Ken Wenman"]
    assert not ambulance.differs
    # Avon and Somerset prints an acting chief constable (line 195) beside Nick Gargan (line 194).
    police = leader_row(c, "chief_constable")
    assert [(x.record.name, x.record.acting) for x in police.right] == [
        ("Nick Gargan", False),
        ("John Long", True),
    ]
    md_text = comparison_markdown(c)
    assert "Lee Howell, Devon and Somerset Fire and Rescue Service (line 413) (shared)" in md_text
    assert "Lee Howell, Devon and Somerset Fire and Rescue Service (line 199) (shared)" in md_text
    assert "Shared by both areas: Lee Howell, Ken Wenman." in md_text


def test_cheshire_and_cumbria_share_nwas_and_differ_in_project_kinds(db: Database) -> None:
    """Lines 277 and 340: Bob Williams; line 253 Nantwich co-responders; line 326 Penrith co-located headquarters."""
    c = compare_areas(db, "cheshire", "cumbria")
    assert [o.name for o in c.organisations.shared] == ["North West Ambulance Service"]
    ambulance = leader_row(c, "ambulance_chief_executive")
    assert names(ambulance.left) == names(ambulance.right) == ["Bob Williams"]
    assert ambulance.shared == ("Bob Williams",)
    kinds = {k.kind: k for k in c.projects.kinds}
    assert kinds["co_responding"].only == LEFT
    assert [x.record.id for x in kinds["co_responding"].left] == ["nantwich-co-responder-scheme"]
    assert kinds["shared_headquarters"].only == RIGHT
    assert [x.record.id for x in kinds["shared_headquarters"].right] == ["penrith-co-located-headquarters"]
    assert kinds["co_location"].only is None
    assert kinds["governance_and_integration"].only is None
    assert "Penrith" in c.projects.right_sites
    assert "Nantwich" in c.projects.left_sites
    md_text = comparison_markdown(c)
    assert "| Co-responding | 1 | 0 | Cheshire only |" in md_text
    assert "| Shared headquarters | 0 | 1 | Cumbria only |" in md_text


def test_kind_order_follows_the_vocabulary(db: Database) -> None:
    from collab_tui.vocabulary import PROJECT_KIND_LABELS

    c = compare_areas(db, "cheshire", "cumbria")
    order = list(PROJECT_KIND_LABELS)
    assert [k.kind for k in c.projects.kinds] == sorted((k.kind for k in c.projects.kinds), key=order.index)
    assert all(k.label == PROJECT_KIND_LABELS[k.kind] for k in c.projects.kinds)


def test_london_mayor_and_commissioner_share_rows_with_pcc_and_chief_constable(db: Database) -> None:
    """Line 889 'PCC/Mayor: Boris Johnson'; line 891 Bernard Hogan-Howe, Commissioner."""
    c = compare_areas(db, "london", "kent")
    pcc = leader_row(c, "pcc")
    assert pcc.label == "Police and Crime Commissioner / Mayor"
    assert names(pcc.left) == ["Boris Johnson"]
    police = leader_row(c, "chief_constable")
    assert police.label == "Chief Constable / Commissioner"
    assert names(police.left) == ["Bernard Hogan-Howe"]


def test_markdown_is_a_briefing_note(db: Database) -> None:
    c = compare_areas(db, "norfolk", "suffolk")
    text = comparison_markdown(c)
    assert text.startswith("# Briefing: Norfolk and Suffolk\n")
    assert VINTAGE_NOTE in text
    assert "| Role | Norfolk | Suffolk |" in text
    assert (
        "| Ambulance Chief Executive | Anthony Marsh, East of England Ambulance Service (lines 976-979) (shared)"
        " | Anthony Marsh, East of England Ambulance Service (lines 1223-1226) (shared) |"
    ) in text
    assert "Steven Bett (Ind) (line 968)" in text
    assert "£413,250 from the Home Office, Police Innovation Fund, 2014/15" in text
    assert "(line 110; line 1234)" in text
    assert "about £25,000 per year" in text
    for heading in ("## Leaders", "## Organisations", "## Projects by kind", "## Funding", "## Stated savings",
                    "## Discrepancies"):  # fmt: skip
        assert f"\n{heading}\n" in text
    assert text.rstrip("\n").endswith(LICENCE_LINE)


def test_markdown_escapes_data_so_a_record_cannot_break_a_table(db: Database) -> None:
    c = compare_areas(db, "norfolk", "suffolk")
    row = leader_row(c, "pcc")
    evil = replace(
        row.left[0], record=row.left[0].record._replace(name="Steven | Bett *[x]*\n# not a heading")
    )
    leaders = tuple(replace(r, left=(evil,)) if r.role == "pcc" else r for r in c.leaders)
    text = comparison_markdown(replace(c, leaders=leaders, left=c.left._replace(name="Norfolk | Broads")))
    table_row = next(line for line in text.splitlines() if line.startswith("| Police and Crime Commissioner"))
    unescaped = table_row.replace("\\|", "")
    assert unescaped.count("|") == 4
    # One escaper for every Markdown export (collab_tui.formatting.md_escape): "#" is escaped too.
    assert "Steven \\| Bett \\*\\[x\\]\\* \\# not a heading" in table_row
    assert "| Role | Norfolk \\| Broads | Suffolk |" in text
    assert md_escape("a_b <i>`c`</i> ~£5") == "a\\_b \\<i\\>\\`c\\`\\</i\\> about £5"
    assert md_escape("bell\x07 and \x1b[31mred") == "bell and red"


def test_comparison_dict_is_json_ready_with_stable_keys(db: Database) -> None:
    c = compare_areas(db, "devon-and-cornwall", "avon-and-somerset")
    data = json.loads(json.dumps(comparison_dict(c)))
    assert list(data) == ["left", "right", "vintage", "source", "licence", "leaders", "organisations", "projects",
                          "funding", "savings", "discrepancies", "rows"]  # fmt: skip
    assert data["left"] == {
        "id": "devon-and-cornwall",
        "name": "Devon and Cornwall",
        "nation": "England",
        "section": "Devon and Cornwall",
    }
    assert data["licence"] == "Open Government Licence v3.0"
    assert data["source"] == "Emergency Services Collaboration: The Current Picture (2014)"
    assert data["vintage"] == VINTAGE_NOTE
    fire = next(r for r in data["leaders"] if r["role"] == "chief_fire_officer")
    howell = next(x for x in fire["left"] if x["person_id"] == "lee-howell")
    assert howell["shared"] is True
    assert howell["source"]["start_line"] == 413
    assert {o["id"] for o in data["organisations"]["shared"]} == {
        "fire-devon-and-somerset",
        "ambulance-south-western",
    }
    assert data["funding"]["left_total"] == 100_000
    assert len(data["rows"]) == len(c.rows)


def test_rows_are_aligned_and_differences_can_be_jumped(db: Database) -> None:
    c = compare_areas(db, "cheshire", "cumbria")
    assert [r.section for r in c.rows[:2]] == ["Area", "Area"]
    sections = list(dict.fromkeys(r.section for r in c.rows))
    assert sections == ["Area", "Leaders", "Organisations", "Projects", "Funding", "Discrepancies"]
    nwas = next(r for r in c.rows if r.link_id == "ambulance-north-west")
    assert (nwas.left, nwas.right, nwas.differs) == ("North West Ambulance Service",) * 2 + (False,)
    bob = next(r for r in c.rows if r.section == "Leaders" and r.label == "Ambulance Chief Executive")
    assert (bob.link_kind, bob.link_id, bob.differs) == ("person", "bob-williams", False)
    found = c.differences
    assert found and all(c.rows[i].differs for i in found)
    first = next_difference(c, -1)
    assert first == found[0]
    assert next_difference(c, found[-1]) == found[0]  # n wraps round
    assert next_difference(c, found[0], backwards=True) == found[-1]  # N wraps back


def test_self_comparison_and_unknown_ids_raise_compare_error(db: Database) -> None:
    with pytest.raises(CompareError, match="choose two different areas"):
        compare_areas(db, "norfolk", "norfolk")
    with pytest.raises(CompareError, match="unknown area id: 'atlantis'"):
        compare_areas(db, "norfolk", "atlantis")
    with pytest.raises(CompareError, match="unknown area id"):
        compare_areas(db, "atlantis", "norfolk")
    assert issubclass(CompareError, ValueError)


def test_swapping_twice_is_the_identity(db: Database) -> None:
    c = compare_areas(db, "norfolk", "suffolk")
    assert swapped(swapped(c)) == c
    assert swapped(c).left.id == "suffolk"


@pytest.fixture(scope="module")
def area_ids(db: Database) -> list[str]:
    return sorted(a.id for a in db.areas())


@settings(max_examples=40, deadline=None)
@given(data=st.data())
def test_compare_mirrors_when_the_sides_are_swapped(
    db: Database, area_ids: list[str], data: st.DataObject
) -> None:
    """compare(a, b) is compare(b, a) with left and right exchanged, row for row."""
    a = data.draw(st.sampled_from(area_ids), label="a")
    b = data.draw(st.sampled_from([x for x in area_ids if x != a]), label="b")
    ab, ba = compare_areas(db, a, b), compare_areas(db, b, a)
    assert swapped(ab) == ba
    assert [(r.section, r.label, r.right, r.left, r.differs, r.link_id) for r in ab.rows] == [
        (r.section, r.label, r.left, r.right, r.differs, r.link_id) for r in ba.rows
    ]
    assert [(k.kind, k.left_count, k.right_count) for k in ab.projects.kinds] == [
        (k.kind, k.right_count, k.left_count) for k in ba.projects.kinds
    ]
    assert (ab.funding.left_total, ab.funding.right_total) == (ba.funding.right_total, ba.funding.left_total)
    json.dumps(comparison_dict(ab))
    assert comparison_markdown(ab).startswith(
        f"# Briefing: {md_escape(ab.left.name)} and {md_escape(ab.right.name)}"
    )


def test_differs_means_the_sides_say_different_things_norfolk_and_suffolk(db: Database) -> None:
    """The Norfolk (line 945 on) and Suffolk (line 1205 on) sections: 10 of 67 rows differ, each one a real difference, none a mere listing."""
    c = compare_areas(db, "norfolk", "suffolk")
    assert len(c.rows) == 67
    differing = [(r.section, r.label, r.left, r.right) for r in (c.rows[i] for i in c.differences)]
    assert differing == [
        ("Leaders", "Police and Crime Commissioner", "Steven Bett (Ind)", "Tim Passmore (Cons)"),
        ("Leaders", "Chief Constable", "Simon Bailey, Norfolk Constabulary", "Douglas Paxton, Suffolk police force"),
        ("Leaders", "Chief Fire Officer", "Nigel Williams, Norfolk Fire and Rescue Service",
         "Mark Hardingham, Suffolk Fire and Rescue Authority"),
        ("Organisations", "Other", "coastguard", ""),  # bodies of a kind only Norfolk names (first of four)
        ("Projects", "Fleet and workshops", "1 project", "0 projects"),
        ("Projects", "Resilience and emergency planning", "4 projects", "0 projects"),
        ("Projects", "Governance and integration", "2 projects", "0 projects"),
        ("Funding", "Total from the Department for Communities and Local Government", "", "£60,000 (1 award)"),
        ("Funding", "Total from the Home Office", "", "£413,250 (1 award)"),
        ("Funding", "Total", "£0", "£473,250"),
    ]  # fmt: skip
    by_label = {(r.section, r.label, r.left, r.right): r for r in c.rows}
    marsh = next(r for r in c.rows if r.label == "Ambulance Chief Executive")
    assert (marsh.mark, marsh.differs) == ("=", False)
    # Each area's own police force, and 6 co-location projects against 4, are not differences.
    force = by_label[("Organisations", "Police force", "Norfolk Constabulary", "Suffolk police force")]
    assert (force.differs, force.mark) == (False, "")
    co_location = next(r for r in c.rows if r.label == "Co-location / shared station")
    assert (co_location.left, co_location.right, co_location.differs) == ("6 projects", "4 projects", False)
    # n from the top lands on the PCC, not on "Report section".
    assert c.rows[next_difference(c, -1)].label == "Police and Crime Commissioner"


def test_a_row_naming_two_people_links_both_with_their_sides(db: Database) -> None:
    from collab_tui.compare import CompareLink
    from collab_tui.models import RecordRef

    c = compare_areas(db, "norfolk", "suffolk")
    pcc = next(r for r in c.rows if r.label == "Police and Crime Commissioner")
    assert pcc.links == (
        CompareLink(LEFT, RecordRef("person", "steven-bett"), "Steven Bett"),
        CompareLink(RIGHT, RecordRef("person", "tim-passmore"), "Tim Passmore"),
    )
    assert pcc.link_id is None  # two records: the screen asks which
    marsh = next(r for r in c.rows if r.label == "Ambulance Chief Executive")
    assert marsh.refs == (RecordRef("person", "anthony-marsh"),)
    assert (marsh.link_kind, marsh.link_id) == ("person", "anthony-marsh")
    # Swapping the sides swaps the links' sides and keeps the left side's record first.
    flipped = next(r for r in swapped(c).rows if r.label == "Police and Crime Commissioner")
    assert [(x.side, x.ref.id) for x in flipped.links] == [(LEFT, "tim-passmore"), (RIGHT, "steven-bett")]
