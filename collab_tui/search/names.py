"""Names the build resolved: the record ``collab-tui show NAME`` chooses for each name of an area or
a person, stored by build_db.py beside the search index.

For every text the index holds for an area or a person (names, other names, surnames, initials,
the words that name an area), :meth:`Index.choose` is asked at build time, over the stored index as a
lookup loads it, which record of those kinds the text means; each text that means one record (not
through the geography layer) is stored with it. ``show`` looks a name up here first, normalised as
the search normalises it: a name found is the record the search would choose, read with one query,
without loading the index or importing rapidfuzz (most of `show cumbria`'s time). Any other name
(misspelt, ambiguous, a role, a place) goes through the index as before.

The stored text is a CRC-32 line, then ASCII JSON; a text that fails its check, or a database
without it, means "ask the index". Plain Python; no Textual, no Rich.
"""

from __future__ import annotations

from zlib import crc32

from collab_tui.jsontext import loads
from collab_tui.models import RecordRef
from collab_tui.search.words import MAX_QUERY, normalise

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collab_tui.db import Database
    from collab_tui.search.index import Index

NAMES_FORMAT = 1
"""The stored names' shape (a change means a new number)."""
NAMES_TABLE = "search_names"
NAME_KINDS = ("area", "person")
"""The kinds ``show`` chooses among (Index.choose's ``kind``)."""


def names_payload(index: Index) -> str:
    """The names ``index`` resolves to one area or person, as build_db.py stores them."""
    import json  # the build's

    names: dict[str, list[str]] = {}
    for text in sorted(index.texts_naming(NAME_KINDS)):
        if not text or len(text) > MAX_QUERY or normalise(text) != text:
            continue
        found, _ = index.choose(text, NAME_KINDS)
        if found is not None and found.field != "geography":
            names[text] = [found.kind, found.id]
    body = json.dumps({"format": NAMES_FORMAT, "kinds": list(NAME_KINDS), "names": names},
                      ensure_ascii=True, separators=(",", ":"))  # fmt: skip
    return f"{crc32(body.encode('ascii')):08x}\n{body}"


def stored_choice(db: Database, name: str) -> RecordRef | None:
    """The area or person ``show NAME`` means, if the build resolved that name; else None (ask the index)."""
    key = normalise(name[:MAX_QUERY])
    if not key or len(key) > MAX_QUERY:  # (the search would read a longer text cut short)
        return None
    text = db.stored_search_index(NAMES_FORMAT, NAMES_TABLE)
    if text is None or not text.isascii() or text[8:9] != "\n":
        return None
    if text[:8] != f"{crc32(memoryview(text.encode('ascii'))[9:]):08x}":
        return None
    try:
        data = loads(text[9:])
        if data["format"] != NAMES_FORMAT or data["kinds"] != list(NAME_KINDS):
            return None
        found = data["names"].get(key)
    except (ValueError, KeyError, TypeError, AttributeError):
        return None
    if not (
        isinstance(found, list) and len(found) == 2 and found[0] in NAME_KINDS and isinstance(found[1], str)
    ):
        return None
    return RecordRef(found[0], found[1])
