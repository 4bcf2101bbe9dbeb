"""Where the user has been: the explorer's back button. Pure: no Textual.

A ``Place`` is a pane and the record highlighted there (or, for the compare screen, the two
areas and the row). ``History`` is a stack of places to go back to, as a browser keeps one:

    history = History()
    history.go(here=Place("areas", RecordRef("area", "norfolk")),
               there=Place("leaders", RecordRef("person", "ian-cartwright")))
    history.back(here=Place("leaders", RecordRef("person", "ian-cartwright")))
    # -> Place("areas", RecordRef("area", "norfolk")); a second back() -> None (the start)

How the app uses it (``collab_tui.screens.main.MainScreen``), and how a new pane takes part:

- ``await screen.navigate(place)`` goes to a place and remembers where the user was. Enter on a
  search result, ``g`` (go to), the palette's records and a compare row all go through it. A
  deep link at start-up does not: it is the start, so Escape there does nothing.
- ``await screen.go_back()`` (Escape with a table focused) returns one step; at the start it
  does nothing and returns False.
- ``screen.here()`` is the current place: the pane on show and its highlighted record.
- A pane takes part by being a ``BrowsePane`` with ``current_ref()`` and ``open(record_id)``
  (or by overriding them): ``Place(pane_name, RecordRef(kind, id))`` then restores it. A
  Report pane, say, records ``Place("report", RecordRef("line", "1234"))``.
"""

from __future__ import annotations

from typing import NamedTuple

from collab_tui.models import RecordRef

COMPARE = "compare"
"""The pane name of the compare screen's places."""


class Place(NamedTuple):
    """Somewhere to come back to: a pane and its highlighted record.

    For the compare screen: ``pane`` is ``COMPARE``, ``ref`` the left area, ``other`` the right
    area and ``row`` the highlighted row.
    """

    pane: str
    ref: RecordRef | None = None
    other: RecordRef | None = None
    row: int = 0

    @classmethod
    def comparing(cls, left: str, right: str, row: int = 0) -> Place:
        """The compare screen on two area ids, at ``row``."""
        return cls(COMPARE, RecordRef("area", left), RecordRef("area", right), row)

    @property
    def is_compare(self) -> bool:
        return self.pane == COMPARE

    def same_spot(self, other: Place | None) -> bool:
        """True when both name the same pane and record (a compare row does not count)."""
        return other is not None and self[:3] == other[:3]


class History:
    """The places to go back to, most recent last; at most ``limit`` of them."""

    def __init__(self, limit: int = 100) -> None:
        self.limit = limit
        self._back: list[Place] = []

    def __len__(self) -> int:
        return len(self._back)

    @property
    def can_go_back(self) -> bool:
        return bool(self._back)

    @property
    def places(self) -> tuple[Place, ...]:
        """The places to go back to, oldest first."""
        return tuple(self._back)

    def go(self, here: Place | None, there: Place) -> None:
        """The user leaves ``here`` for ``there``: ``here`` becomes the step back.

        Nothing is remembered when ``here`` is None (the start, or a place passed through) or is
        the same spot as ``there``; a place is not stacked twice in a row.
        """
        if here is None or here.same_spot(there):
            return
        if self._back and self._back[-1].same_spot(here):
            self._back[-1] = here  # the same spot, with its latest row
        else:
            self._back.append(here)
        del self._back[: -self.limit]

    def back(self, here: Place | None = None) -> Place | None:
        """The place one step back (removed from the history), or None at the start.

        Steps that are the same spot as ``here`` are skipped: going back always goes somewhere.
        """
        while self._back:
            place = self._back.pop()
            if not place.same_spot(here):
                return place
        return None

    def clear(self) -> None:
        self._back.clear()
