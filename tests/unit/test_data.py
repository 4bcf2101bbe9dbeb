"""The data itself: real values from the report, each with the line it is printed on."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from collab_tui import build
from collab_tui.build import Source
from collab_tui.db import Database


def leader(db: Database, area_id: str, role: str) -> list[tuple[str, str | None, str | None]]:
    """(name, party, organisation) of an area's leaders in one role."""
    return [(x.name, x.party, x.organisation) for x in db.leaders(area_id, role)]


def test_every_section_and_area_is_there(db: Database) -> None:
    assert len(db.sections()) == 38
    assert len(db.areas()) == 41
    assert {a.nation for a in db.areas()} == {"England", "Wales"}
    assert sum(a.nation == "Wales" for a in db.areas()) == 4


@pytest.mark.parametrize(
    ("area_id", "section", "first_line"),
    [
        ("surrey", "Surrey and Sussex", 1236),
        ("sussex", "Surrey and Sussex", 1236),
        ("warwickshire", "Warwickshire and West Mercia", 1386),
        ("west-mercia", "Warwickshire and West Mercia", 1386),
        ("gwent", "Wales (South)", 1346),
        ("south-wales", "Wales (South)", 1346),
        ("dyfed-powys", "Wales (Mid and West)", 1368),
    ],
)
def test_areas_that_share_a_section_keep_its_name(
    db: Database, area_id: str, section: str, first_line: int
) -> None:
    area = db.area(area_id)
    assert area is not None and area.section_heading == section
    assert db.section(area.section_id).ref.start_line == first_line


@pytest.mark.parametrize(
    ("area_id", "first_line", "evidence"),
    [
        ("essex", 506, "Essex Police"),
        ("suffolk", 1205, "Suffolk"),
        ("wiltshire", 1489, "Wiltshire"),
    ],
)
def test_the_headingless_sections_are_attributed_right(
    db: Database, area_id: str, first_line: int, evidence: str
) -> None:
    area = db.area(area_id)
    section = db.section(area.section_id)
    assert section.heading_printed is False
    assert section.ref.start_line == first_line
    assert evidence in section.attribution_ref.quote
    assert first_line <= section.attribution_ref.start_line <= section.ref.end_line
    # the Leaders list of that section is the area's
    expected = {"essex": "Nick Alston", "suffolk": "Tim Passmore", "wiltshire": "Angus Macpherson"}[area_id]
    assert [x[0] for x in leader(db, area_id, "pcc")] == [expected]


def test_named_leaders_of_named_areas(db: Database) -> None:
    assert leader(db, "avon-and-somerset", "pcc") == [("Sue Mountstevens", "Ind", None)]  # line 192
    assert leader(db, "cumbria", "chief_fire_officer") == [
        ("Ian Cartwright", None, "Cumbria Fire and Rescue Service")  # line 336
    ]
    assert leader(db, "kent", "pcc") == [("Ann Barnes", "Ind", None)]  # line 744
    assert leader(db, "cambridgeshire", "pcc") == [
        ("Sir Graham Bright", None, None)
    ]  # line 225, no party printed
    assert leader(db, "leicestershire", "pcc") == [("Sir Clive Loader", "Cons", None)]  # line 808
    assert leader(db, "durham", "pcc") == [("Ron Hogg", "Labour", None)]  # line 486, party as printed
    assert leader(db, "london", "mayor") == [("Boris Johnson", "Cons", None)]  # line 889
    assert leader(db, "london", "commissioner") == [
        ("Bernard Hogan-Howe", None, "Metropolitan Police Service")
    ]
    assert leader(db, "hampshire", "chief_constable") == [
        ("Andy Marsh", None, "Hampshire Constabulary")
    ]  # 638
    assert leader(db, "gwent", "chief_constable") == [("Jeff Farrar", None, "Gwent Police")]  # line 1332
    assert leader(db, "dyfed-powys", "pcc") == [("Christopher Salmon", "Cons", None)]  # line 1322
    assert leader(db, "derbyshire", "fire_chief_executive") == [
        ("Joy Smith", None, "Derbyshire Fire and Rescue Service")  # line 362
    ]
    names = [x.name for x in db.leaders("sussex", "chief_fire_officer")]
    assert names == ["Des Prichard", "Sean Ruth"]  # line 1260


def test_acting_chief_constable_is_marked(db: Database) -> None:
    chiefs = db.leaders("avon-and-somerset", "chief_constable")
    assert [(c.name, c.acting, c.title) for c in chiefs] == [
        ("Nick Gargan", False, "Chief Constable"),  # line 194
        ("John Long", True, "Acting Chief Constable"),  # line 195
    ]


def test_one_person_several_roles(db: Database) -> None:
    wenman = db.person("ken-wenman")
    assert {r.area_id for r in wenman.roles} == {
        "avon-and-somerset",
        "devon-and-cornwall",
        "dorset",
        "gloucestershire",
        "wiltshire",
    }
    assert {r.organisation for r in wenman.roles} == {"South Western Ambulance Service"}
    marsh = db.person("anthony-marsh")
    assert {r.organisation for r in marsh.roles} == {
        "East of England Ambulance Service",
        "West Midlands Ambulance Service",
    }
    assert len(marsh.roles) == 8  # Cambs, Essex, Herts, Norfolk, Suffolk; Staffs, West Mercia, West Midlands
    howell = db.person("lee-howell")
    assert {r.area_id for r in howell.roles} == {"avon-and-somerset", "devon-and-cornwall"}
    myhill = db.person("tracy-myhill")
    assert {r.area_id for r in myhill.roles} == {"dyfed-powys", "gwent", "north-wales", "south-wales"}
    wilsher = db.person("roy-wilsher")
    assert sorted(r.role for r in wilsher.roles) == ["chief_fire_officer", "other"]  # lines 677-678
    assert all(r.area_id == "hertfordshire" for r in wilsher.roles)


def test_two_marshes_are_two_people(db: Database) -> None:
    assert db.person("andy-marsh").name == "Andy Marsh"
    assert db.person("anthony-marsh").name == "Anthony Marsh"


def test_a_name_spelled_two_ways_is_one_person_with_an_alias(db: Database) -> None:
    whiting = db.person("dave-whiting")
    assert whiting.name == "Dave Whiting"
    assert whiting.aliases == ("David Whitting",)  # line 1169
    printed = {r.area_id: r.name_as_printed for r in whiting.roles}
    assert printed["south-yorkshire"] == "David Whitting"
    assert printed["humberside"] == printed["west-yorkshire"] == "Dave Whiting"
    assert any(
        d.kind == "name_spelling" and "Whitting" in d.description for d in db.discrepancies("south-yorkshire")
    )


def test_every_leader_entry_is_a_role(db: Database) -> None:
    # 41 areas: 38 sections' leader lists, every PCC, chief constable or commissioner named
    police_heads = [x for x in db.leaders() if x.role in {"pcc", "mayor"}]
    assert len(police_heads) == 41
    chiefs = [x for x in db.leaders() if x.role in {"chief_constable", "commissioner"} and not x.acting]
    assert len(chiefs) == 41


def test_an_ambulance_trust_serving_many_areas_is_one_organisation(db: Database) -> None:
    nwas = db.organisation("ambulance-north-west")
    assert nwas.name == "North West Ambulance Service"
    assert set(nwas.abbreviations) >= {"NWAS", "NWS"}  # lines 253, 578
    assert set(nwas.area_ids) == {"cheshire", "cumbria", "greater-manchester", "lancashire", "merseyside"}
    emas = db.organisation("ambulance-east-midlands")
    assert "EMAS" in emas.abbreviations


@pytest.mark.parametrize(
    ("abbreviation", "organisation"),
    [
        ("LFB", "London Fire Brigade"),
        ("GMFRS", "Greater Manchester Fire and Rescue Authority"),
        ("KFRS", "Kent Fire and Rescue Service"),
        ("SCAS", "South Central Ambulance Service"),
        ("SYFR", "South Yorkshire Fire and Rescue Service"),
        ("SYFRS", "South Yorkshire Fire and Rescue Service"),
    ],
)
def test_abbreviations_lead_to_their_organisation(db: Database, abbreviation: str, organisation: str) -> None:
    assert [o.name for o in db.organisations() if abbreviation in o.abbreviations] == [organisation]


@pytest.mark.parametrize(
    ("place", "area_id"),
    [
        ("Rutland", "leicestershire"),
        ("Peterborough", "cambridgeshire"),
        ("Oxfordshire", "thames-valley"),
        ("Shropshire", "west-mercia"),
        ("Stoke", "staffordshire"),
    ],
)
def test_counties_cities_and_authorities_lead_to_their_area(db: Database, place: str, area_id: str) -> None:
    covers = {c.name for c in db.area(area_id).covers}
    assert any(place in c for c in covers), covers


def amounts(db: Database, area_id: str) -> dict[str, tuple[int, str | None]]:
    return {a.id: (a.amount_gbp, a.year) for a in db.awards(area_id)}


def test_funding_amounts_as_printed(db: Database) -> None:
    suffolk = {(a.funder, a.amount_gbp) for a in db.awards("suffolk")}
    assert suffolk == {("Home Office", 413_250), ("Department for Communities and Local Government", 60_000)}
    lincs = db.awards("lincolnshire")
    assert [(a.amount_gbp, a.year, a.fund) for a in lincs] == [
        (491_000, "2013/14", "Transformation Challenge Award")
    ]
    assert {a.amount_gbp for a in db.awards("dyfed-powys")} == {95_500}  # lines 114, 1362
    assert {a.amount_gbp for a in db.awards("northamptonshire")} == {3_800_000, 500_000}  # lines 138, 1057
    assert {a.amount_gbp for a in db.awards("durham")} == {592_000, 45_000}  # line 118
    both = {a.amount_gbp for a in db.awards("warwickshire")}
    assert both == {a.amount_gbp for a in db.awards("west-mercia")} == {1_600_000, 216_000}  # line 1423


def test_an_approximate_statement_is_flagged(db: Database) -> None:
    centre = next(a for a in db.awards("durham") if a.amount_gbp == 592_000)
    said = {(s.amount_gbp, s.approximate, s.ref.start_line) for s in centre.statements}
    assert said == {(592_000, False, 118), (600_000, True, 500)}  # "almost £600,000"


def test_totals_by_funder(db: Database) -> None:
    totals = {t.key: (t.amount_gbp, t.awards) for t in db.funding_totals("funder")}
    # Home Office: 413,250 + 95,500 + 592,000 + 45,000 + 80,400 + 20,000 + 1,600,000
    #   + 3,800,000 + 1,300,000 + 73,500 + 750,000 (area-section figures)
    assert totals["home-office"] == (8_769_650, 11)
    # "A further £216,000 in 2014/15" (line 130) and "will also receive £216,000" (line 1423): no funder printed
    assert totals["not-stated"] == (216_000, 1)
    # DCLG: 420,000 + 100,000 + 491,000 + 500,000 + 500,000 + 60,000 + 750,000
    assert totals["dclg"] == (2_821_000, 7)


def test_national_figures_are_records_too(db: Database) -> None:
    national = {a.amount_gbp: a for a in db.awards() if a.national}
    assert national[9_200_000].fund == "Police Innovation Fund"  # line 106
    assert national[75_000_000].fund == "Fire and Rescue Transformation Fund"  # line 154
    assert {45_000_000, 30_000_000} <= set(national)  # line 102
    assert all(a.aggregate for a in national.values())


@pytest.mark.parametrize(
    ("area_id", "sides"),
    [
        ("dorset", {150_400, 80_400}),  # lines 122 and 456
        ("hampshire", {73_000, 73_500}),  # lines 146 and 652
    ],
)
def test_amount_discrepancies_keep_both_sides(db: Database, area_id: str, sides: set[int]) -> None:
    award = next(a for a in db.awards(area_id) if {s.amount_gbp for s in a.statements} == sides)
    assert award.discrepancy_ids
    found = [d for d in db.discrepancies(area_id) if d.kind == "amount"]
    assert found and len(found[0].sides) == 2


def test_the_discrepancies_found(db: Database) -> None:
    kinds = {(d.kind, tuple(sorted(d.area_ids))) for d in db.discrepancies()}
    assert ("amount", ("dorset",)) in kinds
    assert ("amount", ("hampshire",)) in kinds
    assert (
        "purpose",
        ("warwickshire", "west-mercia"),
    ) in kinds  # "for police" vs "for the fire and rescue service"
    assert any(k == "abbreviation" and a == ("lincolnshire",) for k, a in kinds)  # JCAP vs JACP
    assert any(k == "abbreviation" and a == ("greater-manchester",) for k, a in kinds)  # NWS vs NWAS
    text = " ".join(d.description for d in db.discrepancies())
    assert "Hove and Worcester" in text  # line 1407
    for d in db.discrepancies():
        assert len(d.sides) >= 2, d.id


def test_every_quote_is_in_the_source(built_db: Path, source: Source) -> None:
    conn = sqlite3.connect(built_db)
    checked = 0
    for table in (
        "role",
        "organisation_source",
        "award_statement",
        "discrepancy_side",
        "place",
        "project_source",
        "project_date",
        "project_count",
        "project_money",
        "area_coverage",
        "headline",
    ):
        for start, end, quote in conn.execute(f"SELECT start_line, end_line, quote FROM {table}"):
            assert source.contains(start, end, quote), (table, start, quote)
            checked += 1
    assert checked > 1400


def test_narrative_is_the_report_text(db: Database) -> None:
    blocks = db.narrative("cheshire")
    assert blocks[0].heading == "Current Collaboration"
    assert blocks[0].text.startswith("Poynton Emergency Services Hub, which opened in January 2014")
    future = [b for b in blocks if b.kind == "future"]
    assert (
        future
        and "Police and Crime Commissioner (PCC) and Chair of Cheshire Fire Authority" in future[0].text
    )


# --- issue 12: labels that say no more than the text, and the vocabularies that allow it ----------


def facts(db: Database, project_id: str) -> dict[str, int]:
    """A project's stated facts, each with the line it is printed on."""
    return {text: ref.start_line for text, ref in db.project_facts(project_id)}


@pytest.mark.parametrize(
    ("project_id", "fact", "line"),
    [
        # "will commence construction at Nefyn and Tywyn during 2014"
        ("nefyn-and-tywyn-joint-police-fire-stations", "Construction starts: 2014", 1312),
        # "A decision is expected in October 2014."
        ("maltby-police-fire-site", "Decision expected: October 2014", 1153),
        # "A business case report ... is expected to be produced by September 2014."
        ("north-yorkshire-shared-transport-and-logistics", "Expected: September 2014", 987),
    ],
)
def test_date_events_say_what_the_text_says(db: Database, project_id: str, fact: str, line: int) -> None:
    found = facts(db, project_id)
    assert found.get(fact) == line
    assert not any(text.startswith("Due:") for text in found)


@pytest.mark.parametrize(
    ("project_id", "fact", "line"),
    [
        # "will save up to £50,000 per annum"
        ("essex-neighbourhood-policing-at-fire-stations", "Saving: up to £50,000 (per year)", 510),
        # "police savings of over £500,000": no period printed
        ("mps-joint-response-units", "Saving: over £500,000 (period not stated)", 877),
        # "a return of more than £2 million on the investment over its lifespan"
        ("hayle-tri-service-station", "Return: more than £2,000,000 (over its lifespan)", 399),
        # "combined savings of approximately £4 million per year"
        ("hampshire-h3-shared-services", "Saving: about £4,000,000 (per year)", 630),
    ],
)
def test_money_keeps_the_qualifier_printed(db: Database, project_id: str, fact: str, line: int) -> None:
    assert facts(db, project_id).get(fact) == line


def test_an_almost_amount_is_shown_as_almost(db: Database) -> None:
    """Line 502: "Durham received almost £600,000"; the summary's exact £592,000 (line 118) is the award's."""
    from collab_tui.formatting import format_gbp

    award = next(a for a in db.awards() if a.id == "durham-joint-training-centre")
    said = {s.ref.start_line: format_gbp(s.amount_gbp, s.approximate, s.qualifier) for s in award.statements}
    assert said[500] == "almost £600,000"
    assert format_gbp(award.amount_gbp, award.approximate, award.qualifier) == "£592,000"


def test_jesip_is_completed(db: Database) -> None:
    """Line 164: JESIP "was a two-year national programme that ran until September 2014"."""
    (jesip,) = db.projects(project_id="jesip")
    assert jesip.status == "completed"


def test_the_scoping_award_has_no_funder_stated(db: Database) -> None:
    """Lines 130 and 1423 print £216,000 with no funder beside it."""
    award = next(a for a in db.awards() if a.id == "warwickshire-west-mercia-estate-company-scoping")
    assert (award.funder, award.amount_gbp, award.year) == ("Not stated", 216_000, "2014/15")
    assert all(not s.funder_as_printed for s in award.statements)


@pytest.mark.parametrize(
    ("project_id", "services"),
    [
        (
            "wrexham-fire-and-ambulance-station",
            ("ambulance", "fire"),
        ),  # line 1312: "fire and ambulance station"
        (
            "northamptonshire-emergency-services-cadets",
            ("other",),
        ),  # line 1029: "emergency services cadet scheme"
        ("telford-hart-joint-training", ("ambulance",)),  # line 1398: no fire service named
        ("shropshire-multi-agency-days-of-action", ("other",)),  # line 1396: "Multi-agency days of action"
    ],
)
def test_services_are_only_those_named(db: Database, project_id: str, services: tuple[str, ...]) -> None:
    (project,) = db.projects(project_id=project_id)
    assert project.services == services


def test_essex_counts_one_building_sold_and_four_to_go(db: Database) -> None:
    """Line 510: "received £410,000 from the sale of one building ... from the disposal of the four buildings"."""
    found = facts(db, "essex-neighbourhood-policing-at-fire-stations")
    assert found["Police buildings sold so far: 1"] == 510
    assert found["Buildings whose disposal is to save up to £50,000 per annum: 4"] == 510
    assert "Police buildings disposed of: 4" not in found


def test_durham_station_pays_for_itself_within_one_year(db: Database) -> None:
    """Line 504: "the new station is expected to pay for itself within one year"."""
    found = facts(db, "newton-aycliffe-police-in-fire-station")
    assert found["Years to pay for itself (expected, within): 1"] == 504


def test_thrapston_opening_is_stated_once(db: Database) -> None:
    found = [text for text, _ in db.project_facts("thrapston-police-fire-station")]
    assert found.count("Opened: August 2013") == 1


def test_merseyside_title_keeps_arv_as_printed(db: Database) -> None:
    (project,) = db.projects(project_id="merseyside-arv-officers-emergency-medical-care")
    assert project.title.startswith("ARV police officers")  # line 917: "All patrolling ARV police officers"


def test_surrey_with_sussex_headline_links_both(built_db: Path) -> None:
    conn = sqlite3.connect(built_db)
    areas = conn.execute(
        "SELECT area_id FROM headline_area JOIN headline ON headline.id = headline_id "
        "WHERE heading = 'Surrey with Sussex' ORDER BY area_id"
    ).fetchall()
    assert areas == [("surrey",), ("sussex",)]


def test_national_mait_hubs_sits_with_its_section_areas(db: Database) -> None:
    """Line 1366, in the Wales (South) section's Future Plans: national in scope, shown for its areas."""
    (project,) = db.projects(project_id="national-mait-hubs")
    assert set(project.area_ids) == {"south-wales", "gwent"}
    assert "national-mait-hubs" in {p.id for p in db.projects("gwent")}


def test_the_precursor_fund_name_contradiction_is_recorded(db: Database) -> None:
    """Dorset (line 456) prints "2013/14 Police Innovation Fund"; Durham (500), North Yorkshire (1009) "Precursor"."""
    (d,) = [x for x in db.discrepancies() if x.id == "precursor-police-innovation-fund-name"]
    assert [s.start_line for s in d.sides] == [456, 500, 1009]
    dorset = next(a for a in db.awards("dorset") if a.id == "dorset-cloud-platform")
    assert "precursor-police-innovation-fund-name" in dorset.discrepancy_ids


def test_transformation_fund_bid_names_are_recorded(db: Database) -> None:
    (d,) = [x for x in db.discrepancies() if x.id == "transformation-fund-bid-names"]
    assert [s.start_line for s in d.sides] == [102, 620, 1153]
    assert ("project", "maltby-police-fire-site") in d.records


def test_surrey_shows_the_ambulance_chief_listed_under_kent_and_sussex(db: Database) -> None:
    """Line 1252 names SECAmb for Surrey with no chief executive; Paul Sutton is printed under Sussex (1264)."""
    chiefs = db.leaders("surrey", "ambulance_chief_executive")
    assert [(x.name, x.organisation, x.listed_under) for x in chiefs] == [
        ("Paul Sutton", "South East Coast Ambulance Service", "Kent, Sussex")
    ]
    # Sussex prints him itself: no marker there.
    assert [x.listed_under for x in db.leaders("sussex", "ambulance_chief_executive")] == [None]


def test_lfepa_is_the_authority_not_the_brigade(db: Database) -> None:
    """Line 870: "London Fire Brigade (LFB)"; line 893: "... London Fire and Emergency Planning Authority (LFEPA)"."""
    orgs = {o.id: o for o in db.organisations("london")}
    assert orgs["fire-london"].abbreviations == ("LFB",)
    lfepa = orgs["fire-london-fire-and-emergency-planning-authority"]
    assert (lfepa.name, lfepa.abbreviations) == ("London Fire and Emergency Planning Authority", ("LFEPA",))
    (dobson,) = db.leaders("london", "chief_fire_officer")
    assert (dobson.name, dobson.organisation) == (
        "Ron Dobson",
        "London Fire and Emergency Planning Authority",
    )


def test_no_leader_from_narrative_and_no_generic_abbreviation(db: Database) -> None:
    assert "Ashman" not in {x.name for x in db.leaders("northumbria")}  # line 1071, narrative only
    merseyside_fire = next(o for o in db.organisations("merseyside") if o.id == "fire-merseyside")
    assert "FRS" not in merseyside_fire.abbreviations  # line 909 uses "FRS" generically
    assert "PCC" not in {o.name for o in db.organisations()}


def test_councils_are_not_places_and_wales_south_covers_its_places(db: Database) -> None:
    surrey = db.area("surrey")
    assert surrey is not None
    assert {(c.name, c.kind) for c in surrey.covers} == {
        ("Surrey", "county"),
        ("Surrey County Council", "council"),
    }
    gwent, south = db.area("gwent"), db.area("south-wales")
    assert gwent is not None and south is not None
    assert [(c.name, c.ref.start_line) for c in gwent.covers] == [("Newport City Council", 1352)]
    assert [(c.name, c.ref.start_line) for c in south.covers] == [("Neath Port Talbot", 1376)]


def test_bold_markers_never_reach_the_text(db: Database) -> None:
    """Line 150 prints "**£750,000** from DCLG" in the text file: the markers are layout, not words."""
    ((_, text),) = db.source_lines(150, 150)
    assert "£750,000 from DCLG" in text and "**" not in text
    assert not any("**" in n.text for a in db.areas() for n in db.narrative(a.id))


def test_the_build_refuses_about_for_an_up_to_amount(records_copy: Path, source: Source) -> None:
    """Line 510 says "up to £50,000": recording it as about (or a bare ~) is refused."""
    essex = records_copy / "sections" / "essex.toml"
    text = essex.read_text(encoding="utf-8")
    for replacement in ('approximate = true, qualifier = "about",', "approximate = true,"):
        essex.write_text(
            text.replace('approximate = true, qualifier = "up_to",', replacement), encoding="utf-8"
        )
        problems = [str(p) for p in build.validate(records_copy, source).problems]
        assert problems == [
            "sections/essex.toml: project essex-neighbourhood-policing-at-fire-stations: money[1].qualifier: "
            "the quote says 'up to' before the amount: write qualifier = 'up_to', not about/~"
        ]


@pytest.mark.parametrize(
    ("quote", "amount", "expected"),
    [
        ("police savings of over £500,000", 500_000, "over"),
        ("a return of more than £2 million on the investment", 2_000_000, "more_than"),
        ("will save up to £50,000 per annum", 50_000, "up_to"),
        ("Durham received almost £600,000", 600_000, "almost"),
        ("Further savings of around £69,000 per year", 69_000, "about"),
        ("savings of £100,000 per year", 100_000, ""),
    ],
)
def test_qualifier_printed(quote: str, amount: int, expected: str) -> None:
    assert build.qualifier_printed(quote, amount) == expected
