"""What the search index holds: an entry per record, read from the database, and the choices made from them.

build_db.py stores the index (collab_tui.search.storage) so that a process loads it with one query
instead of reading every record and normalising every name. Plain Python; no Textual, no Rich.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence

from collab_tui.db import Database
from collab_tui.models import GeoPlace
from collab_tui.search.words import TITLES, abbreviations_in, area_words, normalise
from collab_tui.vocabulary import PROJECT_KIND_LABELS, ROLE_SERVICE, SEARCH_KINDS

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import NamedTuple
else:
    from collab_tui.tuples import NamedTuple  # typing.NamedTuple's classes, made cheaply

KINDS = SEARCH_KINDS
KIND_ORDER = {
    kind: i for i, kind in enumerate(("person", "area", "project", "organisation", "place", "funding"))
}
INDEX_FORMAT = 4  # the stored index's shape (storage.to_text); a change means a new number

Field = tuple[str, str, float]  # (field, text, weight)
Owner = tuple[int, str, str, float]  # (entry, field, original text, weight)


class SearchHit(NamedTuple):
    """One ranked result, with why it matched."""

    kind: str
    id: str
    name: str
    detail: str
    areas: tuple[str, ...]
    area_ids: tuple[str, ...]
    score: float
    field: str
    matched_text: str
    tokens: tuple[str, ...]

    def to_dict(self) -> dict[str, object]:
        """The stable JSON shape of `collab-tui search --json`."""
        return {
            "kind": self.kind,
            "id": self.id,
            "name": self.name,
            "detail": self.detail,
            "areas": list(self.areas),
            "score": round(self.score, 1),
            "matched": {"field": self.field, "text": self.matched_text, "tokens": list(self.tokens)},
        }


class RoleFact(NamedTuple):
    """What the index knows about one role of a person."""

    role: str
    area_id: str | None
    service: str
    organisation: str


class Entry(NamedTuple):
    """A record as the index sees it."""

    kind: str
    id: str
    name: str
    detail: str
    area_ids: tuple[str, ...]
    services: frozenset[str] = frozenset()
    roles: tuple[RoleFact, ...] = ()
    fields: Sequence[Field] = ()  # only while building: the stored index keeps its choices instead


class Parts(NamedTuple):
    """What an index is made of, read from the database's records."""

    entries: Sequence[Entry]
    area_names: dict[str, str]
    lexicon: dict[str, set[str]]
    geography: Mapping[str, list[GeoPlace]]  # the geography layer's places by normalised name


def read_records(db: Database) -> Parts:
    """Every searchable record of the database as an entry, with the ways each is named."""
    areas = db.areas()
    from collab_tui import formatting  # the build's (a lookup loads the stored index)

    area_names = formatting.area_names(areas)
    lexicon: dict[str, set[str]] = defaultdict(set)
    entries: list[Entry] = []
    for area in areas:
        for name in (area.name, area.section_heading):
            for word in area_words(name, single_words=True):
                lexicon[word].add(area.id)
        for cover in area.covers:
            for word in area_words(cover.name, single_words=False):
                lexicon[word].add(area.id)
        fields = [("name", area.name, 1.0), ("section", area.section_heading, 0.95)]
        fields += [("covers", c.name, 0.95) for c in area.covers]
        detail = f"{area.nation}; report section {area.section_heading}"
        entries.append(Entry("area", area.id, area.name, detail, (area.id,), fields=fields))
    orgs = db.organisations()
    org_names = {o.id: o.name for o in orgs}
    for org in orgs:
        fields = [("name", org.name, 1.0)]
        fields += [("alias", a, 0.95) for a in org.aliases]
        fields += [("abbreviation", a, 1.0) for a in org.abbreviations]
        detail = org.kind.replace("_", " ")
        if org.abbreviations:
            detail += f" ({', '.join(org.abbreviations)})"
        entries.append(
            Entry("organisation", org.id, org.name, detail, org.area_ids,
                  services=frozenset({org.service}), fields=fields)
        )  # fmt: skip
    entries += _people(db, org_names)
    for place in db.places():
        where = area_names.get(place.area_id, place.area_id)
        entries.append(
            Entry("place", place.id, place.name, f"{place.kind} in {where}", (place.area_id,),
                  fields=[("name", place.name, 1.0)])
        )  # fmt: skip
    entries += _projects(db, {a for o in orgs for a in o.abbreviations})
    entries += _awards(db, area_names, {o.name: o.abbreviations for o in orgs})
    return Parts(entries, area_names, lexicon, places_by_name(db.geography()))


def places_by_name(places: Sequence[GeoPlace]) -> dict[str, list[GeoPlace]]:
    """The geography layer's places by normalised name (a name may be a place in two force areas)."""
    grouped: dict[str, list[GeoPlace]] = {}
    for place in places:
        grouped.setdefault(normalise(place.name), []).append(place)
    return grouped


def _people(db: Database, org_names: dict[str, str]) -> list[Entry]:
    """People, named as printed, by alias, surname, initials and surname first, and by each role."""
    entries = []
    for person in db.people():
        roles = tuple(
            RoleFact(r.role, r.area_id, ROLE_SERVICE.get(r.role, "other"),
                     normalise(org_names.get(r.organisation_id or "", "")))
            for r in person.roles
        )  # fmt: skip
        fields: list[Field] = []
        for i, name in enumerate([person.name, *person.aliases]):
            fields.append(("name" if i == 0 else "alias", name, 1.0 if i == 0 else 0.97))
            parts = [p for p in name.split() if p.lower() not in TITLES]
            if len(parts) >= 2:
                fields.append(("surname", parts[-1], 0.97))
                fields.append(("initials", " ".join([p[0] for p in parts[:-1]] + [parts[-1]]), 0.97))
                fields.append(("name", " ".join([parts[-1], *parts[:-1]]), 0.97))
        described: list[str] = []
        for role in person.roles:
            org_name = org_names.get(role.organisation_id or "", "")
            fields.append(("role", f"{role.title} {org_name} {role.area or ''}", 0.85))
            label = f"{role.title}, {role.area or 'national'}"
            if label not in described:
                described.append(label)
        area_ids = tuple(dict.fromkeys(r.area_id for r in person.roles if r.area_id))
        entries.append(
            Entry("person", person.id, person.name, "; ".join(described), area_ids,
                  services=frozenset(r.service for r in roles), roles=roles, fields=fields)
        )  # fmt: skip
    return entries


def _projects(db: Database, org_abbreviations: set[str]) -> list[Entry]:
    """Projects, by title, the abbreviations their sources define, places and kinds."""
    entries = []
    for project in db.projects():
        kinds = ", ".join(PROJECT_KIND_LABELS.get(k, k) for k in project.kinds)
        fields = [("title", project.title, 1.0)]
        defined = abbreviations_in(project.title, *(r.quote for r in project.sources))
        fields += [("abbreviation", a, 1.0) for a in defined if a not in org_abbreviations]
        fields += [("place", p, 0.8) for p in project.places]
        fields += [("kind", PROJECT_KIND_LABELS.get(k, k), 0.6) for k in project.kinds]
        labels = [PROJECT_KIND_LABELS.get(k, k) for k in project.kinds]
        fields.append(("keywords", " ".join([project.title, *project.places, *labels]), 0.9))
        entries.append(
            Entry("project", project.id, project.title, f"{project.status}; {kinds}", project.area_ids,
                  services=frozenset(project.services), fields=fields)
        )  # fmt: skip
    return entries


def _awards(
    db: Database, area_names: dict[str, str], abbreviations_of: dict[str, Sequence[str]]
) -> list[Entry]:
    """Funding awards, named by amount, funder and where; found by fund, funder, purpose and area."""
    from collab_tui import formatting

    entries = []
    for award in db.awards():
        where = formatting.names_of(award.area_ids, area_names) or "national"
        name = f"{formatting.amount_text(award)} {award.funder} - {where}"
        fields = [
            ("fund", award.fund, 1.0),
            ("funder", award.funder, 0.8),
            ("purpose", award.purpose, 0.75),
        ]
        fields += [("funder", a, 0.9) for a in abbreviations_of.get(award.funder, ())]
        fields += [("area", area_names.get(a, a), 0.8) for a in award.area_ids]
        entries.append(Entry("funding", award.id, name, award.purpose, award.area_ids, fields=fields))
    return entries


def choices_of(entries: Sequence[Entry]) -> tuple[list[str], list[list[Owner]]]:
    """Every field's text normalised once and de-duplicated, each with the entries that own it."""
    choices: list[str] = []
    owners: list[list[Owner]] = []
    position: dict[str, int] = {}
    for i, entry in enumerate(entries):
        for field_name, text, weight in entry.fields:
            norm = normalise(text)
            if not norm:
                continue
            if norm not in position:
                position[norm] = len(choices)
                choices.append(norm)
                owners.append([])
            owners[position[norm]].append((i, field_name, text, weight))
    return choices, owners


def postings_of(choices: Sequence[str]) -> dict[str, list[int]]:
    """Each word of the choices, with the choices it is in (in order)."""
    found: dict[str, set[int]] = defaultdict(set)
    for c, choice in enumerate(choices):
        for token in choice.split():
            found[token].add(c)
    return {t: sorted(cs) for t, cs in found.items()}
