"""The geography layer (data/geography/): police force areas and the places in them.

Outside facts (ONS lookups, Open Government Licence v3.0), checked here and packed apart from the
report's records; never mixed with them.
"""

from __future__ import annotations

import csv
import io
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

from collab_tui.build.records import Problem
from collab_tui.vocabulary import GEO_ERAS, GEO_KINDS, NATIONS, TERRITORIAL_FORCES

DEFAULT_GEOGRAPHY = Path(__file__).resolve().parents[2] / "data" / "geography"


@dataclass
class Geography:
    """data/geography/: the police force areas and the places in them (outside facts, with their source)."""

    forces: list[dict[str, str]]
    places: list[dict[str, str]]
    files: dict[str, bytes]


def default_geography_dir(records_dir: Path) -> Path:
    """The geography beside the records (data/geography), or the project's own."""
    beside = records_dir.resolve().parent / "geography"
    return beside if beside.is_dir() else DEFAULT_GEOGRAPHY


def _read_csv(
    path: Path, columns: list[str], problems: list[Problem], files: dict[str, bytes]
) -> list[dict[str, str]]:
    name = f"geography/{path.name}"
    if not path.exists():
        problems.append(Problem(name, "file", "-", "-", "missing"))
        return []
    raw = path.read_bytes()
    files[name] = raw
    reader = csv.DictReader(io.StringIO(raw.decode("utf-8"), newline=""))
    if reader.fieldnames != columns:
        problems.append(Problem(name, "file", "-", "-", f"columns must be {', '.join(columns)}"))
        return []
    return [{k: (v or "") for k, v in row.items()} for row in reader]


def load_geography(geo_dir: Path, area_ids: set[str], problems: list[Problem]) -> Geography:
    """Read and check data/geography/forces.csv and places.csv."""
    files: dict[str, bytes] = {}
    forces = _read_csv(
        geo_dir / "forces.csv", ["police_force", "force_name", "nation", "area_id"], problems, files
    )
    places = _read_csv(
        geo_dir / "places.csv", ["name", "kind", "era", "police_force", "note"], problems, files
    )

    def bad(file: str, ident: str, field_name: str, message: str) -> None:
        """Record a problem with a row of a geography file."""
        problems.append(Problem(f"geography/{file}", "row", ident, field_name, message))

    names = [f["police_force"] for f in forces]
    if forces and len(set(names)) != TERRITORIAL_FORCES:
        bad(
            "forces.csv",
            "-",
            "police_force",
            f"{len(set(names))} forces; England and Wales have {TERRITORIAL_FORCES}",
        )
    for f in forces:
        if names.count(f["police_force"]) > 1:
            bad("forces.csv", f["police_force"], "police_force", "listed twice")
        if f["nation"] not in NATIONS:
            bad("forces.csv", f["police_force"], "nation", f"{f['nation']!r} is not one of England, Wales")
        if f["area_id"] and f["area_id"] not in area_ids:
            bad("forces.csv", f["police_force"], "area_id", f"unknown area id {f['area_id']!r}")
        if not f["force_name"].strip():
            bad("forces.csv", f["police_force"], "force_name", "missing")
    seen: set[tuple[str, str, str]] = set()
    for p in places:
        ident = p["name"] or "-"
        for key in ("name", "kind", "era", "police_force"):
            if p[key] != p[key].strip() or not p[key]:
                bad("places.csv", ident, key, "empty, or has leading or trailing spaces")
        if p["kind"] not in GEO_KINDS:
            bad("places.csv", ident, "kind", f"{p['kind']!r} is not one of: {', '.join(sorted(GEO_KINDS))}")
        if p["era"] not in GEO_ERAS:
            bad("places.csv", ident, "era", f"{p['era']!r} is not one of: {', '.join(sorted(GEO_ERAS))}")
        if p["police_force"] not in names:
            bad("places.csv", ident, "police_force", f"unknown police force area {p['police_force']!r}")
        place_key = (p["name"], p["kind"], p["police_force"])
        if place_key in seen:
            bad("places.csv", ident, "-", "the same name, kind and force twice")
        seen.add(place_key)
    # A name in two force areas must say which part each row covers.
    forces_of: dict[tuple[str, str], set[str]] = defaultdict(set)
    for p in places:
        forces_of[p["name"], p["kind"]].add(p["police_force"])
    for p in places:
        if len(forces_of[p["name"], p["kind"]]) > 1 and not p["note"] and p["kind"] != "town":
            bad("places.csv", p["name"], "note", "a name in several force areas needs a note on each row")
    covered = {p["police_force"] for p in places}
    for name in names:
        if name not in covered:
            bad("forces.csv", name, "-", "no place of places.csv lies in this force area")
    return Geography(forces, places, files)
