"""Fuzzy search over people, areas, organisations, places, projects and funding.

Plain Python on rapidfuzz; no Textual, no Rich. An :class:`Index` is built once
from a :class:`~collab_tui.db.Database`; :meth:`Index.search` answers a query
with ranked, explainable :class:`SearchHit` results.

How a query is read:

1. It is normalised: lower case, accents and punctuation removed, hyphens split
   ("Hogan-Howe" -> "hogan howe").
2. Role words ("pcc", "cc", "cfo", "fire chief", "ceo" ...), service words
   ("police", "fire", "ambulance") and area words (area names, the counties,
   cities and authorities they cover: "cumbria", "rutland") are recognised.
3. What remains is matched fuzzily (rapidfuzz WRatio over choices prepared
   once: names, aliases, surnames, initials, abbreviations, titles) and the
   recognised words narrow and boost: "cfo cumbria" is the chief fire officer
   of Cumbria; "marsh hampshire" is Andy Marsh, not Anthony.
4. The query is also matched as typed, without interpretation, so that a
   fund called "Police Innovation Fund" is still found by its full name; each
   record keeps the better of the two readings.

Scores are 0-110 (higher is better; 100 is an exact name or a full role and
area match). Ties break by kind (person, area, organisation, place, project,
funding), then name.
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_left
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from rapidfuzz import fuzz, process

from collab_tui.db import Database
from collab_tui.models import PROJECT_KIND_LABELS, ROLE_LABELS, ROLE_SERVICE, format_gbp

KINDS = ("person", "area", "organisation", "place", "project", "funding")
KIND_ORDER = {kind: i for i, kind in enumerate(KINDS)}

CHIEF_EXECUTIVES = frozenset({"ambulance_chief_executive", "fire_chief_executive"})
FIRE_CHIEFS = frozenset({"chief_fire_officer", "fire_chief_executive"})
# Longest phrases first; each maps to the roles it can mean.
ROLE_PHRASES: dict[str, frozenset[str]] = {
    "police and crime commissioner": frozenset({"pcc"}),
    "police crime commissioner": frozenset({"pcc"}),
    "chief fire officer": FIRE_CHIEFS,
    "chief executive officer": CHIEF_EXECUTIVES,
    "chief executive": CHIEF_EXECUTIVES,
    "chief constable": frozenset({"chief_constable"}),
    "chief exec": CHIEF_EXECUTIVES,
    "fire chief": FIRE_CHIEFS,
    "commissioner": frozenset({"commissioner", "pcc"}),
    "constable": frozenset({"chief_constable"}),
    "mayor": frozenset({"mayor"}),
    "pcc": frozenset({"pcc"}),
    "cc": frozenset({"chief_constable"}),
    "cfo": FIRE_CHIEFS,
    "ceo": CHIEF_EXECUTIVES,
}
SERVICE_WORDS = {"police": "police", "fire": "fire", "ambulance": "ambulance", "ambulances": "ambulance"}
# Words that say nothing on their own once roles and areas are read.
FILLER = frozenset({"and", "of", "the", "for", "in", "officer", "service", "services", "trust"})

FUZZY_CUTOFF = 60.0
AREA_WORD_CUTOFF = 88.0


def normalise(text: str) -> str:
    """Lower case, no accents, punctuation and hyphens to spaces, single spaces."""
    decomposed = unicodedata.normalize("NFKD", text)
    stripped = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(re.sub(r"[^0-9a-z£]+", " ", stripped.lower()).split())


@dataclass(frozen=True)
class SearchHit:
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


@dataclass(frozen=True)
class RoleFact:
    """What the index knows about one role of a person."""

    role: str
    area_id: str | None
    service: str


@dataclass
class Entry:
    """A record as the index sees it."""

    kind: str
    id: str
    name: str
    detail: str
    area_ids: tuple[str, ...]
    services: frozenset[str] = frozenset()
    roles: tuple[RoleFact, ...] = ()
    fields: list[tuple[str, str, float]] = field(default_factory=list)  # (field, text, weight)


@dataclass(frozen=True)
class Query:
    """A query as read: recognised roles, services and areas, and the rest."""

    text: str
    roles: frozenset[str]
    services: frozenset[str]
    area_ids: frozenset[str]
    rest: str
    understood: tuple[str, ...]

    @property
    def interpreted(self) -> bool:
        return bool(self.roles or self.services or self.area_ids)


class Index:
    """Search index over one database; build once, query many times."""

    def __init__(
        self, entries: list[Entry], area_names: dict[str, str], area_lexicon: dict[str, set[str]]
    ) -> None:
        self.entries = entries
        self.area_names = area_names
        self.area_lexicon = area_lexicon
        self._area_words = sorted(area_lexicon, key=lambda w: (-len(w.split()), w))
        self._single_area_words = [w for w in area_lexicon if " " not in w and len(w) >= 5]
        # Choices are normalised once and de-duplicated; each remembers its owners.
        self._choices: list[str] = []
        self._choice_owners: list[list[tuple[int, str, str, float]]] = []  # entry, field, original, weight
        position: dict[str, int] = {}
        for i, entry in enumerate(entries):
            for field_name, text, weight in entry.fields:
                norm = normalise(text)
                if not norm:
                    continue
                if norm not in position:
                    position[norm] = len(self._choices)
                    self._choices.append(norm)
                    self._choice_owners.append([])
                self._choice_owners[position[norm]].append((i, field_name, text, weight))
        self._position = position
        # Token vocabulary and postings: a query only scores the choices that share
        # a near or prefix-matching word with it, so cost follows the answer, not the data.
        postings: dict[str, set[int]] = defaultdict(set)
        for c, choice in enumerate(self._choices):
            for token in choice.split():
                postings[token].add(c)
        self._postings = {t: sorted(cs) for t, cs in postings.items()}
        self._vocab = sorted(self._postings)
        self._by_area: dict[str, list[int]] = defaultdict(list)
        for i, entry in enumerate(entries):
            for area_id in entry.area_ids:
                self._by_area[area_id].append(i)

    # --- building -----------------------------------------------------------

    @classmethod
    def build(cls, db: Database) -> Index:
        """Read every searchable record from the database."""
        areas = db.areas()
        area_names = {a.id: a.name for a in areas}
        lexicon: dict[str, set[str]] = defaultdict(set)
        entries: list[Entry] = []
        for area in areas:
            for word in {area.name, area.section_heading, *(c.name for c in area.covers)}:
                lexicon[normalise(word)].add(area.id)
            fields = [("name", area.name, 1.0), ("section", area.section_heading, 0.95)]
            fields += [("covers", c.name, 0.95) for c in area.covers]
            entries.append(
                Entry(
                    "area",
                    area.id,
                    area.name,
                    f"area, {area.nation}; section {area.section_heading}",
                    (area.id,),
                    fields=fields,
                )
            )
        # "devon" alone is not an area word; "devon and cornwall" is. Single words that
        # name one area exactly (e.g. "cornwall" from the area name) come from covers.
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
                Entry(
                    "organisation",
                    org.id,
                    org.name,
                    detail,
                    org.area_ids,
                    services=frozenset({org.service}),
                    fields=fields,
                )
            )
        for person in db.people():
            roles = tuple(
                RoleFact(r.role, r.area_id, ROLE_SERVICE.get(r.role, "other")) for r in person.roles
            )
            names = [person.name, *person.aliases]
            fields: list[tuple[str, str, float]] = []
            for i, name in enumerate(names):
                label = "name" if i == 0 else "alias"
                fields.append((label, name, 1.0 if i == 0 else 0.97))
                parts = [p for p in name.split() if p.lower() not in {"sir", "dame", "lord", "dr"}]
                if len(parts) >= 2:
                    fields.append(("surname", parts[-1], 0.97))
                    fields.append(("initials", " ".join([p[0] for p in parts[:-1]] + [parts[-1]]), 0.97))
                    fields.append(("name", " ".join([parts[-1], *parts[:-1]]), 0.97))
            for role in person.roles:
                if role.organisation_id:
                    fields.append(("organisation", org_names.get(role.organisation_id, ""), 0.7))
            described = []
            for role in person.roles:
                where = role.area or "national"
                label = f"{role.title}, {where}"
                if label not in described:
                    described.append(label)
            area_ids = tuple(dict.fromkeys(r.area_id for r in person.roles if r.area_id))
            entries.append(
                Entry(
                    "person",
                    person.id,
                    person.name,
                    "; ".join(described),
                    area_ids,
                    services=frozenset(r.service for r in roles),
                    roles=roles,
                    fields=fields,
                )
            )
        for place in db.places():
            entries.append(
                Entry(
                    "place",
                    place.id,
                    place.name,
                    f"{place.kind} in {area_names.get(place.area_id, place.area_id)}",
                    (place.area_id,),
                    fields=[("name", place.name, 1.0)],
                )
            )
        for project in db.projects():
            kinds = ", ".join(PROJECT_KIND_LABELS.get(k, k) for k in project.kinds)
            fields = [("title", project.title, 1.0)]
            fields += [
                ("abbreviation", a, 1.0)
                for a in abbreviations_in(project.title, *(r.quote for r in project.sources))
            ]
            fields += [("place", p, 0.8) for p in project.places]
            fields += [("kind", PROJECT_KIND_LABELS.get(k, k), 0.6) for k in project.kinds]
            entries.append(
                Entry(
                    "project",
                    project.id,
                    project.title,
                    f"{project.status}; {kinds}",
                    project.area_ids,
                    services=frozenset(project.services),
                    fields=fields,
                )
            )
        for award in db.awards():
            where = ", ".join(area_names.get(a, a) for a in award.area_ids) or "national"
            name = f"{format_gbp(award.amount_gbp, award.approximate)} {award.funder} - {where}"
            fields = [
                ("fund", award.fund, 1.0),
                ("funder", award.funder, 0.8),
                ("purpose", award.purpose, 0.75),
            ]
            fields += [("area", area_names.get(a, a), 0.8) for a in award.area_ids]
            entries.append(Entry("funding", award.id, name, award.purpose, award.area_ids, fields=fields))
        return cls(entries, area_names, lexicon)

    # --- reading the query ------------------------------------------------------

    def read(self, text: str) -> Query:
        """Recognise role, service and area words; return them and the rest."""
        words = normalise(text).split()
        roles: set[str] = set()
        services: set[str] = set()
        areas: set[str] = set()
        understood: list[str] = []
        rest: list[str] = []
        i = 0
        while i < len(words):
            matched = False
            for size in (4, 3, 2, 1):
                phrase = " ".join(words[i : i + size])
                if len(words[i : i + size]) < size:
                    continue
                if phrase in ROLE_PHRASES:
                    roles |= ROLE_PHRASES[phrase]
                elif phrase in self.area_lexicon:
                    areas |= self.area_lexicon[phrase]
                elif size == 1 and phrase in SERVICE_WORDS:
                    services.add(SERVICE_WORDS[phrase])
                else:
                    continue
                understood.append(phrase)
                i += size
                matched = True
                break
            if not matched:
                word = words[i]
                guess = None
                if len(word) >= 5 and self._single_area_words:
                    guess = process.extractOne(
                        word, self._single_area_words, scorer=fuzz.ratio, score_cutoff=AREA_WORD_CUTOFF
                    )
                if guess is not None:
                    areas |= self.area_lexicon[guess[0]]
                    understood.append(word)
                else:
                    rest.append(word)
                i += 1
        if "ambulance" in services and roles & CHIEF_EXECUTIVES:
            roles = (roles - CHIEF_EXECUTIVES) | {"ambulance_chief_executive"}
        if "fire" in services and roles & CHIEF_EXECUTIVES:
            roles = (roles - CHIEF_EXECUTIVES) | {"fire_chief_executive"}
        rest = [w for w in rest if w not in FILLER] if (roles or services or areas) else rest
        return Query(
            text, frozenset(roles), frozenset(services), frozenset(areas), " ".join(rest), tuple(understood)
        )

    # --- scoring ------------------------------------------------------------------

    def _candidates(self, text: str) -> set[int]:
        """Choices sharing a word with ``text``: the same, a near spelling or a prefix."""
        found: set[int] = set()
        for token in set(text.split()):
            if len(token) < 2:
                continue
            words = {token} if token in self._postings else set()
            if len(token) >= 3:
                cutoff = 75.0 if len(token) >= 5 else 80.0
                near = process.extract(
                    token, self._vocab, scorer=fuzz.ratio, processor=None, limit=40, score_cutoff=cutoff
                )
                words.update(w for w, _, _ in near)
                start = bisect_left(self._vocab, token)
                for w in self._vocab[start : start + 200]:
                    if not w.startswith(token):
                        break
                    words.add(w)
            for w in words:
                found.update(self._postings[w])
        return found

    def _fuzzy(self, text: str, limit: int) -> dict[int, tuple[float, int, int]]:
        """Best (score, choice, owner slot) per entry for ``text``."""
        best: dict[int, tuple[float, int, int]] = {}
        if not text:
            return best
        candidates = {c: self._choices[c] for c in self._candidates(text)}
        if not candidates:
            return best
        hits = process.extract(
            text, candidates, scorer=fuzz.WRatio, processor=None, limit=limit, score_cutoff=FUZZY_CUTOFF
        )
        exact = self._position.get(text)
        for _, score, choice in hits:
            for slot, (owner, _, _, weight) in enumerate(self._choice_owners[choice]):
                weighted = score * weight
                if choice == exact:
                    weighted += 5.0  # an exact name or abbreviation beats a near one
                if owner not in best or weighted > best[owner][0]:
                    best[owner] = (weighted, choice, slot)
        return best

    def _role_fit(self, entry: Entry, query: Query) -> bool:
        for fact in entry.roles:
            if query.roles and fact.role not in query.roles:
                continue
            if query.area_ids and fact.area_id not in query.area_ids:
                continue
            if query.services and fact.service not in query.services:
                continue
            return True
        return False

    def _adjust(self, entry: Entry, query: Query) -> float:
        """Boosts and penalties from the recognised role, service and area words."""
        delta = 0.0
        if query.roles:
            if entry.kind == "person":
                delta += 10.0 if self._role_fit(entry, query) else -30.0
            else:
                delta -= 30.0
        if query.area_ids:
            delta += 10.0 if query.area_ids & set(entry.area_ids) else -25.0
        if query.services and not query.roles:
            delta += 5.0 if query.services & entry.services else -10.0
        return delta

    def _without_rest(self, query: Query) -> dict[int, tuple[float, str, str]]:
        """Scores when the whole query was understood (e.g. "cfo cumbria", "kent")."""
        scores: dict[int, tuple[float, str, str]] = {}
        if query.area_ids:
            pool = {i for a in query.area_ids for i in self._by_area.get(a, ())}
        else:
            pool = set(range(len(self.entries)))
        for i in pool:
            entry = self.entries[i]
            if query.roles:
                if entry.kind == "person" and self._role_fit(entry, query):
                    scores[i] = (100.0, "role", self._role_text(entry, query))
            elif query.services:
                if entry.kind == "person" and self._role_fit(entry, query):
                    scores[i] = (90.0, "role", self._role_text(entry, query))
                elif entry.kind == "organisation" and query.services & entry.services:
                    scores[i] = (95.0 if query.area_ids else 70.0, "service", entry.name)
            elif entry.kind == "area" and entry.id in query.area_ids:
                scores[i] = (100.0, "name", entry.name)
            elif query.area_ids:
                scores[i] = (
                    {"person": 70.0, "organisation": 68.0}.get(entry.kind, 60.0),
                    "area",
                    ", ".join(self.area_names[a] for a in query.area_ids if a in self.area_names),
                )
        return scores

    def _role_text(self, entry: Entry, query: Query) -> str:
        for fact in entry.roles:
            if (not query.roles or fact.role in query.roles) and (
                not query.area_ids or fact.area_id in query.area_ids
            ):
                where = self.area_names.get(fact.area_id or "", "national")
                return f"{ROLE_LABELS.get(fact.role, fact.role)}, {where}"
        return ""

    def search(self, text: str, limit: int = 10, kinds: Iterable[str] | None = None) -> list[SearchHit]:
        """Ranked hits for a query; an empty or meaningless query gives none."""
        text = text[:200]
        wanted = set(kinds) if kinds else set(KINDS)
        query = self.read(text)
        literal = normalise(text)
        pool = max(limit * 8, 60)
        scored: dict[int, tuple[float, str, str]] = {}

        def offer(i: int, score: float, field_name: str, matched: str) -> None:
            if i not in scored or score > scored[i][0]:
                scored[i] = (score, field_name, matched)

        if query.interpreted:
            if query.rest:
                for i, (score, choice, slot) in self._fuzzy(query.rest, pool * 4).items():
                    _, field_name, original, _ = self._choice_owners[choice][slot]
                    offer(i, score + self._adjust(self.entries[i], query), field_name, original)
            else:
                for i, (score, field_name, matched) in self._without_rest(query).items():
                    offer(i, score, field_name, matched)
        for i, (score, choice, slot) in self._fuzzy(literal, pool).items():
            _, field_name, original, _ = self._choice_owners[choice][slot]
            # A reading as typed counts a little less than an understood one, unless it is exact.
            damp = 0.9 if query.interpreted and choice != self._position.get(literal) else 1.0
            offer(i, score * damp, field_name, original)
        tokens = tuple(query.understood) + tuple(query.rest.split())
        hits = []
        for i, (score, field_name, matched) in scored.items():
            entry = self.entries[i]
            if entry.kind not in wanted or score < FUZZY_CUTOFF * 0.75:
                continue
            hits.append(
                SearchHit(
                    kind=entry.kind,
                    id=entry.id,
                    name=entry.name,
                    detail=entry.detail,
                    areas=tuple(self.area_names.get(a, a) for a in entry.area_ids),
                    area_ids=entry.area_ids,
                    score=score,
                    field=field_name,
                    matched_text=matched,
                    tokens=tokens,
                )
            )
        hits.sort(key=lambda h: (-round(h.score, 6), KIND_ORDER[h.kind], h.name.lower(), h.id))
        return hits[:limit]

    def resolve(
        self, text: str, kinds: Sequence[str] = ("area", "person")
    ) -> tuple[SearchHit | None, list[SearchHit]]:
        """The record a name most likely means, and the runners-up as suggestions."""
        hits = self.search(text, limit=6, kinds=kinds)
        if hits and hits[0].score >= 75.0:
            return hits[0], hits[1:]
        return None, hits


ABBREVIATION_RE = re.compile(r"\(([A-Z][A-Za-z0-9]{1,7})\)|\b([A-Z]{3,7})\b")


def abbreviations_in(*texts: str) -> list[str]:
    """Abbreviations a text defines or uses: "(JESIP)", "MAIT"."""
    found: list[str] = []
    for text in texts:
        for defined, used in ABBREVIATION_RE.findall(text):
            word = defined or used
            if word not in found:
                found.append(word)
    return found


def highlight_spans(query: str, text: str) -> list[tuple[int, int]]:
    """Character spans of ``text`` that match words of ``query`` (for fzf-style highlighting)."""
    spans: list[tuple[int, int]] = []
    lowered = text.lower()
    for word in normalise(query).split():
        if len(word) < 2:
            continue
        alignment = fuzz.partial_ratio_alignment(word, lowered, processor=None)
        if alignment is not None and alignment.score >= 70:
            spans.append((alignment.dest_start, alignment.dest_end))
    spans.sort()
    merged: list[tuple[int, int]] = []
    for start, end in spans:
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged
