"""The search index's stored form: what build_db.py writes (:func:`to_text`), what a lookup loads (:func:`from_text`).

A lookup should pay only for what its query touches. The text is therefore lines: a checksum, a
header (JSON: the choices and their word postings, each as text decoded when a query reads that word,
the area words, and what the index derives from its records: records by role, by area, the areas'
entries, the geography layer's area words),
then one JSON line per record entry, per choice's owners and per geography name. Loading parses
the header; an entry, a choice's owners or a place's geography are decoded when a query first
reaches them. That is about a quarter of the objects a full parse would make, in every process.

The text is the build's own output, read back as written: a CRC-32 of everything after its first
line refuses a payload changed since (the index is then built from the records, as for a database
without one), and the header's shape and ranges are checked at load. A line that still does not
decode (a payload forged with a matching CRC) is a bad database: one line, exit 2.
Plain Python; no Textual, no Rich.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from zlib import crc32

from collab_tui import jsontext
from collab_tui.db import DatabaseError
from collab_tui.models import GeoPlace
from collab_tui.search.records import INDEX_FORMAT, KIND_ORDER, Entry, Owner, Parts, RoleFact

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Mapping as MappingBase
    from collections.abc import Sequence as SequenceBase
    from typing import Any, NamedTuple, TypeVar

    T = TypeVar("T")
else:
    from collab_tui.tuples import NamedTuple  # typing.NamedTuple's classes, made cheaply

    class SequenceBase:
        """At run time the lazy containers are plain classes: deriving from collections.abc's
        Sequence and Mapping (for the type checker) costs 1.5 ms at start-up."""

        __slots__ = ()

        def __class_getitem__(cls, item: object) -> type:
            return cls

    MappingBase = SequenceBase

_MALFORMED = "the database's stored search index is malformed ({}); rebuild it with `python build_db.py`"


class Derived(NamedTuple):
    """What an index derives from its entries and the geography layer (stored, so a load does not)."""

    by_role: dict[str, list[int]]
    """Entries (people) by role they hold, each once, in entry order."""
    by_area: dict[str, list[int]]
    """Entries by area id they belong to, in entry order."""
    area_entry: dict[str, int]
    """Each area's own entry."""
    geo_lexicon: dict[str, list[str]]
    """The geography layer's names that lead to areas, where the report's own words do not use them."""


class Stored(NamedTuple):
    """An index as stored: its parts, the choices, owners and postings made from them, what it derives."""

    parts: Parts
    choices: list[str]
    owners: Sequence[list[Owner]]
    postings: dict[str, list[int]]
    derived: Derived


def derive(parts: Parts, choices: Sequence[str], postings: Mapping[str, object]) -> Derived:
    """The index's derived lookups from its parts (a build; a load reads them stored)."""
    by_role: dict[str, list[int]] = defaultdict(list)
    by_area: dict[str, list[int]] = defaultdict(list)
    for i, entry in enumerate(parts.entries):
        for role in dict.fromkeys(f.role for f in entry.roles):
            by_role[role].append(i)
        for area_id in entry.area_ids:
            by_area[area_id].append(i)
    area_entry = {e.id: i for i, e in enumerate(parts.entries) if e.kind == "area"}
    position = set(choices)
    geo_lexicon: dict[str, list[str]] = {}
    for name, places in parts.geography.items():
        areas = sorted({p.area_id for p in places if p.area_id})
        # Only names the report's own words do not use: "sutton" stays Paul Sutton's surname.
        if areas and name not in postings and name not in position and name not in parts.lexicon:
            geo_lexicon[name] = areas
    return Derived(dict(by_role), dict(by_area), area_entry, geo_lexicon)


def _line(value: object) -> str:
    import json  # the build's: a lookup reads the lines through collab_tui.jsontext

    # ASCII only (\u escapes): Python then holds the text a byte a character, and reads, checks and
    # splits it several times faster. Every newline is escaped, so a line is one item.
    return json.dumps(value, ensure_ascii=True, separators=(",", ":"))


def to_text(stored: Stored) -> str:
    """The index as text: what build_db.py stores, so a process loads it instead of building it."""
    parts, derived = stored.parts, stored.derived
    header = {
        "format": INDEX_FORMAT,
        "sizes": [len(parts.entries), len(stored.choices), len(parts.geography)],
        "area_names": parts.area_names,
        "lexicon": {word: sorted(ids) for word, ids in sorted(parts.lexicon.items())},
        "choices": stored.choices,
        "postings": {word: " ".join(map(str, stored.postings[word])) for word in sorted(stored.postings)},
        "by_role": derived.by_role,
        "by_area": derived.by_area,
        "area_entry": derived.area_entry,
        "geo_lexicon": derived.geo_lexicon,
        "geo_names": list(parts.geography),
    }
    lines = [_line(header)]
    lines += [
        _line([e.kind, e.id, e.name, e.detail, list(e.area_ids), sorted(e.services),
               [[r.role, r.area_id, r.service, r.organisation] for r in e.roles]])
        for e in parts.entries
    ]  # fmt: skip
    lines += [_line([list(owner) for owner in owners]) for owners in stored.owners]
    lines += [_line([list(p) for p in places]) for places in parts.geography.values()]
    body = "\n".join(lines)
    return f"{crc32(body.encode('ascii')):08x}\n{body}"


def from_text(text: str) -> Stored:
    """An index's parts from :func:`to_text`'s text; ValueError if it is not one of this format, or
    was changed since it was written."""
    if (
        not text.isascii()
        or text[8:9] != "\n"
        or text[:8] != f"{crc32(memoryview(text.encode('ascii'))[9:]):08x}"
    ):
        raise ValueError("stored search index is not this format, or was changed after the build")
    lines = text.split("\n")
    del lines[0]  # the checksum
    try:
        data = jsontext.loads(lines[0])
        if data["format"] != INDEX_FORMAT:
            raise ValueError(f"stored search index has format {data['format']}, not {INDEX_FORMAT}")
        n_entries, n_choices, n_geo = data["sizes"]
        choices: list[str] = data["choices"]
        postings = Postings(data["postings"])
        postings.size = n_choices
        by_role, by_area = data["by_role"], data["by_area"]
        area_entry: dict[str, int] = data["area_entry"]
        geo_names: list[str] = data["geo_names"]
        if (
            len(lines) != 1 + n_entries + n_choices + n_geo
            or len(choices) != n_choices
            or len(geo_names) != n_geo
            or not _within([*by_role.values(), *by_area.values(), area_entry.values()], n_entries)
        ):
            raise ValueError("stored search index is inconsistent")
        entries = Lazy(lines[1 : 1 + n_entries], _entry)
        owners = Lazy(lines[1 + n_entries : 1 + n_entries + n_choices], lambda o: _owners(o, n_entries))
        geo_lines = Lazy(lines[1 + n_entries + n_choices :], _places)
        geography = LazyMap({name: i for i, name in enumerate(geo_names)}, geo_lines)
        lexicon = {word: set(ids) for word, ids in data["lexicon"].items()}
        derived = Derived(by_role, by_area, area_entry, data["geo_lexicon"])
        parts = Parts(entries, data["area_names"], lexicon, geography)
    except (KeyError, TypeError, AttributeError, IndexError) as exc:
        raise ValueError(f"stored search index is malformed ({exc})") from None
    return Stored(parts, choices, owners, postings, derived)


def _within(groups: Iterable[Iterable[int]], size: int) -> bool:
    """Every number of the groups is an index into a list of ``size`` (TypeError if one is not a number)."""
    values = [v for group in groups for v in group]
    return not values or (min(values) >= 0 and max(values) < size)


def _entry(item: Any) -> Entry:
    kind, id_, name, detail, areas, services, roles = item
    if kind not in KIND_ORDER:
        raise ValueError(f"unknown kind {kind!r}")
    return Entry(
        kind, id_, name, detail, tuple(areas), frozenset(services), tuple(RoleFact(*r) for r in roles)
    )


def _owners(item: Any, entries: int) -> list[Owner]:
    if not all(type(owner[0]) is int and 0 <= owner[0] < entries for owner in item):
        raise ValueError("an owner is not an entry")
    return item  # type: ignore[no-any-return]  # lists, unpacked as the tuples of a fresh build are


def _places(item: Any) -> list[GeoPlace]:
    return [GeoPlace(*p) for p in item]


class Lazy(SequenceBase["T"]):
    """The stored index's items, each decoded from its JSON line when first used."""

    __slots__ = ("_decode", "_items", "_lines")

    def __init__(self, lines: list[str], decode: Callable[[Any], T]) -> None:
        self._lines = lines
        self._decode = decode
        self._items: list[T | None] = [None] * len(lines)

    def __len__(self) -> int:
        return len(self._lines)

    def __getitem__(self, i: int) -> T:  # type: ignore[override]  # an item, never a slice
        item = self._items[i]
        if item is None:
            try:
                item = self._decode(jsontext.loads(self._lines[i]))
            except (ValueError, KeyError, TypeError, AttributeError, IndexError) as exc:
                raise DatabaseError(_MALFORMED.format(exc)) from None
            self._items[i] = item
        return item

    def __iter__(self) -> Iterator[T]:
        return (self[i] for i in range(len(self._lines)))


class Postings(dict[str, list[int]]):
    """Each word's choices, kept as the stored text ("3 17 240") until a query looks the word up."""

    size = 0
    """How many choices there are: a posting past them is a malformed index."""

    def __getitem__(self, word: str) -> list[int]:
        value: object = dict.__getitem__(self, word)
        if isinstance(value, str):
            try:
                value = [int(c) for c in value.split()]
                if value and not (min(value) >= 0 and max(value) < self.size):
                    raise ValueError(f"a posting of {word!r} is not a choice")
            except ValueError as exc:
                raise DatabaseError(_MALFORMED.format(exc)) from None
            dict.__setitem__(self, word, value)
        return value  # type: ignore[return-value]


class LazyMap(MappingBase[str, list[GeoPlace]]):
    """The geography layer's places by normalised name, decoded when a name is first looked up."""

    __slots__ = ("_at", "_lines")

    def __init__(self, at: dict[str, int], lines: Lazy[list[GeoPlace]]) -> None:
        self._at = at
        self._lines = lines

    def __getitem__(self, name: str) -> list[GeoPlace]:
        return self._lines[self._at[name]]

    def __contains__(self, name: object) -> bool:
        return name in self._at

    def __iter__(self) -> Iterator[str]:
        return iter(self._at)

    def __len__(self) -> int:
        return len(self._at)

    def items(self) -> Iterator[tuple[str, list[GeoPlace]]]:  # type: ignore[override]  # a view's use
        return ((name, self[name]) for name in self._at)

    def values(self) -> Iterator[list[GeoPlace]]:  # type: ignore[override]
        return (self[name] for name in self._at)
