"""HTML briefings: one self-contained file that opens in Word and any browser and pastes into Outlook.

Pure: no Textual, no Rich, no templating library. The page is a ``string.Template`` with
inline CSS, no scripts, no fonts, images or links to fetch, and every value from the data
goes through ``html.escape`` (``esc`` below) before it reaches the page. Print layout is A4
with a page break before each section; tables carry the report's line numbers, joint awards
and the report's contradictions are marked in words (not colour alone, so they survive a
black-and-white printer).

Three renderers: ``comparison_html`` (two areas, from ``compare.Comparison``),
``area_html`` / ``person_html`` (one record, from the database's models) and
``table_html`` (any explorer table, from ``tables.Table``).
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable, Sequence
from string import Template
from typing import TYPE_CHECKING, Any

from collab_tui.models import (
    VINTAGE_NOTE,
    Award,
    Discrepancy,
    SourceRef,
    format_gbp,
)
from collab_tui.safe_text import clean
from collab_tui.vocabulary import PROJECT_KIND_LABELS, PROJECT_STATUS_LABELS, ROLE_LABELS

if TYPE_CHECKING:
    from collab_tui.compare import Comparison
    from collab_tui.db import Database

# Inline CSS only. Word honours page-break-before and @page; browsers honour both spellings.
STYLE = """
@page { size: A4; margin: 18mm 16mm 20mm 16mm; }
body { font-family: Calibri, Arial, Helvetica, sans-serif; font-size: 11pt; color: #000; background: #fff;
       margin: 0 auto; max-width: 180mm; padding: 8mm 0; line-height: 1.35; }
h1 { font-size: 20pt; margin: 0 0 4pt 0; }
h2 { font-size: 15pt; margin: 14pt 0 6pt 0; border-bottom: 1.5pt solid #1f3864; color: #1f3864; }
h3 { font-size: 12pt; margin: 10pt 0 4pt 0; }
h2.section { page-break-before: always; break-before: page; }
p { margin: 0 0 6pt 0; }
.vintage { border: 1pt solid #7f6000; background: #fff2cc; padding: 4pt 6pt; font-weight: bold; }
.lede { font-size: 12pt; }
table { border-collapse: collapse; width: 100%; margin: 0 0 8pt 0; font-size: 10pt; }
thead { display: table-header-group; }
tr { page-break-inside: avoid; break-inside: avoid; }
th, td { border: 0.75pt solid #808080; padding: 3pt 5pt; text-align: left; vertical-align: top; }
th { background: #d9e2f3; font-weight: bold; }
td.num, th.num { text-align: right; white-space: nowrap; }
td.lines { white-space: nowrap; color: #404040; font-size: 9pt; }
tr.total td { font-weight: bold; border-top: 1.5pt solid #000; }
tr.joint-row td { background: #f2f6fc; }
.mark { font-size: 8.5pt; font-weight: bold; padding: 0 3pt; border: 0.75pt solid; white-space: nowrap; }
.joint { color: #1f3864; border-color: #1f3864; background: #deebf7; }
.differs { color: #843c0c; border-color: #843c0c; background: #fbe5d6; }
.shared { color: #375623; border-color: #375623; background: #e2efd9; }
.none { color: #595959; font-style: italic; }
.key { font-size: 9.5pt; color: #404040; }
footer { margin-top: 14pt; padding-top: 6pt; border-top: 0.75pt solid #808080; font-size: 9pt; color: #404040; }
@media print { body { padding: 0; max-width: none; } a { color: #000; text-decoration: none; } }
"""

PAGE = Template("""<!DOCTYPE html>
<html lang="en-GB">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="collab-tui">
<title>$title</title>
<style>$style</style>
</head>
<body>
<header>
<h1>$heading</h1>
<p class="vintage">$vintage</p>
</header>
$body
<footer>
<p>Source: $source. Line numbers refer to the report's text as held by collab-tui.</p>
<p>$vintage</p>
<p>$attribution</p>
</footer>
</body>
</html>
""")

JOINT = '<span class="mark joint">JOINT</span>'
DIFFERS = '<span class="mark differs">REPORT DIFFERS</span>'
SHARED = '<span class="mark shared">SHARED</span>'
NUM = ' class="num"'


def esc(value: object) -> str:
    """Any value as inert HTML text: control and escape sequences removed, & < > " ' escaped."""
    return html.escape(clean("" if value is None else str(value)), quote=True)


def page(title: str, heading: str, body: str, source: dict[str, str]) -> str:
    """The whole document around ``body`` (already HTML); title, heading and source are plain text."""
    return PAGE.substitute(
        title=esc(title),
        heading=esc(heading),
        style=STYLE,
        body=body,
        vintage=esc(source.get("vintage") or VINTAGE_NOTE),
        source=esc(source["source"]),
        attribution=esc(source["attribution"]),
    )


def table(
    headers: Sequence[str],
    rows: Iterable[Sequence[str]],
    numeric: Iterable[int] = (),
    row_classes: Sequence[str] = (),
) -> str:
    """A table; ``headers`` are plain text, ``rows`` are cells already rendered as HTML."""
    nums = set(numeric)
    # border/cellpadding attributes too: mail clients that drop the <style> block keep a ruled table.
    out = ['<table border="1" cellspacing="0" cellpadding="4">', "<thead><tr>"]
    out += [f'<th{NUM if i in nums else ""} scope="col">{esc(h)}</th>' for i, h in enumerate(headers)]
    out.append("</tr></thead><tbody>")
    for n, row in enumerate(rows):
        cls = row_classes[n] if n < len(row_classes) and row_classes[n] else ""
        out.append(f'<tr class="{cls}">' if cls else "<tr>")
        for i, cell in enumerate(row):
            out.append(f"<td{NUM if i in nums else ''}>{cell}</td>")
        out.append("</tr>")
    out.append("</tbody></table>")
    return "\n".join(out)


def lines(refs: Iterable[SourceRef]) -> str:
    """'line 130; lines 1404-1405': the report's lines, in order, once each."""
    labels = list(dict.fromkeys(r.label for r in sorted(refs, key=lambda r: (r.start_line, r.end_line))))
    return esc("; ".join(labels))


def lines_cell(refs: Iterable[SourceRef]) -> str:
    return f'<span class="lines">{lines(refs)}</span>'


def none(text: str = "none recorded") -> str:
    return f'<span class="none">{esc(text)}</span>'


def _section(title: str, first: bool = False) -> str:
    """A section heading; every one but the first starts a new printed page. Its id is the title's slug."""
    slug = re.sub(r"[^a-z0-9]+", "-", title.lower()).strip("-")
    cls = "" if first else ' class="section"'
    return f'<h2 id="{slug}"{cls}>{esc(title)}</h2>'


def _kind_label(kind: str) -> str:
    return PROJECT_KIND_LABELS.get(kind) or kind.replace("_", " ").capitalize()


def _kinds(kinds: Iterable[str]) -> str:
    return esc("; ".join(_kind_label(k) for k in kinds))


def _amount(a: Award) -> str:
    """The amount as the report qualifies it ('up to £50,000', 'about £25,000')."""
    return esc(format_gbp(a.amount_gbp, a.approximate, a.qualifier))


def _fund(a: Award) -> str:
    from collab_tui.vocabulary import NOT_STATED as NO_FUND

    return esc(a.fund if a.fund and a.fund != NO_FUND else "")


def _award_marks(a: Award, joint: bool) -> str:
    marks = [JOINT] if joint else []
    if a.discrepancy_ids:
        marks.append(DIFFERS)
    return " ".join(marks)


def _key() -> str:
    return (
        f'<p class="key">Marks: {JOINT} one award or project made to both areas (counted in each area\'s total); '
        f"{SHARED} the same person or body on both sides; {DIFFERS} the report states this differently in "
        "two places (see Discrepancies). Line numbers are the report's.</p>"
    )


# --- two areas ------------------------------------------------------------------------------


def comparison_html(c: Comparison) -> str:
    """The briefing on two areas: leaders, organisations, projects, funding, savings, discrepancies."""
    from collab_tui.compare import BOTH, LEFT, RIGHT
    from collab_tui.vocabulary import ORGANISATION_KIND_LABELS

    L, R = c.left.name, c.right.name
    body: list[str] = []
    p, f = c.projects, c.funding
    joint_awards = [x.award for x in f.left if x.shared]
    if c.left.section_id == c.right.section_id:
        where = f"Both areas are covered by one report section, “{c.left.section_heading}” ({c.left.nation})."
    else:
        where = (
            f"{L}: {c.left.nation}, report section “{c.left.section_heading}”. "
            f"{R}: {c.right.nation}, report section “{c.right.section_heading}”."
        )
    body.append(f'<p class="lede">{esc(where)}</p>')
    body.append(
        table(
            ["", L, R],
            [
                ["Projects", esc(p.left_total), esc(p.right_total)],
                [
                    "Government funding recorded",
                    esc(format_gbp(f.left_total)),
                    esc(format_gbp(f.right_total)),
                ],
                ["Joint awards (in both totals)", esc(len(joint_awards)), esc(len(joint_awards))],
                [
                    "Places the report contradicts itself",
                    esc(sum(d.side != RIGHT for d in c.discrepancies)),
                    esc(sum(d.side != LEFT for d in c.discrepancies)),
                ],
            ],
            numeric=(1, 2),
        )
    )
    body.append(
        f"<p>{esc(len(c.differences))} of {esc(len(c.rows))} compared rows differ between the two areas.</p>"
    )
    body.append(_key())

    # Leaders
    body.append(_section("Leaders"))
    rows = []
    for r in c.leaders:
        cells = []
        for members in (r.left, r.right):
            parts = []
            for cl in members:
                who = cl.leader.name + (" (acting)" if cl.leader.acting else "")
                party = f" ({cl.leader.party})" if cl.leader.party else ""
                org_text = f", {cl.leader.organisation}" if cl.leader.organisation else ""
                mark = f" {SHARED}" if cl.shared else ""
                parts.append(
                    f'<b>{esc(who)}</b>{esc(party)}{esc(org_text)}{mark} <span class="lines">'
                    f"({lines([cl.leader.ref])})</span>"
                )
            cells.append("<br>".join(parts) or none("none listed"))
        rows.append([esc(r.label), *cells])
    body.append(table(["Role", L, R], rows) if rows else f"<p>{none()}</p>")

    # Organisations
    body.append(_section("Organisations"))
    o = c.organisations
    org_rows = []
    for org, serves in (
        [(x, "Both") for x in o.shared]
        + [(x, f"{L} only") for x in o.left_only]
        + [(x, f"{R} only") for x in o.right_only]
    ):
        kind = ORGANISATION_KIND_LABELS.get(org.kind) or org.kind.replace("_", " ").capitalize()
        abbr = f" ({', '.join(org.abbreviations)})" if org.abbreviations else ""
        mark = f" {SHARED}" if serves == "Both" else ""
        org_rows.append([f"{esc(org.name + abbr)}", esc(kind), esc(serves) + mark])
    body.append(table(["Organisation", "Kind", "Serves"], org_rows) if org_rows else f"<p>{none()}</p>")

    # Projects
    body.append(_section("Projects"))
    body.append(
        f"<p>{esc(L)}: {esc(p.left_total)} projects; {esc(R)}: {esc(p.right_total)} projects. "
        "A project of several kinds is counted under each kind.</p>"
    )
    kind_rows = []
    for k in p.kinds:
        note = f"{L} only" if k.only == LEFT else f"{R} only" if k.only == RIGHT else ""
        kind_rows.append([esc(k.label), esc(k.left_count), esc(k.right_count), esc(note)])
    body.append(table(["Kind", L, R, "Note"], kind_rows, numeric=(1, 2)))
    projects: dict[str, Any] = {}
    sides: dict[str, set[str]] = {}
    for k in p.kinds:
        for side, items in ((LEFT, k.left), (RIGHT, k.right)):
            for x in items:
                projects[x.project.id] = x.project
                sides.setdefault(x.project.id, set()).add(side)
    project_rows = []
    for pid in sorted(projects, key=lambda i: (projects[i].title.casefold(), i)):
        pr = projects[pid]
        here = sides[pid]
        joint = here == {LEFT, RIGHT}
        project_rows.append(
            [
                esc(pr.title) + (f" {JOINT}" if joint else ""),
                _kinds(pr.kinds),
                esc(PROJECT_STATUS_LABELS.get(pr.status, pr.status)),
                "✓" if LEFT in here else "",
                "✓" if RIGHT in here else "",
                lines_cell(pr.sources),
            ]
        )
    body.append("<h3>Every project</h3>")
    body.append(
        table(["Project", "Kinds", "Status", L, R, "Report lines"], project_rows)
        if project_rows
        else f"<p>{none()}</p>"
    )
    body.append("<h3>Co-located sites</h3>")
    body.append(
        table(
            ["Area", "Sites"],
            [
                [esc(L), esc(", ".join(p.left_sites)) or none("none named")],
                [esc(R), esc(", ".join(p.right_sites)) or none("none named")],
            ],
        )
    )

    # Funding
    body.append(_section("Funding"))
    awards = {x.award.id: x.award for x in (*f.left, *f.right)}
    on_left = {x.award.id for x in f.left}
    on_right = {x.award.id for x in f.right}
    award_rows, classes = [], []
    for aid in sorted(awards, key=lambda i: (awards[i].aggregate, -awards[i].amount_gbp, i)):
        a = awards[aid]
        joint = aid in on_left and aid in on_right
        award_rows.append(
            [
                _amount(a),
                esc(a.funder),
                _fund(a),
                esc(a.year or ""),
                esc(a.purpose) + (" " + _award_marks(a, joint) if joint or a.discrepancy_ids else ""),
                "✓" if aid in on_left else "",
                "✓" if aid in on_right else "",
                lines_cell(s.ref for s in a.statements),
            ]
        )
        classes.append("joint-row" if joint else "")
    if award_rows:
        body.append(
            table(
                ["Amount", "Funder", "Fund", "Year", "Purpose", L, R, "Report lines"],
                award_rows,
                numeric=(0,),
                row_classes=classes,
            )
        )
        left_totals = {t.funder: t for t in f.left_totals}
        right_totals = {t.funder: t for t in f.right_totals}
        total_rows = [
            [
                esc(funder),
                esc(format_gbp(left_totals[funder].amount_gbp)) if funder in left_totals else "—",
                esc(format_gbp(right_totals[funder].amount_gbp)) if funder in right_totals else "—",
            ]
            for funder in sorted({*left_totals, *right_totals})
        ]
        total_rows.append(["Total", esc(format_gbp(f.left_total)), esc(format_gbp(f.right_total))])
        body.append("<h3>Totals by funder</h3>")
        note = " A joint award counts in both areas' totals." if joint_awards else ""
        body.append(f"<p>National totals are not included.{esc(note)}</p>")
        body.append(
            table(
                ["Funder", L, R],
                total_rows,
                numeric=(1, 2),
                row_classes=[""] * (len(total_rows) - 1) + ["total"],
            )
        )
    else:
        body.append("<p>No government award is recorded for either area.</p>")

    # Savings
    body.append(_section("Stated savings"))
    saving_rows = [
        [
            esc(name),
            esc(x.project_title) + (f" {JOINT}" if x.shared else ""),
            esc(x.text.replace("~£", "about £")),
        ]
        for name, items in ((L, c.savings.left), (R, c.savings.right))
        for x in items
    ]
    body.append(
        table(["Area", "Project", "Saving as stated"], saving_rows)
        if saving_rows
        else "<p>The report states no savings for either area.</p>"
    )

    # Discrepancies
    body.append(_section("Where the report contradicts itself"))
    if c.discrepancies:
        d_rows = []
        for d in c.discrepancies:
            who = f"{L} and {R}" if d.side == BOTH else L if d.side == LEFT else R
            d_rows.append(
                [
                    esc(who),
                    esc(d.discrepancy.kind.replace("_", " ")),
                    esc(d.discrepancy.description) + f" {DIFFERS}",
                    lines_cell(d.discrepancy.sides),
                ]
            )
        body.append(table(["Affects", "Kind", "What the report says", "Report lines"], d_rows))
    else:
        body.append("<p>The report does not contradict itself about either area.</p>")

    source = {"source": c.source, "attribution": c.attribution, "vintage": c.vintage}
    return page(f"Briefing: {L} and {R}", f"Briefing: {L} and {R}", "\n".join(body), source)


# --- one record -----------------------------------------------------------------------------


def area_html(db: Database, area_id: str) -> str:
    """One area's briefing: leaders, organisations, projects, funding and discrepancies, with line numbers."""
    from collab_tui.export import provenance
    from collab_tui.vocabulary import ORGANISATION_KIND_LABELS

    area = db.area(area_id)
    if area is None:
        raise KeyError(area_id)
    names = {a.id: a.name for a in db.areas()}
    leaders = db.leaders(area.id)
    orgs = db.organisations(area.id)
    projects = db.projects(area.id)
    awards = db.awards(area.id)
    discrepancies: list[Discrepancy] = db.discrepancies(area.id)
    body: list[str] = []
    covers = f" Covers: {', '.join(x.name for x in area.covers)}." if area.covers else ""
    body.append(
        f'<p class="lede">{esc(area.nation)}; report section “{esc(area.section_heading)}”.{esc(covers)}</p>'
    )
    total = sum(a.amount_gbp for a in awards if not a.aggregate and a.area_ids)
    body.append(
        f"<p>{esc(len(projects))} projects; {esc(format_gbp(total))} of government funding recorded; "
        f"{esc(len(discrepancies))} places where the report contradicts itself.</p>"
    )
    body.append(
        f'<p class="key">Marks: {JOINT} made to this and other areas together; {DIFFERS} the report states '
        "this differently in two places (see the last section). Line numbers are the report's.</p>"
    )

    body.append(_section("Leaders"))
    body.append(
        table(
            ["Role", "Name", "Party", "Organisation", "Report lines"],
            [
                [
                    esc(ROLE_LABELS.get(x.role, x.title)),
                    f"<b>{esc(x.name)}</b>" + (" (acting)" if x.acting else ""),
                    esc(x.party or ""),
                    esc(x.organisation or ""),
                    lines_cell([x.ref]),
                ]
                for x in leaders
            ],
        )
        if leaders
        else f"<p>{none()}</p>"
    )

    body.append(_section("Organisations"))
    body.append(
        table(
            ["Organisation", "Abbreviations", "Kind"],
            [
                [
                    esc(o.name),
                    esc(", ".join(o.abbreviations)),
                    esc(ORGANISATION_KIND_LABELS.get(o.kind) or o.kind.replace("_", " ").capitalize()),
                ]
                for o in orgs
            ],
        )
        if orgs
        else f"<p>{none()}</p>"
    )

    body.append(_section("Projects"))
    project_rows = []
    for pr in projects:
        others = [names.get(a, a) for a in pr.area_ids if a != area.id]
        joint = f' {JOINT} <span class="key">with {esc(", ".join(others))}</span>' if others else ""
        project_rows.append(
            [
                esc(pr.title) + joint,
                _kinds(pr.kinds),
                esc(PROJECT_STATUS_LABELS.get(pr.status, pr.status)),
                esc(pr.year or ""),
                esc(", ".join(pr.places)),
                lines_cell(pr.sources),
            ]
        )
    body.append(
        table(["Project", "Kinds", "Status", "Year", "Places", "Report lines"], project_rows)
        if project_rows
        else f"<p>{none()}</p>"
    )

    body.append(_section("Funding"))
    award_rows = []
    for a in awards:
        others = [names.get(x, x) for x in a.area_ids if x != area.id]
        where = "national" if a.national else (f"with {', '.join(others)}" if others else "")
        marks = _award_marks(a, bool(others))
        award_rows.append(
            [
                _amount(a),
                esc(a.funder),
                _fund(a),
                esc(a.year or ""),
                esc(a.purpose) + (f" {marks}" if marks else ""),
                esc(where),
                lines_cell(s.ref for s in a.statements),
            ]
        )
    body.append(
        table(
            ["Amount", "Funder", "Fund", "Year", "Purpose", "Joint / national", "Report lines"],
            award_rows,
            numeric=(0,),
        )
        if award_rows
        else "<p>No government award is recorded.</p>"
    )

    body.append(_section("Where the report contradicts itself"))
    body.append(
        table(
            ["Kind", "What the report says", "Report lines"],
            [
                [esc(d.kind.replace("_", " ")), esc(d.description) + f" {DIFFERS}", lines_cell(d.sides)]
                for d in discrepancies
            ],
        )
        if discrepancies
        else "<p>The report does not contradict itself about this area.</p>"
    )
    return page(f"Briefing: {area.name}", f"Briefing: {area.name}", "\n".join(body), provenance(db))


def person_html(db: Database, person_id: str) -> str:
    """One person's roles, with the report's lines."""
    from collab_tui.export import provenance

    person = db.person(person_id)
    if person is None:
        raise KeyError(person_id)
    body = []
    if person.aliases:
        body.append(f"<p>Also printed as {esc(', '.join(person.aliases))}.</p>")
    body.append(_section("Roles", first=True))
    body.append(
        table(
            ["Role as printed", "Organisation", "Area", "Party", "Report lines"],
            [
                [
                    esc(x.title) + (" (acting)" if x.acting else ""),
                    esc(x.organisation or ""),
                    esc(x.area or "national"),
                    esc(x.party or ""),
                    lines_cell([x.ref]),
                ]
                for x in person.roles
            ],
        )
    )
    return page(person.name, person.name, "\n".join(body), provenance(db))


# --- any explorer table ---------------------------------------------------------------------


def table_html(t: Any, source: dict[str, str]) -> str:
    """A ``tables.Table`` as a page: its title and count, label headers, cell text, flagged rows marked."""
    columns = list(t.columns)
    numeric = [
        i for i, c in enumerate(columns) if getattr(c, "numeric", False) or getattr(c, "align", "") == "right"
    ]
    rows = []
    classes = []
    for row in t.rows:
        cells = [esc(cell.text) for cell in row.cells]
        if getattr(row, "flagged", False) and cells:
            cells[0] += f" {DIFFERS}"
        rows.append(cells)
        classes.append("flagged" if getattr(row, "flagged", False) else "")
    heading = f"{t.title}: {t.count}"
    body = table([c.label for c in columns], rows, numeric=numeric, row_classes=classes)
    notes = [f'<p class="key">{esc(note)}</p>' for note in getattr(t, "notes", ())]
    if any(classes):
        notes.append(f'<p class="key">{DIFFERS} the report states this differently in two places.</p>')
    body = "\n".join([body, *notes])
    return page(heading, heading, body, source)
