"""collab_tui.compare's generic pair: Compared[T], Pair[T], paired() and the derived swap (mirrored)."""

from __future__ import annotations

from dataclasses import dataclass

from collab_tui.compare import (
    BOTH,
    LEFT,
    RIGHT,
    Compared,
    ComparedDiscrepancy,
    CompareLink,
    CompareRow,
    LeaderRow,
    Pair,
    compare_areas,
    mirrored,
    paired,
)
from collab_tui.db import Database
from collab_tui.models import RecordRef


def test_paired_marks_what_both_sides_have_norfolk_and_suffolk(db: Database) -> None:
    """Lines 968-975 and 1215-1222: each PCC is their own; Anthony Marsh (East of England Ambulance) is on both."""
    norfolk, suffolk = db.leaders("norfolk"), db.leaders("suffolk")
    left, right = paired(norfolk, suffolk, lambda x: x.person_id)
    assert [x.record.name for x in left] == [x.name for x in norfolk]  # each side keeps its own order
    assert (
        {x.record.name for x in left if x.shared}
        == {x.record.name for x in right if x.shared}
        == {"Anthony Marsh"}
    )
    pair = Pair(left, right)
    assert [x.name for x in pair.in_both] == ["Anthony Marsh"]
    assert pair.differs
    assert not Pair(*paired(norfolk, norfolk, lambda x: x.person_id)).differs


def test_a_pair_swaps_its_sides_and_twice_is_itself(db: Database) -> None:
    c = compare_areas(db, "norfolk", "suffolk")
    pcc = next(r for r in c.leaders if r.role == "pcc")
    flipped = pcc.swapped()
    assert isinstance(flipped, LeaderRow)
    assert [x.record.name for x in pcc.left] == ["Steven Bett"]
    assert [x.record.name for x in flipped.left] == ["Tim Passmore"]
    assert [x.record.name for x in flipped.right] == ["Steven Bett"]
    assert (flipped.role, flipped.label) == (pcc.role, pcc.label)
    assert flipped.swapped() == pcc


def test_swapping_moves_every_two_sided_part_surrey_and_sussex(db: Database) -> None:
    """Line 150: a joint £750,000 from DCLG, and Surrey's own £750,000 from the Home Office."""
    c = compare_areas(db, "surrey", "sussex")
    s = c.swapped()
    assert (s.left.id, s.right.id) == ("sussex", "surrey")
    assert (c.funding.left_total, c.funding.right_total) == (1_500_000, 750_000)
    assert (s.funding.left_total, s.funding.right_total) == (750_000, 1_500_000)
    assert s.funding.left_totals == c.funding.right_totals
    assert s.organisations.left_only == c.organisations.right_only
    assert s.organisations.shared == c.organisations.shared
    assert (s.projects.left_total, s.projects.left_sites) == (c.projects.right_total, c.projects.right_sites)
    assert [(k.kind, k.left_count) for k in s.projects.kinds] == [
        (k.kind, k.right_count) for k in c.projects.kinds
    ]
    assert s.savings.left == c.savings.right
    # The swap is exactly a comparison made the other way round.
    assert s == compare_areas(db, "sussex", "surrey")


def test_sides_flip_and_both_stays_warwickshire_and_west_mercia(db: Database) -> None:
    """Hereford and Worcester printed 'Hove and Worcester' is West Mercia's; the contact-management purpose both's."""
    c = compare_areas(db, "warwickshire", "west-mercia")
    sides = {d.discrepancy.id: d.side for d in c.swapped().discrepancies}
    assert sides["hereford-and-worcester-printed-hove-and-worcester"] == LEFT
    assert sides["warwickshire-west-mercia-contact-management-purpose"] == BOTH
    one = next(d for d in c.discrepancies if d.side == RIGHT)
    assert mirrored(one) == ComparedDiscrepancy(one.discrepancy, LEFT)


def test_a_swapped_row_lists_its_links_in_the_same_order() -> None:
    bett = CompareLink(LEFT, RecordRef("person", "steven-bett"), "Steven Bett")
    passmore = CompareLink(RIGHT, RecordRef("person", "tim-passmore"), "Tim Passmore")
    marsh = CompareLink(BOTH, RecordRef("person", "anthony-marsh"), "Anthony Marsh")
    row = CompareRow("Leaders", "PCC", "Steven Bett", "Tim Passmore", True, links=(passmore, marsh, bett))
    assert [x.label for x in row.links] == ["Anthony Marsh", "Steven Bett", "Tim Passmore"]
    flipped = mirrored(row)
    assert (flipped.left, flipped.right) == ("Tim Passmore", "Steven Bett")
    assert [(x.side, x.label) for x in flipped.links] == [
        (BOTH, "Anthony Marsh"),
        (LEFT, "Tim Passmore"),
        (RIGHT, "Steven Bett"),
    ]


def test_mirrored_is_derived_from_field_names_for_any_dataclass(db: Database) -> None:
    """A new two-sided part needs no swap code: left_x/right_x fields and a side field are enough."""

    @dataclass(frozen=True)
    class Stations:
        kind: str
        left_sites: tuple[str, ...]
        right_sites: tuple[str, ...]
        side: str

    norfolk = db.area("norfolk")
    assert norfolk is not None
    part = Stations("co_location", ("Wymondham",), ("Martlesham",), LEFT)
    assert mirrored(part) == Stations("co_location", ("Martlesham",), ("Wymondham",), RIGHT)
    # Records (named tuples) are values, never taken apart.
    assert mirrored(norfolk) is norfolk
    assert mirrored((Compared(norfolk, True),)) == (Compared(norfolk, True),)
