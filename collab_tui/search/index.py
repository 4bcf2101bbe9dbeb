"""The search index: candidates by word, fuzzy scores, boosts from the recognised words, ranking.

Plain Python on rapidfuzz; no Textual, no Rich. See collab_tui.search for how a query is read.
"""

from __future__ import annotations

from bisect import bisect_left
from collections import defaultdict
from collections.abc import Iterable, Sequence
from functools import cached_property
from itertools import pairwise

from rapidfuzz import fuzz, process

from collab_tui.db import Database
from collab_tui.models import GeoPlace
from collab_tui.search import records, storage
from collab_tui.search.records import (
    INDEX_FORMAT,
    KIND_ORDER,
    KINDS,
    Entry,
    Owner,
    Parts,
    RoleFact,
    SearchHit,
)
from collab_tui.search.storage import Derived
from collab_tui.search.weights import WEIGHTS
from collab_tui.search.words import (
    COMMON_WORD,
    FUZZY_CUTOFF,
    GEOGRAPHY_SCORE,
    MAX_QUERY,
    NEAR_SPELLING,
    PLACE_PREFIXES,
    PLACE_SUFFIXES,
    AreaSpellings,
    Query,
    normalise,
    read_query,
)
from collab_tui.vocabulary import ROLE_LABELS

Scored = dict[int, tuple[float, str, str]]  # entry -> (score, field, matched text)


def index_payload(db: Database) -> str:
    """The search index of ``db``, as build_db.py stores it: built here, so ranking changes flow through."""
    return Index.build(db).to_text()


class Index:
    """Search index over one database; build once (or load the stored one), query many times."""

    def __init__(
        self,
        parts: Parts,
        choices: list[str],
        owners: Sequence[list[Owner]],
        postings: dict[str, list[int]],
        derived: Derived | None = None,
    ) -> None:
        """An index of ``parts``; ``derived`` (its lookups by role, by area ...) is made from them
        unless given (the stored index keeps it)."""
        entries, self.area_names, lexicon, geography = parts
        self.entries = entries
        # The report's own area words, and (below) those of the geography layer beside them.
        self._parts = parts
        self._report_lexicon = frozenset(lexicon)
        self.area_lexicon = {word: set(ids) for word, ids in lexicon.items()}
        self._spellings = AreaSpellings([w for w in lexicon if " " not in w and len(w) >= 5])
        # Choices are normalised once and de-duplicated; each remembers its owners (entry, field,
        # original, weight). Word postings: a query scores only the choices that share a near or
        # prefix-matching word with it, so its cost follows the answer, not the data.
        self._choices = choices
        self._owners = owners
        self._position = {choice: c for c, choice in enumerate(choices)}
        self._postings = postings
        self._vocab = sorted(postings)
        self._derived = derived = derived or storage.derive(parts, choices, postings)
        self._by_role, self._by_area, self._area_entry = derived.by_role, derived.by_area, derived.area_entry
        # The geography layer: a place the report never names still leads to its area.
        self._geo = geography
        for name, areas in derived.geo_lexicon.items():
            self.area_lexicon[name] = set(areas)

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

    # --- building, storing, loading ----------------------------------------------

    @classmethod
    def build(cls, db: Database) -> Index:
        """Read every searchable record from the database."""
        parts = records.read_records(db)
        choices, owners = records.choices_of(parts.entries)
        return cls(parts, choices, owners, records.postings_of(choices))

    def to_text(self) -> str:
        """The index as text: what build_db.py stores, so a process loads it instead of building it."""
        return storage.to_text(
            storage.Stored(self._parts, self._choices, self._owners, self._postings, self._derived)
        )

    @classmethod
    def from_text(cls, text: str) -> Index:
        """An index from :meth:`to_text`'s text; ValueError if it is not one of this format."""
        stored = storage.from_text(text)
        try:
            return cls(*stored)
        except (KeyError, TypeError, AttributeError, IndexError) as exc:
            raise ValueError(f"stored search index is malformed ({exc})") from None

    @classmethod
    def load(cls, db: Database) -> Index:
        """The index build_db.py stored in the database (one query), or one built now if there is none.

        A database from before the stored index, or one whose stored index is unreadable,
        still answers: the index is then built from its records, as :meth:`build` does.
        """
        text = db.stored_search_index(INDEX_FORMAT)
        if text is not None:
            try:
                return cls.from_text(text)
            except ValueError:
                pass
        return cls.build(db)

    def texts_naming(self, kinds: Sequence[str]) -> set[str]:
        """Every normalised text the index holds for a record of ``kinds`` (names, other names, surnames,
        initials ...) and every word naming an area: the names search.names resolves at build time."""
        owned = (
            c
            for c, owners in enumerate(self._owners)
            if any(self.entries[o[0]].kind in kinds for o in owners)
        )
        return {self._choices[c] for c in owned} | set(self.area_lexicon)

    def read(self, text: str) -> Query:
        """Recognise role, service, kind and area words; return them and the rest."""
        return read_query(text, self.area_lexicon, self._spellings)

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
                weighted = score * weight + (WEIGHTS.exact_choice if choice == exact else 0.0)
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
        w = WEIGHTS
        delta = 0.0
        if query.roles:
            fits = entry.kind == "person" and self._role_fit(entry, query) is not None
            delta += w.role_fit if fits else w.role_misfit
        if query.area_ids:
            if query.area_ids & set(entry.area_ids):
                delta += w.area_fit
            elif not query.area_guessed:
                delta += w.area_outside
        if query.services and not query.roles:
            delta += w.service_fit if query.services & entry.services else w.service_misfit
        if query.kinds:
            delta += w.kind_fit if entry.kind in query.kinds else w.kind_misfit
        return delta

    def _structural(self, query: Query) -> Scored:
        """Scores from the recognised words alone ("cfo cumbria", "kent", "funding dorset")."""
        w = WEIGHTS
        scores: Scored = {}
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
                    bonus = (
                        w.organisation_phrase
                        if any(p in fact.organisation for p in query.area_phrases)
                        else 0.0
                    )
                    base = w.role_match if query.roles else w.service_person_match
                    label = f"{ROLE_LABELS.get(fact.role, fact.role)}, {self.area_names.get(fact.area_id or '', 'national')}"
                    scores[i] = (base + bonus, "role", label)
            elif query.services:
                if entry.kind == "organisation" and query.services & entry.services:
                    scores[i] = (w.in_named_area if query.area_ids else w.nationwide, "service", entry.name)
            elif query.kinds and not query.rest:
                scores[i] = (w.in_named_area if query.area_ids else w.nationwide, "kind", where or entry.kind)
            elif entry.kind == "area" and entry.id in query.area_ids:
                scores[i] = (w.area_named, "name", entry.name)
            elif query.area_ids and not query.rest:
                scores[i] = (self._area_member_score(entry.kind), "area", where)
        return scores

    @staticmethod
    def _area_member_score(kind: str) -> float:
        """A record of an area named alone ("kent"): its people, then its organisations, then the rest."""
        if kind == "person":
            return WEIGHTS.area_person
        return WEIGHTS.area_organisation if kind == "organisation" else WEIGHTS.area_other

    def search(self, text: str, limit: int = 10, kinds: Iterable[str] | None = None) -> list[SearchHit]:
        """Ranked hits for a query; an empty or meaningless query gives none."""
        if limit <= 0:
            return []
        query = self.read(text)
        literal = normalise(text[:MAX_QUERY])
        places = self.places(text)
        if places and not any(p.covered for p in places) and not self._report_names(literal):
            return []  # "Luton": the report has no section on its force; see not_covered()
        pool = max(limit * 8, 60)
        board = _Board()
        memo: dict[str, list[int]] = {}
        if query.interpreted:
            self._offer_understood(board, query, pool, memo)
        self._offer_as_typed(board, query, literal, pool, memo)
        covered = [p for p in places if p.covered]
        if covered:
            self._offer_geography(board, places, covered, literal)
        # Precision: a fuzzy hit needs a query word it really shares (the same word, one it begins, or a
        # near spelling); and where the query is itself the exact name of a place, county or area, a
        # near spelling of another name ("Hertfordshire" for "Herefordshire") is no answer at all.
        exact_place = bool(covered) or literal in self._report_lexicon
        for i, (words, choice) in list(board.fuzzy.items()):
            support = self._support(words, self._choices[choice])  # the matched text, normalised
            if support == 0 or (exact_place and support < 2):
                del board.scored[i]
        tokens = tuple(query.understood) + tuple(query.rest.split())
        return self._ranked(board.scored, tokens, limit, set(kinds) if kinds else set(KINDS))

    def _offer_understood(self, board: _Board, query: Query, pool: int, memo: dict[str, list[int]]) -> None:
        """The query as understood: the recognised words' records, and the rest read fuzzily with boosts."""
        damp = WEIGHTS.leftover if query.rest else 1.0  # words left over that nothing explains
        for i, (score, field_name, matched) in self._structural(query).items():
            board.offer(i, score * damp, field_name, matched)
        if query.rest:
            rest_words = tuple(query.rest.split())
            for i, (score, choice, slot) in self._fuzzy(query.rest, pool * 4, memo).items():
                _, field_name, original, _ = self._owners[choice][slot]
                adjusted = score + self._adjust(self.entries[i], query)
                board.offer(i, adjusted, field_name, original, rest_words, choice)

    def _offer_as_typed(
        self, board: _Board, query: Query, literal: str, pool: int, memo: dict[str, list[int]]
    ) -> None:
        """The query read as typed ("Police Innovation Fund" is still found by its full name)."""
        literal_words = tuple(literal.split())
        for i, (score, choice, slot) in self._fuzzy(literal, pool, memo).items():
            _, field_name, original, _ = self._owners[choice][slot]
            # A reading as typed counts a little less than an understood one, unless it is exact; and an
            # area the query names holds for it too ("pcc avon": not every body called "PCC").
            exact_choice = choice == self._position.get(literal)
            damp = WEIGHTS.as_typed if query.interpreted and not exact_choice else 1.0
            penalty = 0.0
            outside = not query.area_ids & set(self.entries[i].area_ids)
            if query.area_ids and not query.area_guessed and not exact_choice and outside:
                penalty = WEIGHTS.area_outside
            board.offer(i, score * damp + penalty, field_name, original, literal_words, choice)

    def _offer_geography(
        self, board: _Board, places: Sequence[GeoPlace], covered: Sequence[GeoPlace], literal: str
    ) -> None:
        """The areas of the places a query names exactly, from the geography layer."""
        message = self._place_message(places)
        only_geography = not self._report_names(literal)
        for area_id in dict.fromkeys(p.area_id for p in covered):
            i = self._area_entry.get(area_id or "")
            if i is None:
                continue
            if only_geography:
                # The answer comes from the geography layer, and says so, not from the report.
                board.scored[i] = (GEOGRAPHY_SCORE, "geography", message)
                board.fuzzy.pop(i, None)
            else:
                board.offer(i, GEOGRAPHY_SCORE, "geography", message)

    def _ranked(
        self, scored: Scored, tokens: tuple[str, ...], limit: int, wanted: set[str]
    ) -> list[SearchHit]:
        """The best ``limit`` of the kinds wanted: by score, then kind, name and id."""
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
        for *_, i in sorted(ranked)[:limit]:  # heapq.nsmallest's answer (every key ends with a unique i)
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
        """How well the query's words are borne out by the matched text (normalised).

        2: every word is in it (the same word, or one it begins); 1: at least one word is, or is a near
        spelling of one of its words; 0: none is.
        """
        found = matched.split()
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
        if hits and hits[0].score >= WEIGHTS.confident:
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
        good = [h for h in hits if h.score >= WEIGHTS.confident]
        if not good:
            return None, hits[:5]
        literal = normalise(text[:MAX_QUERY])
        exact = [h for h in good if normalise(h.name) == literal]
        if len(exact) == 1:
            return exact[0], [h for h in good if h is not exact[0]]
        tied = [h for h in good if good[0].score - h.score < WEIGHTS.tie]
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


class _Board:
    """The best reading of each entry so far during one search, and the words of a fuzzy one."""

    __slots__ = ("fuzzy", "scored")

    def __init__(self) -> None:
        self.scored: Scored = {}
        # Entries scored only by a fuzzy reading: its words, and the choice it matched.
        self.fuzzy: dict[int, tuple[tuple[str, ...], int]] = {}

    def offer(
        self,
        i: int,
        score: float,
        field_name: str,
        matched: str,
        words: tuple[str, ...] = (),
        choice: int = -1,
    ) -> None:
        if i not in self.scored or score > self.scored[i][0]:
            self.scored[i] = (score, field_name, matched)
            if words:
                self.fuzzy[i] = (words, choice)
            else:
                self.fuzzy.pop(i, None)
