"""Validation: every record's shape, vocabulary, references and quotes, checked against the report's text.

Each problem is one line ``file: kind id: field: message``; nothing is packed while any remains.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from collab_tui.build.geography import default_geography_dir, load_geography
from collab_tui.build.records import ID_RE, SPECS, Catalogue, Problem, Record, load_records
from collab_tui.build.source import (
    Source,
    amounts_in,
    contains_words,
    normalise,
    numbers_in,
    qualifier_printed,
    short,
)
from collab_tui.vocabulary import (
    BOUND_QUALIFIERS,
    COVER_KINDS,
    DATE_EVENTS,
    DISCREPANCY_KINDS,
    DISCREPANCY_TARGETS,
    FUNDERS,
    FUNDS,
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
    ROLES,
    SERVICES,
)


def validate(records_dir: Path, source: Source, geography_dir: Path | None = None) -> Catalogue:
    """Load and validate; the catalogue's ``problems`` is empty when all is well."""
    catalogue = load_records(records_dir)
    Validator(catalogue, source).run()
    geo_dir = geography_dir or default_geography_dir(records_dir)
    catalogue.geography = load_geography(
        geo_dir, {r.data["id"] for r in catalogue.of("area")}, catalogue.problems
    )
    return catalogue


class Validator:
    """Checks a catalogue against the source; appends problems."""

    def __init__(self, catalogue: Catalogue, source: Source) -> None:
        self.c = catalogue
        self.source = source
        self.ids: dict[str, dict[str, Record]] = defaultdict(dict)

    def problem(self, record: Record, field_name: str, message: str) -> None:
        """Record one problem with ``record``'s ``field_name``."""
        self.c.problems.append(Problem(record.file, record.kind, record.ident, field_name, message))

    # shape

    def check_shape(self, record: Record, data: dict[str, Any], spec_name: str, prefix: str) -> bool:
        """Fields, types and line ranges against the record's spec; False if the record cannot be checked further."""
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
        """``text`` must be verbatim at ``lines`` of the report."""
        if not self.source.valid(*lines):
            return
        if not normalise(text):
            self.problem(record, where, "is empty")
        elif not self.source.contains(lines[0], lines[1], text):
            self.problem(record, where, f"{short(text)!r} is not verbatim at lines {lines[0]}-{lines[1]}")

    def refs(self, record: Record, name: str, items: Iterable[dict[str, Any]], key: str = "quote") -> None:
        """Each cited passage of ``items`` must be verbatim at its lines."""
        for i, item in enumerate(items):
            self.quote(record, f"{name}[{i}].{key}", item["lines"], item[key])

    def vocab(self, record: Record, name: str, value: Any, allowed: Iterable[str]) -> None:
        """Every value must be one of ``allowed`` (a vocabulary of collab_tui.vocabulary)."""
        values = value if isinstance(value, list) else [value]
        allowed = set(allowed)
        for v in values:
            if v not in allowed:
                self.problem(record, name, f"{v!r} is not one of: {', '.join(sorted(allowed))}")

    def exists(self, record: Record, name: str, kind: str, values: Any, national: bool = False) -> None:
        """Every id in ``values`` must be a record of ``kind`` (or 'national' where allowed)."""
        values = values if isinstance(values, list) else [values]
        for v in values:
            if national and v == NATIONAL:
                continue
            if v not in self.ids[kind]:
                self.problem(record, name, f"unknown {kind} id {v!r}")

    # the whole catalogue

    def run(self) -> None:
        """Check every record, then the checks across records."""
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
        """Index the ids of every kind; ids must be well formed and unique."""
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
        """A section's heading is printed at its first line, or it names its attribution."""
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
        """The section defined in the same file as ``record``, if any."""
        sections = [s for s in self.c.of("section") if s.file == record.file]
        return sections[0] if sections else None

    def check_area(self, r: Record, d: dict[str, Any]) -> None:
        """An area's nation, police force and the names it covers."""
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
        """A narrative lies inside its section and names known areas."""
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
        """An organisation's kind, service, areas, sources and names."""
        self.vocab(r, "kind", d["kind"], ORGANISATION_KINDS)
        self.vocab(r, "service", d["service"], SERVICES)
        self.exists(r, "areas", "area", d["areas"])
        if not d["sources"]:
            self.problem(r, "sources", "needs at least one source")
        self.refs(r, "sources", d["sources"])
        self.refs(r, "aliases", d.get("aliases", []), "text")
        self.refs(r, "abbreviations", d.get("abbreviations", []), "text")

    def check_role(self, r: Record, d: dict[str, Any]) -> None:
        """A role names a person as the quote prints them, with the title, party and organisation it states."""
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
        """A person's other spellings are printed at their lines."""
        self.refs(r, "aliases", d.get("aliases", []), "name")

    def check_award(self, r: Record, d: dict[str, Any]) -> None:
        """An award's funder and fund agree; every statement prints its amount, qualifier, year and fund."""
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
        """A discrepancy cites at least two passages and names known records."""
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
        """A project's vocabularies, links, sources and every date, count and money fact as its quote prints it."""
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
        """A place is printed by name in its quote."""
        self.vocab(r, "kind", d["kind"], PLACE_KINDS)
        self.exists(r, "area", "area", d["area"])
        self.quote(r, "quote", d["lines"], d["quote"])
        if not contains_words(d["quote"], d["name"]):
            self.problem(r, "name", f"{d['name']!r} is not in the quote")

    def check_headline(self, r: Record, d: dict[str, Any]) -> None:
        """A headline box names known areas and is verbatim at its lines."""
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
