"""The ranking's numbers, named: every boost, penalty and threshold the search applies.

Scores run to about 110 (100 is an exact name, or a full role-and-area match). A change to any
weight changes the ranking: run tests/search (every query's expected top answer) and rebuild the
database (the stored index is built with them).
"""

from __future__ import annotations

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import NamedTuple
else:
    from collab_tui.tuples import NamedTuple  # typing.NamedTuple's classes, made cheaply


class Weights(NamedTuple):
    """How much each recognised word, reading and kind of match counts (a frozen record)."""

    role_fit: float = 10.0
    """A person who holds the role the query names ("cfo"), in the area it names, if any."""
    role_misfit: float = -30.0
    """A record the named role does not fit: a person without it there, or anything not a person."""
    area_fit: float = 10.0
    """A record in an area the query names ("marsh hampshire": Andy Marsh, not Anthony)."""
    area_outside: float = -25.0
    """A record outside the area the query names outright (not for an area guessed from a misspelling)."""
    service_fit: float = 5.0
    """A record of the service the query names ("police", "fire", "ambulance"), with no role named."""
    service_misfit: float = -10.0
    """A record of another service than the one the query names."""
    kind_fit: float = 15.0
    """A record of the kind the query names ("funding", "project", "leaders")."""
    kind_misfit: float = -20.0
    """A record of another kind than the one the query names."""
    role_match: float = 100.0
    """A person found by role (and area) alone: "cfo cumbria" is as good as an exact name."""
    area_named: float = 100.0
    """An area the query names by its name or a place it covers ("kent", "stoke")."""
    service_person_match: float = 90.0
    """A person found by a service word and an area alone ("police kent"), no role named."""
    organisation_phrase: float = 2.0
    """A role whose organisation's name carries the place the query names ("cfo west sussex")."""
    in_named_area: float = 95.0
    """An organisation of the named service, or a record of the named kind, in the area the query names."""
    nationwide: float = 70.0
    """The same with no area named: a weak answer, below any good name match."""
    area_person: float = 70.0
    """A person of the area a query of an area's name alone names ("kent"), below the area itself."""
    area_organisation: float = 68.0
    """An organisation of that area, just below its people."""
    area_other: float = 60.0
    """Anything else of that area (places, projects, funding)."""
    leftover: float = 0.85
    """Factor on a structural score when words are left over that nothing explains."""
    as_typed: float = 0.9
    """Factor on the query read as typed when it was also understood (unless it is an exact name)."""
    exact_choice: float = 5.0
    """Added to a fuzzy score when the query is, normalised, exactly the matched text."""
    confident: float = 75.0
    """The least score that names a record for `show`, `compare` and the deep links."""
    tie: float = 2.0
    """Two confident records closer than this are ambiguous: `show` asks which one is meant."""


WEIGHTS = Weights()
"""The weights the search ranks with."""
