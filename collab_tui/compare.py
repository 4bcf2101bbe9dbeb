"""Two areas side by side: leaders by role, organisations, projects by kind, funding,
stated savings and discrepancies, plus flat aligned rows for a two-column screen.

Pure: no Textual, no Rich. The compare screen, ``collab-tui compare`` and the
briefing-note export all render the same ``Comparison``, so they cannot disagree.
Every ordering here is independent of which area is on the left, which is what
makes ``compare_areas(db, b, a)`` equal to ``swapped(compare_areas(db, a, b))``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from itertools import zip_longest
from typing import Any

from collab_tui.db import Database
from collab_tui.export import (
    award_dict,
    clean,
    discrepancy_dict,
    leader_dict,
    organisation_dict,
)
from collab_tui.models import (
    VINTAGE_NOTE,
    Area,
    Award,
    Discrepancy,
    Leader,
    Organisation,
    Project,
    RecordRef,
    SourceRef,
    format_gbp,
    from_funder,
)
from collab_tui.vocabulary import NOT_STATED, ORGANISATION_KIND_LABELS, PROJECT_KIND_LABELS, ROLE_LABELS

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

NO_FUND = NOT_STATED


class CompareError(ValueError):
    """Two areas cannot be compared; the message says why and what to do."""


# --- the comparison, as typed data ---------------------------------------------


@dataclass(frozen=True)
class ComparedLeader:
    """A leader on one side; ``shared`` when the same person holds this row's role on the other side."""

    leader: Leader
    shared: bool


@dataclass(frozen=True)
class LeaderRow:
    """One role group, both sides: e.g. both areas' ambulance chief executives."""

    role: str
    label: str
    left: tuple[ComparedLeader, ...]
    right: tuple[ComparedLeader, ...]

    @property
    def differs(self) -> bool:
        """True unless both sides name exactly the same people."""
        return {x.leader.person_id for x in self.left} != {x.leader.person_id for x in self.right}

    @property
    def shared(self) -> tuple[str, ...]:
        """Names of the people on both sides."""
        return tuple(x.leader.name for x in self.left if x.shared)


@dataclass(frozen=True)
class OrganisationComparison:
    """Organisations serving both areas (same id), then those serving only one."""

    shared: tuple[Organisation, ...]
    left_only: tuple[Organisation, ...]
    right_only: tuple[Organisation, ...]


@dataclass(frozen=True)
class ComparedProject:
    """A project on one side; ``shared`` when it is one project of both areas."""

    project: Project
    shared: bool


@dataclass(frozen=True)
class KindRow:
    """One project kind, both sides. A project of several kinds is counted under each."""

    kind: str
    label: str
    left: tuple[ComparedProject, ...]
    right: tuple[ComparedProject, ...]

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

    @property
    def differs(self) -> bool:
        """True unless both sides list exactly the same projects."""
        return {x.project.id for x in self.left} != {x.project.id for x in self.right}


@dataclass(frozen=True)
class ProjectComparison:
    """Projects by kind, the number of projects per side, and co-located sites per side."""

    kinds: tuple[KindRow, ...]
    left_total: int
    right_total: int
    left_sites: tuple[str, ...]
    right_sites: tuple[str, ...]


@dataclass(frozen=True)
class ComparedAward:
    """An award on one side; ``shared`` when it is one award made to both areas."""

    award: Award
    shared: bool


@dataclass(frozen=True)
class FunderTotal:
    """The awards one funder made to one side, summed."""

    funder: str
    amount_gbp: int
    awards: int
    approximate: bool = False


@dataclass(frozen=True)
class FundingComparison:
    """Awards per side, largest first, and totals by funder per side (a joint award counts on both)."""

    left: tuple[ComparedAward, ...]
    right: tuple[ComparedAward, ...]
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


@dataclass(frozen=True)
class CompareRow:
    """One aligned line of the two-column view.

    ``differs`` is True only where the two sides say something different about the same thing:
    the same role held by different people (or by someone on one side only), a kind of body,
    project, funder or funding that one side has and the other lacks, a different nation. Two
    lists that are simply not identical (each area's own projects, its own police force) do not
    differ row by row: that is what each area has, and the kind's row says whether it differs.

    ``link_kind``/``link_id`` is the one record to open (None when there are several);
    ``links`` are all the records the row names, with their side, so a screen can ask which.
    """

    section: str
    label: str
    left: str
    right: str
    differs: bool
    link_kind: str | None = None
    link_id: str | None = None
    links: tuple[CompareLink, ...] = ()

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


# --- building it ----------------------------------------------------------------


def compare_areas(db: Database, a: str, b: str) -> Comparison:
    """Area ``a`` (left) against area ``b`` (right). Raises CompareError for an unknown id or a == b."""
    left, right = db.area(a), db.area(b)
    unknown = [x for x, area in ((a, left), (b, right)) if area is None]
    if unknown:
        raise CompareError(
            f"unknown area id: {', '.join(repr(x) for x in unknown)}; pick ids from the area list"
        )
    assert left is not None and right is not None
    if left.id == right.id:
        raise CompareError(f"cannot compare {left.name} with itself: choose two different areas")
    leaders = _leaders(db.leaders(left.id), db.leaders(right.id))
    organisations = _organisations(db.organisations(left.id), db.organisations(right.id))
    left_projects, right_projects = db.projects(left.id), db.projects(right.id)
    projects = _projects(left_projects, right_projects)
    funding = _funding(db.awards(left.id), db.awards(right.id))
    savings = SavingsComparison(_savings(left_projects, right.id), _savings(right_projects, left.id))
    discrepancies = _discrepancies(db.discrepancies(left.id), db.discrepancies(right.id))
    meta = db.meta
    parts = Comparison(
        left=left,
        right=right,
        leaders=leaders,
        organisations=organisations,
        projects=projects,
        funding=funding,
        savings=savings,
        discrepancies=discrepancies,
        rows=(),
        source=f"{meta.source_title} ({meta.source_year})",
        licence=meta.licence,
        attribution=meta.attribution,
    )
    return replace(parts, rows=tuple(_rows(parts)))


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
        mine_ids, their_ids = {x.person_id for x in mine}, {x.person_id for x in theirs}
        rows.append(
            LeaderRow(
                role=key,
                label=label,
                left=tuple(ComparedLeader(x, x.person_id in their_ids) for x in mine),
                right=tuple(ComparedLeader(x, x.person_id in mine_ids) for x in theirs),
            )
        )
    return tuple(rows)


def _org_key(org: Organisation) -> tuple[int, str, str, str]:
    rank = (
        ORGANISATION_KIND_ORDER.index(org.kind)
        if org.kind in ORGANISATION_KIND_ORDER
        else len(ORGANISATION_KIND_ORDER)
    )
    return (rank, org.kind, org.name.casefold(), org.id)


def _organisations(left: Sequence[Organisation], right: Sequence[Organisation]) -> OrganisationComparison:
    left_ids, right_ids = {o.id for o in left}, {o.id for o in right}
    return OrganisationComparison(
        shared=tuple(sorted((o for o in left if o.id in right_ids), key=_org_key)),
        left_only=tuple(sorted((o for o in left if o.id not in right_ids), key=_org_key)),
        right_only=tuple(sorted((o for o in right if o.id not in left_ids), key=_org_key)),
    )


def _kind_order(kinds: Iterable[str]) -> list[str]:
    known = list(PROJECT_KIND_LABELS)
    found = set(kinds)
    return [k for k in known if k in found] + sorted(found - set(known))


def _co_located_sites(projects: Sequence[Project]) -> tuple[str, ...]:
    names = {place for p in projects if "co_location" in p.kinds for place in p.places}
    return tuple(sorted(names, key=lambda n: (n.casefold(), n)))


def _projects(left: Sequence[Project], right: Sequence[Project]) -> ProjectComparison:
    left_ids, right_ids = {p.id for p in left}, {p.id for p in right}
    rows = []
    for kind in _kind_order(k for p in (*left, *right) for k in p.kinds):
        rows.append(
            KindRow(
                kind=kind,
                label=PROJECT_KIND_LABELS.get(kind, kind.replace("_", " ")),
                left=tuple(ComparedProject(p, p.id in right_ids) for p in left if kind in p.kinds),
                right=tuple(ComparedProject(p, p.id in left_ids) for p in right if kind in p.kinds),
            )
        )
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
    left_ids, right_ids = {a.id for a in left}, {a.id for a in right}
    return FundingComparison(
        left=tuple(ComparedAward(a, a.id in right_ids) for a in left),
        right=tuple(ComparedAward(a, a.id in left_ids) for a in right),
        left_totals=_totals(left),
        right_totals=_totals(right),
    )


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


# --- mirror ---------------------------------------------------------------------

_MIRROR_SIDE = {LEFT: RIGHT, RIGHT: LEFT, BOTH: BOTH}


def swapped(c: Comparison) -> Comparison:
    """The same comparison with left and right exchanged (the screen's swap key), without re-reading the database."""
    return replace(
        c,
        left=c.right,
        right=c.left,
        leaders=tuple(replace(r, left=r.right, right=r.left) for r in c.leaders),
        organisations=OrganisationComparison(
            c.organisations.shared, c.organisations.right_only, c.organisations.left_only
        ),
        projects=ProjectComparison(
            kinds=tuple(replace(k, left=k.right, right=k.left) for k in c.projects.kinds),
            left_total=c.projects.right_total,
            right_total=c.projects.left_total,
            left_sites=c.projects.right_sites,
            right_sites=c.projects.left_sites,
        ),
        funding=FundingComparison(
            c.funding.right, c.funding.left, c.funding.right_totals, c.funding.left_totals
        ),
        savings=SavingsComparison(c.savings.right, c.savings.left),
        discrepancies=tuple(replace(d, side=_MIRROR_SIDE[d.side]) for d in c.discrepancies),
        rows=tuple(_mirror_row(r) for r in c.rows),
    )


def _mirror_row(r: CompareRow) -> CompareRow:
    links = [replace(x, side=_MIRROR_SIDE[x.side]) for x in r.links]
    return replace(r, left=r.right, right=r.left, links=_ordered(links))


_LINK_ORDER = {BOTH: 0, LEFT: 1, RIGHT: 2}


def _ordered(links: Iterable[CompareLink]) -> tuple[CompareLink, ...]:
    """Links in one order whichever area is on the left: shared first, then left, then right, by name."""
    return tuple(sorted(links, key=lambda x: (_LINK_ORDER[x.side], x.label)))


def next_difference(c: Comparison, current: int, backwards: bool = False) -> int | None:
    """The index of the next (or previous) differing row after ``current``, wrapping round; None if none differ."""
    found = c.differences
    if not found:
        return None
    if backwards:
        return next((i for i in reversed(found) if i < current), found[-1])
    return next((i for i in found if i > current), found[0])


# --- flat rows for the two-column screen ------------------------------------------


def _one_line(text: str | None) -> str:
    return " ".join(clean(text).split())


def _leader_text(x: ComparedLeader) -> str:
    leader = x.leader
    text = leader.name
    if leader.acting:
        text += " (acting)"
    if leader.party:
        text += f" ({leader.party})"
    if leader.organisation:
        text += f", {leader.organisation}"
    if leader.listed_under:
        text += f" ({leader.where_listed})"
    return text


def _award_text(a: Award) -> str:
    fund = f", {a.fund}" if a.fund and a.fund != NO_FUND else ""
    year = f", {a.year}" if a.year else ""
    return f"{format_gbp(a.amount_gbp, a.approximate, a.qualifier)} {from_funder(a.funder)}{fund}{year}"


def _row(
    section: str,
    label: str,
    left: str,
    right: str,
    differs: bool,
    link: tuple[str | None, str | None] = (None, None),
    links: Iterable[CompareLink] = (),
) -> CompareRow:
    found = tuple(links)
    if link == (None, None) and found:
        refs = tuple(dict.fromkeys(x.ref for x in found))
        if len(refs) == 1:
            link = refs[0]
    elif link != (None, None) and not found and link[0] and link[1]:
        found = (CompareLink(_side(bool(left), bool(right)), RecordRef(link[0], link[1]), label),)
    return CompareRow(
        section, _one_line(label), _one_line(left), _one_line(right), differs, *link, links=found
    )


def _side(on_left: bool, on_right: bool) -> str:
    return BOTH if on_left and on_right else LEFT if on_left else RIGHT


def _leader_links(r: LeaderRow) -> list[CompareLink]:
    right_ids = {x.leader.person_id for x in r.right}
    left_ids = {x.leader.person_id for x in r.left}
    links = [
        CompareLink(BOTH if x.leader.person_id in right_ids else LEFT, RecordRef("person", x.leader.person_id),
                    x.leader.name) for x in r.left
    ]  # fmt: skip
    links += [
        CompareLink(RIGHT, RecordRef("person", x.leader.person_id), x.leader.name)
        for x in r.right
        if x.leader.person_id not in left_ids
    ]
    return list(_ordered(links))


def _plural(n: int, word: str) -> str:
    return f"{n} {word}" if n == 1 else f"{n} {word}s"


def _rows(c: Comparison) -> Iterable[CompareRow]:
    yield _row("Area", "Nation", c.left.nation, c.right.nation, c.left.nation != c.right.nation)
    # Each area has its own section: a different heading is not a difference between the areas.
    yield _row("Area", "Report section", c.left.section_heading, c.right.section_heading, False)

    for r in c.leaders:
        links = _leader_links(r)
        shared = [x for x in links if x.side == BOTH]
        yield _row(
            "Leaders",
            r.label,
            "; ".join(map(_leader_text, r.left)),
            "; ".join(map(_leader_text, r.right)),
            r.differs,
            ("person", shared[0].ref.id) if len(shared) == 1 else (None, None),
            links,
        )

    orgs = c.organisations
    for o in orgs.shared:
        yield _row("Organisations", _kind_label(o.kind), o.name, o.name, False, ("organisation", o.id))
    left_kinds = {o.kind for o in (*orgs.shared, *orgs.left_only)}
    right_kinds = {o.kind for o in (*orgs.shared, *orgs.right_only)}
    org_kinds = sorted({_org_key(o)[:2] for o in (*orgs.left_only, *orgs.right_only)})
    for _, kind in org_kinds:
        mine = [o for o in orgs.left_only if o.kind == kind]
        theirs = [o for o in orgs.right_only if o.kind == kind]
        # A kind of body one side has and the other lacks differs (marked once, on its first row);
        # each area's own police force or fire service does not.
        lacking = (kind in left_kinds) != (kind in right_kinds)
        for i, (lo, ro) in enumerate(zip_longest(mine, theirs)):
            links = [CompareLink(LEFT, RecordRef("organisation", lo.id), lo.name)] if lo else []
            links += [CompareLink(RIGHT, RecordRef("organisation", ro.id), ro.name)] if ro else []
            yield _row(
                "Organisations",
                _kind_label(kind),
                lo.name if lo else "",
                ro.name if ro else "",
                lacking and i == 0,
                links=links,
            )

    p = c.projects
    yield _row("Projects", "All projects", _plural(p.left_total, "project"), _plural(p.right_total, "project"),
               False)  # fmt: skip
    for k in p.kinds:
        # A kind one side has and the other lacks differs; 6 projects against 4 is each area's own work.
        yield _row(
            "Projects",
            k.label,
            _plural(k.left_count, "project"),
            _plural(k.right_count, "project"),
            k.only is not None,
        )
        on_left = {x.project.id for x in k.left}
        on_right = {x.project.id for x in k.right}
        titles = {x.project.id: x.project.title for x in (*k.left, *k.right)}
        for pid in sorted(titles, key=lambda i: (titles[i].casefold(), i)):
            title = titles[pid]
            yield _row(
                "Projects",
                k.label,
                title if pid in on_left else "",
                title if pid in on_right else "",
                False,
                ("project", pid),
            )
    yield _row("Projects", "Co-located sites", ", ".join(p.left_sites), ", ".join(p.right_sites), False)

    f = c.funding
    on_left = {x.award.id for x in f.left}
    on_right = {x.award.id for x in f.right}
    awards = {x.award.id: x.award for x in (*f.left, *f.right)}
    for aid in sorted(awards, key=lambda i: (awards[i].aggregate, -awards[i].amount_gbp, i)):
        text = f"{_award_text(awards[aid])}: {awards[aid].purpose}"
        yield _row(
            "Funding",
            "Award",
            text if aid in on_left else "",
            text if aid in on_right else "",
            False,
            ("funding", aid),
        )
    left_totals = {t.funder: t for t in f.left_totals}
    right_totals = {t.funder: t for t in f.right_totals}
    for funder in sorted({*left_totals, *right_totals}):
        lt, rt = left_totals.get(funder), right_totals.get(funder)
        # Funded by a body on one side only differs; two different sums from it are each area's own.
        label = "Total " + ("with no funder stated" if funder == NO_FUND else f"from the {funder}")
        yield _row("Funding", label, _total_text(lt), _total_text(rt), (lt is None) != (rt is None))
    yield _row(
        "Funding", "Total", format_gbp(f.left_total), format_gbp(f.right_total),
        (f.left_total == 0) != (f.right_total == 0),
    )  # fmt: skip

    s = c.savings
    titles = {x.project_id: x.project_title for x in (*s.left, *s.right)}
    for pid in sorted(titles, key=lambda i: (titles[i].casefold(), i)):
        left_text = "; ".join(x.text for x in s.left if x.project_id == pid)
        right_text = "; ".join(x.text for x in s.right if x.project_id == pid)
        yield _row("Stated savings", titles[pid], left_text, right_text, False, ("project", pid))

    for d in c.discrepancies:
        text = d.discrepancy.description
        yield _row(
            "Discrepancies",
            d.discrepancy.kind.replace("_", " "),
            text if d.side != RIGHT else "",
            text if d.side != LEFT else "",
            False,
            ("discrepancy", d.discrepancy.id),
        )


def _in_prose(label: str) -> str:
    """'Police force' -> 'police force' mid-sentence; 'PCC's office' keeps its capitals."""
    return label if label[1:2].isupper() else label[:1].lower() + label[1:]


def _kind_label(kind: str) -> str:
    return ORGANISATION_KIND_LABELS.get(kind) or kind.replace("_", " ").capitalize()


def _total_text(t: FunderTotal | None) -> str:
    if t is None:
        return ""
    return f"{format_gbp(t.amount_gbp, t.approximate)} ({_plural(t.awards, 'award')})"


# --- JSON-ready dict --------------------------------------------------------------


def _area_dict(area: Area) -> dict[str, Any]:
    return {"id": area.id, "name": area.name, "nation": area.nation, "section": area.section_heading}


def _leader_entry(x: ComparedLeader) -> dict[str, Any]:
    return {
        "person_id": x.leader.person_id,
        "organisation_id": x.leader.organisation_id,
        **leader_dict(x.leader),
        "shared": x.shared,
    }


def _project_entry(x: ComparedProject) -> dict[str, Any]:
    return {"id": x.project.id, "title": x.project.title, "shared": x.shared}


def _total_dict(t: FunderTotal) -> dict[str, Any]:
    return {"funder": t.funder, "amount_gbp": t.amount_gbp, "awards": t.awards, "approximate": t.approximate}


def _saving_dict(x: Saving) -> dict[str, Any]:
    return {"project_id": x.project_id, "project": x.project_title, "text": x.text, "shared": x.shared}


def to_dict(c: Comparison) -> dict[str, Any]:
    """The comparison as plain JSON-ready data with stable keys (the shape of `collab-tui compare --json`)."""
    return {
        "left": _area_dict(c.left),
        "right": _area_dict(c.right),
        "vintage": c.vintage,
        "source": c.source,
        "licence": c.licence,
        "leaders": [
            {
                "role": r.role,
                "label": r.label,
                "differs": r.differs,
                "left": [_leader_entry(x) for x in r.left],
                "right": [_leader_entry(x) for x in r.right],
            }
            for r in c.leaders
        ],
        "organisations": {
            "shared": [organisation_dict(o) for o in c.organisations.shared],
            "left_only": [organisation_dict(o) for o in c.organisations.left_only],
            "right_only": [organisation_dict(o) for o in c.organisations.right_only],
        },
        "projects": {
            "left_total": c.projects.left_total,
            "right_total": c.projects.right_total,
            "kinds": [
                {
                    "kind": k.kind,
                    "label": k.label,
                    "left_count": k.left_count,
                    "right_count": k.right_count,
                    "only": k.only,
                    "differs": k.differs,
                    "left": [_project_entry(x) for x in k.left],
                    "right": [_project_entry(x) for x in k.right],
                }
                for k in c.projects.kinds
            ],
            "co_located_sites": {"left": list(c.projects.left_sites), "right": list(c.projects.right_sites)},
        },
        "funding": {
            "left": [{**award_dict(x.award), "shared": x.shared} for x in c.funding.left],
            "right": [{**award_dict(x.award), "shared": x.shared} for x in c.funding.right],
            "totals": {
                "left": [_total_dict(t) for t in c.funding.left_totals],
                "right": [_total_dict(t) for t in c.funding.right_totals],
            },
            "left_total": c.funding.left_total,
            "right_total": c.funding.right_total,
        },
        "savings": {
            "left": [_saving_dict(x) for x in c.savings.left],
            "right": [_saving_dict(x) for x in c.savings.right],
        },
        "discrepancies": [
            {**discrepancy_dict(d.discrepancy), "side": d.side, "area_ids": list(d.discrepancy.area_ids)}
            for d in c.discrepancies
        ],
        "rows": [
            {
                "section": r.section,
                "label": r.label,
                "left": r.left,
                "right": r.right,
                "differs": r.differs,
                "link": {"kind": r.link_kind, "id": r.link_id} if r.link_kind else None,
            }
            for r in c.rows
        ],
    }


# --- Markdown briefing note ---------------------------------------------------------

_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>|~])")


def md(text: str | None) -> str:
    """Data made inert in Markdown: one line, control characters gone, significant characters escaped.

    An approximate amount ('~£25,000') reads 'about £25,000': a bare tilde is strikethrough to some renderers.
    """
    return _MD_SPECIAL.sub(r"\\\1", _one_line(text).replace("~£", "about £"))


def _refs(refs: Iterable[SourceRef]) -> str:
    labels = list(dict.fromkeys(r.label for r in refs))
    return f" ({'; '.join(labels)})" if labels else ""


def _md_leader(x: ComparedLeader) -> str:
    return md(_leader_text(x)) + _refs([x.leader.ref]) + (" (shared)" if x.shared else "")


def _md_award(a: Award) -> str:
    return f"{md(_award_text(a))}: {md(a.purpose)}{_refs(s.ref for s in a.statements)}"


def _md_total(t: FunderTotal | None) -> str:
    return md(format_gbp(t.amount_gbp, t.approximate)) if t else "—"


def _bullets(items: Sequence[str], empty: str = "none recorded") -> list[str]:
    return [f"- {item}" for item in items] if items else [f"- {empty}"]


def to_markdown(c: Comparison) -> str:
    """A briefing note on the two areas, ready to paste into a document."""
    L, R = md(c.left.name), md(c.right.name)
    out = [f"# Briefing: {L} and {R}", ""]
    out += [md(c.vintage), ""]
    if c.left.section_id == c.right.section_id:
        out += [
            f"Both areas are covered by one report section, “{md(c.left.section_heading)}” ({md(c.left.nation)}).",
            "",
        ]
    else:
        out += [
            f"{L}: {md(c.left.nation)}, report section “{md(c.left.section_heading)}”. "
            f"{R}: {md(c.right.nation)}, report section “{md(c.right.section_heading)}”.",
            "",
        ]

    out += ["## Leaders", "", f"| Role | {L} | {R} |", "| --- | --- | --- |"]
    for r in c.leaders:
        cells = ["; ".join(_md_leader(x) for x in side) or "—" for side in (r.left, r.right)]
        out.append(f"| {md(r.label)} | {cells[0]} | {cells[1]} |")
    out.append("")
    shared = [x for r in c.leaders for x in r.left if x.shared]
    if shared:
        out += [f"Shared by both areas: {', '.join(md(x.leader.name) for x in shared)}.", ""]

    out += ["## Organisations", ""]
    o = c.organisations
    for heading, orgs in (
        ("Serving both areas", o.shared),
        (f"{L} only", o.left_only),
        (f"{R} only", o.right_only),
    ):
        out += [f"**{heading}**", ""]
        out += _bullets([f"{md(x.name)} ({_in_prose(_kind_label(x.kind))})" for x in orgs], "none")
        out.append("")

    p = c.projects
    out += [
        "## Projects by kind",
        "",
        f"{L}: {_plural(p.left_total, 'project')}; {R}: {_plural(p.right_total, 'project')}. "
        "A project of several kinds is counted under each.",
        "",
        f"| Kind | {L} | {R} | Note |",
        "| --- | ---: | ---: | --- |",
    ]
    for k in p.kinds:
        note = f"{L} only" if k.only == LEFT else f"{R} only" if k.only == RIGHT else ""
        out.append(f"| {md(k.label)} | {k.left_count} | {k.right_count} | {note} |")
    out.append("")
    for k in p.kinds:
        out += [f"### {md(k.label)}", ""]
        for name, side in ((L, k.left), (R, k.right)):
            titles = "; ".join(md(x.project.title) + (" (joint)" if x.shared else "") for x in side)
            out.append(f"- **{name}**: {titles or 'none'}")
        out.append("")
    out += ["### Co-located sites and places", ""]
    for name, sites in ((L, p.left_sites), (R, p.right_sites)):
        out.append(f"- **{name}**: {', '.join(md(s) for s in sites) or 'none named'}")
    out.append("")

    f = c.funding
    out += ["## Funding", ""]
    joint = [x.award for x in f.left if x.shared]
    groups = (
        ("Joint awards (counted in both totals)", joint),
        (f"{L} only" if joint else L, [x.award for x in f.left if not x.shared]),
        (f"{R} only" if joint else R, [x.award for x in f.right if not x.shared]),
    )
    for heading, awards in groups:
        if awards:
            out += [f"**{heading}**", "", *(f"- {_md_award(a)}" for a in awards), ""]
    without = [name for name, side in ((L, f.left), (R, f.right)) if not side]
    if len(without) == 1:
        out += [f"No government award is recorded for {without[0]}.", ""]
    left_totals = {t.funder: t for t in f.left_totals}
    right_totals = {t.funder: t for t in f.right_totals}
    funders = sorted({*left_totals, *right_totals})
    if funders:
        out += [f"| Funder | {L} | {R} |", "| --- | ---: | ---: |"]
        for funder in funders:
            out.append(
                f"| {md(funder)} | {_md_total(left_totals.get(funder))} | {_md_total(right_totals.get(funder))} |"
            )
        out += [
            f"| **Total** | **{md(format_gbp(f.left_total))}** | **{md(format_gbp(f.right_total))}** |",
            "",
        ]
    else:
        out += ["No government award is recorded for either area.", ""]

    out += ["## Stated savings", ""]
    for name, items in ((L, c.savings.left), (R, c.savings.right)):
        out += [f"**{name}**", ""]
        out += _bullets(
            [f"{md(x.project_title)}: {md(x.text)}" + (" (joint)" if x.shared else "") for x in items],
            "none stated",
        )
        out.append("")

    out += ["## Discrepancies", ""]
    if not c.discrepancies:
        out += ["The report does not contradict itself about either area.", ""]
    for d in c.discrepancies:
        who = f"{L} and {R}" if d.side == BOTH else L if d.side == LEFT else R
        out.append(f"- **{who}**: {md(d.discrepancy.description)}{_refs(d.discrepancy.sides)}")
    if c.discrepancies:
        out.append("")

    out.append(f"Source: {md(c.source)}. {md(c.attribution)}")
    return "\n".join(out) + "\n"
