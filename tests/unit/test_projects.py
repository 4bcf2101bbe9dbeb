"""Projects and places: real values, and a coverage test so nothing is silently skipped."""

from __future__ import annotations

import sqlite3
import tomllib
from collections import Counter
from pathlib import Path

import pytest

from collab_tui.db import Database
from tests.helpers import ROOT


def projects_at(db: Database, place: str) -> list[str]:
    return [p.title for p in db.projects() if place in p.places]


@pytest.mark.parametrize(
    ("place", "area_id"),
    [
        ("Hayle", "devon-and-cornwall"),
        ("Thrapston", "northamptonshire"),
        ("Newton Aycliffe", "durham"),
        ("Melton", "humberside"),
        ("St Asaph", "north-wales"),
        ("Woodbridge", "suffolk"),
        ("Poynton", "cheshire"),
        ("Sheringham", "norfolk"),
        ("Devizes", "wiltshire"),
        ("Nantwich", "cheshire"),
    ],
)
def test_named_places_lead_to_their_area_and_projects(db: Database, place: str, area_id: str) -> None:
    found = [p for p in db.places() if p.name == place]
    assert [p.area_id for p in found] == [area_id]
    assert projects_at(db, place), f"no project at {place}"


def test_statuses(db: Database) -> None:
    by_title = {p.title: p for p in db.projects()}
    devizes = next(p for p in db.projects() if "Devizes" in p.places)
    assert devizes.status == "abandoned" and devizes.year == 2011  # line 1491: fire and ambulance withdrew
    assert by_title["Poynton Emergency Services Hub"].status == "current"  # opened January 2014, line 251
    assert by_title["Poynton Emergency Services Hub"].year == 2014
    hayle = next(p for p in db.projects() if "Hayle" in p.places and "tri-service" in p.title.lower())
    assert hayle.status == "planned"  # due to open in 2015, line 399
    thrapston = next(p for p in db.projects() if "Thrapston" in p.places)
    assert (thrapston.status, thrapston.year) == ("current", 2013)  # opened August 2013, line 1027


def test_stated_savings(db: Database) -> None:
    savings = {p.title: set(p.savings) for p in db.projects() if p.savings}
    melton = next(v for k, v in savings.items() if "Melton" in k)
    assert "£200,000 per year" in melton  # headline, line 55
    assert "about £69,000 per year" in melton  # "around £69,000 per year", line 730
    hayle = next(v for k, v in savings.items() if "Hayle" in k)
    assert "£100,000 per year" in hayle  # line 399
    h3 = next(v for k, v in savings.items() if "H3" in k)
    assert "about £4,000,000 per year" in h3  # "approximately £4 million per year", line 630


def test_project_kinds_per_area(db: Database) -> None:
    def kinds(area_id: str) -> Counter[str]:
        return Counter(k for p in db.projects(area_id) for k in p.kinds)

    assert kinds("cheshire")["co_responding"] >= 1  # Nantwich, line 253
    assert kinds("cheshire")["co_location"] >= 3  # Poynton, Blacon, NWAS in fire properties
    assert kinds("suffolk")["co_location"] >= 3  # four shared stations, Woodbridge, six more
    assert kinds("wiltshire")["joint_control"] == 1  # the abandoned Devizes centre
    assert kinds("merseyside")["joint_control"] >= 1  # £6.6 million joint command and control centre
    assert kinds("thames-valley")["co_responding"] == 1  # Buckinghamshire co-responding, the only scheme
    assert len(db.projects("thames-valley")) == 1


def test_co_responding_with_an_ambulance_trust_can_be_filtered(db: Database) -> None:
    schemes = [p for p in db.projects() if "co_responding" in p.kinds and "ambulance" in p.services]
    areas = {a for p in schemes for a in p.area_ids}
    assert {
        "cheshire",
        "devon-and-cornwall",
        "dorset",
        "lincolnshire",
        "thames-valley",
        "dyfed-powys",
    } <= areas


def test_national_programmes_present(db: Database) -> None:
    national = {p.title for p in db.projects() if not p.area_ids}
    assert any("JESIP" in t for t in national)
    assert any("ESN" in t for t in national)
    assert any("police demand for ambulance" in t.lower() for t in national)
    assert any("mental health" in t.lower() for t in national)


def test_a_funded_project_links_its_award(built_db: Path) -> None:
    conn = sqlite3.connect(built_db)
    linked = dict(
        conn.execute(
            "SELECT award.amount_gbp, project.title FROM project_award "
            "JOIN award ON award.id = project_award.award_id JOIN project ON project.id = project_award.project_id "
            "WHERE award.id IN (SELECT award_id FROM award_area WHERE area_id IN ('suffolk', 'lincolnshire'))"
        ).fetchall()
    )
    assert "Woodbridge" in linked[413_250]
    assert 491_000 in linked


def test_every_area_has_a_project(db: Database) -> None:
    empty = [a.name for a in db.areas() if not db.projects(a.id)]
    assert empty == []


def test_area_projects_view(built_db: Path) -> None:
    conn = sqlite3.connect(built_db)
    rows = conn.execute(
        "SELECT title, kinds, services, status, places, year FROM area_projects "
        "WHERE area = 'Cheshire' AND places LIKE '%Poynton%'"
    ).fetchall()
    assert rows == [
        (
            "Poynton Emergency Services Hub",
            "co_location",
            "ambulance, fire, police",
            "current",
            "Poynton, Poynton Emergency Services Hub",
            2014,
        )
    ]


def test_every_narrative_paragraph_is_cited_or_explained(built_db: Path) -> None:
    """Each prose line is cited by a project, or listed with a reason in tests/data/no_initiative.toml."""
    conn = sqlite3.connect(built_db)
    lines = dict(conn.execute("SELECT line, text FROM source_line"))
    cited: set[int] = set()
    for table in ("project_source", "project_date", "project_count", "project_money"):
        for start, end in conn.execute(f"SELECT start_line, end_line FROM {table}"):
            cited.update(range(start, end + 1))
    explained = tomllib.loads((ROOT / "tests" / "data" / "no_initiative.toml").read_text(encoding="utf-8"))
    listed = {}
    for entry in explained["paragraph"]:
        assert lines[entry["line"]].startswith(entry["starts"]), entry
        assert entry["reason"].strip()
        listed[entry["line"]] = entry
    uncited = []
    for heading, start, end in conn.execute("SELECT heading, start_line, end_line FROM narrative"):
        for line in range(start, end + 1):
            text = lines[line].strip()
            if text and text != heading and line not in cited and line not in listed:
                uncited.append((line, text[:80]))
    assert uncited == []
    assert not (set(listed) & cited), "a listed paragraph is now cited: remove it from the list"


def test_every_place_and_area_award_belongs_to_a_project(built_db: Path) -> None:
    conn = sqlite3.connect(built_db)
    lonely_places = conn.execute(
        "SELECT name FROM place WHERE id NOT IN (SELECT place_id FROM project_place)"
    )
    assert lonely_places.fetchall() == []
    unfunded = conn.execute(
        "SELECT id FROM award WHERE aggregate = 0 AND id NOT IN (SELECT award_id FROM project_award)"
    )
    assert unfunded.fetchall() == []
