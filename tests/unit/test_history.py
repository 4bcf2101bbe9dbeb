"""The back button's history: a pure class, tested without Textual."""

from __future__ import annotations

from itertools import pairwise

from collab_tui.history import COMPARE, History, Place
from collab_tui.models import RecordRef

NORFOLK = Place("areas", RecordRef("area", "norfolk"))
CARTWRIGHT = Place("leaders", RecordRef("person", "ian-cartwright"))
MARSH = Place("leaders", RecordRef("person", "anthony-marsh"))
WOODBRIDGE = Place("funding", RecordRef("funding", "suffolk-woodbridge-station"))


def test_back_retraces_the_steps_then_stops_at_the_start() -> None:
    history = History()
    assert history.back(NORFOLK) is None  # at the start: nothing
    history.go(NORFOLK, CARTWRIGHT)
    history.go(CARTWRIGHT, WOODBRIDGE)
    assert history.places == (NORFOLK, CARTWRIGHT)
    assert history.back(WOODBRIDGE) == CARTWRIGHT
    assert history.back(CARTWRIGHT) == NORFOLK
    assert history.back(NORFOLK) is None
    assert not history.can_go_back


def test_going_nowhere_new_is_not_a_step() -> None:
    history = History()
    history.go(NORFOLK, NORFOLK)  # Enter on the record already shown
    history.go(None, CARTWRIGHT)  # a deep link, or a place only passed through
    assert len(history) == 0
    history.go(NORFOLK, CARTWRIGHT)
    history.go(NORFOLK, MARSH)  # from the same spot again: one step, not two
    assert history.places == (NORFOLK,)


def test_back_skips_steps_that_are_where_the_user_already_is() -> None:
    history = History()
    history.go(NORFOLK, CARTWRIGHT)
    history.go(CARTWRIGHT, MARSH)
    # The user walked back to Cartwright by hand (1, 2, arrows): back goes on to Norfolk.
    assert history.back(CARTWRIGHT) == NORFOLK


def test_a_comparison_is_a_place_with_its_row() -> None:
    history = History()
    at_row = Place.comparing("norfolk", "suffolk", row=6)
    assert at_row.is_compare and at_row.pane == COMPARE
    assert (at_row.ref, at_row.other) == (RecordRef("area", "norfolk"), RecordRef("area", "suffolk"))
    history.go(NORFOLK, Place.comparing("norfolk", "suffolk"))
    history.go(at_row, MARSH)
    assert history.back(MARSH) == at_row  # back to the comparison, on the row left from
    assert history.back(at_row) == NORFOLK
    # Left from another row of the same comparison: one step, at the latest row.
    history.go(Place.comparing("norfolk", "suffolk", row=2), MARSH)
    history.go(Place.comparing("norfolk", "suffolk", row=9), CARTWRIGHT)
    assert history.places == (Place.comparing("norfolk", "suffolk", row=9),)


def test_the_history_keeps_at_most_its_limit() -> None:
    history = History(limit=3)
    places = [Place("areas", RecordRef("area", f"area-{i}")) for i in range(6)]
    for here, there in pairwise(places):
        history.go(here, there)
    assert history.places == tuple(places[2:5])
