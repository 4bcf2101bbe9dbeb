"""The geography layer (data/geography, ONS lookups, OGL v3.0): kept apart from the report, used by search."""

from __future__ import annotations

import re
import sqlite3
import subprocess
from pathlib import Path

import pytest

from collab_tui import build
from collab_tui.db import Database
from collab_tui.search import INDEX_FORMAT, Index
from tests.helpers import ROOT, SOURCE, run_main

# Real towns, cities and councils of England and Wales that the 2014 report never prints, and the
# report area (police force area) each lies in.
TOWNS = {
    "Bristol": "avon-and-somerset",
    "Bath": "avon-and-somerset",
    "Weston-super-Mare": "avon-and-somerset",
    "Yeovil": "avon-and-somerset",
    "South Gloucestershire": "avon-and-somerset",
    "Ely": "cambridgeshire",
    "Huntingdon": "cambridgeshire",
    "Crewe": "cheshire",
    "Macclesfield": "cheshire",
    "Redcar and Cleveland": "cleveland",
    "Stockton-on-Tees": "cleveland",
    "Kendal": "cumbria",
    "Westmorland and Furness": "cumbria",
    "Cumberland": "cumbria",
    "Buxton": "derbyshire",
    "Exeter": "devon-and-cornwall",
    "Truro": "devon-and-cornwall",
    "Torquay": "devon-and-cornwall",
    "Bournemouth": "dorset",
    "Bournemouth, Christchurch and Poole": "dorset",
    "Weymouth": "dorset",
    "Bishop Auckland": "durham",
    "Carmarthen": "dyfed-powys",
    "Aberystwyth": "dyfed-powys",
    "Haverfordwest": "dyfed-powys",
    "Colchester": "essex",
    "Southend-on-Sea": "essex",
    "Cheltenham": "gloucestershire",
    "Salford": "greater-manchester",
    "Stockport": "greater-manchester",
    "Wigan": "greater-manchester",
    "Cwmbran": "gwent",
    "Monmouthshire": "gwent",
    "Ebbw Vale": "gwent",
    "Southampton": "hampshire",
    "Portsmouth": "hampshire",
    "Basingstoke": "hampshire",
    "Watford": "hertfordshire",
    "Stevenage": "hertfordshire",
    "Grimsby": "humberside",
    "Scunthorpe": "humberside",
    "Kingston upon Hull": "humberside",
    "Folkestone": "kent",
    "Ashford": "kent",
    "Blackpool": "lancashire",
    "Burnley": "lancashire",
    "Loughborough": "leicestershire",
    "Grantham": "lincolnshire",
    "Liverpool": "merseyside",
    "Birkenhead": "merseyside",
    "Croydon": "london",
    "Tower Hamlets": "london",
    "Norwich": "norfolk",
    "Bangor": "north-wales",
    "Llandudno": "north-wales",
    "Harrogate": "north-yorkshire",
    "Scarborough": "north-yorkshire",
    "North Northamptonshire": "northamptonshire",
    "West Northamptonshire": "northamptonshire",
    "Kettering": "northamptonshire",
    "Newcastle upon Tyne": "northumbria",
    "Sunderland": "northumbria",
    "Mansfield": "nottinghamshire",
    "Cardiff": "south-wales",
    "Swansea": "south-wales",
    "Doncaster": "south-yorkshire",
    "Barnsley": "south-yorkshire",
    "Stoke-on-Trent": "staffordshire",
    "Ipswich": "suffolk",
    "East Suffolk": "suffolk",
    "Guildford": "surrey",
    "Brighton": "sussex",
    "Crawley": "sussex",
    "Reading": "thames-valley",
    "Slough": "thames-valley",
    "Aylesbury": "thames-valley",
    "Nuneaton": "warwickshire",
    "Rugby": "warwickshire",
    "Herefordshire": "west-mercia",
    "Shrewsbury": "west-mercia",
    "Kidderminster": "west-mercia",
    "Wolverhampton": "west-midlands",
    "Coventry": "west-midlands",
    "Huddersfield": "west-yorkshire",
    "Bradford": "west-yorkshire",
    "Warminster": "wiltshire",
    "Marlborough": "wiltshire",
}


@pytest.fixture(scope="module")
def index(db: Database) -> Index:
    return Index.build(db)


def printed_in_report(name: str) -> bool:
    text = " ".join(build.normalise(SOURCE.read_text(encoding="utf-8")).split())
    return re.search(r"(?<!\w)" + re.escape(name) + r"(?!\w)", text, re.IGNORECASE) is not None


def test_the_towns_are_real_test_cases() -> None:
    assert len(TOWNS) >= 60
    assert [name for name in TOWNS if printed_in_report(name)] == []


@pytest.mark.parametrize(("town", "area_id"), sorted(TOWNS.items()))
def test_a_town_the_report_never_names_leads_to_its_area(index: Index, town: str, area_id: str) -> None:
    hit = index.search(town, limit=3)[0]
    assert (hit.kind, hit.id, hit.field) == ("area", area_id, "geography")
    assert hit.matched_text.startswith(f"{town}: in the ")
    assert hit.matched_text.endswith("; not named in the report")
    assert hit.to_dict()["matched"]["field"] == "geography"


def test_bristol_says_where_it_is(index: Index) -> None:
    hit = index.search("Bristol")[0]
    assert hit.matched_text == "Bristol: in the Avon and Somerset police force area; not named in the report"


@pytest.mark.parametrize("place", ["Bedfordshire", "Luton", "Bedford", "Central Bedfordshire", "Dunstable"])
def test_bedfordshire_is_not_covered(index: Index, place: str) -> None:
    assert index.search(place) == []
    assert index.not_covered(place) == (
        f"{place}: in the Bedfordshire police force area; the report has no section on Bedfordshire Police"
    )


def test_the_forces_are_all_there(built_db: Path) -> None:
    """All 43 territorial forces (City of London included), each with places, each leading to its area."""
    conn = sqlite3.connect(built_db)
    forces = dict(conn.execute("SELECT police_force, area_id FROM geography_force"))
    assert len(forces) == 43
    assert forces["City of London"] == forces["Metropolitan Police"] == "london"
    assert forces["Bedfordshire"] is None
    areas = {a for (a,) in conn.execute("SELECT id FROM area")}
    assert {a for a in forces.values() if a} == areas  # every report area is some force's
    with_places = {f for (f,) in conn.execute("SELECT DISTINCT police_force FROM geography_place")}
    assert with_places == set(forces)
    names = {n for (n,) in conn.execute("SELECT DISTINCT name FROM geography_place")}
    assert len(names) >= 300
    source = conn.execute("SELECT value FROM meta WHERE key = 'geography_source'").fetchone()[0]
    assert "Office for National Statistics" in source and "Open Government Licence v3.0" in source


@pytest.mark.parametrize(
    ("name", "kind", "era", "force"),
    [
        ("Westmorland and Furness", "unitary_authority", "today", "Cumbria"),
        ("Cumberland", "unitary_authority", "today", "Cumbria"),
        ("Cumbria", "county", "2014", "Cumbria"),
        ("North Northamptonshire", "unitary_authority", "today", "Northamptonshire"),
        ("West Northamptonshire", "unitary_authority", "today", "Northamptonshire"),
        ("Bournemouth, Christchurch and Poole", "unitary_authority", "today", "Dorset"),
        ("Bournemouth", "unitary_authority", "2014", "Dorset"),
        ("Buckinghamshire", "unitary_authority", "today", "Thames Valley"),
        ("Aylesbury Vale", "district", "2014", "Thames Valley"),
        ("North Yorkshire", "unitary_authority", "today", "North Yorkshire"),
        ("Somerset", "unitary_authority", "today", "Avon and Somerset"),
        ("Middlesbrough", "unitary_authority", "both", "Cleveland"),
        ("City of London", "ceremonial_county", "both", "City of London"),
        ("Luton", "unitary_authority", "both", "Bedfordshire"),
        ("Isle of Anglesey", "welsh_principal_area", "both", "North Wales"),
        ("Kingston upon Hull", "unitary_authority", "both", "Humberside"),
    ],
)
def test_names_of_2014_and_of_today(built_db: Path, name: str, kind: str, era: str, force: str) -> None:
    conn = sqlite3.connect(built_db)
    rows = conn.execute(
        "SELECT era, police_force FROM geography_place WHERE name = ? AND kind = ?", (name, kind)
    ).fetchall()
    assert rows == [(era, force)]


def test_a_ceremonial_county_across_two_forces_names_both(index: Index) -> None:
    """Ceremonial Lincolnshire includes North and North East Lincolnshire (Humberside Police)."""
    hits = {h.id: h for h in index.search("lincolnshire")}
    assert next(iter(hits)) == "lincolnshire"  # the report's own area first
    assert hits["humberside"].field == "geography"
    assert "North Lincolnshire and North East Lincolnshire only" in hits["humberside"].matched_text


def test_report_names_win_over_geography(index: Index) -> None:
    """ "Sutton" is Paul Sutton's surname in the report (line 1264) before it is a London borough."""
    hits = index.search("sutton")
    assert (hits[0].kind, hits[0].id) == ("person", "paul-sutton")
    assert (hits[1].id, hits[1].field) == ("london", "geography")


def test_role_and_a_town(index: Index) -> None:
    assert index.search("pcc bristol")[0].id == "sue-mountstevens"  # line 192
    assert index.search("cfo cardiff")[0].id == "huw-jakeway"


def test_the_build_rejects_a_wrong_geography_row(records_copy: Path, source: build.Source) -> None:
    geo = records_copy.parent / "geography"
    geo.mkdir()
    (geo / "forces.csv").write_bytes((ROOT / "data" / "geography" / "forces.csv").read_bytes())
    places = (ROOT / "data" / "geography" / "places.csv").read_text(encoding="utf-8")
    (geo / "places.csv").write_text(places + "Bristol,city,both,Avon and Somerst,\n", encoding="utf-8")
    problems = [str(p) for p in build.validate(records_copy, source).problems]
    assert problems == [
        "geography/places.csv: row Bristol: police_force: unknown police force area 'Avon and Somerst'"
    ]


def cli(*args: str, db: Path) -> subprocess.CompletedProcess[str]:
    """``collab-tui --db DB ARGS``, in this process (tests/helpers.run_main)."""
    return run_main("--db", str(db), *args)


def test_cli_compare_bristol_cardiff(built_db: Path) -> None:
    out = cli("compare", "bristol", "cardiff", "--plain", db=built_db)
    assert out.returncode == 0
    assert out.stdout.startswith("Avon and Somerset and South Wales.")
    assert "Bristol: in the Avon and Somerset police force area; not named in the report" in out.stderr
    assert "Cardiff: in the South Wales police force area; not named in the report" in out.stderr


@pytest.mark.parametrize("place", ["bedfordshire", "luton"])
def test_cli_not_covered(built_db: Path, place: str) -> None:
    for args in (("search", place), ("show", place), ("compare", place, "kent")):
        out = cli(*args, db=built_db)
        assert out.returncode == 1, args
        assert "the report has no section on Bedfordshire Police" in out.stderr, args
        assert out.stdout == ""


def test_cli_search_json_labels_geography_and_no_close_match(built_db: Path) -> None:
    import json

    out = cli("search", "bristol", "--json", db=built_db)
    assert json.loads(out.stdout)[0]["matched"]["field"] == "geography"
    none = cli("search", "drone", db=built_db)
    assert (none.returncode, none.stdout) == (1, "")
    assert "no close match for 'drone'" in none.stderr


def test_the_stored_index_knows_the_geography(db: Database) -> None:
    """build_db.py stores the search index; loaded, it answers places as a freshly built one does."""
    loaded = Index.load(db)
    assert db.stored_search_index(INDEX_FORMAT) is not None
    for town in ("Bristol", "Cardiff", "Westmorland and Furness"):
        assert [(h.id, h.field) for h in loaded.search(town)][:1] == [(TOWNS[town], "geography")]
    assert loaded.search("Luton") == [] and loaded.not_covered("Luton") is not None
    assert loaded.search("drone") == []
