"""A comparison as flat aligned rows for a two-column view: one line per thing the two areas are compared on.

Pure: no Textual, no Rich. ``aligned_rows`` reads the structured parts of a
``compare.Comparison`` and yields ``CompareRow``s section by section (area, leaders,
organisations, projects, funding, stated savings, discrepancies); the compare screen, the
CLI's table and the CSV export show exactly these.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from itertools import zip_longest

from collab_tui.compare import (
    BOTH,
    LEFT,
    RIGHT,
    CompareLink,
    CompareRow,
    Comparison,
    FunderTotal,
    LeaderRow,
    OrganisationComparison,
    ProjectComparison,
    org_key,
)
from collab_tui.formatting import amount_text, format_gbp, from_funder, leader_text, one_line, plural
from collab_tui.models import Award, RecordRef
from collab_tui.vocabulary import NOT_STATED, organisation_kind_label


def aligned_rows(c: Comparison) -> tuple[CompareRow, ...]:
    """Every row of the two-column view, in reading order."""
    return (
        *_area_rows(c),
        *_leader_rows(c.leaders),
        *_organisation_rows(c.organisations),
        *_project_rows(c.projects),
        *_funding_rows(c),
        *_saving_rows(c),
        *_discrepancy_rows(c),
    )


def award_text(a: Award) -> str:
    """'£413,250 from the Home Office, Police Innovation Fund, 2014/15': an award in a comparison."""
    fund = f", {a.fund}" if a.fund and a.fund != NOT_STATED else ""
    year = f", {a.year}" if a.year else ""
    return f"{amount_text(a)} {from_funder(a.funder)}{fund}{year}"


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
    return CompareRow(section, one_line(label), one_line(left), one_line(right), differs, *link, links=found)


def _side(on_left: bool, on_right: bool) -> str:
    return BOTH if on_left and on_right else LEFT if on_left else RIGHT


def _area_rows(c: Comparison) -> Iterator[CompareRow]:
    yield _row("Area", "Nation", c.left.nation, c.right.nation, c.left.nation != c.right.nation)
    # Each area has its own section: a different heading is not a difference between the areas.
    yield _row("Area", "Report section", c.left.section_heading, c.right.section_heading, False)


def _leader_links(r: LeaderRow) -> list[CompareLink]:
    left_ids = {x.record.person_id for x in r.left}
    links = [
        CompareLink(BOTH if x.shared else LEFT, RecordRef("person", x.record.person_id), x.record.name)
        for x in r.left
    ]
    links += [
        CompareLink(RIGHT, RecordRef("person", x.record.person_id), x.record.name)
        for x in r.right
        if x.record.person_id not in left_ids
    ]
    return links


def _leader_rows(leaders: Iterable[LeaderRow]) -> Iterator[CompareRow]:
    for r in leaders:
        links = _leader_links(r)
        shared = [x for x in links if x.side == BOTH]
        yield _row(
            "Leaders",
            r.label,
            "; ".join(leader_text(x.record) for x in r.left),
            "; ".join(leader_text(x.record) for x in r.right),
            r.differs,
            ("person", shared[0].ref.id) if len(shared) == 1 else (None, None),
            links,
        )


def _organisation_rows(orgs: OrganisationComparison) -> Iterator[CompareRow]:
    for o in orgs.shared:
        yield _row(
            "Organisations", organisation_kind_label(o.kind), o.name, o.name, False, ("organisation", o.id)
        )
    left_kinds = {o.kind for o in (*orgs.shared, *orgs.left_only)}
    right_kinds = {o.kind for o in (*orgs.shared, *orgs.right_only)}
    for _, kind in sorted({org_key(o)[:2] for o in (*orgs.left_only, *orgs.right_only)}):
        mine = [o for o in orgs.left_only if o.kind == kind]
        theirs = [o for o in orgs.right_only if o.kind == kind]
        # A kind of body one side has and the other lacks differs (marked once, on its first row);
        # each area's own police force or fire service does not.
        lacking = (kind in left_kinds) != (kind in right_kinds)
        for i, (lo, ro) in enumerate(zip_longest(mine, theirs)):
            links = [CompareLink(LEFT, RecordRef("organisation", lo.id), lo.name)] if lo else []
            links += [CompareLink(RIGHT, RecordRef("organisation", ro.id), ro.name)] if ro else []
            label = organisation_kind_label(kind)
            left, right = (lo.name if lo else "", ro.name if ro else "")
            yield _row("Organisations", label, left, right, lacking and i == 0, links=links)


def _project_rows(p: ProjectComparison) -> Iterator[CompareRow]:
    yield _row(
        "Projects", "All projects", plural(p.left_total, "project"), plural(p.right_total, "project"), False
    )
    for k in p.kinds:
        # A kind one side has and the other lacks differs; 6 projects against 4 is each area's own work.
        count = (plural(k.left_count, "project"), plural(k.right_count, "project"))
        yield _row("Projects", k.label, *count, k.only is not None)
        on_left = {x.record.id for x in k.left}
        on_right = {x.record.id for x in k.right}
        titles = {x.record.id: x.record.title for x in (*k.left, *k.right)}
        for pid in sorted(titles, key=lambda i: (titles[i].casefold(), i)):
            title = titles[pid]
            left, right = (title if pid in on_left else "", title if pid in on_right else "")
            yield _row("Projects", k.label, left, right, False, ("project", pid))
    yield _row("Projects", "Co-located sites", ", ".join(p.left_sites), ", ".join(p.right_sites), False)


def _total_text(t: FunderTotal | None) -> str:
    if t is None:
        return ""
    return f"{format_gbp(t.amount_gbp, t.approximate)} ({plural(t.awards, 'award')})"


def _funding_rows(c: Comparison) -> Iterator[CompareRow]:
    f = c.funding
    on_left = {x.record.id for x in f.left}
    on_right = {x.record.id for x in f.right}
    awards = {x.record.id: x.record for x in (*f.left, *f.right)}
    for aid in sorted(awards, key=lambda i: (awards[i].aggregate, -awards[i].amount_gbp, i)):
        text = f"{award_text(awards[aid])}: {awards[aid].purpose}"
        left, right = (text if aid in on_left else "", text if aid in on_right else "")
        yield _row("Funding", "Award", left, right, False, ("funding", aid))
    left_totals = {t.funder: t for t in f.left_totals}
    right_totals = {t.funder: t for t in f.right_totals}
    for funder in sorted({*left_totals, *right_totals}):
        lt, rt = left_totals.get(funder), right_totals.get(funder)
        # Funded by a body on one side only differs; two different sums from it are each area's own.
        label = "Total " + ("with no funder stated" if funder == NOT_STATED else f"from the {funder}")
        yield _row("Funding", label, _total_text(lt), _total_text(rt), (lt is None) != (rt is None))
    totals = (format_gbp(f.left_total), format_gbp(f.right_total))
    yield _row("Funding", "Total", *totals, (f.left_total == 0) != (f.right_total == 0))


def _saving_rows(c: Comparison) -> Iterator[CompareRow]:
    s = c.savings
    titles = {x.project_id: x.project_title for x in (*s.left, *s.right)}
    for pid in sorted(titles, key=lambda i: (titles[i].casefold(), i)):
        left_text = "; ".join(x.text for x in s.left if x.project_id == pid)
        right_text = "; ".join(x.text for x in s.right if x.project_id == pid)
        yield _row("Stated savings", titles[pid], left_text, right_text, False, ("project", pid))


def _discrepancy_rows(c: Comparison) -> Iterator[CompareRow]:
    for d in c.discrepancies:
        text = d.discrepancy.description
        left, right = (text if d.side != RIGHT else "", text if d.side != LEFT else "")
        yield _row("Discrepancies", d.discrepancy.kind.replace("_", " "), left, right, False,
                   ("discrepancy", d.discrepancy.id))  # fmt: skip
