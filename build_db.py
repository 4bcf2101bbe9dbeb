#!/usr/bin/env python3
"""Validate the curated records in data/records/ and pack them into data/collab.db.

    python build_db.py             validate, then build data/collab.db
    python build_db.py --validate  validate only; write nothing
    python build_db.py --check     exit 1 if data/collab.db is stale against the records

Every problem is reported on its own line as ``file: kind id: field: message``;
the exit code is then 1 and an existing database is left byte-identical (the
build writes a temporary file and renames it into place only on success).
Two builds of the same records are byte-identical: no timestamps, rows in a
fixed order, and a content hash of records, source and this script in ``meta``.
"""

from __future__ import annotations

import argparse
import contextlib
import hashlib
import os
import re
import signal
import sqlite3
import sys
import tempfile
import tomllib
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from collab_tui.vocabulary import (
    APPLICATION_ID,
    BOUND_QUALIFIERS,
    COVER_KINDS,
    DATE_EVENTS,
    DISCREPANCY_KINDS,
    DISCREPANCY_TARGETS,
    FUNDERS,
    FUNDS,
    GEO_ERAS,
    GEO_KINDS,
    GEOGRAPHY_SOURCE,
    MONEY_PERIODS,
    MONEY_QUALIFIERS,
    MONEY_WHAT,
    NARRATIVE_KINDS,
    NATIONAL,
    NATIONS,
    ORGANISATION_KINDS,
    PARTY_ROLES,
    PLACE_KINDS,
    PROJECT_KINDS,
    PROJECT_STATUSES,
    QUALIFIER_PHRASES,
    ROLES,
    SCHEMA_VERSION,
    SERVICES,
    TERRITORIAL_FORCES,
)

ROOT = Path(__file__).resolve().parent
DEFAULT_RECORDS = ROOT / "data" / "records"
DEFAULT_SOURCE = ROOT / "data" / "source" / "emergency-services-collaboration-2014.txt"
DEFAULT_GEOGRAPHY = ROOT / "data" / "geography"
DEFAULT_OUTPUT = ROOT / "data" / "collab.db"

SOURCE_TITLE = "Emergency Services Collaboration: The Current Picture"
SOURCE_SUBTITLE = "An overview of collaboration in England and Wales"
SOURCE_YEAR = "2014"
LICENCE = "Open Government Licence v3.0"
LICENCE_URL = "https://www.nationalarchives.gov.uk/doc/open-government-licence/version/3/"
ATTRIBUTION = "Contains public sector information licensed under the Open Government Licence v3.0."
ID_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")

# --- field specifications -----------------------------------------------------
# Each spec maps a field to (type, required). Nested list-of-table fields name
# another spec. Unknown fields are reported, so a typo never passes silently.

REF = "ref"  # {lines, quote}
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


# --- the source text ----------------------------------------------------------


def contains_words(haystack: str, needle: str) -> bool:
    """True if ``needle`` appears in ``haystack`` as whole words (not inside a longer word)."""
    pattern = r"(?<!\w)" + re.escape(normalise(needle)) + r"(?!\w)"
    return re.search(pattern, normalise(haystack)) is not None


def normalise(text: str) -> str:
    """Collapse whitespace and drop the text file's ``**`` bold markers."""
    return re.sub(r"\s+", " ", text.replace("**", "")).strip()


class Source:
    """The report's text, addressed by 1-based line numbers."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.raw = path.read_bytes()
        self.text = self.raw.decode("utf-8")
        self.lines = self.text.split("\n")
        if self.lines and self.lines[-1] == "":
            self.lines.pop()
        self.sha256 = hashlib.sha256(self.raw).hexdigest()

    def valid(self, start: int, end: int) -> bool:
        return 1 <= start <= end <= len(self.lines)

    def span(self, start: int, end: int) -> str:
        return normalise(" ".join(self.lines[start - 1 : end]))

    def contains(self, start: int, end: int, quote: str) -> bool:
        return bool(normalise(quote)) and normalise(quote) in self.span(start, end)

    def paragraphs(self, start: int, end: int, drop_heading: str | None = None) -> str:
        """The non-empty lines of a range, one paragraph each."""
        lines = [line.replace("**", "").strip() for line in self.lines[start - 1 : end] if line.strip()]
        if drop_heading is not None and lines and lines[0] == drop_heading.strip():
            lines = lines[1:]
        return "\n\n".join(lines)


# --- money and numbers printed in quotes -------------------------------------

MONEY_RE = re.compile(r"£\s?(\d[\d,]*(?:\.\d+)?)\s*(million|billion|bn|m|k)?\b", re.IGNORECASE)
NUMBER_WORDS = {
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "thirteen": 13,
    "fourteen": 14,
    "fifteen": 15,
    "sixteen": 16,
    "seventeen": 17,
    "eighteen": 18,
    "nineteen": 19,
    "twenty": 20,
    "thirty": 30,
    "forty": 40,
    "fifty": 50,
    "sixty": 60,
    "hundred": 100,
}


def amounts_in(text: str) -> set[int]:
    """Every sterling amount printed in ``text``, in whole pounds."""
    found: set[int] = set()
    for number, unit in MONEY_RE.findall(normalise(text)):
        value = float(number.replace(",", ""))
        scale = {"m": 1e6, "million": 1e6, "bn": 1e9, "billion": 1e9, "k": 1e3}.get(unit.lower(), 1)
        found.add(round(value * scale))
    return found


_QUALIFIER_BEFORE = re.compile(
    r"(?<!\w)(" + "|".join(sorted(map(re.escape, QUALIFIER_PHRASES), key=len, reverse=True)) + r")\s*$",
    re.IGNORECASE,
)


def qualifier_printed(text: str, amount: int) -> str | None:
    """The qualifier printed just before ``amount`` in ``text`` ("up to £50,000" -> "up_to").

    "" when the amount is printed bare; None when it is not printed at all.
    """
    text = normalise(text)
    found = None
    for match in MONEY_RE.finditer(text):
        number, unit = match.groups()
        scale = {"m": 1e6, "million": 1e6, "bn": 1e9, "billion": 1e9, "k": 1e3}.get((unit or "").lower(), 1)
        if round(float(number.replace(",", "")) * scale) != amount:
            continue
        before = _QUALIFIER_BEFORE.search(text[: match.start()])
        qualifier = QUALIFIER_PHRASES[before.group(1).lower()] if before else ""
        if found is None or (qualifier and not found):
            found = qualifier
    return found


def numbers_in(text: str) -> set[int]:
    """Every whole number printed in ``text``, as digits or as a word."""
    text = normalise(text)
    found = {int(n.replace(",", "")) for n in re.findall(r"\d[\d,]*", text) if n.replace(",", "")}
    for word in re.findall(r"[A-Za-z]+", text):
        if word.lower() in NUMBER_WORDS:
            found.add(NUMBER_WORDS[word.lower()])
    return found


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
        for key in ("id", "person"):
            if isinstance(self.data.get(key), str):
                return self.data[key]
        return f"#{self.index + 1}"


@dataclass
class Problem:
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


# --- validation -----------------------------------------------------------------


class Validator:
    """Checks a catalogue against the source; appends problems."""

    def __init__(self, catalogue: Catalogue, source: Source) -> None:
        self.c = catalogue
        self.source = source
        self.ids: dict[str, dict[str, Record]] = defaultdict(dict)

    def problem(self, record: Record, field_name: str, message: str) -> None:
        self.c.problems.append(Problem(record.file, record.kind, record.ident, field_name, message))

    # shape

    def check_shape(self, record: Record, data: dict[str, Any], spec_name: str, prefix: str) -> bool:
        spec = SPECS[spec_name]
        ok = True
        for key in data:
            if key not in spec:
                self.problem(record, prefix + key, f"unknown field (expected: {', '.join(spec)})")
                ok = False
        for key, (typ, required) in spec.items():
            if key not in data:
                if required:
                    self.problem(record, prefix + key, "missing required field")
                    ok = False
                continue
            value = data[key]
            if isinstance(typ, list):
                if not isinstance(value, list):
                    self.problem(record, prefix + key, "expected a list of tables")
                    ok = False
                    continue
                for i, item in enumerate(value):
                    if not isinstance(item, dict):
                        self.problem(record, f"{prefix}{key}[{i}]", "expected a table")
                        ok = False
                    elif not self.check_shape(record, item, typ[0], f"{prefix}{key}[{i}]."):
                        ok = False
            elif typ is int and (isinstance(value, bool) or not isinstance(value, int)):
                self.problem(record, prefix + key, f"expected a whole number, got {value!r}")
                ok = False
            elif typ is not int and not isinstance(value, typ):
                self.problem(record, prefix + key, f"expected {typ.__name__}, got {value!r}")
                ok = False
            elif (typ is list and key == "lines") or key.endswith("_lines"):
                if not (
                    isinstance(value, list)
                    and len(value) == 2
                    and all(isinstance(n, int) and not isinstance(n, bool) for n in value)
                ):
                    self.problem(record, prefix + key, "expected [first_line, last_line]")
                    ok = False
                elif not self.source.valid(*value):
                    self.problem(
                        record,
                        prefix + key,
                        f"line range {value} is outside the source (1-{len(self.source.lines)})",
                    )
                    ok = False
            elif (
                typ is str
                and key not in {"quote", "note", "description", "summary", "purpose"}
                and value != value.strip()
            ):
                self.problem(record, prefix + key, "has leading or trailing spaces")
        return ok

    def quote(self, record: Record, where: str, lines: list[int], text: str) -> None:
        if not self.source.valid(*lines):
            return
        if not normalise(text):
            self.problem(record, where, "is empty")
        elif not self.source.contains(lines[0], lines[1], text):
            self.problem(record, where, f"{short(text)!r} is not verbatim at lines {lines[0]}-{lines[1]}")

    def refs(self, record: Record, name: str, items: Iterable[dict[str, Any]], key: str = "quote") -> None:
        for i, item in enumerate(items):
            self.quote(record, f"{name}[{i}].{key}", item["lines"], item[key])

    def vocab(self, record: Record, name: str, value: Any, allowed: Iterable[str]) -> None:
        values = value if isinstance(value, list) else [value]
        allowed = set(allowed)
        for v in values:
            if v not in allowed:
                self.problem(record, name, f"{v!r} is not one of: {', '.join(sorted(allowed))}")

    def exists(self, record: Record, name: str, kind: str, values: Any, national: bool = False) -> None:
        values = values if isinstance(values, list) else [values]
        for v in values:
            if national and v == NATIONAL:
                continue
            if v not in self.ids[kind]:
                self.problem(record, name, f"unknown {kind} id {v!r}")

    # the whole catalogue

    def run(self) -> None:
        shaped: list[Record] = []
        for record in self.c.records:
            if self.check_shape(record, record.data, record.kind, ""):
                shaped.append(record)
        self.c.records = shaped
        self.index_ids()
        for record in self.c.records:
            getattr(self, f"check_{record.kind}")(record, record.data)
        self.check_people()
        self.check_coverage()
        self.check_award_discrepancies()

    def index_ids(self) -> None:
        for record in self.c.records:
            if record.kind in {"role", "narrative", "headline"}:
                continue
            ident = record.data["id"]
            if not ID_RE.match(ident):
                self.problem(record, "id", f"{ident!r} must be lower-case words joined by '-'")
            if ident == NATIONAL and record.kind == "area":
                self.problem(record, "id", "'national' is reserved")
            seen = self.ids[record.kind].get(ident)
            if seen is not None:
                self.problem(record, "id", f"duplicate {record.kind} id (also in {seen.file})")
            else:
                self.ids[record.kind][ident] = record
        # people are implied by roles; people.toml adds canonical names and aliases
        for record in self.c.of("role"):
            self.ids["person"].setdefault(record.data["person"], record)

    def check_section(self, r: Record, d: dict[str, Any]) -> None:
        if d["heading_printed"]:
            if (
                self.source.valid(*d["lines"])
                and self.source.lines[d["lines"][0] - 1].strip() != d["heading"]
            ):
                self.problem(r, "heading", f"line {d['lines'][0]} does not read {d['heading']!r}")
        else:
            for key in ("attribution", "attribution_lines", "attribution_quote"):
                if not d.get(key):
                    self.problem(r, key, "required when heading_printed is false")
            if d.get("attribution_lines") and d.get("attribution_quote"):
                self.quote(r, "attribution_quote", d["attribution_lines"], d["attribution_quote"])

    def section_of(self, record: Record) -> Record | None:
        sections = [s for s in self.c.of("section") if s.file == record.file]
        return sections[0] if sections else None

    def check_area(self, r: Record, d: dict[str, Any]) -> None:
        self.vocab(r, "nation", d["nation"], NATIONS)
        self.exists(r, "police_force", "organisation", d["police_force"])
        if self.section_of(r) is None:
            self.problem(r, "-", "an area must be defined in its section's file")
        for i, cover in enumerate(d.get("covers", [])):
            self.vocab(r, f"covers[{i}].kind", cover["kind"], COVER_KINDS)
            self.quote(r, f"covers[{i}].quote", cover["lines"], cover["quote"])
            if not contains_words(cover["quote"], cover["name"]):
                self.problem(r, f"covers[{i}].name", f"{cover['name']!r} is not in its quote")

    def check_narrative(self, r: Record, d: dict[str, Any]) -> None:
        self.vocab(r, "kind", d["kind"], NARRATIVE_KINDS)
        section = self.section_of(r)
        if section is None:
            self.problem(r, "-", "a narrative must be in a section file")
            return
        lo, hi = section.data["lines"]
        if not (lo <= d["lines"][0] <= d["lines"][1] <= hi):
            self.problem(r, "lines", f"{d['lines']} is outside its section (lines {lo}-{hi})")
        self.exists(r, "areas", "area", d.get("areas", []))

    def check_organisation(self, r: Record, d: dict[str, Any]) -> None:
        self.vocab(r, "kind", d["kind"], ORGANISATION_KINDS)
        self.vocab(r, "service", d["service"], SERVICES)
        self.exists(r, "areas", "area", d["areas"])
        if not d["sources"]:
            self.problem(r, "sources", "needs at least one source")
        self.refs(r, "sources", d["sources"])
        self.refs(r, "aliases", d.get("aliases", []), "text")
        self.refs(r, "abbreviations", d.get("abbreviations", []), "text")

    def check_role(self, r: Record, d: dict[str, Any]) -> None:
        self.vocab(r, "role", d["role"], ROLES)
        if not ID_RE.match(d["person"]):
            self.problem(r, "person", f"{d['person']!r} must be lower-case words joined by '-'")
        self.quote(r, "quote", d["lines"], d["quote"])
        if not contains_words(d["quote"], d["name"]):
            self.problem(r, "name", f"{d['name']!r} is not in the quote")
        for key in ("title", "party"):
            if d.get(key) and normalise(d[key]) not in normalise(d["quote"]):
                self.problem(r, key, f"{d[key]!r} is not in the quote")
        if d.get("party") and d["role"] not in PARTY_ROLES:
            self.problem(r, "party", "only PCCs and mayors have a party")
        if d.get("organisation"):
            self.exists(r, "organisation", "organisation", d["organisation"])
        elif d["role"] not in {"pcc", "mayor", "other"}:
            self.problem(r, "organisation", f"a {d['role']} role must name the organisation led")
        self.exists(r, "area", "area", d["area"], national=True)

    def check_person(self, r: Record, d: dict[str, Any]) -> None:
        self.refs(r, "aliases", d.get("aliases", []), "name")

    def check_award(self, r: Record, d: dict[str, Any]) -> None:
        self.vocab(r, "funder", d["funder"], FUNDERS)
        self.vocab(r, "fund", d["fund"], FUNDS)
        fund_funder = FUNDS.get(d["fund"], (None, None))[1]
        if fund_funder and fund_funder != d["funder"]:
            self.problem(r, "fund", f"{d['fund']!r} is a {fund_funder} fund, not {d['funder']}")
        self.exists(r, "areas", "area", d["areas"], national=True)
        self.exists(r, "projects", "project", d.get("projects", []))
        if d["amount_gbp"] <= 0:
            self.problem(r, "amount_gbp", "must be a positive whole number of pounds")
        statements = d["statements"]
        if not statements:
            self.problem(r, "statements", "needs at least one statement")
        for i, s in enumerate(statements):
            self.quote(r, f"statements[{i}].quote", s["lines"], s["quote"])
            if s["amount_gbp"] not in amounts_in(s["quote"]):
                self.problem(
                    r,
                    f"statements[{i}].amount_gbp",
                    f"£{s['amount_gbp']:,} is not printed in the quote {short(s['quote'])!r}",
                )
            self.check_qualifier(r, f"statements[{i}]", s)
            for key in ("year", "fund_as_printed", "funder_as_printed"):
                if s.get(key) and normalise(s[key]) not in normalise(s["quote"]):
                    self.problem(r, f"statements[{i}].{key}", f"{s[key]!r} is not in the quote")
        if statements and d["amount_gbp"] not in {s["amount_gbp"] for s in statements}:
            self.problem(r, "amount_gbp", "must equal the amount of one of its statements")
        years = {s.get("year") for s in statements if s.get("year")}
        if d.get("year") and d["year"] not in years:
            self.problem(r, "year", "must be the year printed in one of its statements")

    def check_qualifier(self, r: Record, where: str, item: dict[str, Any]) -> None:
        """The qualifier of an amount is the one printed before it, and ``approximate`` agrees.

        "about" (or a bare ``approximate = true``, shown as "~") is refused for an amount whose
        quote says "up to", "over" or "more than": those say a bound, not a guess.
        """
        qualifier = item.get("qualifier", "")
        if qualifier:
            self.vocab(r, f"{where}.qualifier", qualifier, MONEY_QUALIFIERS)
        approximate = bool(item.get("approximate", False))
        printed = qualifier_printed(item["quote"], item["amount_gbp"])
        if printed is None:
            return  # the amount check reports it
        if printed in BOUND_QUALIFIERS and (qualifier == "about" or (approximate and not qualifier)):
            said = BOUND_QUALIFIERS[printed]
            self.problem(
                r,
                f"{where}.qualifier",
                f"the quote says {said!r} before the amount: write qualifier = {printed!r}, not about/~",
            )
            return
        if printed and qualifier != printed:
            self.problem(
                r,
                f"{where}.qualifier",
                f"the quote prints {printed!r} before the amount: write qualifier = {printed!r}",
            )
        elif not printed and qualifier:
            self.problem(r, f"{where}.qualifier", f"{qualifier!r} is not printed before the amount")
        if qualifier and not approximate:
            self.problem(r, f"{where}.approximate", "must be true when a qualifier is given")
        if approximate and not qualifier:
            self.problem(r, f"{where}.qualifier", "an approximate amount names its qualifier as printed")

    def check_discrepancy(self, r: Record, d: dict[str, Any]) -> None:
        self.vocab(r, "kind", d["kind"], DISCREPANCY_KINDS)
        self.exists(r, "areas", "area", d["areas"], national=True)
        if len(d["sides"]) < 2:
            self.problem(r, "sides", "a discrepancy cites at least two places")
        self.refs(r, "sides", d["sides"])
        for i, target in enumerate(d.get("records", [])):
            kind, _, ident = str(target).partition(":")
            if kind not in DISCREPANCY_TARGETS or not ident:
                self.problem(r, f"records[{i}]", f"{target!r} is not kind:id")
            elif kind != "role" and ident not in self.ids[kind]:
                self.problem(r, f"records[{i}]", f"unknown {kind} id {ident!r}")

    def check_project(self, r: Record, d: dict[str, Any]) -> None:
        self.vocab(r, "kinds", d["kinds"], PROJECT_KINDS)
        self.vocab(r, "services", d["services"], SERVICES)
        self.vocab(r, "status", d["status"], PROJECT_STATUSES)
        for key in ("kinds", "services"):
            if not d[key]:
                self.problem(r, key, "needs at least one value")
        self.exists(r, "areas", "area", d["areas"], national=True)
        self.exists(r, "organisations", "organisation", d.get("organisations", []))
        self.exists(r, "places", "place", d.get("places", []))
        self.exists(r, "awards", "award", d.get("awards", []))
        if not d["sources"]:
            self.problem(r, "sources", "needs at least one source")
        self.refs(r, "sources", d["sources"])
        self.refs(r, "dates", d.get("dates", []))
        self.refs(r, "counts", d.get("counts", []))
        self.refs(r, "money", d.get("money", []))
        for i, date in enumerate(d.get("dates", [])):
            self.vocab(r, f"dates[{i}].event", date["event"], DATE_EVENTS)
            if normalise(date["value"]) not in normalise(date["quote"]):
                self.problem(r, f"dates[{i}].value", f"{date['value']!r} is not in the quote")
        for i, count in enumerate(d.get("counts", [])):
            if count["value"] not in numbers_in(count["quote"]):
                self.problem(r, f"counts[{i}].value", f"{count['value']} is not printed in the quote")
        for i, money in enumerate(d.get("money", [])):
            self.vocab(r, f"money[{i}].what", money["what"], MONEY_WHAT)
            self.check_qualifier(r, f"money[{i}]", money)
            period = money["period"]
            stated_over = period.startswith("over ") and (
                contains_words(money["quote"], period)
                or (
                    contains_words(money["quote"], "over")
                    and numbers_in(period) <= numbers_in(money["quote"])
                    and bool(numbers_in(period))
                )
            )
            if period not in MONEY_PERIODS and not stated_over:
                self.problem(
                    r,
                    f"money[{i}].period",
                    f"{period!r} is not one of {', '.join(sorted(MONEY_PERIODS))}, nor 'over ...' as the quote prints it",
                )
            if money["amount_gbp"] not in amounts_in(money["quote"]):
                self.problem(
                    r,
                    f"money[{i}].amount_gbp",
                    f"£{money['amount_gbp']:,} is not printed in the quote {short(money['quote'])!r}",
                )
        if "year" in d:
            quotes = [x["quote"] for x in d["sources"] + d.get("dates", [])]
            if not any(str(d["year"]) in q for q in quotes):
                self.problem(r, "year", f"{d['year']} is not printed in the project's quotes")

    def check_place(self, r: Record, d: dict[str, Any]) -> None:
        self.vocab(r, "kind", d["kind"], PLACE_KINDS)
        self.exists(r, "area", "area", d["area"])
        self.quote(r, "quote", d["lines"], d["quote"])
        if not contains_words(d["quote"], d["name"]):
            self.problem(r, "name", f"{d['name']!r} is not in the quote")

    def check_headline(self, r: Record, d: dict[str, Any]) -> None:
        self.exists(r, "areas", "area", d["areas"])
        self.quote(r, "quote", d["lines"], d["quote"])

    # across records

    def check_people(self) -> None:
        """One person, one canonical name: spellings that differ need people.toml."""
        printed: dict[str, set[str]] = defaultdict(set)
        for role in self.c.of("role"):
            printed[role.data["person"]].add(role.data["name"])
        declared = {p.data["id"]: p for p in self.c.of("person")}
        for person, names in sorted(printed.items()):
            entry = declared.get(person)
            if entry is None:
                if len(names) > 1:
                    role = next(r for r in self.c.of("role") if r.data["person"] == person)
                    self.problem(
                        role,
                        "name",
                        f"person {person!r} is printed as {sorted(names)}: declare the canonical "
                        "name and aliases in people.toml",
                    )
                continue
            known = {entry.data["name"]} | {a["name"] for a in entry.data.get("aliases", [])}
            for name in sorted(names - known):
                self.problem(entry, "aliases", f"{name!r} is printed for this person: add it")
        for person, entry in declared.items():
            if person not in printed:
                self.problem(entry, "id", "no role names this person")

    def check_coverage(self) -> None:
        """Every prose line of a section is in a narrative (the Leaders list excepted)."""
        for section in self.c.of("section"):
            lo, hi = section.data["lines"]
            if not self.source.valid(lo, hi):
                continue
            ranges = [n.data["lines"] for n in self.c.of("narrative") if n.file == section.file]
            covered = {line for a, b in ranges for line in range(a, b + 1)}
            starts = sorted(a for a, _ in ranges)
            in_leaders = False
            for line in range(lo, hi + 1):
                text = self.source.lines[line - 1].strip()
                if line in covered:
                    in_leaders = False
                    continue
                if text == "Leaders":
                    in_leaders = True
                if not text or in_leaders or line == lo or (starts and line < starts[0]):
                    continue
                self.problem(section, "lines", f"line {line} is not covered by any narrative")
                break

    def check_award_discrepancies(self) -> None:
        """Statements of one award that disagree must be named by a discrepancy."""
        named = {
            target.partition(":")[2]
            for d in self.c.of("discrepancy")
            for target in d.data.get("records", [])
            if str(target).startswith("award:")
        }
        for award in self.c.of("award"):
            statements = award.data["statements"]
            exact = {s["amount_gbp"] for s in statements if not s.get("approximate")}
            years = {s["year"] for s in statements if s.get("year")}
            disagree = len(exact) > 1 or len(years) > 1
            for s in statements:
                if s.get("approximate") and exact:
                    nearest = min(exact, key=lambda a: abs(a - s["amount_gbp"]))
                    if abs(nearest - s["amount_gbp"]) > 0.1 * nearest:
                        disagree = True
            if disagree and award.data["id"] not in named:
                self.problem(
                    award,
                    "statements",
                    "statements disagree on amount or year, but no discrepancy names "
                    f"'award:{award.data['id']}'",
                )


def short(text: str, width: int = 70) -> str:
    text = normalise(text)
    return text if len(text) <= width else text[: width - 1] + "…"


def validate(records_dir: Path, source: Source, geography_dir: Path | None = None) -> Catalogue:
    """Load and validate; the catalogue's ``problems`` is empty when all is well."""
    catalogue = load_records(records_dir)
    Validator(catalogue, source).run()
    geo_dir = geography_dir or default_geography_dir(records_dir)
    catalogue.geography = load_geography(
        geo_dir, {r.data["id"] for r in catalogue.of("area")}, catalogue.problems
    )
    return catalogue


# --- the geography layer --------------------------------------------------------


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
    import csv
    import io

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


# --- packing ------------------------------------------------------------------

TABLE_DOCS = "docs/schema.md"


def record_hash(catalogue: Catalogue, source: Source) -> str:
    """A content hash of the records, the source and this script."""
    digest = hashlib.sha256()
    digest.update(f"schema {SCHEMA_VERSION}\n".encode())
    digest.update(Path(__file__).read_bytes())
    # The stored search index is built by search.py: a change there makes the database stale too.
    digest.update((Path(__file__).resolve().parent / "collab_tui" / "search.py").read_bytes())
    digest.update(source.raw)
    for name in sorted(catalogue.files):
        digest.update(name.encode() + b"\0" + catalogue.files[name] + b"\0")
    geo_files = catalogue.geography.files if catalogue.geography else {}
    for name in sorted(geo_files):
        digest.update(name.encode() + b"\0" + geo_files[name] + b"\0")
    return digest.hexdigest()


def rows(records: Iterable[Record]) -> Iterator[dict[str, Any]]:
    for r in records:
        yield r.data


def pack(catalogue: Catalogue, source: Source, output: Path) -> None:
    """Write the database to ``output`` (which must not exist)."""
    import sqlite_utils  # only the build needs it

    conn = sqlite3.connect(output)
    conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")
    conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
    conn.execute("PRAGMA page_size = 4096")
    db = sqlite_utils.Database(conn)
    db.conn.execute("PRAGMA foreign_keys = ON")
    Packer(db, catalogue, source).run()
    conn.commit()
    store_search_index(conn, output)
    conn.execute("VACUUM")
    conn.close()


def store_search_index(conn: sqlite3.Connection, output: Path) -> None:
    """The search index, built by collab_tui.search from the packed records, stored in one row.

    A lookup then loads it with one query (Index.load) instead of reading every record and
    normalising every name in each process. search.py builds it, so its ranking rules apply.
    """
    from collab_tui.db import Database
    from collab_tui.search import INDEX_FORMAT, index_payload

    with Database(output) as built:
        payload = index_payload(built)
    conn.execute("CREATE TABLE search_index (format INTEGER NOT NULL, payload TEXT NOT NULL)")
    conn.execute("INSERT INTO search_index (format, payload) VALUES (?, ?)", (INDEX_FORMAT, payload))
    conn.commit()


class Packer:
    """Creates the schema and inserts every record, in a fixed order."""

    def __init__(self, db: Any, catalogue: Catalogue, source: Source) -> None:
        self.db = db
        self.c = catalogue
        self.source = source

    def table(
        self,
        name: str,
        columns: dict[str, Any],
        pk: Any,
        fks: list[tuple[str, str, str]] | None = None,
        not_null: Iterable[str] = (),
    ) -> Any:
        return self.db[name].create(columns, pk=pk, foreign_keys=fks or [], not_null=set(not_null))

    def insert(self, name: str, items: Iterable[dict[str, Any]]) -> None:
        items = list(items)
        if items:
            self.db[name].insert_all(items)

    def run(self) -> None:
        self.create_schema()
        self.fill()
        self.create_views()

    def create_schema(self) -> None:
        t = self.table
        t("meta", {"key": str, "value": str}, "key", not_null=["value"])
        t("source_line", {"line": int, "text": str}, "line", not_null=["text"])
        t(
            "organisation",
            {"id": str, "name": str, "kind": str, "service": str},
            "id",
            not_null=["name", "kind", "service"],
        )
        t(
            "section",
            {
                "id": str,
                "heading": str,
                "heading_printed": int,
                "start_line": int,
                "end_line": int,
                "attribution": str,
                "attribution_start": int,
                "attribution_end": int,
                "attribution_quote": str,
                "record_file": str,
            },
            "id",
            not_null=["heading", "heading_printed", "start_line", "end_line", "record_file"],
        )
        t(
            "area",
            {"id": str, "name": str, "section_id": str, "nation": str, "police_force_id": str},
            "id",
            [("section_id", "section", "id"), ("police_force_id", "organisation", "id")],
            not_null=["name", "section_id", "nation"],
        )
        t(
            "area_coverage",
            {"area_id": str, "name": str, "kind": str, "start_line": int, "end_line": int, "quote": str},
            ("area_id", "name"),
            [("area_id", "area", "id")],
            not_null=["kind", "start_line", "end_line", "quote"],
        )
        t(
            "narrative",
            {
                "id": int,
                "section_id": str,
                "ordinal": int,
                "heading": str,
                "kind": str,
                "start_line": int,
                "end_line": int,
                "text": str,
            },
            "id",
            [("section_id", "section", "id")],
            not_null=["section_id", "ordinal", "heading", "kind", "start_line", "end_line", "text"],
        )
        t(
            "narrative_area",
            {"narrative_id": int, "area_id": str},
            ("narrative_id", "area_id"),
            [("narrative_id", "narrative", "id"), ("area_id", "area", "id")],
        )
        t(
            "organisation_name",
            {"organisation_id": str, "name": str, "kind": str, "start_line": int, "end_line": int},
            ("organisation_id", "name", "kind", "start_line"),
            [("organisation_id", "organisation", "id")],
            not_null=["start_line", "end_line"],
        )
        t(
            "organisation_area",
            {"organisation_id": str, "area_id": str},
            ("organisation_id", "area_id"),
            [("organisation_id", "organisation", "id"), ("area_id", "area", "id")],
        )
        t(
            "organisation_source",
            {"organisation_id": str, "ordinal": int, "start_line": int, "end_line": int, "quote": str},
            ("organisation_id", "ordinal"),
            [("organisation_id", "organisation", "id")],
            not_null=["start_line", "end_line", "quote"],
        )
        t("person", {"id": str, "name": str}, "id", not_null=["name"])
        t(
            "person_alias",
            {"person_id": str, "name": str, "start_line": int, "end_line": int},
            ("person_id", "name"),
            [("person_id", "person", "id")],
            not_null=["start_line", "end_line"],
        )
        t(
            "role",
            {
                "id": int,
                "person_id": str,
                "name_as_printed": str,
                "role": str,
                "title": str,
                "party": str,
                "organisation_id": str,
                "area_id": str,
                "scope": str,
                "acting": int,
                "note": str,
                "start_line": int,
                "end_line": int,
                "quote": str,
                "record_file": str,
            },
            "id",
            [
                ("person_id", "person", "id"),
                ("organisation_id", "organisation", "id"),
                ("area_id", "area", "id"),
            ],
            not_null=[
                "person_id",
                "name_as_printed",
                "role",
                "title",
                "scope",
                "acting",
                "start_line",
                "end_line",
                "quote",
                "record_file",
            ],
        )
        t("funder", {"id": str, "name": str}, "id", not_null=["name"])
        t(
            "fund",
            {"id": str, "name": str, "funder_id": str},
            "id",
            [("funder_id", "funder", "id")],
            not_null=["name"],
        )
        t(
            "award",
            {
                "id": str,
                "funder_id": str,
                "fund_id": str,
                "amount_gbp": int,
                "approximate": int,
                "qualifier": str,
                "year": str,
                "purpose": str,
                "scope": str,
                "aggregate": int,
                "record_file": str,
            },
            "id",
            [("funder_id", "funder", "id"), ("fund_id", "fund", "id")],
            not_null=[
                "funder_id",
                "fund_id",
                "amount_gbp",
                "approximate",
                "purpose",
                "scope",
                "aggregate",
                "record_file",
            ],
        )
        t(
            "award_area",
            {"award_id": str, "area_id": str},
            ("award_id", "area_id"),
            [("award_id", "award", "id"), ("area_id", "area", "id")],
        )
        t(
            "award_statement",
            {
                "award_id": str,
                "ordinal": int,
                "start_line": int,
                "end_line": int,
                "quote": str,
                "amount_gbp": int,
                "approximate": int,
                "qualifier": str,
                "year": str,
                "fund_as_printed": str,
                "funder_as_printed": str,
            },
            ("award_id", "ordinal"),
            [("award_id", "award", "id")],
            not_null=["start_line", "end_line", "quote", "amount_gbp", "approximate"],
        )
        t(
            "discrepancy",
            {"id": str, "kind": str, "description": str, "record_file": str},
            "id",
            not_null=["kind", "description", "record_file"],
        )
        t(
            "discrepancy_side",
            {"discrepancy_id": str, "ordinal": int, "start_line": int, "end_line": int, "quote": str},
            ("discrepancy_id", "ordinal"),
            [("discrepancy_id", "discrepancy", "id")],
            not_null=["start_line", "end_line", "quote"],
        )
        t(
            "discrepancy_area",
            {"discrepancy_id": str, "area_id": str},
            ("discrepancy_id", "area_id"),
            [("discrepancy_id", "discrepancy", "id"), ("area_id", "area", "id")],
        )
        t(
            "discrepancy_record",
            {"discrepancy_id": str, "record_kind": str, "record_id": str},
            ("discrepancy_id", "record_kind", "record_id"),
            [("discrepancy_id", "discrepancy", "id")],
        )
        t(
            "place",
            {
                "id": str,
                "name": str,
                "kind": str,
                "area_id": str,
                "start_line": int,
                "end_line": int,
                "quote": str,
            },
            "id",
            [("area_id", "area", "id")],
            not_null=["name", "kind", "area_id", "start_line", "end_line", "quote"],
        )
        t(
            "project",
            {
                "id": str,
                "title": str,
                "summary": str,
                "status": str,
                "year": int,
                "scope": str,
                "record_file": str,
            },
            "id",
            not_null=["title", "summary", "status", "scope", "record_file"],
        )
        for name, column, other in (
            ("project_area", "area_id", "area"),
            ("project_organisation", "organisation_id", "organisation"),
            ("project_place", "place_id", "place"),
            ("project_award", "award_id", "award"),
        ):
            t(
                name,
                {"project_id": str, column: str},
                ("project_id", column),
                [("project_id", "project", "id"), (column, other, "id")],
            )
        t(
            "project_kind",
            {"project_id": str, "kind": str},
            ("project_id", "kind"),
            [("project_id", "project", "id")],
        )
        t(
            "project_service",
            {"project_id": str, "service": str},
            ("project_id", "service"),
            [("project_id", "project", "id")],
        )
        t(
            "project_source",
            {"project_id": str, "ordinal": int, "start_line": int, "end_line": int, "quote": str},
            ("project_id", "ordinal"),
            [("project_id", "project", "id")],
            not_null=["start_line", "end_line", "quote"],
        )
        t(
            "project_date",
            {
                "project_id": str,
                "ordinal": int,
                "event": str,
                "value": str,
                "start_line": int,
                "end_line": int,
                "quote": str,
            },
            ("project_id", "ordinal"),
            [("project_id", "project", "id")],
            not_null=["event", "value", "start_line", "end_line", "quote"],
        )
        t(
            "project_count",
            {
                "project_id": str,
                "ordinal": int,
                "what": str,
                "value": int,
                "start_line": int,
                "end_line": int,
                "quote": str,
            },
            ("project_id", "ordinal"),
            [("project_id", "project", "id")],
            not_null=["what", "value", "start_line", "end_line", "quote"],
        )
        t(
            "project_money",
            {
                "project_id": str,
                "ordinal": int,
                "what": str,
                "amount_gbp": int,
                "period": str,
                "approximate": int,
                "qualifier": str,
                "start_line": int,
                "end_line": int,
                "quote": str,
            },
            ("project_id", "ordinal"),
            [("project_id", "project", "id")],
            not_null=["what", "amount_gbp", "period", "approximate", "start_line", "end_line", "quote"],
        )
        t(
            "headline",
            {"id": int, "heading": str, "start_line": int, "end_line": int, "quote": str},
            "id",
            not_null=["heading", "start_line", "end_line", "quote"],
        )
        t(
            "headline_area",
            {"headline_id": int, "area_id": str},
            ("headline_id", "area_id"),
            [("headline_id", "headline", "id"), ("area_id", "area", "id")],
        )
        t(
            "headline_project",
            {"headline_id": int, "project_id": str},
            ("headline_id", "project_id"),
            [("headline_id", "headline", "id"), ("project_id", "project", "id")],
        )
        # The geography layer: outside facts (data/geography/, ONS lookups, OGL v3.0), apart from the report's.
        t(
            "geography_force",
            {"police_force": str, "force_name": str, "nation": str, "area_id": str},
            "police_force",
            [("area_id", "area", "id")],
            not_null=["force_name", "nation"],
        )
        t(
            "geography_place",
            {
                "name": str,
                "kind": str,
                "era": str,
                "police_force": str,
                "note": str,
                "in_report": int,
            },
            ("name", "kind", "police_force"),
            [("police_force", "geography_force", "police_force")],
            not_null=["era", "in_report"],
        )
        for table, columns in (
            ("area", ["section_id"]),
            ("role", ["person_id"]),
            ("role", ["area_id"]),
            ("role", ["role"]),
            ("role", ["organisation_id"]),
            ("award", ["funder_id"]),
            ("award", ["fund_id"]),
            ("award_area", ["area_id"]),
            ("narrative", ["section_id"]),
            ("narrative_area", ["area_id"]),
            ("organisation_area", ["area_id"]),
            ("discrepancy_area", ["area_id"]),
            ("discrepancy_record", ["record_kind", "record_id"]),
            ("place", ["area_id"]),
            ("project", ["status"]),
            ("project_area", ["area_id"]),
            ("project_kind", ["kind"]),
            ("project_service", ["service"]),
            ("project_place", ["place_id"]),
            ("project_organisation", ["organisation_id"]),
            ("project_award", ["award_id"]),
            ("organisation_name", ["name"]),
            ("organisation", ["kind"]),
            ("organisation", ["service"]),
            ("geography_place", ["police_force"]),
        ):
            self.db[table].create_index(columns)

    def fill(self) -> None:
        c, src = self.c, self.source
        by_id = lambda kind: sorted(c.of(kind), key=lambda r: r.data["id"])  # noqa: E731
        # The text file marks bold with "**"; those markers are layout, not words, and never shown.
        self.insert(
            "source_line",
            ({"line": i + 1, "text": text.replace("**", "")} for i, text in enumerate(src.lines)),
        )
        self.insert("funder", ({"id": k, "name": v} for k, v in sorted(FUNDERS.items())))
        self.insert("fund", ({"id": k, "name": v[0], "funder_id": v[1]} for k, v in sorted(FUNDS.items())))
        self.insert(
            "organisation",
            ({k: d[k] for k in ("id", "name", "kind", "service")} for d in rows(by_id("organisation"))),
        )
        self.insert(
            "section",
            (
                {
                    "id": d["id"],
                    "heading": d["heading"],
                    "heading_printed": int(d["heading_printed"]),
                    "start_line": d["lines"][0],
                    "end_line": d["lines"][1],
                    "attribution": d.get("attribution") or None,
                    "attribution_start": (d.get("attribution_lines") or [None, None])[0],
                    "attribution_end": (d.get("attribution_lines") or [None, None])[1],
                    "attribution_quote": d.get("attribution_quote") or None,
                    "record_file": r.file,
                }
                for r in by_id("section")
                for d in [r.data]
            ),
        )
        section_of_file = {r.file: r.data["id"] for r in c.of("section")}
        areas_of_file: dict[str, list[str]] = defaultdict(list)
        for r in c.of("area"):
            areas_of_file[r.file].append(r.data["id"])
        self.insert(
            "area",
            (
                {
                    "id": d["id"],
                    "name": d["name"],
                    "section_id": section_of_file[r.file],
                    "nation": d["nation"],
                    "police_force_id": d["police_force"],
                }
                for r in by_id("area")
                for d in [r.data]
            ),
        )
        self.insert(
            "area_coverage",
            (
                {
                    "area_id": d["id"],
                    "name": cv["name"],
                    "kind": cv["kind"],
                    "start_line": cv["lines"][0],
                    "end_line": cv["lines"][1],
                    "quote": cv["quote"],
                }
                for d in rows(by_id("area"))
                for cv in sorted(d.get("covers", []), key=lambda x: x["name"])
            ),
        )
        narratives = sorted(c.of("narrative"), key=lambda r: (section_of_file[r.file], r.data["lines"][0]))
        narrative_rows, narrative_areas = [], []
        ordinals: dict[str, int] = defaultdict(int)
        for n, r in enumerate(narratives, start=1):
            d, section = r.data, section_of_file[r.file]
            ordinals[section] += 1
            narrative_rows.append(
                {
                    "id": n,
                    "section_id": section,
                    "ordinal": ordinals[section],
                    "heading": d["heading"],
                    "kind": d["kind"],
                    "start_line": d["lines"][0],
                    "end_line": d["lines"][1],
                    "text": src.paragraphs(d["lines"][0], d["lines"][1], drop_heading=d["heading"]),
                }
            )
            for area in sorted(d.get("areas") or areas_of_file[r.file]):
                narrative_areas.append({"narrative_id": n, "area_id": area})
        self.insert("narrative", narrative_rows)
        self.insert("narrative_area", narrative_areas)
        names, org_areas, org_sources = [], [], []
        for d in rows(by_id("organisation")):
            names.append(
                {
                    "organisation_id": d["id"],
                    "name": d["name"],
                    "kind": "name",
                    "start_line": d["sources"][0]["lines"][0],
                    "end_line": d["sources"][0]["lines"][1],
                }
            )
            for key, kind in (("aliases", "alias"), ("abbreviations", "abbreviation")):
                for a in d.get(key, []):
                    names.append(
                        {
                            "organisation_id": d["id"],
                            "name": a["text"],
                            "kind": kind,
                            "start_line": a["lines"][0],
                            "end_line": a["lines"][1],
                        }
                    )
            org_areas += [{"organisation_id": d["id"], "area_id": a} for a in sorted(set(d["areas"]))]
            org_sources += [
                {
                    "organisation_id": d["id"],
                    "ordinal": i + 1,
                    "start_line": s["lines"][0],
                    "end_line": s["lines"][1],
                    "quote": s["quote"],
                }
                for i, s in enumerate(d["sources"])
            ]
        self.insert("organisation_name", dedupe(names, ("organisation_id", "name", "kind", "start_line")))
        self.insert("organisation_area", org_areas)
        self.insert("organisation_source", org_sources)
        declared = {d["id"]: d for d in rows(c.of("person"))}

        def printed_order(r: Record) -> tuple[object, ...]:
            # Role ids follow the printed order: by line, then by where the name sits on it.
            start, end = r.data["lines"]
            position = normalise(" ".join(src.lines[start - 1 : end])).find(normalise(r.data["name"]))
            return (start, position, r.data["area"], r.data["person"], r.data["role"])

        roles = sorted(c.of("role"), key=printed_order)
        people: dict[str, str] = {}
        for r in roles:
            people.setdefault(r.data["person"], declared.get(r.data["person"], r.data)["name"])
        self.insert("person", ({"id": k, "name": v} for k, v in sorted(people.items())))
        self.insert(
            "person_alias",
            (
                {
                    "person_id": d["id"],
                    "name": a["name"],
                    "start_line": a["lines"][0],
                    "end_line": a["lines"][1],
                }
                for d in rows(sorted(c.of("person"), key=lambda r: r.data["id"]))
                for a in d.get("aliases", [])
            ),
        )
        self.insert(
            "role",
            (
                {
                    "id": i,
                    "person_id": d["person"],
                    "name_as_printed": d["name"],
                    "role": d["role"],
                    "title": d["title"],
                    "party": d.get("party") or None,
                    "organisation_id": d.get("organisation") or None,
                    "area_id": None if d["area"] == NATIONAL else d["area"],
                    "scope": NATIONAL if d["area"] == NATIONAL else "area",
                    "acting": int(d.get("acting", False)),
                    "note": d.get("note") or None,
                    "start_line": d["lines"][0],
                    "end_line": d["lines"][1],
                    "quote": d["quote"],
                    "record_file": r.file,
                }
                for i, r in enumerate(roles, start=1)
                for d in [r.data]
            ),
        )
        self.insert(
            "award",
            (
                {
                    "id": d["id"],
                    "funder_id": d["funder"],
                    "fund_id": d["fund"],
                    "amount_gbp": d["amount_gbp"],
                    "approximate": int(d.get("approximate", False)),
                    "qualifier": award_qualifier(d),
                    "year": d.get("year") or None,
                    "purpose": d["purpose"],
                    "scope": NATIONAL if NATIONAL in d["areas"] else "area",
                    "aggregate": int(d.get("aggregate", False)),
                    "record_file": r.file,
                }
                for r in by_id("award")
                for d in [r.data]
            ),
        )
        self.insert(
            "award_area",
            (
                {"award_id": d["id"], "area_id": a}
                for d in rows(by_id("award"))
                for a in sorted(set(d["areas"]))
                if a != NATIONAL
            ),
        )
        self.insert(
            "award_statement",
            (
                {
                    "award_id": d["id"],
                    "ordinal": i + 1,
                    "start_line": s["lines"][0],
                    "end_line": s["lines"][1],
                    "quote": s["quote"],
                    "amount_gbp": s["amount_gbp"],
                    "approximate": int(s.get("approximate", False)),
                    "qualifier": s.get("qualifier") or None,
                    "year": s.get("year") or None,
                    "fund_as_printed": s.get("fund_as_printed") or None,
                    "funder_as_printed": s.get("funder_as_printed") or None,
                }
                for d in rows(by_id("award"))
                for i, s in enumerate(d["statements"])
            ),
        )
        self.insert(
            "discrepancy",
            (
                {"id": d["id"], "kind": d["kind"], "description": d["description"], "record_file": r.file}
                for r in by_id("discrepancy")
                for d in [r.data]
            ),
        )
        self.insert(
            "discrepancy_side",
            (
                {
                    "discrepancy_id": d["id"],
                    "ordinal": i + 1,
                    "start_line": s["lines"][0],
                    "end_line": s["lines"][1],
                    "quote": s["quote"],
                }
                for d in rows(by_id("discrepancy"))
                for i, s in enumerate(d["sides"])
            ),
        )
        self.insert(
            "discrepancy_area",
            (
                {"discrepancy_id": d["id"], "area_id": a}
                for d in rows(by_id("discrepancy"))
                for a in sorted(set(d["areas"]))
                if a != NATIONAL
            ),
        )
        self.insert(
            "discrepancy_record",
            (
                {
                    "discrepancy_id": d["id"],
                    "record_kind": t.partition(":")[0],
                    "record_id": t.partition(":")[2],
                }
                for d in rows(by_id("discrepancy"))
                for t in sorted(set(d.get("records", [])))
            ),
        )
        self.insert(
            "place",
            (
                {
                    "id": d["id"],
                    "name": d["name"],
                    "kind": d["kind"],
                    "area_id": d["area"],
                    "start_line": d["lines"][0],
                    "end_line": d["lines"][1],
                    "quote": d["quote"],
                }
                for d in rows(by_id("place"))
            ),
        )
        projects = by_id("project")
        self.insert(
            "project",
            (
                {
                    "id": d["id"],
                    "title": d["title"],
                    "summary": d["summary"],
                    "status": d["status"],
                    "year": d.get("year"),
                    "scope": NATIONAL if NATIONAL in d["areas"] else "area",
                    "record_file": r.file,
                }
                for r in projects
                for d in [r.data]
            ),
        )
        award_links = {(p, a["id"]) for a in rows(c.of("award")) for p in a.get("projects", [])}
        award_links |= {(d["id"], a) for d in rows(projects) for a in d.get("awards", [])}
        for table, key, column in (
            ("project_area", "areas", "area_id"),
            ("project_organisation", "organisations", "organisation_id"),
            ("project_place", "places", "place_id"),
            ("project_kind", "kinds", "kind"),
            ("project_service", "services", "service"),
        ):
            self.insert(
                table,
                (
                    {"project_id": d["id"], column: v}
                    for d in rows(projects)
                    for v in sorted(set(d.get(key, [])))
                    if v != NATIONAL
                ),
            )
        self.insert("project_award", ({"project_id": p, "award_id": a} for p, a in sorted(award_links)))
        for table, key in (
            ("project_source", "sources"),
            ("project_date", "dates"),
            ("project_count", "counts"),
            ("project_money", "money"),
        ):
            self.insert(
                table,
                (
                    {
                        "project_id": d["id"],
                        "ordinal": i + 1,
                        **{k: v for k, v in item.items() if k != "lines"},
                        "start_line": item["lines"][0],
                        "end_line": item["lines"][1],
                        **(
                            {
                                "approximate": int(item.get("approximate", False)),
                                "qualifier": item.get("qualifier") or None,
                            }
                            if key == "money"
                            else {}
                        ),
                    }
                    for d in rows(projects)
                    for i, item in enumerate(d.get(key, []))
                ),
            )
        headlines = sorted(c.of("headline"), key=lambda r: r.data["lines"][0])
        self.insert(
            "headline",
            (
                {
                    "id": i,
                    "heading": d["heading"],
                    "start_line": d["lines"][0],
                    "end_line": d["lines"][1],
                    "quote": d["quote"],
                }
                for i, r in enumerate(headlines, start=1)
                for d in [r.data]
            ),
        )
        self.insert(
            "headline_area",
            (
                {"headline_id": i, "area_id": a}
                for i, r in enumerate(headlines, start=1)
                for a in sorted(set(r.data["areas"]))
            ),
        )
        links = set()
        for i, h in enumerate(headlines, start=1):
            a, b = h.data["lines"]
            for d in rows(projects):
                if any(a <= s["lines"][0] and s["lines"][1] <= b for s in d["sources"]):
                    links.add((i, d["id"]))
        self.insert("headline_project", ({"headline_id": i, "project_id": p} for i, p in sorted(links)))
        self.fill_geography()
        self.insert("meta", ({"key": k, "value": v} for k, v in sorted(self.meta().items())))
        self.db["narrative"].enable_fts(["heading", "text"], fts_version="FTS5", tokenize="porter")
        self.db["narrative"].populate_fts(["heading", "text"])
        # Find in the report (collab_tui/report.py): every line, words as printed (no stemming).
        self.db["source_line"].enable_fts(
            ["text"], fts_version="FTS5", tokenize="unicode61 remove_diacritics 2"
        )
        self.db["source_line"].populate_fts(["text"])

    def fill_geography(self) -> None:
        geo = self.c.geography
        if geo is None:
            return
        self.insert(
            "geography_force",
            (
                {**f, "area_id": f["area_id"] or None}
                for f in sorted(geo.forces, key=lambda f: f["police_force"])
            ),
        )
        text = normalise(self.source.text)
        printed = {
            name: re.search(r"(?<!\w)" + re.escape(normalise(name)) + r"(?!\w)", text) is not None
            for name in {p["name"] for p in geo.places}
        }
        self.insert(
            "geography_place",
            (
                {**p, "note": p["note"] or None, "in_report": int(printed[p["name"]])}
                for p in sorted(geo.places, key=lambda p: (p["name"], p["kind"], p["police_force"]))
            ),
        )

    def meta(self) -> dict[str, str]:
        return {
            "schema_version": str(SCHEMA_VERSION),
            "source_title": SOURCE_TITLE,
            "source_subtitle": SOURCE_SUBTITLE,
            "source_year": SOURCE_YEAR,
            "source_file": "data/source/" + self.source.path.name,
            "source_sha256": self.source.sha256,
            "source_lines": str(len(self.source.lines)),
            "licence": LICENCE,
            "licence_url": LICENCE_URL,
            "attribution": ATTRIBUTION,
            "geography_source": GEOGRAPHY_SOURCE,
            "record_hash": record_hash(self.c, self.source),
        }

    def create_views(self) -> None:
        self.db.create_view(
            "area_leaders",
            """
            SELECT area.name AS area, section.heading AS section, role.role AS role,
                   role.title AS title, person.name AS name, role.party AS party,
                   organisation.name AS organisation, role.note AS note,
                   role.name_as_printed AS name_as_printed, role.acting AS acting,
                   area.id AS area_id, person.id AS person_id,
                   role.start_line AS start_line, role.end_line AS end_line
            FROM role
            JOIN area ON area.id = role.area_id
            JOIN section ON section.id = area.section_id
            JOIN person ON person.id = role.person_id
            LEFT JOIN organisation ON organisation.id = role.organisation_id
            ORDER BY area.name, role.start_line, role.id""",
        )
        self.db.create_view(
            "area_funding",
            """
            SELECT area.name AS area, funder.name AS funder, fund.name AS fund,
                   award.amount_gbp AS amount_gbp, award.approximate AS approximate,
                   award.year AS year, award.purpose AS purpose,
                   award.id AS award_id, area.id AS area_id,
                   EXISTS (SELECT 1 FROM discrepancy_record dr
                           WHERE dr.record_kind = 'award' AND dr.record_id = award.id) AS has_discrepancy
            FROM award
            JOIN award_area ON award_area.award_id = award.id
            JOIN area ON area.id = award_area.area_id
            JOIN funder ON funder.id = award.funder_id
            JOIN fund ON fund.id = award.fund_id
            ORDER BY area.name, award.amount_gbp DESC, award.id""",
        )
        self.db.create_view(
            "area_projects",
            """
            SELECT area.name AS area, project.title AS title,
                   (SELECT group_concat(kind, ', ') FROM
                      (SELECT kind FROM project_kind WHERE project_id = project.id ORDER BY kind)) AS kinds,
                   (SELECT group_concat(service, ', ') FROM
                      (SELECT service FROM project_service WHERE project_id = project.id ORDER BY service)) AS services,
                   project.status AS status,
                   (SELECT group_concat(name, ', ') FROM
                      (SELECT place.name FROM project_place JOIN place ON place.id = project_place.place_id
                       WHERE project_place.project_id = project.id ORDER BY place.name)) AS places,
                   project.year AS year, project.id AS project_id, area.id AS area_id
            FROM project
            JOIN project_area ON project_area.project_id = project.id
            JOIN area ON area.id = project_area.area_id
            ORDER BY area.name, project.title""",
        )


def award_qualifier(award: dict[str, Any]) -> str | None:
    """The qualifier printed with the award's own amount: that of the statement it is taken from."""
    for s in award["statements"]:
        if s["amount_gbp"] == award["amount_gbp"] and bool(s.get("approximate")) == bool(
            award.get("approximate")
        ):
            return s.get("qualifier") or None
    return None


def dedupe(items: list[dict[str, Any]], key: tuple[str, ...]) -> list[dict[str, Any]]:
    seen: set[tuple[Any, ...]] = set()
    out = []
    for item in items:
        k = tuple(item[x] for x in key)
        if k not in seen:
            seen.add(k)
            out.append(item)
    return out


def stored_hash(db_path: Path) -> str | None:
    """The record hash a built database carries, or None if it has none."""
    try:
        conn = sqlite3.connect(f"file:{db_path}?mode=ro", uri=True)
        try:
            row = conn.execute("SELECT value FROM meta WHERE key = 'record_hash'").fetchone()
        finally:
            conn.close()
    except sqlite3.Error:
        return None
    return row[0] if row else None


TEMP_PREFIX = ".collab-"
TEMP_SUFFIX = ".db.tmp"  # SQLite adds -journal (and -wal, -shm) beside it while packing


class BuildError(Exception):
    """The build cannot run; the message is one line saying why and what to do."""


class Stopped(BaseException):
    """SIGTERM or SIGHUP during a build: unwind so the temporary files are removed."""

    def __init__(self, signum: int) -> None:
        super().__init__(signum)
        self.signum = signum


def check_source(source_path: Path) -> None:
    """The source text must match its line in SHA256SUMS beside it: the report is never edited."""
    sums = source_path.parent / "SHA256SUMS"
    try:
        listed = sums.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise BuildError(
            f"{sums} is missing: the source text cannot be checked; restore it from git"
        ) from None
    expected = None
    for line in listed.splitlines():
        digest, _, name = line.strip().partition("  ")
        if name.lstrip("*") == source_path.name:
            expected = digest.lower()
    if expected is None:
        raise BuildError(f"{sums} does not list {source_path.name}; restore it from git")
    actual = hashlib.sha256(source_path.read_bytes()).hexdigest()
    if actual != expected:
        raise BuildError(
            f"{source_path} does not match {sums} (sha256 {actual[:12]}…, expected {expected[:12]}…): "
            "the report's text must not be edited; restore it with `git checkout -- data/source`"
        )


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def clean_stale_temps(folder: Path) -> list[Path]:
    """Remove temporary and journal files left by a build that was killed; return what was removed.

    A temporary file names the process that made it (``.collab-PID-….db.tmp``); one whose
    process is still running (a build at work now) is left alone.
    """
    removed = []
    for path in sorted(folder.glob(f"{TEMP_PREFIX}*{TEMP_SUFFIX}*")):
        pid_text = path.name[len(TEMP_PREFIX) :].split("-", 1)[0]
        if pid_text.isdigit() and int(pid_text) != os.getpid() and _alive(int(pid_text)):
            continue
        try:
            path.unlink()
        except FileNotFoundError:
            continue
        removed.append(path)
    return removed


def build(records_dir: Path, source_path: Path, output: Path) -> list[Problem]:
    """Validate and, if clean, atomically replace ``output``. Returns the problems.

    The database is packed into a temporary file beside ``output`` and renamed over it
    only when complete; the temporary file and SQLite's journal are removed whatever
    happens (an error, Ctrl+C, SIGTERM, SIGHUP). A kill -9 cannot be caught: the next
    build removes what it left.
    """
    source = Source(source_path)
    catalogue = validate(records_dir, source)
    if catalogue.problems:
        return catalogue.problems
    output.parent.mkdir(parents=True, exist_ok=True)
    clean_stale_temps(output.parent)
    fd, tmp_name = tempfile.mkstemp(
        prefix=f"{TEMP_PREFIX}{os.getpid()}-", suffix=TEMP_SUFFIX, dir=output.parent
    )
    os.close(fd)
    tmp = Path(tmp_name)
    try:
        tmp.unlink()
        pack(catalogue, source, tmp)
        os.replace(tmp, output)
    finally:
        for leftover in (tmp, *(Path(f"{tmp}{end}") for end in ("-journal", "-wal", "-shm"))):
            leftover.unlink(missing_ok=True)
    return []


def main(argv: list[str] | None = None) -> int:
    """Run the build; every failure is one line on stderr: 1 record problems, 2 anything else, 130 Ctrl+C."""
    previous = {}

    def stop(signum: int, frame: object) -> None:
        raise Stopped(signum)

    for sig in (getattr(signal, "SIGTERM", None), getattr(signal, "SIGHUP", None)):
        if sig is not None:
            with contextlib.suppress(ValueError, OSError):  # not the main thread
                previous[sig] = signal.signal(sig, stop)
    try:
        return _main(argv)
    except KeyboardInterrupt:
        print("build_db: interrupted; the database was left as it was", file=sys.stderr)
        return 130
    except Stopped as exc:
        print(f"build_db: stopped by signal {exc.signum}; the database was left as it was", file=sys.stderr)
        return 128 + exc.signum
    except BuildError as exc:
        print(f"build_db: error: {exc}", file=sys.stderr)
        return 2
    except UnicodeDecodeError as exc:
        print(f"build_db: error: a file is not UTF-8 text ({exc.reason} at byte {exc.start}); "
              "save it as UTF-8", file=sys.stderr)  # fmt: skip
        return 2
    except (OSError, sqlite3.Error) as exc:
        where = f"{exc.filename}: " if isinstance(exc, OSError) and exc.filename else ""
        reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
        print(f"build_db: error: {where}{reason}; the database was left as it was", file=sys.stderr)
        return 2
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)


def _main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--records", type=Path, default=DEFAULT_RECORDS, help="records directory")
    parser.add_argument("--source", type=Path, default=DEFAULT_SOURCE, help="the report's text")
    parser.add_argument("--output", type=Path, default=DEFAULT_OUTPUT, help="database to write")
    mode = parser.add_mutually_exclusive_group()
    mode.add_argument("--check", action="store_true", help="exit 1 if the database is stale")
    mode.add_argument("--validate", action="store_true", help="validate only; write nothing")
    args = parser.parse_args(argv)
    for path, what in ((args.records, "records directory"), (args.source, "source text")):
        if not path.exists():
            print(f"error: {what} {path} does not exist", file=sys.stderr)
            return 2
    check_source(args.source)
    if args.check or args.validate:
        source = Source(args.source)
        catalogue = validate(args.records, source)
        for problem in catalogue.problems:
            print(problem, file=sys.stderr)
        if catalogue.problems:
            print(f"{len(catalogue.problems)} problem(s); nothing written", file=sys.stderr)
            return 1
        if args.validate:
            print(f"ok: {len(catalogue.records)} records in {len(catalogue.files)} files are valid")
            return 0
        expected = record_hash(catalogue, source)
        if not args.output.exists():
            print(f"stale: {args.output} does not exist; run: python build_db.py", file=sys.stderr)
            return 1
        if stored_hash(args.output) != expected:
            print(
                f"stale: {args.output} does not match the records; run: python build_db.py", file=sys.stderr
            )
            return 1
        print(f"ok: {args.output} is up to date with {len(catalogue.files)} record files")
        return 0
    problems = build(args.records, args.source, args.output)
    for problem in problems:
        print(problem, file=sys.stderr)
    if problems:
        print(f"{len(problems)} problem(s); {args.output} left unchanged", file=sys.stderr)
        return 1
    print(f"built {args.output}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
