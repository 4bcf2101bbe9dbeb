"""The one record a name on the command line means (`show`, `compare`, the explorer's deep links), or
one line saying why there is none.

`show NAME` first asks the names the build resolved (collab_tui.search.names): a name found there is
the record the search would choose, and no search index (nor rapidfuzz) is loaded for it.
"""

from __future__ import annotations

from collab_tui.db_checks import REBUILD, DatabaseError
from collab_tui.files import shown
from collab_tui.guard import say
from collab_tui.models import RecordRef
from collab_tui.safe_text import clean

TYPE_CHECKING = False  # typing itself is not imported on a lookup's path
if TYPE_CHECKING:
    from collections.abc import Sequence
    from typing import Any

    from collab_tui.db import Database


def record_named(db: Database, name: str) -> RecordRef | int:
    """The area or person ``show NAME`` shows, or exit code 1 after one line saying why there is none."""
    from collab_tui.search.names import stored_choice

    found = stored_choice(db, name)
    if found is not None:
        return found
    from collab_tui.search import Index

    hit = choose_record(Index.load(db), name, ("area", "person"))
    return hit if isinstance(hit, int) else RecordRef(hit.kind, hit.id)


def not_held(db: Database) -> DatabaseError:
    """The one line for a record the stored search index (or names) names but the database does not hold."""
    return DatabaseError(
        f"{shown(db._path_text)}: its search index names a record it does not hold; {REBUILD}"
    )


def choose_record(index: Any, name: str, kinds: Sequence[str]) -> Any:
    """The one record a name means (a SearchHit), or exit code 1 after one line saying why not.

    An ambiguous name names its candidates ("'lee' could be Adrian Lee (person), Lee Howell (person);
    say which"); a place in a force area the report leaves out says so; a place found through the
    geography layer, not the report, is said to be (on standard error, so output stays clean).
    """
    found, candidates = index.choose(name, kinds)
    if found is not None:
        if found.field == "geography":
            say(f"note: {clean(found.matched_text)}")
        return found
    uncovered = index.not_covered(name)
    if uncovered:
        say(clean(uncovered))
        return 1
    from collab_tui.search import WEIGHTS

    what = " or ".join(dict.fromkeys(kinds))
    label = (lambda h: f"{clean(h.name)} ({h.kind})") if len(kinds) > 1 else (lambda h: clean(h.name))
    if len(candidates) >= 2 and all(h.score >= WEIGHTS.confident for h in candidates):
        say(f"{clean(name)!r} could be {', '.join(label(h) for h in candidates[:8])}; say which")
    else:
        names = "; ".join(label(h) for h in candidates[:5])
        hint = f"; closest: {names}" if names else ""
        say(f"no {what} matches {clean(name)!r}{hint}")
    return 1


class NoChoice(Exception):
    """A name on the command line chose no single record: the line saying why is printed already;
    the command exits with ``code``."""

    def __init__(self, code: int) -> None:
        super().__init__(code)
        self.code = code


def choose_area(index: Any, name: str) -> str:
    """The id of the one area a name means; raises NoChoice (after one line saying why) if none."""
    found = choose_record(index, name, ("area",))
    if isinstance(found, int):
        raise NoChoice(found)
    return str(found.id)
