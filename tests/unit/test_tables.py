"""The pane tables (collab_tui.tables): real rows, filters, counts, widths and funding that adds up."""

from __future__ import annotations

import json

import pytest

from collab_tui import funding as F
from collab_tui import tables as T
from collab_tui.db import Database
from collab_tui.export import export_view
from collab_tui.models import RecordRef
from collab_tui.safe_text import ellipsize


def row_of(table: T.Table, ref: RecordRef) -> T.TableRow:
    return next(r for r in table.rows if r.ref == ref)


def cell(table: T.Table, row: T.TableRow, key: str) -> T.Cell:
    return row.cells[table.column_index(key)]


# --- areas ---------------------------------------------------------------------------------------


def test_areas_table_every_area_with_projects_and_funding(db: Database) -> None:
    table = T.build_table(db, "areas")
    assert (table.title, table.count) == ("Areas", "41 of 41")
    assert [c.key for c in table.columns[:3]] == ["name", "projects", "funding_gbp"]
    cheshire = row_of(table, RecordRef("area", "cheshire"))
    assert cell(table, cheshire, "funding_gbp") == T.Cell(420000, "420,000")  # Transformation Challenge Award
    assert table.texts("name")[:2] == ["Avon and Somerset", "Cambridgeshire"]


def test_areas_filters_nation_and_service(db: Database) -> None:
    wales = T.build_table(db, "areas", T.AreaFilters(nation="wales"))
    assert wales.texts("name") == ["Dyfed Powys", "Gwent", "North Wales", "South Wales"]
    assert (wales.title, wales.count) == ("Areas: nation Wales", "4 of 41")
    both = T.build_table(db, "areas", T.make_filters(db, "areas", nation="Wales", service="local authority"))
    # Only Gwent's and South Wales's projects involve a local authority.
    assert both.texts("name") == ["Gwent", "South Wales"]
    assert (both.title, both.count) == ("Areas: nation Wales, service Local authority", "2 of 41")
    health = T.build_table(db, "areas", T.AreaFilters(service="health"))
    assert health.count == "9 of 41" and "Dyfed Powys" in health.texts("name")


def test_joint_awards_are_marked_and_never_double_counted(db: Database) -> None:
    table = T.build_table(db, "areas")
    for area_id in ("warwickshire", "west-mercia"):
        row = row_of(table, RecordRef("area", area_id))
        # £1,600,000 single contact management + £216,000 estate company scoping, both joint
        assert cell(table, row, "funding_gbp") == T.Cell(1816000, "1,816,000 ‡")
        assert cell(table, row, "joint_gbp").value == 1816000
    surrey = row_of(table, RecordRef("area", "surrey"))
    assert cell(table, surrey, "funding_gbp") == T.Cell(
        1500000, "1,500,000 ‡"
    )  # £750,000 own + £750,000 joint
    assert cell(table, surrey, "joint_gbp").value == 750000
    sussex = row_of(table, RecordRef("area", "sussex"))
    assert cell(table, sussex, "funding_gbp") == T.Cell(750000, "750,000 ‡")
    # The column counts joint awards in full per area; minus the extra counts it is the sum of the awards.
    awards = [a for a in db.awards() if not a.aggregate]
    extra = sum(a.amount_gbp * (len(a.area_ids) - 1) for a in awards)
    assert extra == 1600000 + 216000 + 750000
    column_sum = sum(int(v) for v in table.column("funding_gbp"))  # type: ignore[call-overload]
    assert column_sum - extra == F.area_awards_sum(db) == sum(a.amount_gbp for a in awards) == 11806650
    assert "£11,806,650" in table.notes[0] and "counted in full for each area" in table.notes[0]


def test_area_chart_marks_joint_awards(db: Database) -> None:
    bars = {b.label: b for b in F.funding_bars(db, "area")}
    assert bars["Warwickshire"] == F.Bar("Warwickshire", 1816000, 1816000)
    assert bars["Surrey"] == F.Bar("Surrey", 1500000, 750000)
    assert bars["Hampshire"].joint == 0
    lines = F.bar_chart(list(bars.values()), width=16, label_width=18)
    west_mercia = next(x for x in lines if x.startswith("West Mercia"))
    assert west_mercia.endswith("£1,816,000 ‡") and "▒" in west_mercia and "█" not in west_mercia
    hampshire = next(x for x in lines if x.startswith("Hampshire"))
    assert hampshire.endswith("£1,873,500") and "▒" not in hampshire
    funders = {b.label: b.value for b in F.funding_bars(db, "funder")}
    assert sum(funders.values()) == F.area_awards_sum(db)  # by funder, each award counts once


# --- leaders ------------------------------------------------------------------------------------------


def test_leaders_pcc_in_kent(db: Database) -> None:
    table = T.build_table(db, "leaders", T.make_filters(db, "leaders", role="pcc", area="kent"))
    every = len({(x.person_id, x.role, x.title, x.organisation) for x in db.leaders()})  # a row per role held
    assert table.total == every
    assert (table.title, table.count) == (
        "Leaders: role Police and Crime Commissioner, area Kent",
        f"1 of {every}",
    )
    (row,) = table.rows
    assert row.ref == RecordRef("person", "ann-barnes")
    assert row.texts[:4] == ("Ann Barnes", "Police and Crime Commissioner", "Kent", "Ind")
    assert cell(table, row, "role") == T.Cell(
        "pcc", "Police and Crime Commissioner", "PCC"
    )  # "PCC" on screen
    assert cell(table, row, "lines").value == ["line 744"]


def test_leaders_role_other_lists_two_and_text_filter(db: Database) -> None:
    # "DCC Ashman" (line 1071) is named in the narrative, not under a Leaders heading: no role (issue 12).
    table = T.build_table(db, "leaders", T.LeaderFilters(role="other"))
    assert table.texts("name") == ["Penny Mordaunt", "Roy Wilsher"]
    assert table.texts("areas") == ["national", "Hertfordshire"]
    cumbria = T.build_table(db, "leaders", T.LeaderFilters(text="Cumbria"))
    assert set(cumbria.texts("name")) == {"Ian Cartwright", "Jeremy Graham", "Richard Rhodes", "Bob Williams"}
    assert cumbria.title == "Leaders: text \u201cCumbria\u201d" and cumbria.count == "4 of 142"
    richard = row_of(cumbria, RecordRef("person", "richard-rhodes"))
    assert cell(cumbria, richard, "party").text == "Cons"


# --- projects --------------------------------------------------------------------------------------------


def test_projects_kind_and_service(db: Database) -> None:
    filters = T.make_filters(db, "projects", kind="co-location", service="Ambulance")
    assert filters == T.ProjectFilters(kind="co_location", service="ambulance")
    table = T.build_table(db, "projects", filters)
    assert table.title == "Projects: kind Co-location / shared station, service Ambulance"
    assert table.count == "43 of 313"
    staffs = row_of(table, RecordRef("project", table.rows[1].ref.id))
    assert staffs.texts[:2] == ("Ambulance and fire shared premises", "Staffordshire")
    waiting = next(r for r in table.rows if r.texts[0] == "Ambulances waiting at police facilities")
    assert cell(table, waiting, "areas") == T.Cell(
        ["Warwickshire", "West Mercia"], "Warwickshire, West Mercia"
    )


# --- funding ---------------------------------------------------------------------------------------


def test_funding_national_pots_apart_from_area_awards(db: Database) -> None:
    table = T.build_table(db, "funding")
    assert table.count == "23 of 23"
    amounts = table.column("amount_gbp")
    national = [r for r in table.rows if r.group]
    assert [cell(table, r, "amount_gbp").value for r in national] == [75000000, 45000000, 30000000, 9200000]
    assert all(cell(table, r, "areas").text == "national pot" for r in national)
    assert table.rows[-4:] == tuple(national)  # after the area awards, whatever the sort
    ascending = table.sorted_by("amount_gbp", reverse=False)
    assert [r.ref for r in ascending.rows[-4:]] == [
        RecordRef("funding", i)
        for i in ("police-innovation-fund-national-total", "dclg-blue-light-collaboration-resource-2015-16",
                  "dclg-blue-light-collaboration-capital-2015-16", "fire-transformation-award-2014")
    ]  # fmt: skip
    assert ascending.rows[0].texts[1] == "North Yorkshire" and ascending.rows[0].cells[0].value == 20000
    assert amounts[0] == 3800000  # Northamptonshire, Police Innovation Fund
    only = T.build_table(db, "funding", T.make_filters(db, "funding", scope="national"))
    assert (only.title, only.count) == ("Funding: scope National pots", "4 of 23")


def test_funding_filters_funder_fund_area(db: Database) -> None:
    dclg = T.build_table(db, "funding", T.make_filters(db, "funding", funder="dclg", scope="area"))
    assert dclg.column("amount_gbp") == [750000, 500000, 500000, 491000, 420000, 100000, 60000]
    assert dclg.texts("areas")[0] == "Surrey + Sussex ‡"
    # an award the report states differently carries "!" in its amount, at any width
    flagged = [r.texts[0] for r in dclg.rows if r.flagged]
    assert flagged and all(t.startswith("! ") for t in flagged)
    assert all(not r.texts[0].startswith("!") for r in dclg.rows if not r.flagged)
    pif = T.build_table(db, "funding", T.make_filters(db, "funding", fund="Police Innovation Fund"))
    assert pif.texts("areas") == ["Northamptonshire", "Surrey", "Suffolk", "Dorset", "national pot"]
    wm = T.build_table(db, "funding", T.make_filters(db, "funding", area="west mercia"))
    assert wm.column("amount_gbp") == [1600000, 216000]
    assert wm.title == "Funding: area West Mercia"


def test_bad_filter_values_name_the_choices(db: Database) -> None:
    with pytest.raises(ValueError, match="is not one of: pcc, chief_constable"):
        T.make_filters(db, "leaders", role="sheriff")
    with pytest.raises(ValueError, match="no filter 'role'"):
        T.make_filters(db, "funding", role="pcc")
    with pytest.raises(TypeError):
        T.build_table(db, "funding", T.LeaderFilters())


# --- widths -------------------------------------------------------------------------------------------


@pytest.mark.parametrize("width", [74, 94, 154])
def test_fit_columns_keeps_the_key_columns_whole(db: Database, width: int) -> None:
    keys = {"leaders": ["name", "role", "areas", "party"], "projects": ["title", "areas"],
            "funding": ["amount_gbp", "areas", "fund"], "areas": ["name", "projects", "funding_gbp"]}  # fmt: skip
    for view, wanted in keys.items():
        table = T.build_table(db, view)
        natural = table.natural_widths()
        fitted = T.fit_columns(table.columns, width, natural)
        assert sum(w + 2 for _, w in fitted) <= width
        shown = {table.columns[i].key: w for i, w in fitted}
        assert set(wanted) <= set(shown)
        area = shown.get("areas", shown.get("name"))
        assert area is not None and area >= 12  # never a two-letter area
        priorities = [c.priority for c in table.columns]
        dropped = [priorities[i] for i in range(len(priorities)) if i not in dict(fitted)]
        assert all(priorities[i] <= min(dropped, default=99) for i, _ in fitted)
    wide = T.build_table(db, "areas")
    assert len(T.fit_columns(wide.columns, 154, wide.natural_widths())) == len(wide.columns)


def test_ellipsize() -> None:
    assert ellipsize("Police and Crime Commissioner", 12) == "Police and…"
    assert ellipsize("Kent", 12) == "Kent"
    assert len(ellipsize("Avon and Somerset", 8)) == 8


# --- exports are the table ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("view", "given"),
    [
        ("areas", {"nation": "england", "service": "health"}),
        ("leaders", {"role": "pcc", "service": "police"}),
        ("leaders", {"role": "other", "text": "n"}),
        ("projects", {"status": "planned", "area": "suffolk"}),
        ("funding", {"funder": "home-office", "scope": "area"}),
    ],
)
def test_filtered_export_writes_exactly_the_rows_and_columns_of_the_table(
    db: Database, view: str, given: dict[str, str]
) -> None:
    filters = T.make_filters(db, view, **given)
    table = T.build_table(db, view, filters)
    assert 0 < len(table.rows) < table.total
    data = json.loads(export_view(db, view, "json", filters=filters))
    assert data["columns"] == [c.key for c in table.columns]
    first = table.columns[0].key
    assert [r[first] for r in data["rows"]] == table.column(first)
    assert data["title"].endswith(table.title)


def test_details_mark_joint_awards_and_national_pots(db: Database) -> None:
    from collab_tui import details

    surrey = [line.text for line in details.area_detail(db, "surrey").lines]
    assert any(t.startswith("£750,000 ‡ joint with Sussex (one award)") for t in surrey)
    assert any(t.startswith("‡ Total £1,500,000, of which £750,000 joint") for t in surrey)
    warwickshire = [line.text for line in details.area_detail(db, "warwickshire").lines]
    assert any(t.startswith("£1,600,000 ‡ joint with West Mercia") for t in warwickshire)
    assert any(t.startswith("‡ Total £1,816,000, of which £1,816,000 joint") for t in warwickshire)
    award = [line.text for line in details.funding_detail(db, "surrey-sussex-dclg-shared-services").lines]
    assert "‡ A joint award: one sum for Surrey and Sussex." in " ".join(award)
    pot = [line.text for line in details.funding_detail(db, "police-innovation-fund-national-total").lines]
    assert any(t.startswith("A national pot: a total across areas") for t in pot)
