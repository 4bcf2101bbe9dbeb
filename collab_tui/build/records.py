"""The records (data/records/*.toml): their field specifications, and loading them in a fixed order."""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from collab_tui.build.geography import Geography

ID_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")

# --- field specifications -----------------------------------------------------
# Each spec maps a field to (type, required). Nested list-of-table fields name
# another spec. Unknown fields are reported, so a typo never passes silently.

Spec = dict[str, tuple[Any, bool]]

SPECS: dict[str, Spec] = {
    "ref": {"lines": (list, True), "quote": (str, True)},
    "name_ref": {"text": (str, True), "lines": (list, True)},
    "alias_ref": {"name": (str, True), "lines": (list, True)},
    "cover": {"name": (str, True), "kind": (str, True), "lines": (list, True), "quote": (str, True)},
    "section": {
        "id": (str, True),
        "heading": (str, True),
        "heading_printed": (bool, True),
        "lines": (list, True),
        "attribution": (str, False),
        "attribution_lines": (list, False),
        "attribution_quote": (str, False),
    },
    "area": {
        "id": (str, True),
        "name": (str, True),
        "nation": (str, True),
        "police_force": (str, True),
        "covers": (["cover"], False),
    },
    "narrative": {
        "heading": (str, True),
        "kind": (str, True),
        "lines": (list, True),
        "areas": (list, False),
    },
    "organisation": {
        "id": (str, True),
        "name": (str, True),
        "kind": (str, True),
        "service": (str, True),
        "areas": (list, True),
        "sources": (["ref"], True),
        "aliases": (["name_ref"], False),
        "abbreviations": (["name_ref"], False),
    },
    "role": {
        "person": (str, True),
        "name": (str, True),
        "role": (str, True),
        "title": (str, True),
        "party": (str, False),
        "organisation": (str, False),
        "area": (str, True),
        "note": (str, False),
        "acting": (bool, False),
        "lines": (list, True),
        "quote": (str, True),
    },
    "person": {"id": (str, True), "name": (str, True), "aliases": (["alias_ref"], False)},
    "statement": {
        "lines": (list, True),
        "quote": (str, True),
        "amount_gbp": (int, True),
        "approximate": (bool, False),
        "qualifier": (str, False),
        "year": (str, False),
        "fund_as_printed": (str, False),
        "funder_as_printed": (str, False),
    },
    "award": {
        "id": (str, True),
        "funder": (str, True),
        "fund": (str, True),
        "amount_gbp": (int, True),
        "approximate": (bool, False),
        "year": (str, False),
        "purpose": (str, True),
        "areas": (list, True),
        "aggregate": (bool, False),
        "projects": (list, False),
        "statements": (["statement"], True),
    },
    "discrepancy": {
        "id": (str, True),
        "kind": (str, True),
        "description": (str, True),
        "areas": (list, True),
        "records": (list, False),
        "sides": (["ref"], True),
    },
    "date": {"event": (str, True), "value": (str, True), "lines": (list, True), "quote": (str, True)},
    "count": {"what": (str, True), "value": (int, True), "lines": (list, True), "quote": (str, True)},
    "money": {
        "what": (str, True),
        "amount_gbp": (int, True),
        "period": (str, True),
        "approximate": (bool, False),
        "qualifier": (str, False),
        "lines": (list, True),
        "quote": (str, True),
    },
    "project": {
        "id": (str, True),
        "title": (str, True),
        "areas": (list, True),
        "summary": (str, True),
        "kinds": (list, True),
        "services": (list, True),
        "organisations": (list, False),
        "status": (str, True),
        "year": (int, False),
        "places": (list, False),
        "awards": (list, False),
        "sources": (["ref"], True),
        "dates": (["date"], False),
        "counts": (["count"], False),
        "money": (["money"], False),
    },
    "place": {
        "id": (str, True),
        "name": (str, True),
        "kind": (str, True),
        "area": (str, True),
        "lines": (list, True),
        "quote": (str, True),
    },
    "headline": {
        "areas": (list, True),
        "heading": (str, True),
        "lines": (list, True),
        "quote": (str, True),
    },
}
TOP_LEVEL = {
    "section": "section",
    "area": "area",
    "narrative": "narrative",
    "organisation": "organisation",
    "role": "role",
    "person": "person",
    "award": "award",
    "discrepancy": "discrepancy",
    "project": "project",
    "place": "place",
    "headline": "headline",
}


# --- loading ------------------------------------------------------------------


@dataclass
class Record:
    """One table entry of a records file."""

    file: str
    kind: str
    data: dict[str, Any]
    index: int

    @property
    def ident(self) -> str:
        """The id the problem lines name: the record's id, its person, or its place in the file (#n)."""
        for key in ("id", "person"):
            if isinstance(self.data.get(key), str):
                return self.data[key]
        return f"#{self.index + 1}"


@dataclass
class Problem:
    """One problem with a record, shown as ``file: kind id: field: message``."""

    file: str
    kind: str
    ident: str
    field: str
    message: str

    def __str__(self) -> str:
        return f"{self.file}: {self.kind} {self.ident}: {self.field}: {self.message}"


@dataclass
class Catalogue:
    """Every record of every file, and the problems found so far."""

    records: list[Record] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    files: dict[str, bytes] = field(default_factory=dict)
    geography: Geography | None = None

    def of(self, kind: str) -> list[Record]:
        """The records of one kind, in file order."""
        return [r for r in self.records if r.kind == kind]


def load_records(records_dir: Path) -> Catalogue:
    """Read every ``*.toml`` file below ``records_dir``, in a fixed order."""
    catalogue = Catalogue()
    paths = sorted(records_dir.rglob("*.toml"))
    if not paths:
        catalogue.problems.append(Problem(str(records_dir), "-", "-", "-", "no *.toml record files found"))
    for path in paths:
        name = path.relative_to(records_dir).as_posix()
        raw = path.read_bytes()
        catalogue.files[name] = raw
        try:
            data = tomllib.loads(raw.decode("utf-8"))
        except UnicodeDecodeError as exc:
            catalogue.problems.append(Problem(name, "file", "-", "-", f"not UTF-8: {exc}"))
            continue
        except tomllib.TOMLDecodeError as exc:
            catalogue.problems.append(Problem(name, "file", "-", "-", f"TOML syntax error: {exc}"))
            continue
        for key, value in data.items():
            kind = TOP_LEVEL.get(key)
            if kind is None:
                catalogue.problems.append(
                    Problem(
                        name,
                        "file",
                        "-",
                        key,
                        f"unknown table [{key}]; expected one of " + ", ".join(sorted(TOP_LEVEL)),
                    )
                )
                continue
            entries = value if isinstance(value, list) else [value]
            for i, entry in enumerate(entries):
                if not isinstance(entry, dict):
                    catalogue.problems.append(Problem(name, kind, f"#{i + 1}", "-", "expected a table"))
                    continue
                catalogue.records.append(Record(name, kind, entry, i))
    return catalogue
