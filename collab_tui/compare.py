"""Two areas side by side, as typed data: leaders by role, organisations, projects by kind,
funding, stated savings and discrepancies, plus flat aligned rows for a two-column screen.

Pure: no Textual, no Rich. The compare screen, ``collab-tui compare`` and the briefing
exports all render the same ``Comparison``, so they cannot disagree. The aligned rows are
built in collab_tui.compare_rows; the renderers are collab_tui.compare_export (JSON,
Markdown, text, CSV) and collab_tui.compare_html. Every ordering here is independent of
which area is on the left, which is what makes ``compare_areas(db, b, a)`` equal to
``swapped(compare_areas(db, a, b))``; ``swapped`` is derived from the field names (see
``mirrored``), never written out part by part.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, fields, is_dataclass, replace
from typing import Any, Generic, TypeVar, cast

from collab_tui.db import Database
from collab_tui.models import VINTAGE_NOTE, Area, Award, Discrepancy, Leader, Organisation, Project, RecordRef
from collab_tui.vocabulary import ORGANISATION_KIND_LABELS, PROJECT_KIND_LABELS, ROLE_LABELS

LEFT, RIGHT, BOTH = "left", "right", "both"

#: Leader rows, in this order; roles in one group share a row (a mayor sits where a PCC would).
ROLE_GROUPS: tuple[tuple[str, ...], ...] = (
    ("pcc", "mayor"),
    ("chief_constable", "commissioner"),
    ("chief_fire_officer",),
    ("fire_chief_executive",),
    ("ambulance_chief_executive",),
    ("other",),
)
_GROUP_OF = {role: group[0] for group in ROLE_GROUPS for role in group}

#: Organisation kinds in the order a briefing reads them (collab_tui.vocabulary); unknown kinds follow, by name.
ORGANISATION_KIND_ORDER: tuple[str, ...] = tuple(ORGANISATION_KIND_LABELS)

T = TypeVar("T")
V = TypeVar("V")


class CompareError(ValueError):
    """Two areas cannot be compared; the message says why and what to do."""


# --- the comparison, as typed data ---------------------------------------------


@dataclass(frozen=True)
class Compared(Generic[T]):
    """A record on one side (a leader, project or award); ``shared`` when the other side has it too."""

    record: T
    shared: bool


@dataclass(frozen=True)
class Pair(Generic[T]):
    """One part of a comparison, both sides: each area's records in its own order, each marked shared or not.

    ``swapped()`` exchanges the sides of this pair and of everything in it (see ``mirrored``).
    """

    left: tuple[Compared[T], ...]
    right: tuple[Compared[T], ...]

    @property
    def in_both(self) -> tuple[T, ...]:
        """The records both sides have, in the left side's order."""
        return tuple(x.record for x in self.left if x.shared)

    @property
    def differs(self) -> bool:
        """True unless both sides hold exactly the same records."""
        return not all(x.shared for x in (*self.left, *self.right))

    def swapped(self: V) -> V:
        """The same pair with left and right exchanged."""
        return mirrored(self)


def paired(
    left: Sequence[T], right: Sequence[T], key: Callable[[T], str]
) -> tuple[tuple[Compared[T], ...], tuple[Compared[T], ...]]:
    """Both sides' records, each marked shared when the other side has one with the same key."""
    left_keys, right_keys = {key(x) for x in left}, {key(x) for x in right}
    return (
        tuple(Compared(x, key(x) in right_keys) for x in left),
        tuple(Compared(x, key(x) in left_keys) for x in right),
    )


@dataclass(frozen=True)
class LeaderRow(Pair[Leader]):
    """One role group, both sides: e.g. both areas' ambulance chief executives."""

    role: str
    label: str

    @property
    def shared(self) -> tuple[str, ...]:
        """Names of the people on both sides."""
        return tuple(x.name for x in self.in_both)


@dataclass(frozen=True)
class OrganisationComparison:
    """Organisations serving both areas (same id), then those serving only one."""

    shared: tuple[Organisation, ...]
    left_only: tuple[Organisation, ...]
    right_only: tuple[Organisation, ...]


@dataclass(frozen=True)
class KindRow(Pair[Project]):
    """One project kind, both sides. A project of several kinds is counted under each."""

    kind: str
    label: str

    @property
    def left_count(self) -> int:
        return len(self.left)

    @property
    def right_count(self) -> int:
        return len(self.right)

    @property
    def only(self) -> str | None:
        """'left' or 'right' when only that side has a project of this kind, else None."""
        if self.left and not self.right:
            return LEFT
        if self.right and not self.left:
            return RIGHT
        return None


@dataclass(frozen=True)
class ProjectComparison:
    """Projects by kind, the number of projects per side, and co-located sites per side."""

    kinds: tuple[KindRow, ...]
    left_total: int
    right_total: int
    left_sites: tuple[str, ...]
    right_sites: tuple[str, ...]


@dataclass(frozen=True)
class FunderTotal:
    """The awards one funder made to one side, summed."""

    funder: str
    amount_gbp: int
    awards: int
    approximate: bool = False


@dataclass(frozen=True)
class FundingComparison(Pair[Award]):
    """Awards per side, largest first, and totals by funder per side (a joint award counts on both)."""

    left_totals: tuple[FunderTotal, ...]
    right_totals: tuple[FunderTotal, ...]

    @property
    def left_total(self) -> int:
        return sum(t.amount_gbp for t in self.left_totals)

    @property
    def right_total(self) -> int:
        return sum(t.amount_gbp for t in self.right_totals)


@dataclass(frozen=True)
class Saving:
    """A saving the report states for one project, as formatted by the database (e.g. '£1,800,000 over 10 years')."""

    project_id: str
    project_title: str
    text: str
    shared: bool


@dataclass(frozen=True)
class SavingsComparison:
    """Stated savings per side."""

    left: tuple[Saving, ...]
    right: tuple[Saving, ...]


@dataclass(frozen=True)
class ComparedDiscrepancy:
    """A place where the report contradicts itself, and which side(s) it affects: left, right or both."""

    discrepancy: Discrepancy
    side: str


@dataclass(frozen=True)
class CompareLink:
    """A record a compare row names, and on which side: left, right or both."""

    side: str
    ref: RecordRef
    label: str


_LINK_ORDER = {BOTH: 0, LEFT: 1, RIGHT: 2}


def ordered_links(links: Iterable[CompareLink]) -> tuple[CompareLink, ...]:
    """Links in one order whichever area is on the left: shared first, then left, then right, by name."""
    return tuple(sorted(links, key=lambda x: (_LINK_ORDER[x.side], x.label)))


@dataclass(frozen=True)
class CompareRow:
    """One aligned line of the two-column view.

    ``differs`` is True only where the two sides say something different about the same thing:
    the same role held by different people (or by someone on one side only), a kind of body,
    project, funder or funding that one side has and the other lacks, a different nation. Two
    lists that are simply not identical (each area's own projects, its own police force) do not
    differ row by row: that is what each area has, and the kind's row says whether it differs.

    ``link_kind``/``link_id`` is the one record to open (None when there are several);
    ``links`` are all the records the row names, with their side (kept in ``ordered_links``
    order, so a swapped row lists them as the mirrored comparison would).
    """

    section: str
    label: str
    left: str
    right: str
    differs: bool
    link_kind: str | None = None
    link_id: str | None = None
    links: tuple[CompareLink, ...] = ()

    def __post_init__(self) -> None:
        object.__setattr__(self, "links", ordered_links(self.links))

    @property
    def same(self) -> bool:
        """Both sides say the same (a shared person, body or project)."""
        return bool(self.left) and self.left == self.right

    @property
    def mark(self) -> str:
        """'≠' differs, '=' the same on both sides, '' one side's item (neither)."""
        return "≠" if self.differs else "=" if self.same else ""

    @property
    def refs(self) -> tuple[RecordRef, ...]:
        """The distinct records this row names, left side first."""
        return tuple(dict.fromkeys(link.ref for link in self.links))


@dataclass(frozen=True)
class Comparison:
    """Two areas compared: structured parts for exports, flat ``rows`` for a screen."""

    left: Area
    right: Area
    leaders: tuple[LeaderRow, ...]
    organisations: OrganisationComparison
    projects: ProjectComparison
    funding: FundingComparison
    savings: SavingsComparison
    discrepancies: tuple[ComparedDiscrepancy, ...]
    rows: tuple[CompareRow, ...]
    source: str
    licence: str
    attribution: str
    vintage: str = VINTAGE_NOTE

    @property
    def differences(self) -> tuple[int, ...]:
        """Indexes of the rows that differ, for jumping with n/N."""
        return tuple(i for i, row in enumerate(self.rows) if row.differs)

    def swapped(self) -> Comparison:
        """The same comparison with left and right exchanged, without re-reading the database."""
        return mirrored(self)


# --- mirror ---------------------------------------------------------------------

_MIRROR_SIDE = {LEFT: RIGHT, RIGHT: LEFT, BOTH: BOTH}


def _opposite(name: str) -> str:
    """'left' -> 'right', 'right_only' -> 'left_only', 'kinds' -> 'kinds'."""
    for side, other in ((LEFT, RIGHT), (RIGHT, LEFT)):
        if name == side or name.startswith(side + "_"):
            return other + name[len(side) :]
    return name


def mirrored(value: V) -> V:
    """``value`` seen from the other side, derived from the names of its fields, never listed by hand.

    In every dataclass, a field named ``left``/``right`` (or ``left_x``/``right_x``) takes the
    value of its opposite, a ``side`` field flips (``both`` stays), and tuples and dataclasses
    inside are mirrored in turn. Records (named tuples such as ``Area``) are left as they are.
    """
    found: Any = value
    if type(found) is tuple:
        return cast(V, tuple(mirrored(v) for v in found))
    if not is_dataclass(found) or isinstance(found, type):
        return value
    changes = {}
    for f in fields(found):
        other = getattr(found, _opposite(f.name))
        changes[f.name] = _MIRROR_SIDE[other] if f.name == "side" else mirrored(other)
    return cast(V, replace(found, **changes))


def swapped(c: Comparison) -> Comparison:
    """The same comparison with left and right exchanged (the screen's swap key), without re-reading the database."""
    return c.swapped()


def next_difference(c: Comparison, current: int, backwards: bool = False) -> int | None:
    """The index of the next (or previous) differing row after ``current``, wrapping round; None if none differ."""
    found = c.differences
    if not found:
        return None
    if backwards:
        return next((i for i in reversed(found) if i < current), found[-1])
    return next((i for i in found if i > current), found[0])


# --- building it ----------------------------------------------------------------


def compare_areas(db: Database, a: str, b: str) -> Comparison:
    """Area ``a`` (left) against area ``b`` (right). Raises CompareError for an unknown id or a == b."""
    from collab_tui.compare_rows import aligned_rows

    left, right = db.area(a), db.area(b)
    unknown = [x for x, area in ((a, left), (b, right)) if area is None]
    if unknown:
        raise CompareError(
            f"unknown area id: {', '.join(repr(x) for x in unknown)}; pick ids from the area list"
        )
    assert left is not None and right is not None
    if left.id == right.id:
        raise CompareError(f"cannot compare {left.name} with itself: choose two different areas")
    left_projects, right_projects = db.projects(left.id), db.projects(right.id)
    meta = db.meta
    parts = Comparison(
        left=left,
        right=right,
        leaders=_leaders(db.leaders(left.id), db.leaders(right.id)),
        organisations=_organisations(db.organisations(left.id), db.organisations(right.id)),
        projects=_projects(left_projects, right_projects),
        funding=_funding(db.awards(left.id), db.awards(right.id)),
        savings=SavingsComparison(_savings(left_projects, right.id), _savings(right_projects, left.id)),
        discrepancies=_discrepancies(db.discrepancies(left.id), db.discrepancies(right.id)),
        rows=(),
        source=f"{meta.source_title} ({meta.source_year})",
        licence=meta.licence,
        attribution=meta.attribution,
    )
    return replace(parts, rows=aligned_rows(parts))


def _person(leader: Leader) -> str:
    return leader.person_id


def _record_id(record: Project | Award) -> str:
    return record.id


def _leaders(left: Sequence[Leader], right: Sequence[Leader]) -> tuple[LeaderRow, ...]:
    rows = []
    for group in ROLE_GROUPS:
        key = group[0]
        mine = [x for x in left if _GROUP_OF.get(x.role, "other") == key]
        theirs = [x for x in right if _GROUP_OF.get(x.role, "other") == key]
        if not mine and not theirs:
            continue
        present = {x.role for x in (*mine, *theirs)}
        # The label names only the roles present, in vocabulary order, so it is the same either way round.
        label = " / ".join(
            ROLE_LABELS.get(r, r) for r in (*group, *sorted(present - set(group))) if r in present
        )
        people = paired(mine, theirs, _person)
        rows.append(LeaderRow(role=key, label=label, left=people[0], right=people[1]))
    return tuple(rows)


def org_key(org: Organisation) -> tuple[int, str, str, str]:
    """Organisations in briefing order: by kind (police first), then name."""
    rank = (
        ORGANISATION_KIND_ORDER.index(org.kind)
        if org.kind in ORGANISATION_KIND_ORDER
        else len(ORGANISATION_KIND_ORDER)
    )
    return (rank, org.kind, org.name.casefold(), org.id)


def _organisations(left: Sequence[Organisation], right: Sequence[Organisation]) -> OrganisationComparison:
    left_ids, right_ids = {o.id for o in left}, {o.id for o in right}
    return OrganisationComparison(
        shared=tuple(sorted((o for o in left if o.id in right_ids), key=org_key)),
        left_only=tuple(sorted((o for o in left if o.id not in right_ids), key=org_key)),
        right_only=tuple(sorted((o for o in right if o.id not in left_ids), key=org_key)),
    )


def _kind_order(kinds: Iterable[str]) -> list[str]:
    known = list(PROJECT_KIND_LABELS)
    found = set(kinds)
    return [k for k in known if k in found] + sorted(found - set(known))


def _co_located_sites(projects: Sequence[Project]) -> tuple[str, ...]:
    names = {place for p in projects if "co_location" in p.kinds for place in p.places}
    return tuple(sorted(names, key=lambda n: (n.casefold(), n)))


def _projects(left: Sequence[Project], right: Sequence[Project]) -> ProjectComparison:
    # Shared means a project of both areas, whichever kinds it is listed under.
    mine, theirs = paired(left, right, _record_id)
    rows = [
        KindRow(
            kind=kind,
            label=PROJECT_KIND_LABELS.get(kind, kind.replace("_", " ")),
            left=tuple(x for x in mine if kind in x.record.kinds),
            right=tuple(x for x in theirs if kind in x.record.kinds),
        )
        for kind in _kind_order(k for p in (*left, *right) for k in p.kinds)
    ]
    return ProjectComparison(
        kinds=tuple(rows),
        left_total=len(left),
        right_total=len(right),
        left_sites=_co_located_sites(left),
        right_sites=_co_located_sites(right),
    )


def _totals(awards: Sequence[Award]) -> tuple[FunderTotal, ...]:
    sums: dict[str, list[Award]] = {}
    for award in awards:
        if not award.aggregate:
            sums.setdefault(award.funder, []).append(award)
    totals = [
        FunderTotal(funder, sum(a.amount_gbp for a in group), len(group), any(a.approximate for a in group))
        for funder, group in sums.items()
    ]
    return tuple(sorted(totals, key=lambda t: (-t.amount_gbp, t.funder)))


def _funding(left: Sequence[Award], right: Sequence[Award]) -> FundingComparison:
    mine, theirs = paired(left, right, _record_id)
    return FundingComparison(left=mine, right=theirs, left_totals=_totals(left), right_totals=_totals(right))


def _savings(projects: Sequence[Project], other_area_id: str) -> tuple[Saving, ...]:
    return tuple(
        Saving(p.id, p.title, text, other_area_id in p.area_ids)
        for p in sorted(projects, key=lambda p: (p.title.casefold(), p.id))
        for text in p.savings
    )


def _discrepancies(
    left: Sequence[Discrepancy], right: Sequence[Discrepancy]
) -> tuple[ComparedDiscrepancy, ...]:
    left_ids, right_ids = {d.id for d in left}, {d.id for d in right}
    union = {d.id: d for d in (*left, *right)}
    return tuple(
        ComparedDiscrepancy(
            union[i], BOTH if i in left_ids and i in right_ids else LEFT if i in left_ids else RIGHT
        )
        for i in sorted(union)
    )
