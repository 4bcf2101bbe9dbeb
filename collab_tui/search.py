"""Fuzzy search over people, areas, organisations, places, projects and funding.

Plain Python on rapidfuzz; no Textual, no Rich. An :class:`Index` is built once
from a :class:`~collab_tui.db.Database`; :meth:`Index.search` answers a query
with ranked, explainable :class:`SearchHit` results.

How a query is read:

1. It is normalised: lower case, accents and punctuation removed, hyphens split
   ("Hogan-Howe" -> "hogan howe").
2. Role words ("pcc", "cc", "cfo", "fire chief", "ceo" ...), service words
   ("police", "fire", "ambulance"), kind words ("funding", "project") and area
   words (area names and the counties, cities and authorities they cover:
   "cumbria", "rutland", "stoke") are recognised.
3. What remains is matched fuzzily: rapidfuzz WRatio over choices normalised
   once (names, aliases, surnames, initials, abbreviations, titles, roles),
   scoring only the choices that share a near or prefix-matching word with the
   query. The recognised words narrow and boost: "cfo cumbria" is the chief
   fire officer of Cumbria; "marsh hampshire" is Andy Marsh, not Anthony.
4. The query is also matched as typed, so a fund called "Police Innovation
   Fund" is still found by its full name; each record keeps its better reading.

Scores run to about 110 (higher is better; 100 is an exact name, or a full
role-and-area match). Ties break by kind (person, area, project, organisation,
place, funding), then name, then id.
"""

from __future__ import annotations

import heapq
import re
import unicodedata
from bisect import bisect_left
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from itertools import pairwise

from rapidfuzz import fuzz, process

from collab_tui.db import Database
from collab_tui.models import GeoPlace, format_gbp
from collab_tui.vocabulary import PROJECT_KIND_LABELS, ROLE_LABELS, ROLE_SERVICE, SEARCH_KINDS

KINDS = SEARCH_KINDS
KIND_ORDER = {
    kind: i for i, kind in enumerate(("person", "area", "project", "organisation", "place", "funding"))
}

CHIEF_EXECUTIVES = frozenset({"ambulance_chief_executive", "fire_chief_executive"})
FIRE_CHIEFS = frozenset({"chief_fire_officer", "fire_chief_executive"})
ROLE_PHRASES: dict[str, frozenset[str]] = {
    "police and crime commissioner": frozenset({"pcc"}),
    "police crime commissioner": frozenset({"pcc"}),
    "fire and rescue chief executive": frozenset({"fire_chief_executive"}),
    "fire chief executive": frozenset({"fire_chief_executive"}),
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
KIND_WORDS = {
    "funding": "funding", "funded": "funding", "award": "funding", "awards": "funding",
    "grant": "funding", "grants": "funding", "money": "funding",
    "project": "project", "projects": "project", "initiative": "project", "scheme": "project",
    "leader": "person", "leaders": "person", "people": "person",
}  # fmt: skip
# Words that say nothing on their own once roles and areas are read.
FILLER = frozenset({"and", "of", "the", "for", "in", "officer", "service", "services", "trust", "executive"})
# Words of multi-word area names that do not name one area on their own.
NOT_AREA_WORDS = frozenset({
    "north", "south", "east", "west", "mid", "greater", "and", "of", "the", "county", "city",
    "council", "royal", "isle", "sub", "region", "valley", "midlands", "coast", "rivers", "three",
    "boroughs", "square", "mile", "peninsula", "lizard",
})  # fmt: skip
COUNCIL_SUFFIXES = (" county council", " city council", " borough council", " council", " sub region")
TITLES = frozenset({"sir", "dame", "lord", "dr"})

FUZZY_CUTOFF = 60.0
# A place of the geography layer (not named as a place of an area in the report) scores just below an
# exact name of the report's own, so the report's answer always comes first.
GEOGRAPHY_SCORE = 99.0
# A query word supports a fuzzy hit when a word of the matched text is the same, begins with it, or is
# a near spelling at least this close (rapidfuzz ratio); "drone" is not "Ron" (75), "wenmn" is "Wenman".
NEAR_SPELLING = 80.0
# Ways a council or place is written around its name ("Bristol City Council", "City of Bristol").
PLACE_PREFIXES = ("city and county of ", "royal borough of ", "london borough of ", "borough of ", "city of ",
                  "county of ")  # fmt: skip
PLACE_SUFFIXES = (" metropolitan borough council", " county borough council", " borough council",
                  " district council", " city council", " county council", " council", " city", " county")  # fmt: skip
COMMON_WORD = 1500  # a word in more choices than this does not narrow a search
AREA_WORD_CUTOFF = 88.0
MAX_QUERY = 200


INDEX_FORMAT = 2  # the stored index's shape (Index.to_json); a change means a new number


def index_payload(db: Database) -> str:
    """The search index of ``db``, as build_db.py stores it: built here, so ranking changes flow through."""
    return Index.build(db).to_json()


def normalise(text: str) -> str:
    """Lower case, no accents, punctuation and hyphens to spaces, single spaces."""
    decomposed = unicodedata.normalize("NFKD", text)
    stripped = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(re.sub(r"[^0-9a-z]+", " ", stripped.lower()).split())


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
    organisation: str


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
    """A query as read: recognised roles, services, kinds and areas, and the rest."""

    text: str
    roles: frozenset[str]
    services: frozenset[str]
    kinds: frozenset[str]
    area_ids: frozenset[str]
    area_phrases: tuple[str, ...]
    area_guessed: bool
    rest: str
    understood: tuple[str, ...]

    @property
    def interpreted(self) -> bool:
        return bool(self.roles or self.services or self.kinds or self.area_ids)


def abbreviations_in(*texts: str) -> list[str]:
    """Abbreviations a text defines in brackets: "... Programme (JESIP)"."""
    found: list[str] = []
    for text in texts:
        for word in re.findall(r"\(([A-Z][A-Z0-9]{1,7})\)", text):
            if word not in found:
                found.append(word)
    return found


def area_words(name: str, single_words: bool) -> set[str]:
    """Ways to name an area: "Stoke City Council" -> "stoke"; "Greater Manchester" -> "manchester"."""
    norm = normalise(name)
    words = {norm}
    for suffix in COUNCIL_SUFFIXES:
        if norm.endswith(suffix) and len(norm) > len(suffix):
            words.add(norm[: -len(suffix)])
            break
    if single_words:
        words.update(w for w in norm.split() if w not in NOT_AREA_WORDS and len(w) >= 4)
    return words


class Index:
    """Search index over one database; build once, query many times."""

    def __init__(
        self,
        entries: list[Entry],
        area_names: dict[str, str],
        lexicon: dict[str, set[str]],
        choices: tuple[list[str], list[list[tuple[int, str, str, float]]]] | None = None,
        postings: dict[str, list[int]] | None = None,
        geography: Sequence[GeoPlace] = (),
    ) -> None:
        self.entries = entries
        self.area_names = area_names
        # The report's own area words, and (below) those of the geography layer beside them.
        self._report_area_lexicon = lexicon
        self._report_lexicon = frozenset(lexicon)
        self.area_lexicon = {word: set(ids) for word, ids in lexicon.items()}
        self._geography = tuple(geography)
        self._single_area_words = sorted(w for w in lexicon if " " not in w and len(w) >= 5)
        # Choices are normalised once and de-duplicated; each remembers its owners.
        # (A stored index, see Index.load, hands them over already made.)
        self._choices: list[str] = []
        self._owners: list[list[tuple[int, str, str, float]]] = []  # entry, field, original, weight
        self._position: dict[str, int] = {}
        if choices is not None:
            self._choices, self._owners = choices
            self._position = {choice: c for c, choice in enumerate(self._choices)}
        for i, entry in enumerate(entries if choices is None else ()):
            for field_name, text, weight in entry.fields:
                norm = normalise(text)
                if not norm:
                    continue
                if norm not in self._position:
                    self._position[norm] = len(self._choices)
                    self._choices.append(norm)
                    self._owners.append([])
                self._owners[self._position[norm]].append((i, field_name, text, weight))
        # Word postings: a query scores only the choices that share a near or
        # prefix-matching word with it, so its cost follows the answer, not the data.
        if postings is None:
            found: dict[str, set[int]] = defaultdict(set)
            for c, choice in enumerate(self._choices):
                for token in choice.split():
                    found[token].add(c)
            postings = {t: sorted(cs) for t, cs in found.items()}
        self._postings = postings
        self._vocab = sorted(self._postings)
        self._by_role: dict[str, list[int]] = defaultdict(list)
        for i, entry in enumerate(entries):
            for role in dict.fromkeys(f.role for f in entry.roles):
                self._by_role[role].append(i)
        self._by_area: dict[str, list[int]] = defaultdict(list)
        for i, entry in enumerate(entries):
            for area_id in entry.area_ids:
                self._by_area[area_id].append(i)
        self._area_entry = {e.id: i for i, e in enumerate(entries) if e.kind == "area"}
        # The geography layer: a place the report never names still leads to its area.
        self._geo: dict[str, list[GeoPlace]] = defaultdict(list)
        for place in geography:
            self._geo[normalise(place.name)].append(place)
        for name, places in self._geo.items():
            areas = {p.area_id for p in places if p.area_id}
            # Only names the report's own words do not use: "sutton" stays Paul Sutton's surname.
            if areas and name not in self._postings and name not in self._position and name not in lexicon:
                self.area_lexicon[name] = {a for a in areas if a}

    @cached_property
    def _choice_words(self) -> list[frozenset[str]]:
        """The words of each choice (made on first use: single-word queries never need them)."""
        return [frozenset(choice.split()) for choice in self._choices]

    @cached_property
    def _vocab_by_start(self) -> dict[tuple[str, int], list[str]]:
        """Near spellings are looked for among words of about the same length that begin with
        the same letter, or with the second (a swapped first pair). Made on first use."""
        by_start: dict[tuple[str, int], list[str]] = defaultdict(list)
        for word in self._vocab:
            by_start[(word[0], len(word))].append(word)
        return by_start

    # --- building -----------------------------------------------------------

    @classmethod
    def build(cls, db: Database) -> Index:
        """Read every searchable record from the database."""
        areas = db.areas()
        area_names = {a.id: a.name for a in areas}
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
        org_abbreviations = {a for o in orgs for a in o.abbreviations}
        abbreviations_of = {o.name: o.abbreviations for o in orgs}
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
        for person in db.people():
            roles = tuple(
                RoleFact(r.role, r.area_id, ROLE_SERVICE.get(r.role, "other"),
                         normalise(org_names.get(r.organisation_id or "", "")))
                for r in person.roles
            )  # fmt: skip
            fields = []
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
        for place in db.places():
            where = area_names.get(place.area_id, place.area_id)
            entries.append(
                Entry("place", place.id, place.name, f"{place.kind} in {where}", (place.area_id,),
                      fields=[("name", place.name, 1.0)])
            )  # fmt: skip
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
        for award in db.awards():
            where = ", ".join(area_names.get(a, a) for a in award.area_ids) or "national"
            name = (
                f"{format_gbp(award.amount_gbp, award.approximate, award.qualifier)} {award.funder} - {where}"
            )
            fields = [
                ("fund", award.fund, 1.0),
                ("funder", award.funder, 0.8),
                ("purpose", award.purpose, 0.75),
            ]
            fields += [("funder", a, 0.9) for a in abbreviations_of.get(award.funder, ())]
            fields += [("area", area_names.get(a, a), 0.8) for a in award.area_ids]
            entries.append(Entry("funding", award.id, name, award.purpose, award.area_ids, fields=fields))
        return cls(entries, area_names, lexicon, geography=db.geography())

    # --- storing -----------------------------------------------------------------

    def to_json(self) -> str:
        """The index as JSON text: what build_db.py stores, so a process loads it instead of building it."""
        import json

        entries = [
            [e.kind, e.id, e.name, e.detail, list(e.area_ids), sorted(e.services),
             [[r.role, r.area_id, r.service, r.organisation] for r in e.roles]]
            for e in self.entries
        ]  # fmt: skip
        payload = {
            "format": INDEX_FORMAT,
            "entries": entries,
            "area_names": self.area_names,
            "lexicon": {word: sorted(ids) for word, ids in sorted(self._report_area_lexicon.items())},
            "geography": [list(place) for place in self._geography],
            "choices": self._choices,
            "owners": [[list(owner) for owner in owners] for owners in self._owners],
            "postings": self._postings,
        }
        return json.dumps(payload, ensure_ascii=False, separators=(",", ":"))

    @classmethod
    def from_json(cls, text: str) -> Index:
        """An index from :meth:`to_json`'s text; ValueError if it is not one of this format.

        The shape is checked (lengths, kinds, owners pointing at entries); it is the output
        of build_db.py, read back as it was written.
        """
        import json

        try:
            data = json.loads(text)
            if data["format"] != INDEX_FORMAT:
                raise ValueError(f"stored search index has format {data['format']}, not {INDEX_FORMAT}")
            entries = [
                Entry(kind, id_, name, detail, tuple(areas), frozenset(services),
                      tuple(RoleFact(*role) for role in roles))
                for kind, id_, name, detail, areas, services, roles in data["entries"]
            ]  # fmt: skip
            choices: list[str] = data["choices"]
            owners = [[tuple(owner) for owner in owned] for owned in data["owners"]]
            postings: dict[str, list[int]] = data["postings"]
            count = len(entries)
            if (
                len(owners) != len(choices)
                or not all(e.kind in KIND_ORDER for e in entries)
                or not all(0 <= owner[0] < count for owned in owners for owner in owned)
                or not 0
                <= min(map(min, postings.values()))
                <= max(map(max, postings.values()))
                < len(choices)
            ):
                raise ValueError("stored search index is inconsistent")
            lexicon = {word: set(ids) for word, ids in data["lexicon"].items()}
            geography = [GeoPlace(*place) for place in data["geography"]]
            index = cls(entries, data["area_names"], lexicon, (choices, owners), postings, geography)  # type: ignore[arg-type]
        except (KeyError, TypeError, AttributeError, IndexError) as exc:
            raise ValueError(f"stored search index is malformed ({exc})") from None
        return index

    @classmethod
    def load(cls, db: Database) -> Index:
        """The index build_db.py stored in the database (one query), or one built now if there is none.

        A database from before the stored index, or one whose stored index is unreadable,
        still answers: the index is then built from its records, as :meth:`build` does.
        """
        text = db.stored_search_index(INDEX_FORMAT)
        if text is not None:
            try:
                return cls.from_json(text)
            except ValueError:
                pass
        return cls.build(db)

    # --- reading the query ------------------------------------------------------

    def read(self, text: str) -> Query:
        """Recognise role, service, kind and area words; return them and the rest."""
        words = normalise(text[:MAX_QUERY]).split()
        roles: set[str] = set()
        services: set[str] = set()
        kinds: set[str] = set()
        areas: set[str] = set()
        phrases: list[str] = []
        guessed = False
        understood: list[str] = []
        rest: list[str] = []
        i = 0
        while i < len(words):
            for size in (5, 4, 3, 2, 1):
                if i + size > len(words):
                    continue
                phrase = " ".join(words[i : i + size])
                if phrase in ROLE_PHRASES:
                    roles |= ROLE_PHRASES[phrase]
                elif phrase in self.area_lexicon:
                    areas |= self.area_lexicon[phrase]
                    phrases.append(phrase)
                elif size == 1 and phrase in SERVICE_WORDS:
                    services.add(SERVICE_WORDS[phrase])
                elif size == 1 and phrase in KIND_WORDS:
                    kinds.add(KIND_WORDS[phrase])
                else:
                    continue
                understood.append(phrase)
                i += size
                break
            else:
                word = words[i]
                guess = None
                if len(word) >= 5:
                    guess = process.extractOne(word, self._single_area_words, scorer=fuzz.ratio,
                                               score_cutoff=AREA_WORD_CUTOFF)  # fmt: skip
                if guess is not None:
                    # A misspelt area ("cumbira") boosts that area but stays in the
                    # rest: it may as well be a surname ("wilshire" for Wilsher).
                    areas |= self.area_lexicon[guess[0]]
                    phrases.append(guess[0])
                    guessed = True
                rest.append(word)
                i += 1
        if roles & CHIEF_EXECUTIVES:
            if "ambulance" in services:
                roles = (roles - CHIEF_EXECUTIVES) | {"ambulance_chief_executive"}
            elif "fire" in services:
                roles = (roles - CHIEF_EXECUTIVES) | {"fire_chief_executive"}
        if roles or services or areas or kinds:
            rest = [w for w in rest if w not in FILLER]
        return Query(text, frozenset(roles), frozenset(services), frozenset(kinds), frozenset(areas),
                     tuple(phrases), guessed, " ".join(rest), tuple(understood))  # fmt: skip

    # --- scoring ------------------------------------------------------------------

    def _words_like(self, token: str) -> set[str]:
        """Vocabulary words a query word may mean: itself, words it begins, or near spellings."""
        words = {token} if token in self._postings else set()
        if len(token) >= 3:
            start = bisect_left(self._vocab, token)
            for w in self._vocab[start : start + 200]:
                if not w.startswith(token):
                    break
                words.add(w)
            if not words:
                # Only a word that is nowhere in the index is looked up by spelling.
                cutoff = 75.0 if len(token) >= 5 else 80.0
                for first in dict.fromkeys(token[:2]):
                    for n in range(len(token) - 2, len(token) + 3):
                        bucket = self._vocab_by_start.get((first, n))
                        if bucket:
                            near = process.extract(token, bucket, scorer=fuzz.ratio, processor=None,
                                                   limit=20, score_cutoff=cutoff)  # fmt: skip
                            words.update(w for w, _, _ in near)
        return words

    def _candidates(self, text: str, memo: dict[str, list[int]]) -> set[int]:
        """Choices sharing a word with ``text``: the same, a near spelling or a prefix.

        A word found in very many choices ("police", "fire") adds nothing when a
        rarer word is there to narrow the search; the full text still scores them.
        """
        per_token: list[list[int]] = []
        words = text.split()
        # "mc guirk" is "mcguirk": adjacent words joined count as a word too.
        joined = [a + b for a, b in pairwise(words) if a + b in self._postings]
        for token in dict.fromkeys(words + joined):
            if len(token) < 2:
                continue
            if token not in memo:
                found: set[int] = set()
                for w in self._words_like(token):
                    found.update(self._postings[w])
                memo[token] = sorted(found)
            per_token.append(memo[token])
        if not per_token:
            return set()
        per_token.sort(key=len)
        chosen = [p for p in per_token if len(p) <= COMMON_WORD] or per_token[:1]
        return set().union(*chosen)

    def _coverage(self, tokens: list[str], choice: int, near: dict[str, frozenset[str]]) -> float:
        """Share of the query's words found in a choice: the same word, one it begins, or a near spelling."""
        if len(tokens) < 2:
            return 1.0
        words = self._choice_words[choice]
        hit = 0
        for token in tokens:
            if len(token) < 2:
                hit += any(w.startswith(token) for w in words)
            else:
                if token not in near:
                    near[token] = frozenset(self._words_like(token)) | {token}
                hit += not near[token].isdisjoint(words)
        return hit / len(tokens)

    def _fuzzy(self, text: str, limit: int, memo: dict[str, list[int]]) -> dict[int, tuple[float, int, int]]:
        """Best (score, choice, owner slot) per entry for ``text``."""
        best: dict[int, tuple[float, int, int]] = {}
        if not text:
            return best
        candidates = {c: self._choices[c] for c in self._candidates(text, memo)}
        if not candidates:
            return best
        hits = process.extract(text, candidates, scorer=fuzz.WRatio, processor=None,
                               limit=limit, score_cutoff=FUZZY_CUTOFF)  # fmt: skip
        exact = self._position.get(text)
        tokens = text.split()
        near: dict[str, frozenset[str]] = {}
        for _, score, choice in hits:
            score *= 0.5 + 0.5 * self._coverage(tokens, choice, near)
            for slot, (owner, _, _, weight) in enumerate(self._owners[choice]):
                weighted = score * weight + (5.0 if choice == exact else 0.0)
                if owner not in best or weighted > best[owner][0]:
                    best[owner] = (weighted, choice, slot)
        return best

    def _role_fit(self, entry: Entry, query: Query) -> RoleFact | None:
        """The person's role that fits the query's role, area and service words, if any."""
        fits = [
            fact for fact in entry.roles
            if (not query.roles or fact.role in query.roles)
            and (not query.area_ids or fact.area_id in query.area_ids)
            and (not query.services or fact.service in query.services)
        ]  # fmt: skip
        if not fits:
            return None
        # "cfo west sussex": prefer the role whose organisation carries the place named.
        named = [f for f in fits if any(p in f.organisation for p in query.area_phrases)]
        return (named or fits)[0]

    def _adjust(self, entry: Entry, query: Query) -> float:
        """Boosts and penalties from the recognised words."""
        delta = 0.0
        if query.roles:
            if entry.kind == "person":
                delta += 10.0 if self._role_fit(entry, query) else -30.0
            else:
                delta -= 30.0
        if query.area_ids:
            if query.area_ids & set(entry.area_ids):
                delta += 10.0
            elif not query.area_guessed:
                delta -= 25.0
        if query.services and not query.roles:
            delta += 5.0 if query.services & entry.services else -10.0
        if query.kinds:
            delta += 15.0 if entry.kind in query.kinds else -20.0
        return delta

    def _structural(self, query: Query) -> dict[int, tuple[float, str, str]]:
        """Scores from the recognised words alone ("cfo cumbria", "kent", "funding dorset")."""
        scores: dict[int, tuple[float, str, str]] = {}
        pools: list[set[int]] = []
        if query.area_ids:
            pools.append({i for a in query.area_ids for i in self._by_area.get(a, ())})
        if query.roles:
            pools.append({i for r in query.roles for i in self._by_role.get(r, ())})
        if not pools or (query.rest and not query.area_ids):
            # A service or kind word alone narrows nothing enough to list; with words
            # left over and no area, the fuzzy reading with role boosts does the work.
            return scores
        pool = sorted(set.intersection(*pools))
        where = ", ".join(self.area_names[a] for a in sorted(query.area_ids) if a in self.area_names)
        for i in pool:
            entry = self.entries[i]
            if query.kinds and entry.kind not in query.kinds:
                continue
            if query.roles or (query.services and entry.kind == "person"):
                fact = self._role_fit(entry, query) if entry.kind == "person" else None
                if fact is not None:
                    bonus = 2.0 if any(p in fact.organisation for p in query.area_phrases) else 0.0
                    base = 100.0 if query.roles else 90.0
                    label = f"{ROLE_LABELS.get(fact.role, fact.role)}, {self.area_names.get(fact.area_id or '', 'national')}"
                    scores[i] = (base + bonus, "role", label)
            elif query.services:
                if entry.kind == "organisation" and query.services & entry.services:
                    scores[i] = (95.0 if query.area_ids else 70.0, "service", entry.name)
            elif query.kinds and not query.rest:
                scores[i] = (95.0 if query.area_ids else 70.0, "kind", where or entry.kind)
            elif entry.kind == "area" and entry.id in query.area_ids:
                scores[i] = (100.0, "name", entry.name)
            elif query.area_ids and not query.rest:
                scores[i] = ({"person": 70.0, "organisation": 68.0}.get(entry.kind, 60.0), "area", where)
        return scores

    def search(self, text: str, limit: int = 10, kinds: Iterable[str] | None = None) -> list[SearchHit]:
        """Ranked hits for a query; an empty or meaningless query gives none."""
        if limit <= 0:
            return []
        wanted = set(kinds) if kinds else set(KINDS)
        query = self.read(text)
        literal = normalise(text[:MAX_QUERY])
        places = self.places(text)
        if places and not any(p.covered for p in places) and not self._report_names(literal):
            return []  # "Luton": the report has no section on its force; see not_covered()
        pool = max(limit * 8, 60)
        scored: dict[int, tuple[float, str, str]] = {}
        fuzzy: dict[int, tuple[str, ...]] = {}  # entries scored only by a fuzzy reading, and its words
        memo: dict[str, list[int]] = {}

        def offer(i: int, score: float, field_name: str, matched: str, words: tuple[str, ...] = ()) -> None:
            if i not in scored or score > scored[i][0]:
                scored[i] = (score, field_name, matched)
                if words:
                    fuzzy[i] = words
                else:
                    fuzzy.pop(i, None)

        if query.interpreted:
            structural = self._structural(query)
            damp = 0.85 if query.rest else 1.0  # words left over that nothing explains
            for i, (score, field_name, matched) in structural.items():
                offer(i, score * damp, field_name, matched)
            if query.rest:
                rest_words = tuple(query.rest.split())
                for i, (score, choice, slot) in self._fuzzy(query.rest, pool * 4, memo).items():
                    _, field_name, original, _ = self._owners[choice][slot]
                    offer(i, score + self._adjust(self.entries[i], query), field_name, original, rest_words)
        literal_words = tuple(literal.split())
        for i, (score, choice, slot) in self._fuzzy(literal, pool, memo).items():
            _, field_name, original, _ = self._owners[choice][slot]
            # A reading as typed counts a little less than an understood one, unless it is exact; and an
            # area the query names holds for it too ("pcc avon": not every body called "PCC").
            exact_choice = choice == self._position.get(literal)
            damp = 0.9 if query.interpreted and not exact_choice else 1.0
            penalty = 0.0
            outside = not query.area_ids & set(self.entries[i].area_ids)
            if query.area_ids and not query.area_guessed and not exact_choice and outside:
                penalty = -25.0
            offer(i, score * damp + penalty, field_name, original, literal_words)
        covered = [p for p in places if p.covered]
        if covered:
            message = self._place_message(places)
            only_geography = not self._report_names(literal)
            for area_id in dict.fromkeys(p.area_id for p in covered):
                entry_index = self._area_entry.get(area_id or "")
                if entry_index is None:
                    continue
                i = entry_index
                if only_geography:
                    # The answer comes from the geography layer, and says so, not from the report.
                    scored[i] = (GEOGRAPHY_SCORE, "geography", message)
                    fuzzy.pop(i, None)
                else:
                    offer(i, GEOGRAPHY_SCORE, "geography", message)
        # Precision: a fuzzy hit needs a query word it really shares (the same word, one it begins, or a
        # near spelling); and where the query is itself the exact name of a place, county or area, a
        # near spelling of another name ("Hertfordshire" for "Herefordshire") is no answer at all.
        exact_place = bool(covered) or literal in self._report_lexicon
        for i, words in list(fuzzy.items()):
            support = self._support(words, scored[i][2])
            if support == 0 or (exact_place and support < 2):
                del scored[i]
        tokens = tuple(query.understood) + tuple(query.rest.split())
        ranked = [
            (
                -round(score, 6),
                KIND_ORDER[self.entries[i].kind],
                self.entries[i].name.lower(),
                self.entries[i].id,
                i,
            )
            for i, (score, _, _) in scored.items()
            if self.entries[i].kind in wanted and score >= FUZZY_CUTOFF * 0.75
        ]
        hits = []
        for *_, i in heapq.nsmallest(limit, ranked):
            entry = self.entries[i]
            score, field_name, matched = scored[i]
            hits.append(
                SearchHit(
                    kind=entry.kind, id=entry.id, name=entry.name, detail=entry.detail,
                    areas=tuple(self.area_names.get(a, a) for a in entry.area_ids), area_ids=entry.area_ids,
                    score=round(score, 6), field=field_name, matched_text=matched, tokens=tokens,
                )
            )  # fmt: skip
        return hits

    # --- precision and geography --------------------------------------------------

    def _support(self, words: Sequence[str], matched: str) -> int:
        """How well the query's words are borne out by the matched text.

        2: every word is in it (the same word, or one it begins); 1: at least one word is, or is a near
        spelling of one of its words; 0: none is.
        """
        found = normalise(matched).split()
        if not found:
            return 0
        exact = near = 0
        for word in words:
            if len(word) < 2:
                hit = any(w.startswith(word) for w in found)
                exact += hit
                continue
            if any(w == word or (len(word) >= 3 and w.startswith(word)) for w in found):
                exact += 1
            elif len(word) >= 4 and any(fuzz.ratio(word, w) >= NEAR_SPELLING for w in found):
                near += 1
        joined = "".join(words)
        if len(words) > 1 and joined in found:  # "mc guirk" is "mcguirk"
            return 2
        if exact == len(words):
            return 2
        return 1 if exact or near else 0

    def _report_names(self, literal: str) -> bool:
        """True if the report itself has a record named exactly this (a person, place, area ...)."""
        return literal in self._position or literal in self._report_lexicon

    def places(self, text: str) -> list[GeoPlace]:
        """The geography layer's places a query names exactly ("Bristol", "Bristol City Council")."""
        literal = normalise(text[:MAX_QUERY])
        if literal in self._geo:
            return self._geo[literal]
        for prefix in PLACE_PREFIXES:
            if literal.startswith(prefix) and literal[len(prefix) :] in self._geo:
                return self._geo[literal[len(prefix) :]]
        for suffix in PLACE_SUFFIXES:
            if literal.endswith(suffix) and literal[: -len(suffix)] in self._geo:
                return self._geo[literal[: -len(suffix)]]
        return []

    def _place_message(self, places: Sequence[GeoPlace]) -> str:
        """'Bristol: in the Avon and Somerset police force area; not named in the report'."""
        name = places[0].name
        parts = []
        for force, group in groupby_force(places):
            area = self.area_names.get(group[0].area_id or "", "")
            where = f"the {force} police force area"
            if area and area != force:
                where += f" (the report's {area})"
            notes = [p.note for p in group if p.note and len(places) > 1]
            if len({p.police_force for p in places}) > 1 and notes:
                where += f": {notes[0]}"
            if not group[0].covered:
                where += f", which the report has no section on ({group[0].force_name})"
            parts.append(where)
        text = f"{name}: in " + "; and in ".join(parts)
        if not any(p.in_report for p in places):
            text += "; not named in the report"
        return text

    def not_covered(self, text: str) -> str | None:
        """For a place whose force the report leaves out: the one line saying so, else None.

        "Luton: in the Bedfordshire police force area; the report has no section on Bedfordshire Police."
        """
        places = self.places(text)
        if not places or any(p.covered for p in places) or self._report_names(normalise(text[:MAX_QUERY])):
            return None
        forces = list(dict.fromkeys(p.police_force for p in places))
        names = list(dict.fromkeys(p.force_name for p in places))
        return (
            f"{places[0].name}: in the {' and '.join(forces)} police force area; "
            f"the report has no section on {' or '.join(names)}"
        )

    def resolve(
        self, text: str, kinds: Sequence[str] = ("area", "person")
    ) -> tuple[SearchHit | None, list[SearchHit]]:
        """The record a name most likely means, and the runners-up as suggestions."""
        hits = self.search(text, limit=6, kinds=kinds)
        if hits and hits[0].score >= 75.0:
            return hits[0], hits[1:]
        return None, hits

    def choose(self, text: str, kind: str | Sequence[str]) -> tuple[SearchHit | None, list[SearchHit]]:
        """One record of ``kind`` (or of any of several kinds) for a name, or None and the candidates.

        None with two or more candidates means the name is ambiguous: "yorkshire" is North, South and
        West Yorkshire; "wales" is four areas; "lee" is Adrian Lee and Lee Howell. None with fewer means
        nothing matched. Never a silent first pick among equals.
        """
        kinds = [kind] if isinstance(kind, str) else list(kind)
        hits = self.search(text, limit=8, kinds=kinds)
        good = [h for h in hits if h.score >= 75.0]
        if not good:
            return None, hits[:5]
        literal = normalise(text[:MAX_QUERY])
        exact = [h for h in good if normalise(h.name) == literal]
        if len(exact) == 1:
            return exact[0], [h for h in good if h is not exact[0]]
        tied = [h for h in good if good[0].score - h.score < 2.0]
        if len(tied) > 1:
            return None, tied
        # A name every word of which is in two records' names ("lee": Adrian Lee, Lee Howell).
        words = set(literal.split())
        named = [h for h in good if words and words <= set(normalise(h.name).split())]
        if len(named) > 1:
            return None, named
        return tied[0], good[1:]


def groupby_force(places: Sequence[GeoPlace]) -> list[tuple[str, list[GeoPlace]]]:
    """Places grouped by police force area, in first-seen order."""
    groups: dict[str, list[GeoPlace]] = {}
    for place in places:
        groups.setdefault(place.police_force, []).append(place)
    return list(groups.items())


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
