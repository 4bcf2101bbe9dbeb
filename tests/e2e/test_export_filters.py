"""`collab-tui export VIEW --filter value`: the same filters and the same rows as the panes."""

from __future__ import annotations

import json
from pathlib import Path

from collab_tui import tables as T
from collab_tui.db import Database
from tests.helpers import run_main as run

ROOT = Path(__file__).resolve().parents[2]


def test_export_leaders_pcc_in_kent(built_db: Path) -> None:
    done = run(
        "--db", str(built_db), "export", "leaders", "--role", "pcc", "--area", "kent", "--format", "json"
    )
    assert done.returncode == 0, done.stderr
    data = json.loads(done.stdout)
    assert data["title"] == "Leaders: role Police and Crime Commissioner, area Kent"
    assert [(r["name"], r["role"], r["areas"], r["party"]) for r in data["rows"]] == [
        ("Ann Barnes", "pcc", ["Kent"], "Ind")
    ]


def test_export_funding_filters_match_the_table(built_db: Path, db: Database) -> None:
    done = run(
        "--db", str(built_db), "export", "funding", "--scope", "area", "--funder", "DCLG", "--format", "json"
    )
    assert done.returncode == 0, done.stderr
    rows = json.loads(done.stdout)["rows"]
    table = T.build_table(db, "funding", T.FundingFilters(funder="dclg", scope="area"))
    assert [r["amount_gbp"] for r in rows] == table.column("amount_gbp") == [
        750000, 500000, 500000, 491000, 420000, 100000, 60000
    ]  # fmt: skip


def test_export_filter_errors_are_one_line(built_db: Path) -> None:
    wrong_view = run("--db", str(built_db), "export", "funding", "--role", "pcc")
    assert wrong_view.returncode == 2 and wrong_view.stderr.count("\n") == 1
    assert "--role is not a filter of funding" in wrong_view.stderr
    bad_value = run("--db", str(built_db), "export", "projects", "--kind", "teleportation")
    assert bad_value.returncode == 2 and bad_value.stderr.count("\n") == 1
    assert "--kind: 'teleportation' is not one of: co_location" in bad_value.stderr
