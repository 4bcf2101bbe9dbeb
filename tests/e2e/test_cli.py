"""The collab-tui command against the real database, as a script would run it."""

from __future__ import annotations

import json
import os
from pathlib import Path

from tests.helpers import ROOT, run, run_process


def test_info_json_describes_the_database(built_db: Path) -> None:
    result = run("--db", str(built_db), "info", "--json")
    assert result.returncode == 0, result.stderr
    info = json.loads(result.stdout)
    assert info["licence"] == "Open Government Licence v3.0"
    assert info["source"] == "Emergency Services Collaboration: The Current Picture (2014)"
    assert info["counts"]["section"] == 38
    assert info["counts"]["area"] == 41


def test_the_environment_variable_chooses_the_database(built_db: Path, tmp_path: Path) -> None:
    env = {**os.environ, "PYTHONPATH": str(ROOT), "COLLAB_DB": str(built_db)}
    result = run("info", "--json", env=env)
    assert json.loads(result.stdout)["database"] == str(built_db)
    missing = run("info", env={**env, "COLLAB_DB": str(tmp_path / "nope.db")})
    assert missing.returncode == 2
    assert "nope.db" in missing.stderr


def test_a_missing_database_is_one_line_and_exit_2(tmp_path: Path) -> None:
    result = run_process("--db", str(tmp_path / "missing.db"), "info")
    assert result.returncode == 2
    assert result.stderr.count("\n") == 1
    assert "database not found" in result.stderr and "build_db.py" in result.stderr
    assert "Traceback" not in result.stderr


def test_version_and_help() -> None:
    assert run_process("--version").stdout.startswith("collab-tui ")
    help_text = run_process("--help").stdout
    assert "--db PATH" in help_text and "info" in help_text


def test_search_json_shape_and_ranking(built_db: Path) -> None:
    result = run_process("--db", str(built_db), "search", "cfo", "cumbria", "--json")
    assert result.returncode == 0, result.stderr
    hits = json.loads(result.stdout)
    top = hits[0]
    assert {"kind", "name", "areas", "score", "matched"} <= set(top)
    assert (top["kind"], top["name"], top["areas"]) == ("person", "Ian Cartwright", ["Cumbria"])
    assert top["matched"]["field"] == "role"
    assert hits == sorted(hits, key=lambda h: -h["score"])


def test_search_kind_and_limit(built_db: Path) -> None:
    result = run("--db", str(built_db), "search", "thrapston", "--kind", "project", "--limit", "1", "--json")
    hits = json.loads(result.stdout)
    assert len(hits) == 1 and hits[0]["kind"] == "project"
    assert "Thrapston" in hits[0]["name"]


def test_search_table_pipes_cleanly(built_db: Path) -> None:
    result = run("--db", str(built_db), "search", "hogan", "howe")
    assert result.returncode == 0
    assert "Bernard Hogan-Howe" in result.stdout
    assert "\x1b" not in result.stdout  # no colour or escape codes when not a terminal


def test_search_with_no_match_exits_1(built_db: Path) -> None:
    result = run("--db", str(built_db), "search", "zzzzqqqxx", "--json")
    assert result.returncode == 1 and json.loads(result.stdout) == []
    plain = run("--db", str(built_db), "search", "zzzzqqqxx")
    assert plain.returncode == 1 and plain.stderr.count("\n") == 1 and "no close match" in plain.stderr


def test_show_area_json_shape(built_db: Path) -> None:
    result = run("--db", str(built_db), "show", "cumbira", "--json")
    assert result.returncode == 0, result.stderr
    area = json.loads(result.stdout)
    assert (area["name"], area["section"]) == ("Cumbria", "Cumbria")
    assert {
        "role": "chief_fire_officer",
        "title": "Chief Fire Officer",
        "name": "Ian Cartwright",
        "party": None,
        "organisation": "Cumbria Fire and Rescue Service",
    }.items() <= area["leaders"][2].items()
    assert {"name", "kind", "abbreviations"} <= set(area["organisations"][0])
    nwas = next(o for o in area["organisations"] if o["name"] == "North West Ambulance Service")
    assert "NWAS" in nwas["abbreviations"]
    assert all({"title", "kinds", "status", "places", "year"} <= set(p) for p in area["projects"])
    assert "discrepancies" in area and "funding" in area
    assert area["licence"] == "Open Government Licence v3.0"


def test_show_area_funding_and_discrepancies(built_db: Path) -> None:
    area = json.loads(run("--db", str(built_db), "show", "dorset", "--json").stdout)
    [award] = area["funding"]
    assert {
        "funder": "Home Office",
        "fund": "Police Innovation Fund",
        "amount_gbp": 80400,
        "year": "2013/14",
    }.items() <= award.items()
    assert {s["amount_gbp"] for s in award["statements"]} == {80400, 150400}
    assert any(d["kind"] == "amount" for d in area["discrepancies"])


def test_show_person_lists_every_role(built_db: Path) -> None:
    person = json.loads(run("--db", str(built_db), "show", "wenman", "--json").stdout)
    assert person["name"] == "Ken Wenman"
    assert sorted(r["area"] for r in person["roles"]) == [
        "Avon and Somerset",
        "Devon and Cornwall",
        "Dorset",
        "Gloucestershire",
        "Wiltshire",
    ]


def test_show_plain_is_linear_text(built_db: Path) -> None:
    result = run("--db", str(built_db), "show", "hampshire", "--plain")
    assert result.returncode == 0
    assert "Chief Constable: Andy Marsh, Hampshire Constabulary" in result.stdout
    assert "£73,500" in result.stdout and "differs" in result.stdout
    assert not any(ch in result.stdout for ch in "┏━│└")


def test_show_nothing_matches_suggests_and_exits_1(built_db: Path) -> None:
    result = run("--db", str(built_db), "show", "xqzv")
    assert result.returncode == 1
    assert result.stderr.count("\n") == 1
    assert "no area or person matches 'xqzv'" in result.stderr
    assert "Traceback" not in result.stderr


def test_show_suggests_close_names(built_db: Path) -> None:
    result = run("--db", str(built_db), "show", "qqq", "marsh")
    assert result.returncode == 1
    assert "closest: Andy Marsh (person); Anthony Marsh (person)" in result.stderr


def test_usage_errors_are_one_line(built_db: Path) -> None:
    result = run("--db", str(built_db), "search", "x", "--limit", "0")
    assert result.returncode == 2 and "--limit must be at least 1" in result.stderr
    bad = run("frobnicate")
    assert bad.returncode == 2 and bad.stderr.count("\n") == 1


def test_deep_links_that_match_nothing_say_so(built_db: Path) -> None:
    result = run("--db", str(built_db), "--area", "atlantis")
    assert result.returncode == 1
    assert result.stderr.startswith("collab-tui: no area matches 'atlantis'")
    person = run("--db", str(built_db), "--person", "qqq marsh")
    assert person.returncode == 1 and "closest: Andy Marsh; Anthony Marsh" in person.stderr
    both = run("--db", str(built_db), "--area", "kent", "--person", "barnes")
    assert both.returncode == 2 and "give one of --search, --area, --person, --compare" in both.stderr


def test_compare_markdown_briefing(built_db: Path) -> None:
    result = run("--db", str(built_db), "compare", "norfolk", "suffolk", "--markdown")
    assert result.returncode == 0, result.stderr
    text = result.stdout
    assert text.startswith("# Briefing: Norfolk and Suffolk")
    assert "Data from the 2014 report; post-holders may have changed since." in text
    assert "| Ambulance Chief Executive | Anthony Marsh" in text
    assert "(line 1226)" in text or "(lines 1223-1226)" in text
    assert "Open Government Licence v3.0" in text


def test_compare_json_pairs_sharing_a_section(built_db: Path) -> None:
    data = json.loads(run("--db", str(built_db), "compare", "warwickshire", "west mercia", "--json").stdout)
    assert data["left"]["name"] == "Warwickshire" and data["right"]["name"] == "West Mercia"
    assert data["left"]["section"] == data["right"]["section"] == "Warwickshire and West Mercia"


def test_compare_errors_are_clear(built_db: Path) -> None:
    same = run("--db", str(built_db), "compare", "kent", "kent")
    assert same.returncode == 1 and "choose two different areas" in same.stderr
    ambiguous = run("--db", str(built_db), "compare", "yorkshire", "kent")
    assert ambiguous.returncode == 1
    assert "could be North Yorkshire, South Yorkshire, West Yorkshire" in ambiguous.stderr
    nothing = run("--db", str(built_db), "compare", "atlantis", "kent")
    assert nothing.returncode == 1 and "no area matches 'atlantis'" in nothing.stderr
    for r in (same, ambiguous, nothing):
        assert r.stderr.count("\n") == 1 and "Traceback" not in r.stderr


def test_export_cli(built_db: Path, tmp_path: Path) -> None:
    out = tmp_path / "leaders.csv"
    first = run("--db", str(built_db), "export", "leaders", "--format", "csv", "--output", str(out), "--bom")
    assert first.returncode == 0, first.stderr
    assert out.read_bytes().startswith("\ufeff".encode())
    assert "Sue Mountstevens" in out.read_text(encoding="utf-8-sig")
    again = run("--db", str(built_db), "export", "leaders", "--output", str(out))
    assert again.returncode == 2 and "exists; add --force" in again.stderr
    stdout = run("--db", str(built_db), "export", "projects", "--format", "md")
    assert stdout.stdout.startswith("# Projects: ") and "Poynton Emergency Services Hub" in stdout.stdout
    bad = run("--db", str(built_db), "export", "people")
    assert bad.returncode == 2 and bad.stderr.count("\n") == 1


def test_every_command_has_complete_help() -> None:
    top = run("--help").stdout
    for command in (
        "search",
        "show",
        "compare",
        "export",
        "info",
        "--area",
        "--person",
        "--search",
        "--compare",
        "--db",
    ):
        assert command in top
    for command, options in (("search", ["--limit", "--kind", "--json"]), ("show", ["--json", "--plain", "--html", "--format", "--output"]),
                             ("compare", ["--json", "--markdown", "--plain", "--html", "--format", "--output", "--bom"]),
                             ("export", ["--format", "--output", "--bom", "--no-bom", "--force"]), ("info", ["--json"])):  # fmt: skip
        text = " ".join(run(command, "--help").stdout.split())
        assert all(option in text for option in options), (command, text)
        assert "Open Government Licence" in text or command == "info"
    from collab_tui import __version__

    assert run("--version").stdout.strip() == f"collab-tui {__version__}"


# --- the report's text: grep and read ---------------------------------------------------------


def source_lines() -> list[str]:
    from tests.helpers import SOURCE

    return SOURCE.read_text(encoding="utf-8").split("\n")


def test_grep_tri_service_json_lists_its_lines_with_their_records(built_db: Path) -> None:
    result = run("--db", str(built_db), "grep", "tri-service", "--json")
    assert result.returncode == 0, result.stderr
    items = json.loads(result.stdout)
    lines = [i["line"] for i in items]
    assert {67, 399, 421} <= set(lines)
    # Every line of the text with "tri-service" in it (any case), and no other.
    assert lines == [n for n, t in enumerate(source_lines(), start=1) if "tri-service" in t.lower()]
    by_line = {i["line"]: i for i in items}
    assert set(by_line[399]) == {"line", "text", "section", "section_id", "records"}
    assert by_line[399]["section"] == "Devon and Cornwall"
    assert "new tri-service station in Hayle" in by_line[399]["text"]
    records = {(r["kind"], r["id"]): r["name"] for r in by_line[421]["records"]}
    assert records[("project", "hayle-tri-service-station")] == "Hayle tri-service station"
    assert records[("funding", "cornwall-hayle-tri-service-station")].startswith(
        "£100,000 from the Department"
    )
    assert ("discrepancy", "cornwall-dclg-award-purpose") in records
    assert ("project", "hayle-tri-service-station") in {(r["kind"], r["id"]) for r in by_line[67]["records"]}


def test_grep_guardian_series_prints_line_1069(built_db: Path) -> None:
    result = run("--db", str(built_db), "grep", "Guardian Series")
    assert result.returncode == 0, result.stderr
    out = result.stdout.splitlines()
    assert out[0] == "1069: " + source_lines()[1068]
    assert "    project guardian-series-2014: Guardian Series 2014 CBRN training days" in out
    assert not any(line[:1].isdigit() and not line.startswith("1069:") for line in out)


def test_grep_nothing_is_one_line_and_exit_1(built_db: Path) -> None:
    result = run("--db", str(built_db), "grep", "zzqqxx")
    assert result.returncode == 1
    assert result.stdout == "" and result.stderr.count("\n") == 1
    json_result = run("--db", str(built_db), "grep", "zzqqxx", "--json")
    assert json_result.returncode == 1 and json.loads(json_result.stdout) == []


def test_read_northumbria_prints_that_section_with_line_numbers(built_db: Path) -> None:
    result = run("--db", str(built_db), "read", "Northumbria")
    assert result.returncode == 0, result.stderr
    out = result.stdout.splitlines()
    assert out[0] == "1065  Northumbria"
    text = source_lines()
    numbered = [line for line in out if line.strip()]
    for line in numbered:
        number, _, rest = line.partition("  ")
        assert rest == text[int(number) - 1]
    assert "1083  PCC: Vera Baird (Lab)" in out
    assert int(out[-1].split()[0]) == 1104  # up to the line before Nottinghamshire
    assert "\x1b" not in result.stdout


def test_read_an_ambiguous_or_unknown_section_is_one_line_and_exit_1(built_db: Path) -> None:
    result = run("--db", str(built_db), "read", "wales")
    assert result.returncode == 1 and result.stdout == ""
    assert result.stderr.strip() == (
        "collab-tui: 'wales' could be Wales (North), Wales (South), Wales (Mid and West); say which"
    )
    unknown = run("--db", str(built_db), "read", "xyzzy")
    assert unknown.returncode == 1 and unknown.stderr.count("\n") == 1


def test_read_the_front_matter_by_name(built_db: Path) -> None:
    result = run("--db", str(built_db), "read", "fire", "transformation", "fund")
    assert result.returncode == 0
    assert result.stdout.splitlines()[0] == "152  Fire Transformation Fund Awards 2014 - update"


def test_line_outside_the_report_is_exit_2(built_db: Path) -> None:
    result = run("--db", str(built_db), "--line", "0")
    assert result.returncode == 2 and "outside the report" in result.stderr
    both = run("--db", str(built_db), "--line", "5", "grep", "x")
    assert both.returncode == 2
