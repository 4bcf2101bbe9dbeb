"""The HTML briefing on two areas, from a ``compare.Comparison``: one self-contained page.

Pure: no Textual, no Rich. The page, its tables and marks are collab_tui.briefing's; every
value from the data goes through ``briefing.esc``. Sections in reading order: a summary,
leaders, organisations, projects, funding, stated savings, and where the report contradicts
itself; each section after the first starts a new printed page.
"""

from __future__ import annotations

from typing import Any

from collab_tui.briefing import (
    DIFFERS,
    JOINT,
    SHARED,
    award_cells,
    esc,
    lines,
    lines_cell,
    none,
    page,
    project_cells,
    section,
    table,
)
from collab_tui.compare import (
    BOTH,
    LEFT,
    RIGHT,
    Comparison,
    FundingComparison,
    LeaderRow,
    OrganisationComparison,
    ProjectComparison,
)
from collab_tui.formatting import format_gbp, leader_details, leader_name
from collab_tui.models import Project
from collab_tui.vocabulary import organisation_kind_label


def comparison_html(c: Comparison) -> str:
    """The briefing on two areas: leaders, organisations, projects, funding, savings, discrepancies."""
    L, R = c.left.name, c.right.name
    body = [
        *_summary(c),
        section("Leaders"),
        _leaders(c.leaders, L, R),
        section("Organisations"),
        _organisations(c.organisations, L, R),
        section("Projects"),
        *_projects(c.projects, L, R),
        section("Funding"),
        *_funding(c.funding, L, R),
        section("Stated savings"),
        _savings(c),
        section("Where the report contradicts itself"),
        _discrepancies(c),
    ]
    source = {"source": c.source, "attribution": c.attribution, "vintage": c.vintage}
    return page(f"Briefing: {L} and {R}", f"Briefing: {L} and {R}", "\n".join(body), source)


def _key() -> str:
    return (
        f'<p class="key">Marks: {JOINT} one award or project made to both areas (counted in each area\'s total); '
        f"{SHARED} the same person or body on both sides; {DIFFERS} the report states this differently in "
        "two places (see Discrepancies). Line numbers are the report's.</p>"
    )


def _summary(c: Comparison) -> list[str]:
    L, R = c.left.name, c.right.name
    p, f = c.projects, c.funding
    joint_awards = len(f.in_both)
    if c.left.section_id == c.right.section_id:
        where = f"Both areas are covered by one report section, “{c.left.section_heading}” ({c.left.nation})."
    else:
        where = (
            f"{L}: {c.left.nation}, report section “{c.left.section_heading}”. "
            f"{R}: {c.right.nation}, report section “{c.right.section_heading}”."
        )
    rows = [
        ["Projects", esc(p.left_total), esc(p.right_total)],
        ["Government funding recorded", esc(format_gbp(f.left_total)), esc(format_gbp(f.right_total))],
        ["Joint awards (in both totals)", esc(joint_awards), esc(joint_awards)],
        [
            "Places the report contradicts itself",
            esc(sum(d.side != RIGHT for d in c.discrepancies)),
            esc(sum(d.side != LEFT for d in c.discrepancies)),
        ],
    ]
    return [
        f'<p class="lede">{esc(where)}</p>',
        table(["", L, R], rows, numeric=(1, 2)),
        f"<p>{esc(len(c.differences))} of {esc(len(c.rows))} compared rows differ between the two areas.</p>",
        _key(),
    ]


def _leaders(leaders: tuple[LeaderRow, ...], L: str, R: str) -> str:
    rows = []
    for r in leaders:
        cells = []
        for members in (r.left, r.right):
            parts = [
                f"<b>{esc(leader_name(x.record))}</b>{esc(leader_details(x.record, listed=False))}"
                f'{f" {SHARED}" if x.shared else ""} <span class="lines">({lines([x.record.ref])})</span>'
                for x in members
            ]
            cells.append("<br>".join(parts) or none("none listed"))
        rows.append([esc(r.label), *cells])
    return table(["Role", L, R], rows) if rows else f"<p>{none()}</p>"


def _organisations(o: OrganisationComparison, L: str, R: str) -> str:
    rows = []
    serving = [(x, "Both") for x in o.shared]
    serving += [(x, f"{L} only") for x in o.left_only] + [(x, f"{R} only") for x in o.right_only]
    for org, serves in serving:
        abbr = f" ({', '.join(org.abbreviations)})" if org.abbreviations else ""
        mark = f" {SHARED}" if serves == "Both" else ""
        rows.append([f"{esc(org.name + abbr)}", esc(organisation_kind_label(org.kind)), esc(serves) + mark])
    return table(["Organisation", "Kind", "Serves"], rows) if rows else f"<p>{none()}</p>"


def _projects(p: ProjectComparison, L: str, R: str) -> list[str]:
    kind_rows = []
    for k in p.kinds:
        note = f"{L} only" if k.only == LEFT else f"{R} only" if k.only == RIGHT else ""
        kind_rows.append([esc(k.label), esc(k.left_count), esc(k.right_count), esc(note)])
    projects: dict[str, Project] = {}
    sides: dict[str, set[str]] = {}
    for k in p.kinds:
        for side, items in ((LEFT, k.left), (RIGHT, k.right)):
            for x in items:
                projects[x.record.id] = x.record
                sides.setdefault(x.record.id, set()).add(side)
    project_rows = []
    for pid in sorted(projects, key=lambda i: (projects[i].title.casefold(), i)):
        here = sides[pid]
        title, kinds, status, refs = project_cells(projects[pid], JOINT if here == {LEFT, RIGHT} else "")
        project_rows.append(
            [title, kinds, status, "✓" if LEFT in here else "", "✓" if RIGHT in here else "", refs]
        )
    sites = [
        [esc(L), esc(", ".join(p.left_sites)) or none("none named")],
        [esc(R), esc(", ".join(p.right_sites)) or none("none named")],
    ]
    return [
        f"<p>{esc(L)}: {esc(p.left_total)} projects; {esc(R)}: {esc(p.right_total)} projects. "
        "A project of several kinds is counted under each kind.</p>",
        table(["Kind", L, R, "Note"], kind_rows, numeric=(1, 2)),
        "<h3>Every project</h3>",
        table(["Project", "Kinds", "Status", L, R, "Report lines"], project_rows)
        if project_rows
        else f"<p>{none()}</p>",
        "<h3>Co-located sites</h3>",
        table(["Area", "Sites"], sites),
    ]


def _funding(f: FundingComparison, L: str, R: str) -> list[str]:
    awards = {x.record.id: x.record for x in (*f.left, *f.right)}
    if not awards:
        return ["<p>No government award is recorded for either area.</p>"]
    on_left = {x.record.id for x in f.left}
    on_right = {x.record.id for x in f.right}
    award_rows, classes = [], []
    for aid in sorted(awards, key=lambda i: (awards[i].aggregate, -awards[i].amount_gbp, i)):
        a = awards[aid]
        joint = aid in on_left and aid in on_right
        cells = award_cells(a, joint)
        award_rows.append(
            [*cells[:-1], "✓" if aid in on_left else "", "✓" if aid in on_right else "", cells[-1]]
        )
        classes.append("joint-row" if joint else "")
    note = " A joint award counts in both areas' totals." if f.in_both else ""
    return [
        table(
            ["Amount", "Funder", "Fund", "Year", "Purpose", L, R, "Report lines"],
            award_rows,
            numeric=(0,),
            row_classes=classes,
        ),
        "<h3>Totals by funder</h3>",
        f"<p>National totals are not included.{esc(note)}</p>",
        _totals(f, L, R),
    ]


def _totals(f: FundingComparison, L: str, R: str) -> str:
    left_totals = {t.funder: t for t in f.left_totals}
    right_totals = {t.funder: t for t in f.right_totals}

    def cell(totals: dict[str, Any], funder: str) -> str:
        return esc(format_gbp(totals[funder].amount_gbp)) if funder in totals else "—"

    rows = [
        [esc(funder), cell(left_totals, funder), cell(right_totals, funder)]
        for funder in sorted({*left_totals, *right_totals})
    ]
    rows.append(["Total", esc(format_gbp(f.left_total)), esc(format_gbp(f.right_total))])
    return table(["Funder", L, R], rows, numeric=(1, 2), row_classes=[""] * (len(rows) - 1) + ["total"])


def _savings(c: Comparison) -> str:
    rows = [
        [
            esc(name),
            esc(x.project_title) + (f" {JOINT}" if x.shared else ""),
            esc(x.text.replace("~£", "about £")),
        ]
        for name, items in ((c.left.name, c.savings.left), (c.right.name, c.savings.right))
        for x in items
    ]
    if not rows:
        return "<p>The report states no savings for either area.</p>"
    return table(["Area", "Project", "Saving as stated"], rows)


def _discrepancies(c: Comparison) -> str:
    if not c.discrepancies:
        return "<p>The report does not contradict itself about either area.</p>"
    L, R = c.left.name, c.right.name
    rows = [
        [
            esc(f"{L} and {R}" if d.side == BOTH else L if d.side == LEFT else R),
            esc(d.discrepancy.kind.replace("_", " ")),
            esc(d.discrepancy.description) + f" {DIFFERS}",
            lines_cell(d.discrepancy.sides),
        ]
        for d in c.discrepancies
    ]
    return table(["Affects", "Kind", "What the report says", "Report lines"], rows)
