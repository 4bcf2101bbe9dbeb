"""The Areas table counted in SQL (Database.area_counts) is the table the full records give, for every filter."""

from __future__ import annotations

from collections import defaultdict

import pytest

from collab_tui import funding as F
from collab_tui import tables as T
from collab_tui.db import Database
from collab_tui.models import RecordRef


def table_from_records(db: Database, filters: T.AreaFilters) -> T.Table:
    """The Areas table as it was built before the counts moved into SQL: every project and award read
    in full, counted in Python (the reference the SQL must equal)."""
    shares = F.area_funding(db)
    counts: dict[str, int] = defaultdict(int)
    services: dict[str, set[str]] = defaultdict(set)
    for p in db.projects():
        for area_id in p.area_ids:
            counts[area_id] += 1
            services[area_id].update(p.services)
    rows = []
    areas = db.areas()
    for a in areas:
        if filters.nation and a.nation.lower() != filters.nation.lower():
            continue
        if filters.service and filters.service not in services[a.id]:
            continue
        share = shares.get(a.id)
        total, joint = (share.total_gbp, share.joint_gbp) if share else (0, 0)
        funding_text = (T._amount(total) + (f" {F.JOINT_MARK}" if joint else "")) if total else ""
        covers = [c.name for c in a.covers]
        cells = (T.Cell(a.name, a.name), T.Cell(counts[a.id], str(counts[a.id])), T.Cell(total, funding_text),
                 T.Cell(a.nation, a.nation), T.Cell(joint, T._amount(joint) if joint else ""),
                 T.Cell(a.section_heading, a.section_heading), T.Cell(covers, "; ".join(covers)))  # fmt: skip
        sort = (a.name, counts[a.id], total, a.nation, joint, a.section_heading, len(covers))
        rows.append(T.TableRow(RecordRef("area", a.id), cells, sort))
    if filters.text:
        rows = [r for r in rows if T.matches_text(r, filters.text)]
    notes = (F.joint_note(F.area_awards_sum(db)),)
    described = T.describe(db, "areas", filters)
    table = T.Table("areas", T.AREA_COLUMNS, tuple(rows), len(areas), filters, described, notes)
    return table.sorted_by("name")


def every_filter(db: Database) -> list[T.AreaFilters]:
    options = T.filter_options(db, "areas")
    nations = [None, *(o.value for o in options["nation"])]
    services = [None, *(o.value for o in options["service"])]
    found = [T.AreaFilters(nation=n, service=s) for n in nations for s in services]
    return found + [
        T.AreaFilters(text=t) for t in ("kent", "fire", "1,600,000", "‡", "wales", "nothing-matches")
    ]


def test_area_table_from_sql_equals_the_table_from_full_records(db: Database) -> None:
    filters = every_filter(db)
    assert len(filters) > 20
    for f in filters:
        assert T.build_table(db, "areas", f) == table_from_records(db, f), f


def test_area_table_from_sql_on_the_shipped_database() -> None:
    with Database() as db:
        for f in every_filter(db):
            assert T.build_table(db, "areas", f) == table_from_records(db, f), f


def test_area_counts_real_values(db: Database) -> None:
    per_area, awards_sum = db.area_counts()
    # Warwickshire and West Mercia share £1,600,000 + £216,000: in full for each, joint for both.
    assert per_area["warwickshire"][2:] == (1816000, 1816000)
    assert per_area["west-mercia"][2:] == (1816000, 1816000)
    assert per_area["surrey"][2:] == (1500000, 750000)
    assert per_area["cheshire"][2:] == (420000, 0)
    assert awards_sum == F.area_awards_sum(db)
    assert "local_authority" in per_area["gwent"][1] and "local_authority" not in per_area["dyfed-powys"][1]


@pytest.mark.parametrize("view", ["leaders", "projects", "funding"])
def test_other_views_describe_no_filter_as_nothing(db: Database, view: str) -> None:
    assert T.describe(db, view, T.FILTER_TYPES[view]()) == ()
