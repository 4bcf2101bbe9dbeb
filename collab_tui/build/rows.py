"""The rows of every table, from the validated records: one generator per table family.

A family yields ``(table, rows)`` pairs in insertion order; collab_tui.build.pack inserts them in the
order of FAMILIES, which respects the foreign keys (a row's targets are in before it). Every table's
rows come in a fixed order (by id, by line), so two builds of the same records are byte-identical.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from typing import Any

from collab_tui.build.records import Catalogue, Record
from collab_tui.build.source import Source, normalise
from collab_tui.vocabulary import FUNDERS, FUNDS, NATIONAL

Row = dict[str, Any]
Rows = Iterable[Row]
Family = Callable[["Context"], Iterator[tuple[str, Rows]]]


class Context:
    """The validated catalogue and the source, with the lookups several families share."""

    def __init__(self, catalogue: Catalogue, source: Source) -> None:
        self.c = catalogue
        self.source = source
        self.section_of_file = {r.file: r.data["id"] for r in catalogue.of("section")}
        self.areas_of_file: dict[str, list[str]] = defaultdict(list)
        for r in catalogue.of("area"):
            self.areas_of_file[r.file].append(r.data["id"])

    def by_id(self, kind: str) -> list[Record]:
        """The records of ``kind``, by id."""
        return sorted(self.c.of(kind), key=lambda r: r.data["id"])

    def data(self, kind: str) -> list[dict[str, Any]]:
        """The fields of the records of ``kind``, by id."""
        return [r.data for r in self.by_id(kind)]


def lines(item: dict[str, Any]) -> Row:
    """A ``lines = [a, b]`` field as the start_line and end_line columns."""
    return {"start_line": item["lines"][0], "end_line": item["lines"][1]}


def ordinal_rows(key: str, owner: str, items: Iterable[dict[str, Any]]) -> Iterator[Row]:
    """``{key: owner, ordinal: 1.., start_line, end_line, quote}`` for each cited passage of a record."""
    for i, s in enumerate(items):
        yield {key: owner, "ordinal": i + 1, **lines(s), "quote": s["quote"]}


def scope(areas: list[str]) -> str:
    """'national' for a record of the national pots or posts, else 'area'."""
    return NATIONAL if NATIONAL in areas else "area"


def link_rows(key: str, owner: str, column: str, values: Iterable[str]) -> Iterator[Row]:
    """``{key: owner, column: value}`` for each distinct value but 'national', sorted."""
    return ({key: owner, column: v} for v in sorted(set(values)) if v != NATIONAL)


# --- the families, in insertion order -------------------------------------------------------


def source_lines(ctx: Context) -> Iterator[tuple[str, Rows]]:
    """The report, line by line. The text file marks bold with "**": layout, not words, never shown."""
    yield (
        "source_line",
        ({"line": i + 1, "text": text.replace("**", "")} for i, text in enumerate(ctx.source.lines)),
    )


def funders(ctx: Context) -> Iterator[tuple[str, Rows]]:
    """The funders and funds of the vocabulary."""
    yield "funder", ({"id": k, "name": v} for k, v in sorted(FUNDERS.items()))
    yield "fund", ({"id": k, "name": v[0], "funder_id": v[1]} for k, v in sorted(FUNDS.items()))


def organisations(ctx: Context) -> Iterator[tuple[str, Rows]]:
    """The organisations themselves (their names, areas and sources follow the areas)."""
    yield (
        "organisation",
        ({k: d[k] for k in ("id", "name", "kind", "service")} for d in ctx.data("organisation")),
    )


def sections(ctx: Context) -> Iterator[tuple[str, Rows]]:
    """Sections, their areas, and the names each area covers."""
    yield (
        "section",
        (
            {
                "id": d["id"],
                "heading": d["heading"],
                "heading_printed": int(d["heading_printed"]),
                **lines(d),
                "attribution": d.get("attribution") or None,
                "attribution_start": (d.get("attribution_lines") or [None, None])[0],
                "attribution_end": (d.get("attribution_lines") or [None, None])[1],
                "attribution_quote": d.get("attribution_quote") or None,
                "record_file": r.file,
            }
            for r in ctx.by_id("section")
            for d in [r.data]
        ),
    )
    yield (
        "area",
        (
            {
                "id": d["id"],
                "name": d["name"],
                "section_id": ctx.section_of_file[r.file],
                "nation": d["nation"],
                "police_force_id": d["police_force"],
            }
            for r in ctx.by_id("area")
            for d in [r.data]
        ),
    )
    yield (
        "area_coverage",
        (
            {"area_id": d["id"], "name": cv["name"], "kind": cv["kind"], **lines(cv), "quote": cv["quote"]}
            for d in ctx.data("area")
            for cv in sorted(d.get("covers", []), key=lambda x: x["name"])
        ),
    )


def narratives(ctx: Context) -> Iterator[tuple[str, Rows]]:
    """A section's prose, paragraph by paragraph, and the areas each part is about."""
    section_of = ctx.section_of_file
    ordered = sorted(ctx.c.of("narrative"), key=lambda r: (section_of[r.file], r.data["lines"][0]))
    narrative_rows, narrative_areas = [], []
    ordinals: dict[str, int] = defaultdict(int)
    for n, r in enumerate(ordered, start=1):
        d, section = r.data, section_of[r.file]
        ordinals[section] += 1
        narrative_rows.append(
            {
                "id": n,
                "section_id": section,
                "ordinal": ordinals[section],
                "heading": d["heading"],
                "kind": d["kind"],
                **lines(d),
                "text": ctx.source.paragraphs(d["lines"][0], d["lines"][1], drop_heading=d["heading"]),
            }
        )
        for area in sorted(d.get("areas") or ctx.areas_of_file[r.file]):
            narrative_areas.append({"narrative_id": n, "area_id": area})
    yield "narrative", narrative_rows
    yield "narrative_area", narrative_areas


def organisation_details(ctx: Context) -> Iterator[tuple[str, Rows]]:
    """Every name an organisation is printed under, its areas and its sources."""
    names: list[Row] = []
    for d in ctx.data("organisation"):
        first = d["sources"][0]
        names.append({"organisation_id": d["id"], "name": d["name"], "kind": "name", **lines(first)})
        for key, kind in (("aliases", "alias"), ("abbreviations", "abbreviation")):
            names += [
                {"organisation_id": d["id"], "name": a["text"], "kind": kind, **lines(a)}
                for a in d.get(key, [])
            ]
    yield "organisation_name", dedupe(names, ("organisation_id", "name", "kind", "start_line"))
    yield (
        "organisation_area",
        (
            row
            for d in ctx.data("organisation")
            for row in link_rows("organisation_id", d["id"], "area_id", d["areas"])
        ),
    )
    yield (
        "organisation_source",
        (
            row
            for d in ctx.data("organisation")
            for row in ordinal_rows("organisation_id", d["id"], d["sources"])
        ),
    )


def people(ctx: Context) -> Iterator[tuple[str, Rows]]:
    """People (a canonical name each), the other spellings printed, and every role as printed."""
    declared = {r.data["id"]: r.data for r in ctx.c.of("person")}
    src = ctx.source

    def printed_order(r: Record) -> tuple[object, ...]:
        """Role ids follow the printed order: by line, then by where the name sits on it."""
        start, end = r.data["lines"]
        position = normalise(" ".join(src.lines[start - 1 : end])).find(normalise(r.data["name"]))
        return (start, position, r.data["area"], r.data["person"], r.data["role"])

    roles = sorted(ctx.c.of("role"), key=printed_order)
    names: dict[str, str] = {}
    for r in roles:
        names.setdefault(r.data["person"], declared.get(r.data["person"], r.data)["name"])
    yield "person", ({"id": k, "name": v} for k, v in sorted(names.items()))
    yield (
        "person_alias",
        (
            {"person_id": d["id"], "name": a["name"], **lines(a)}
            for d in ctx.data("person")
            for a in d.get("aliases", [])
        ),
    )
    yield "role", (role_row(i, r) for i, r in enumerate(roles, start=1))


def role_row(i: int, r: Record) -> Row:
    """Role number ``i`` (in printed order)."""
    d = r.data
    return {
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
        **lines(d),
        "quote": d["quote"],
        "record_file": r.file,
    }


def awards(ctx: Context) -> Iterator[tuple[str, Rows]]:
    """Awards, the areas they went to, and every statement of them in the report."""
    yield (
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
                "scope": scope(d["areas"]),
                "aggregate": int(d.get("aggregate", False)),
                "record_file": r.file,
            }
            for r in ctx.by_id("award")
            for d in [r.data]
        ),
    )
    yield (
        "award_area",
        (row for d in ctx.data("award") for row in link_rows("award_id", d["id"], "area_id", d["areas"])),
    )
    yield (
        "award_statement",
        (
            {
                "award_id": d["id"],
                "ordinal": i + 1,
                **lines(s),
                "quote": s["quote"],
                "amount_gbp": s["amount_gbp"],
                "approximate": int(s.get("approximate", False)),
                "qualifier": s.get("qualifier") or None,
                "year": s.get("year") or None,
                "fund_as_printed": s.get("fund_as_printed") or None,
                "funder_as_printed": s.get("funder_as_printed") or None,
            }
            for d in ctx.data("award")
            for i, s in enumerate(d["statements"])
        ),
    )


def discrepancies(ctx: Context) -> Iterator[tuple[str, Rows]]:
    """Where the report disagrees with itself: the passages, the areas and the records concerned."""
    yield (
        "discrepancy",
        (
            {"id": d["id"], "kind": d["kind"], "description": d["description"], "record_file": r.file}
            for r in ctx.by_id("discrepancy")
            for d in [r.data]
        ),
    )
    data = ctx.data("discrepancy")
    yield (
        "discrepancy_side",
        (row for d in data for row in ordinal_rows("discrepancy_id", d["id"], d["sides"])),
    )
    yield (
        "discrepancy_area",
        (row for d in data for row in link_rows("discrepancy_id", d["id"], "area_id", d["areas"])),
    )
    yield (
        "discrepancy_record",
        (
            {"discrepancy_id": d["id"], "record_kind": t.partition(":")[0], "record_id": t.partition(":")[2]}
            for d in data
            for t in sorted(set(d.get("records", [])))
        ),
    )


def places(ctx: Context) -> Iterator[tuple[str, Rows]]:
    """Places the report names (stations, buildings...)."""
    yield (
        "place",
        (
            {
                "id": d["id"],
                "name": d["name"],
                "kind": d["kind"],
                "area_id": d["area"],
                **lines(d),
                "quote": d["quote"],
            }
            for d in ctx.data("place")
        ),
    )


#: A project's lists of values: (table, record key, column).
PROJECT_LINKS = (
    ("project_area", "areas", "area_id"),
    ("project_organisation", "organisations", "organisation_id"),
    ("project_place", "places", "place_id"),
    ("project_kind", "kinds", "kind"),
    ("project_service", "services", "service"),
)
#: A project's cited facts, one row per item: (table, record key).
PROJECT_FACTS = (
    ("project_source", "sources"),
    ("project_date", "dates"),
    ("project_count", "counts"),
    ("project_money", "money"),
)


def projects(ctx: Context) -> Iterator[tuple[str, Rows]]:
    """Projects, their areas, organisations, places, kinds, services, awards and cited facts."""
    data = ctx.data("project")
    yield (
        "project",
        (
            {
                "id": d["id"],
                "title": d["title"],
                "summary": d["summary"],
                "status": d["status"],
                "year": d.get("year"),
                "scope": scope(d["areas"]),
                "record_file": r.file,
            }
            for r in ctx.by_id("project")
            for d in [r.data]
        ),
    )
    # An award names its projects, or a project its awards: either way one link.
    award_links = {(p, a["id"]) for a in (r.data for r in ctx.c.of("award")) for p in a.get("projects", [])}
    award_links |= {(d["id"], a) for d in data for a in d.get("awards", [])}
    for table, key, column in PROJECT_LINKS:
        yield table, (row for d in data for row in link_rows("project_id", d["id"], column, d.get(key, [])))
    yield "project_award", ({"project_id": p, "award_id": a} for p, a in sorted(award_links))
    for table, key in PROJECT_FACTS:
        yield table, (fact_row(d["id"], i, item, key) for d in data for i, item in enumerate(d.get(key, [])))


def fact_row(project_id: str, i: int, item: dict[str, Any], key: str) -> Row:
    """Fact ``i`` of a project's ``key`` list (sources, dates, counts, money): its fields and lines."""
    row = {"project_id": project_id, "ordinal": i + 1, **{k: v for k, v in item.items() if k != "lines"}}
    row |= lines(item)
    if key == "money":
        row |= {
            "approximate": int(item.get("approximate", False)),
            "qualifier": item.get("qualifier") or None,
        }
    return row


def headlines(ctx: Context) -> Iterator[tuple[str, Rows]]:
    """The report's headline boxes, their areas, and the projects whose sources lie inside them."""
    ordered = sorted(ctx.c.of("headline"), key=lambda r: r.data["lines"][0])
    yield (
        "headline",
        (
            {"id": i, "heading": r.data["heading"], **lines(r.data), "quote": r.data["quote"]}
            for i, r in enumerate(ordered, start=1)
        ),
    )
    yield (
        "headline_area",
        (
            {"headline_id": i, "area_id": a}
            for i, r in enumerate(ordered, start=1)
            for a in sorted(set(r.data["areas"]))
        ),
    )
    links = set()
    for i, h in enumerate(ordered, start=1):
        a, b = h.data["lines"]
        for d in ctx.data("project"):
            if any(a <= s["lines"][0] and s["lines"][1] <= b for s in d["sources"]):
                links.add((i, d["id"]))
    yield "headline_project", ({"headline_id": i, "project_id": p} for i, p in sorted(links))


def geography(ctx: Context) -> Iterator[tuple[str, Rows]]:
    """The geography layer: force areas and places (outside facts), each place marked if the report prints it."""
    geo = ctx.c.geography
    if geo is None:
        return
    yield (
        "geography_force",
        ({**f, "area_id": f["area_id"] or None} for f in sorted(geo.forces, key=lambda f: f["police_force"])),
    )
    text = normalise(ctx.source.text)
    printed = {
        name: re.search(r"(?<!\w)" + re.escape(normalise(name)) + r"(?!\w)", text) is not None
        for name in {p["name"] for p in geo.places}
    }
    yield (
        "geography_place",
        (
            {**p, "note": p["note"] or None, "in_report": int(printed[p["name"]])}
            for p in sorted(geo.places, key=lambda p: (p["name"], p["kind"], p["police_force"]))
        ),
    )


FAMILIES: tuple[Family, ...] = (
    source_lines,
    funders,
    organisations,
    sections,
    narratives,
    organisation_details,
    people,
    awards,
    discrepancies,
    places,
    projects,
    headlines,
    geography,
)


def award_qualifier(award: dict[str, Any]) -> str | None:
    """The qualifier printed with the award's own amount: that of the statement it is taken from."""
    for s in award["statements"]:
        if s["amount_gbp"] == award["amount_gbp"] and bool(s.get("approximate")) == bool(
            award.get("approximate")
        ):
            return s.get("qualifier") or None
    return None


def dedupe(items: list[Row], key: tuple[str, ...]) -> list[Row]:
    """``items`` without those whose ``key`` columns repeat an earlier item's."""
    seen: set[tuple[Any, ...]] = set()
    out = []
    for item in items:
        k = tuple(item[x] for x in key)
        if k not in seen:
            seen.add(k)
            out.append(item)
    return out
