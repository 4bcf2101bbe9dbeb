"""How a query is read: normalised text, and the role, service, kind and area words in it.

Plain Python (rapidfuzz for misspelt area names, imported when one is looked for); no Textual, no Rich.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import NamedTuple
else:
    from collab_tui.tuples import NamedTuple  # typing.NamedTuple's classes, made cheaply

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
_NOT_WORD = re.compile(r"[^0-9a-z]+")


def normalise(text: str) -> str:
    """Lower case, no accents, punctuation and hyphens to spaces, single spaces."""
    if not text.isascii():  # ASCII has nothing to decompose: most names skip the per-character pass
        decomposed = unicodedata.normalize("NFKD", text)
        text = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(_NOT_WORD.sub(" ", text.lower()).split())


class Query(NamedTuple):
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


class AreaSpellings:
    """The one-word area names a misspelt word ("cumbira") is compared with, sorted."""

    def __init__(self, words: Sequence[str]) -> None:
        self._words = sorted(words)
        self._by_length: dict[int, list[str]] = {}

    def closest(self, word: str) -> str | None:
        """The area name spelt most like ``word`` (rapidfuzz ratio at least AREA_WORD_CUTOFF), if any.

        Only names of a length that can reach the cutoff are compared: ratio is at most
        100 * (1 - |a - b| / (a + b)) for lengths a and b. They keep their order, so a tie
        resolves to the same name as over the whole list.
        """
        n = len(word)
        pool = self._by_length.get(n)
        if pool is None:
            room = 100.0 - AREA_WORD_CUTOFF
            pool = [w for w in self._words if abs(len(w) - n) * 100 <= room * (len(w) + n)]
            self._by_length[n] = pool
        from rapidfuzz import fuzz, process  # here: normalise() is imported without rapidfuzz (search.names)

        guess = process.extractOne(word, pool, scorer=fuzz.ratio, score_cutoff=AREA_WORD_CUTOFF)
        return None if guess is None else str(guess[0])


def read_query(text: str, area_lexicon: dict[str, set[str]], spellings: AreaSpellings) -> Query:
    """Recognise role, service, kind and area words; return them and the rest.

    ``area_lexicon`` maps ways of naming an area to its ids; ``spellings`` finds the area name a
    misspelt word means."""
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
            elif phrase in area_lexicon:
                areas |= area_lexicon[phrase]
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
            guess = spellings.closest(word) if len(word) >= 5 else None
            if guess is not None:
                # A misspelt area ("cumbira") boosts that area but stays in the
                # rest: it may as well be a surname ("wilshire" for Wilsher).
                areas |= area_lexicon[guess]
                phrases.append(guess)
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
