"""Typed records read from data/collab.db: immutable named tuples (cheap to define at start-up), no Textual, no Rich."""

from __future__ import annotations

from collab_tui.vocabulary import ROLE_LABELS

# typing.NamedTuple for type checkers; at run time the same classes at a fraction of typing's cost
# (collab_tui.tuples): every command-line lookup defines them.
TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import NamedTuple
else:
    from collab_tui.tuples import NamedTuple

REPORT_YEAR = 2014
VINTAGE_NOTE = "Data from the 2014 report; post-holders may have changed since."


class RecordRef(NamedTuple):
    """A record wherever it travels (tables, history, palette, deep links): its kind and id.

    Kinds: area, person, project, funding (an award), organisation, place, discrepancy, line
    (a report line; id is the line number as text).
    """

    kind: str
    id: str

    def __str__(self) -> str:
        return f"{self.kind} {self.id}"


class Start(NamedTuple):
    """Where the explorer opens (a deep link, built by the CLI): one of a record in its pane (an area,
    a person, a project, a report line), a search, or two areas side by side. Made by the class methods::

        Start.record("area", "norfolk"); Start.line(1065); Start.search("bristol"); Start.compare("suffolk", "norfolk")
    """

    ref: RecordRef | None = None
    """The record to open (a ``line`` record opens the Report pane at that line)."""
    query: str | None = None
    """The text to search for (the search bar shows it and its results)."""
    pair: tuple[str, str] | None = None
    """Two area ids, left and right, for the compare screen."""

    @classmethod
    def record(cls, kind: str, record_id: str) -> Start:
        """Open a record of ``kind`` in its pane."""
        return cls(ref=RecordRef(kind, record_id))

    @classmethod
    def line(cls, number: int) -> Start:
        """Open the Report pane at line ``number``."""
        return cls(ref=RecordRef("line", str(number)))

    @classmethod
    def search(cls, query: str) -> Start:
        """Search for ``query``."""
        return cls(query=query)

    @classmethod
    def compare(cls, left: str, right: str) -> Start:
        """Compare two areas (by id) side by side."""
        return cls(pair=(left, right))


class SourceRef(NamedTuple):
    """A passage of the report: 1-based inclusive line range and a verbatim quote."""

    start_line: int
    end_line: int
    quote: str = ""

    @property
    def label(self) -> str:
        """'line 12' or 'lines 12-14'."""
        if self.start_line == self.end_line:
            return f"line {self.start_line}"
        return f"lines {self.start_line}-{self.end_line}"


class Meta(NamedTuple):
    """What the database says about itself and its source."""

    schema_version: int
    source_title: str
    source_year: str
    source_sha256: str
    licence: str
    licence_url: str
    attribution: str
    record_hash: str


class Section(NamedTuple):
    """One section of the report's A-Z."""

    id: str
    heading: str
    heading_printed: bool
    ref: SourceRef
    attribution: str | None = None
    attribution_ref: SourceRef | None = None


class Coverage(NamedTuple):
    """A county, city, authority or district the report places in an area."""

    name: str
    kind: str
    ref: SourceRef


class Area(NamedTuple):
    """A police force area: the unit officers browse and compare."""

    id: str
    name: str
    nation: str
    section_id: str
    section_heading: str
    police_force_id: str | None
    covers: tuple[Coverage, ...] = ()


class Narrative(NamedTuple):
    """A block of the report's prose for a section."""

    heading: str
    kind: str
    text: str
    ref: SourceRef


class Organisation(NamedTuple):
    """A force, fire and rescue service, ambulance trust or other body."""

    id: str
    name: str
    kind: str
    service: str
    abbreviations: tuple[str, ...] = ()
    aliases: tuple[str, ...] = ()
    area_ids: tuple[str, ...] = ()


class Leader(NamedTuple):
    """One role held by one person in one area, as printed under 'Leaders'."""

    person_id: str
    name: str
    name_as_printed: str
    role: str
    title: str
    party: str | None
    organisation_id: str | None
    organisation: str | None
    area_id: str | None
    area: str | None
    acting: bool
    note: str | None
    ref: SourceRef
    listed_under: str | None = None

    @property
    def role_label(self) -> str:
        return ROLE_LABELS.get(self.role, self.role)

    @property
    def where_listed(self) -> str:
        """'listed under Kent, Sussex' for a leader of an area's organisation printed under other areas."""
        return f"listed under {self.listed_under}" if self.listed_under else ""


class Person(NamedTuple):
    """A person and every role the report gives them."""

    id: str
    name: str
    aliases: tuple[str, ...]
    roles: tuple[Leader, ...]


class AwardStatement(NamedTuple):
    """What one passage of the report says about an award."""

    amount_gbp: int
    approximate: bool
    year: str | None
    fund_as_printed: str | None
    funder_as_printed: str | None
    ref: SourceRef
    qualifier: str | None = None


class Award(NamedTuple):
    """A government funding award, reconciled across the places that state it."""

    id: str
    funder: str
    fund: str
    amount_gbp: int
    approximate: bool
    year: str | None
    purpose: str
    area_ids: tuple[str, ...]
    aggregate: bool
    statements: tuple[AwardStatement, ...]
    discrepancy_ids: tuple[str, ...] = ()
    qualifier: str | None = None

    @property
    def national(self) -> bool:
        return not self.area_ids


class Discrepancy(NamedTuple):
    """A place where the report contradicts itself."""

    id: str
    kind: str
    description: str
    sides: tuple[SourceRef, ...]
    area_ids: tuple[str, ...] = ()
    records: tuple[tuple[str, str], ...] = ()


class Place(NamedTuple):
    """A town, station, building or site the report names."""

    id: str
    name: str
    kind: str
    area_id: str
    ref: SourceRef


class Project(NamedTuple):
    """A collaboration initiative."""

    id: str
    title: str
    summary: str
    status: str
    year: int | None
    area_ids: tuple[str, ...]
    kinds: tuple[str, ...]
    services: tuple[str, ...]
    places: tuple[str, ...] = ()
    sources: tuple[SourceRef, ...] = ()
    savings: tuple[str, ...] = ()


class GeoPlace(NamedTuple):
    """Not the report: a place of England and Wales and the police force area it lies in (data/geography)."""

    name: str
    kind: str
    era: str
    police_force: str
    force_name: str
    area_id: str | None
    note: str | None
    in_report: bool

    @property
    def covered(self) -> bool:
        """False where the report has no section on this place's force (Bedfordshire)."""
        return self.area_id is not None


class FundingTotal(NamedTuple):
    """A total of awards by one key (funder or area)."""

    key: str
    label: str
    amount_gbp: int
    awards: int
