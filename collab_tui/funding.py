"""Funding totals as plain data: each area's share of the area awards, the sum across areas, and bars.

Joint awards (one award naming two areas, e.g. Warwickshire and West Mercia's £1,600,000) follow one
rule everywhere: an area's total counts every award that names it, in full, and marks the joint part
(``JOINT_MARK``); a sum across areas counts each award once (:func:`area_awards_sum`). The Areas and
Funding tables (collab_tui.tables) and the Funding pane's two bar charts use these. No Textual, no Rich.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import NamedTuple

from collab_tui.db import Database
from collab_tui.formatting import area_names, format_gbp
from collab_tui.models import Award
from collab_tui.safe_text import ellipsize

JOINT_MARK = "‡"
"""Marks an amount that includes a joint award (one award naming more than one area)."""


@dataclass(frozen=True)
class AreaFunding:
    """One area's share of the area awards: every award naming it, in full; the joint part marked."""

    area_id: str
    name: str
    total_gbp: int  # every award that names this area, in full
    joint_gbp: int  # the part of total_gbp from awards that also name another area
    awards: tuple[Award, ...] = ()
    partners: tuple[str, ...] = ()  # names of the areas it shares joint awards with

    @property
    def has_joint(self) -> bool:
        return self.joint_gbp > 0


def area_funding(db: Database, awards: Iterable[Award] | None = None) -> dict[str, AreaFunding]:
    """Per area id: its area awards (national pots excluded), joint awards counted in full and marked."""
    names = area_names(db.areas())
    by_area: dict[str, list[Award]] = defaultdict(list)
    for award in db.awards() if awards is None else awards:
        if award.aggregate or not award.area_ids:
            continue
        for area_id in award.area_ids:
            by_area[area_id].append(award)
    out = {}
    for area_id, awards_ in by_area.items():
        joint = [a for a in awards_ if len(a.area_ids) > 1]
        partners = dict.fromkeys(names.get(x, x) for a in joint for x in a.area_ids if x != area_id)
        out[area_id] = AreaFunding(area_id, names.get(area_id, area_id), sum(a.amount_gbp for a in awards_),
                                   sum(a.amount_gbp for a in joint), tuple(awards_), tuple(partners))  # fmt: skip
    return out


def area_awards_sum(db: Database) -> int:
    """The sum of all area awards, each counted once however many areas it names."""
    return sum(a.amount_gbp for a in db.awards() if not a.aggregate and a.area_ids)


def joint_note(total: int) -> str:
    """The rule for joint awards, said once wherever area totals are shown."""
    return (f"{JOINT_MARK} includes a joint award, counted in full for each area it names; "
            f"all area awards, each counted once: {format_gbp(total)}")  # fmt: skip


class Bar(NamedTuple):
    """One bar of a bar chart; ``joint`` is the part of ``value`` shared with another area."""

    label: str
    value: int
    joint: int = 0


def funding_bars(db: Database, by: str) -> list[Bar]:
    """Totals of area awards (national pots excluded) by 'funder' or 'area', largest first."""
    if by == "funder":
        totals: dict[str, int] = defaultdict(int)
        for a in db.awards():
            if not a.aggregate and a.area_ids:
                totals[a.funder] += a.amount_gbp
        return [Bar(k, v) for k, v in sorted(totals.items(), key=lambda kv: (-kv[1], kv[0]))]
    if by == "area":
        shares = area_funding(db).values()
        return [
            Bar(s.name, s.total_gbp, s.joint_gbp)
            for s in sorted(shares, key=lambda s: (-s.total_gbp, s.name))
        ]
    raise ValueError(f"cannot total by {by!r}: use 'funder' or 'area'")


def bar_chart(bars: Sequence[Bar], width: int = 30, label_width: int = 22) -> list[str]:
    """Bars as text lines: label, a bar (joint part in ▒), the amount (‡ if it includes a joint award)."""
    if not bars:
        return []
    top = max(b.value for b in bars) or 1
    lines = []
    for b in bars:
        cells = b.value / top * width
        full = int(cells)
        joint = round(b.joint / top * width) if b.joint else 0
        part = " ▏▎▍▌▋▊▉"[int((cells - full) * 8)] if full < width else ""
        own = max(full - joint, 0)
        bar = ("█" * own + "▒" * (full - own) + ("" if joint else part.strip())) or "▏"
        label = ellipsize(b.label, label_width)
        mark = f" {JOINT_MARK}" if b.joint else ""
        lines.append(f"{label:<{label_width}} {bar:<{width}} {format_gbp(b.value)}{mark}")
    return lines
