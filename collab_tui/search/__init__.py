"""Fuzzy search over people, areas, organisations, places, projects and funding.

Plain Python on rapidfuzz; no Textual, no Rich. An :class:`Index` is built once
from a :class:`~collab_tui.db.Database` (or loaded as build_db.py stored it);
:meth:`Index.search` answers a query with ranked, explainable :class:`SearchHit` results.

How a query is read (words.py):

1. It is normalised: lower case, accents and punctuation removed, hyphens split
   ("Hogan-Howe" -> "hogan howe").
2. Role words ("pcc", "cc", "cfo", "fire chief", "ceo" ...), service words
   ("police", "fire", "ambulance"), kind words ("funding", "project") and area
   words (area names and the counties, cities and authorities they cover:
   "cumbria", "rutland", "stoke") are recognised.
3. What remains is matched fuzzily (index.py): rapidfuzz WRatio over choices normalised
   once (names, aliases, surnames, initials, abbreviations, titles, roles; records.py),
   scoring only the choices that share a near or prefix-matching word with the
   query. The recognised words narrow and boost (weights.py): "cfo cumbria" is the chief
   fire officer of Cumbria; "marsh hampshire" is Andy Marsh, not Anthony.
4. The query is also matched as typed, so a fund called "Police Innovation
   Fund" is still found by its full name; each record keeps its better reading.

Scores run to about 110 (higher is better; 100 is an exact name, or a full
role-and-area match). Ties break by kind (person, area, project, organisation,
place, funding), then name, then id.
"""

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collab_tui.search.index import Index, groupby_force, highlight_spans, index_payload
    from collab_tui.search.records import INDEX_FORMAT, KIND_ORDER, KINDS, Entry, RoleFact, SearchHit
    from collab_tui.search.weights import WEIGHTS, Weights
    from collab_tui.search.words import Query, normalise

# Each name is imported from its module on first use: a submodule (search.names, search.words) is
# then imported without the index and rapidfuzz, which `collab-tui show NAME` for a name the build
# resolved never needs.
_MODULES = {
    "Index": "index", "groupby_force": "index", "highlight_spans": "index", "index_payload": "index",
    "INDEX_FORMAT": "records", "KIND_ORDER": "records", "KINDS": "records", "Entry": "records",
    "RoleFact": "records", "SearchHit": "records", "WEIGHTS": "weights", "Weights": "weights",
    "Query": "words", "normalise": "words",
}  # fmt: skip

__all__ = [
    "INDEX_FORMAT",
    "KINDS",
    "KIND_ORDER",
    "WEIGHTS",
    "Entry",
    "Index",
    "Query",
    "RoleFact",
    "SearchHit",
    "Weights",
    "groupby_force",
    "highlight_spans",
    "index_payload",
    "normalise",
]


def __getattr__(name: str) -> object:
    module = _MODULES.get(name)
    if module is None:
        raise AttributeError(f"module 'collab_tui.search' has no attribute {name!r}")
    value = getattr(__import__(f"collab_tui.search.{module}", fromlist=[name]), name)
    globals()[name] = value
    return value
