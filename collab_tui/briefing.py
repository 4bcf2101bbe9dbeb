"""HTML briefings: one self-contained file that opens in Word and any browser and pastes into Outlook.

Pure: no Textual, no Rich, no templating library. The page is a ``string.Template`` with
inline CSS, no scripts, no fonts, images or links to fetch, and every value from the data
goes through ``html.escape`` (``esc`` below) before it reaches the page. Print layout is A4
with a page break before each section; tables carry the report's line numbers, joint awards
and the report's contradictions are marked in words (not colour alone, so they survive a
black-and-white printer).

The page and its parts (``page``, ``table``, ``esc``, the marks) are here, with
``area_html`` / ``person_html`` (one record, from the database's models) and
``table_html`` (any explorer table, from ``tables.Table``); the briefing on two areas
is collab_tui.compare_html.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable, Sequence
from string import Template
from typing import TYPE_CHECKING, Any

from collab_tui.formatting import amount_text, area_names, format_gbp, label_of, names_of, role_title
from collab_tui.models import VINTAGE_NOTE, Area, Award, Discrepancy, Leader, Organisation, Project, SourceRef
from collab_tui.safe_text import clean
from collab_tui.vocabulary import (
    NOT_STATED,
    PROJECT_KIND_LABELS,
    PROJECT_STATUS_LABELS,
    ROLE_LABELS,
    organisation_kind_label,
)

if TYPE_CHECKING:
    from collab_tui.db import Database
    from collab_tui.dossier import AreaRecord, PersonRecord

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


def section(title: str, first: bool = False) -> str:
    """A section heading; every one but the first starts a new printed page. Its id is the title's slug."""
    slug = re.sub(r"[^a-z0-9]+", "-", title.lower()).strip("-")
    cls = "" if first else ' class="section"'
    return f'<h2 id="{slug}"{cls}>{esc(title)}</h2>'


def _award_marks(a: Award, joint: bool) -> str:
    marks = [JOINT] if joint else []
    if a.discrepancy_ids:
        marks.append(DIFFERS)
    return " ".join(marks)


def award_cells(a: Award, joint: bool) -> list[str]:
    """An award's cells: amount as the report qualifies it, funder, fund, year, purpose with its marks, lines."""
    marks = _award_marks(a, joint)
    return [
        esc(amount_text(a)),
        esc(a.funder),
        esc(a.fund if a.fund and a.fund != NOT_STATED else ""),
        esc(a.year or ""),
        esc(a.purpose) + (f" {marks}" if marks else ""),
        lines_cell(s.ref for s in a.statements),
    ]


def project_cells(p: Project, mark: str = "") -> tuple[str, str, str, str]:
    """A project's title (with ``mark``, HTML, after it), kinds, status and report lines."""
    return (
        esc(p.title) + (f" {mark}" if mark else ""),
        esc("; ".join(label_of(PROJECT_KIND_LABELS, k) for k in p.kinds)),
        esc(PROJECT_STATUS_LABELS.get(p.status, p.status)),
        lines_cell(p.sources),
    )


# --- one record -----------------------------------------------------------------------------


def area_html(db: Database, area_id: str) -> str:
    """One area's briefing: leaders, organisations, projects, funding and discrepancies, with line numbers."""
    from collab_tui.dossier import area_record

    return area_page(area_record(db, area_id), area_names(db.areas()))


def area_page(r: AreaRecord, names: dict[str, str]) -> str:
    """An area's record as a briefing page; ``names`` names the other areas of its joint projects and awards."""
    area = r.area
    body = [
        *_area_summary(area, r.projects, r.awards, r.discrepancies),
        section("Leaders"),
        _area_leaders(r.leaders),
        section("Organisations"),
        _area_organisations(r.organisations),
        section("Projects"),
        _area_projects(area, r.projects, names),
        section("Funding"),
        _area_funding(area, r.awards, names),
        section("Where the report contradicts itself"),
        _area_discrepancies(r.discrepancies),
    ]
    return page(f"Briefing: {area.name}", f"Briefing: {area.name}", "\n".join(body), r.source)


def _area_summary(
    area: Area, projects: Sequence[Project], awards: Sequence[Award], discrepancies: Sequence[Discrepancy]
) -> list[str]:
    covers = f" Covers: {', '.join(x.name for x in area.covers)}." if area.covers else ""
    total = sum(a.amount_gbp for a in awards if not a.aggregate and a.area_ids)
    return [
        f'<p class="lede">{esc(area.nation)}; report section “{esc(area.section_heading)}”.{esc(covers)}</p>',
        f"<p>{esc(len(projects))} projects; {esc(format_gbp(total))} of government funding recorded; "
        f"{esc(len(discrepancies))} places where the report contradicts itself.</p>",
        f'<p class="key">Marks: {JOINT} made to this and other areas together; {DIFFERS} the report states '
        "this differently in two places (see the last section). Line numbers are the report's.</p>",
    ]


def _area_leaders(leaders: Sequence[Leader]) -> str:
    if not leaders:
        return f"<p>{none()}</p>"
    rows = [
        [
            esc(ROLE_LABELS.get(x.role, x.title)),
            f"<b>{esc(x.name)}</b>" + (" (acting)" if x.acting else ""),
            esc(x.party or ""),
            esc(x.organisation or ""),
            lines_cell([x.ref]),
        ]
        for x in leaders
    ]
    return table(["Role", "Name", "Party", "Organisation", "Report lines"], rows)


def _area_organisations(orgs: Sequence[Organisation]) -> str:
    if not orgs:
        return f"<p>{none()}</p>"
    rows = [
        [esc(o.name), esc(", ".join(o.abbreviations)), esc(organisation_kind_label(o.kind))] for o in orgs
    ]
    return table(["Organisation", "Abbreviations", "Kind"], rows)


def _area_projects(area: Area, projects: Sequence[Project], names: dict[str, str]) -> str:
    rows = []
    for pr in projects:
        others = [a for a in pr.area_ids if a != area.id]
        joint = f'{JOINT} <span class="key">with {esc(names_of(others, names))}</span>' if others else ""
        title, kinds, status, refs = project_cells(pr, joint)
        rows.append([title, kinds, status, esc(pr.year or ""), esc(", ".join(pr.places)), refs])
    if not rows:
        return f"<p>{none()}</p>"
    return table(["Project", "Kinds", "Status", "Year", "Places", "Report lines"], rows)


def _area_funding(area: Area, awards: Sequence[Award], names: dict[str, str]) -> str:
    rows = []
    for a in awards:
        others = [x for x in a.area_ids if x != area.id]
        where = "national" if a.national else (f"with {names_of(others, names)}" if others else "")
        cells = award_cells(a, bool(others))
        rows.append([*cells[:-1], esc(where), cells[-1]])
    if not rows:
        return "<p>No government award is recorded.</p>"
    headers = ["Amount", "Funder", "Fund", "Year", "Purpose", "Joint / national", "Report lines"]
    return table(headers, rows, numeric=(0,))


def _area_discrepancies(discrepancies: Sequence[Discrepancy]) -> str:
    if not discrepancies:
        return "<p>The report does not contradict itself about this area.</p>"
    rows = [
        [esc(d.kind.replace("_", " ")), esc(d.description) + f" {DIFFERS}", lines_cell(d.sides)]
        for d in discrepancies
    ]
    return table(["Kind", "What the report says", "Report lines"], rows)


def person_html(db: Database, person_id: str) -> str:
    """One person's roles, with the report's lines."""
    from collab_tui.dossier import person_record

    return person_page(person_record(db, person_id))


def person_page(r: PersonRecord) -> str:
    """A person's record as a briefing page: every role, with the report's lines."""
    person = r.person
    body = []
    if person.aliases:
        body.append(f"<p>Also printed as {esc(', '.join(person.aliases))}.</p>")
    body.append(section("Roles", first=True))
    body.append(
        table(
            ["Role as printed", "Organisation", "Area", "Party", "Report lines"],
            [
                [
                    esc(role_title(x)),
                    esc(x.organisation or ""),
                    esc(x.area or "national"),
                    esc(x.party or ""),
                    lines_cell([x.ref]),
                ]
                for x in person.roles
            ],
        )
    )
    return page(person.name, person.name, "\n".join(body), r.source)


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
