"""collab_tui.dossier: one record as a model, and every file of it rendered from that model."""

from __future__ import annotations

import json

import pytest

from collab_tui.db import Database
from collab_tui.dossier import (
    area_dossier,
    area_record,
    dossier_as,
    dossier_markdown,
    dossier_text,
    person_dossier,
    person_record,
    record_dict,
)


def test_an_area_record_holds_what_the_report_says_about_durham(db: Database) -> None:
    """Durham (section at lines 468-505): Ron Hogg (Labour, line 486), five projects, two awards (lines 118, 500-504)."""
    r = area_record(db, "durham")
    assert r.area.name == "Durham"
    assert r.covers == ["County Durham", "Darlington"]
    assert len(r.projects) == 5
    assert sorted(a.amount_gbp for a in r.awards) == [45_000, 592_000]
    text = dossier_text(r)
    assert "  PCC: Ron Hogg (Labour)\n" in text
    assert "  £592,000 Home Office 2013/14, Precursor Police Innovation Fund:" in text
    assert "[the report differs on this award: see discrepancies]" in text
    assert "Newton Aycliffe police station in the fire station (current, 2013)" in text
    assert text.rstrip().endswith("Open Government Licence v3.0.")


def test_a_person_record_lists_every_role_anthony_marsh(db: Database) -> None:
    """Anthony Marsh leads two ambulance trusts, printed under eight areas (lines 234-237 ... 1449-1451)."""
    r = person_record(db, "anthony-marsh")
    assert len(r.person.roles) == 8
    md = dossier_markdown(r)
    assert "| Chief Executive | West Midlands Ambulance Service | Staffordshire |  | lines 1192-1195 |" in md
    assert "| Chief Executive | East of England Ambulance Service | Norfolk |  | lines 976-979 |" in md
    assert "  Chief Executive, West Midlands Ambulance Service, Staffordshire (line 1192)" in dossier_text(r)


def test_the_json_shape_is_the_models_plain_data(db: Database) -> None:
    d = area_dossier(db, "durham")
    assert d == record_dict(area_record(db, "durham"))
    assert list(d) == ["kind", "id", "name", "nation", "section", "covers", "councils", "leaders", "organisations",
                       "projects", "funding", "discrepancies", "source", "licence", "attribution", "vintage"]  # fmt: skip
    durham = next(a for a in d["funding"] if a["amount_gbp"] == 592_000)
    assert durham["amount_text"] == "£592,000"
    assert [s["qualifier"] for s in durham["statements"]].count("almost") == 1
    assert json.loads(dossier_as(db, d, "json")) == d
    assert person_dossier(db, "anthony-marsh")["roles"][0]["source"]["start_line"] == 234


def test_dossier_as_renders_every_format_from_the_model(db: Database) -> None:
    d = area_dossier(db, "norfolk")
    r = area_record(db, "norfolk")
    assert dossier_as(db, d, "txt") == dossier_text(r)
    assert dossier_as(db, d, "md") == dossier_markdown(r)
    assert dossier_as(db, d, "html").startswith("<!DOCTYPE html>")
    with pytest.raises(KeyError):
        area_record(db, "atlantis")
    from collab_tui.export import FormatError

    with pytest.raises(FormatError):
        dossier_as(db, d, "csv")
