"""The report itself: its text by part, its paragraphs, the records drawn from each line, and find.

Plain Python over the database (no Textual, Rich or sqlite-utils): the Report pane, ``collab-tui grep``
and ``collab-tui read`` all read the report through this module.

- Parts, in printed order: the front matter (title and contents, Foreword, Headlines, How Was This
  Overview Collated?, Government Funding, Fire Transformation Fund, National Collaboration; found from
  the report's own Contents list) and then the 38 sections of the A-Z (the ``section`` table).
- Paragraphs: runs of non-blank lines.
- Records drawn from a line: every record whose stated lines include it (leaders, projects, awards,
  discrepancies, places, organisations, areas), as :class:`RecordRef` with a readable name.
- Find: the ``source_line_fts`` FTS5 index for words (phrase, ``word*`` prefix), and a literal,
  case-insensitive scan for what FTS tokenises badly (``tri-service``, ``£1.6m``, ``PCC's``); every hit
  is a span of a line, in order.
"""

from __future__ import annotations

import bisect
import re
import sqlite3
import unicodedata
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import NamedTuple

from collab_tui.db import Database, DatabaseError
from collab_tui.formatting import format_gbp, from_funder
from collab_tui.models import RecordRef, SourceRef
from collab_tui.safe_text import clean

# Record kinds in the order a line lists them.
KIND_ORDER = ("person", "project", "funding", "discrepancy", "place", "organisation", "area")
KIND_LABELS = {
    "person": "leader",
    "project": "project",
    "funding": "award",
    "discrepancy": "discrepancy",
    "place": "place",
    "organisation": "organisation",
    "area": "area",
}


SHORT_LABELS = {
    "foreword": "Foreword",
    "how-was-this-overview-collated": "How it was collated",
    "fire-transformation-fund": "Fire Transformation Fund",
    "national-collaboration": "National Collaboration",
}


class Part(NamedTuple):
    """A part of the report in printed order: front matter or an A-Z section."""

    id: str
    heading: str
    start_line: int
    end_line: int
    front: bool = False

    @property
    def label(self) -> str:
        """A short name for a contents list ('Foreword', 'Fire Transformation Fund')."""
        return SHORT_LABELS.get(self.id, self.heading) if self.front else self.heading


class Paragraph(NamedTuple):
    """A run of non-blank lines (1-based, inclusive)."""

    start_line: int
    end_line: int


class LineRecord(NamedTuple):
    """A record drawn from a line, with the name to show for it."""

    ref: RecordRef
    name: str


class Hit(NamedTuple):
    """One occurrence of a find: a line and the span of its text (0-based, end exclusive)."""

    line: int
    start: int
    end: int


@dataclass(frozen=True)
class FindResult:
    """Every hit of a query, in the report's order. ``method`` is "fts" or "text" (the literal scan)."""

    query: str
    hits: tuple[Hit, ...]
    method: str

    @property
    def count(self) -> int:
        return len(self.hits)

    def lines(self) -> list[int]:
        """The lines with at least one hit, in order."""
        return sorted({h.line for h in self.hits})


class Ambiguous(Exception):
    """A part name matches several parts; ``candidates`` lists them."""

    def __init__(self, query: str, candidates: Sequence[Part]) -> None:
        super().__init__(f"{query!r} could be " + ", ".join(p.heading for p in candidates))
        self.candidates = tuple(candidates)


# --- text helpers ---------------------------------------------------------------------------


class _Fold(dict[int, str]):
    """str.translate table: lower case without accents, one character for one (offsets survive)."""

    def __missing__(self, code: int) -> str:
        char = chr(code)
        low = char.lower()
        if len(low) != 1:
            low = char
        base = unicodedata.normalize("NFD", low)[0]
        self[code] = base
        return base


_FOLD = _Fold()


_NON_ASCII = re.compile(r"[^\x00-\x7f]")


def _fold_char(match: re.Match[str]) -> str:
    return _FOLD[ord(match.group())]


def fold(text: str) -> str:
    """Case- and accent-insensitive form of ``text`` with the same length (so offsets map back)."""
    if text.isascii():
        return text.lower()
    low = text.lower()
    if len(low) != len(text):
        return text.translate(_FOLD)
    return _NON_ASCII.sub(_fold_char, low)  # only the few non-ASCII characters ('£', 'ô') looked up


def slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", fold(text)).strip("-")


def _norm(text: str) -> str:
    """A name for matching: folded, '&' as 'and', punctuation as spaces."""
    return " ".join(re.sub(r"[^\w]+", " ", fold(text).replace("&", " and ")).split())


_WORDS_ONLY = re.compile(r'\s*"?\s*[^\W_]+(?:\s+[^\W_]+)*\s*"?\s*\*?\s*')
_TOKEN = re.compile(r"[^\W_]+")


# --- parts --------------------------------------------------------------------------------


def front_parts(lines: Sequence[str], first_section: int) -> list[Part]:
    """The front matter's parts, from the report's Contents list (lines before the A-Z)."""
    end = first_section - 1
    if end < 1:
        return []
    contents_at = next((i for i, t in enumerate(lines[:end]) if t.strip().lower() == "contents"), None)
    headings: list[str] = []
    after = 0
    if contents_at is not None:
        i = contents_at + 1
        while i < end and not lines[i].strip():
            i += 1
        while i < end and lines[i].strip():
            entry = re.sub(r"[\s.]*\d+(?:-\d+)?\s*$", "", lines[i].strip()).rstrip(". \t")
            if entry:
                headings.append(entry)
            i += 1
        after = i
    starts: list[tuple[int, str]] = []
    cursor = after
    for heading in headings:
        for j in range(cursor, end):
            if lines[j].strip().lower() == heading.lower():
                starts.append((j + 1, lines[j].strip()))
                cursor = j + 1
                break
    parts: list[Part] = []
    first = starts[0][0] if starts else end + 1
    if first > 1:
        parts.append(Part("title", "Title and contents" if contents_at is not None else "Front matter", 1,
                          first - 1, True))  # fmt: skip
    for n, (start, heading) in enumerate(starts):
        stop = starts[n + 1][0] - 1 if n + 1 < len(starts) else end
        parts.append(Part(_front_id(heading), heading, start, stop, True))
    return parts


def _front_id(heading: str) -> str:
    short = {
        "foreword": "foreword",
        "headlines": "headlines",
        "government funding": "government-funding",
        "fire transformation fund": "fire-transformation-fund",
        "national collaboration": "national-collaboration",
    }
    low = _norm(heading)
    return next((v for k, v in short.items() if low.startswith(k)), slug(heading))


# --- the report -----------------------------------------------------------------------------


class Report:
    """The report's text with its parts, paragraphs and the records drawn from each line."""

    def __init__(
        self,
        lines: Sequence[str],
        parts: Sequence[Part],
        records: dict[int, tuple[LineRecord, ...]],
        record_lines: dict[RecordRef, tuple[SourceRef, ...]],
        headings: Iterable[int] = (),
        conn: sqlite3.Connection | None = None,
        area_names: dict[str, tuple[str, ...]] | None = None,
    ) -> None:
        # Only a line with something unprintable in it (a tab, a control character) needs cleaning.
        self.lines = [t if t.isprintable() else clean(t) for t in lines]
        self.parts = list(parts)
        self.records = records
        self._record_lines = record_lines
        self.headings = set(headings) | {p.start_line for p in self.parts}
        self.conn = conn
        self.area_names = area_names or {}
        self.paragraphs = self._paragraphs()
        self._para_starts = [p.start_line for p in self.paragraphs]
        self._part_starts = [p.start_line for p in self.parts]
        self._folded: str | None = None
        self._offsets: list[int] = []

    # --- building ---

    @classmethod
    def load(cls, db: Database) -> Report:
        """The report from a collab.db."""
        try:
            return cls._load(db)
        except sqlite3.DatabaseError as exc:
            raise DatabaseError(
                f"{db.path} could not be read ({exc}); rebuild it with `python build_db.py`"
            ) from exc

    @classmethod
    def _load(cls, db: Database) -> Report:
        conn = db.conn
        cursor = conn.cursor()
        cursor.row_factory = None  # plain tuples: much faster than sqlite3.Row for every line
        lines = [r[0] for r in cursor.execute("SELECT text FROM source_line ORDER BY line")]
        sections = db.sections()
        first = min((s.ref.start_line for s in sections), default=len(lines) + 1)
        parts = front_parts(lines, first)
        for s in sections:
            parts.append(Part(s.id, s.heading, s.ref.start_line, s.ref.end_line))
        # Every line belongs to a part: the blank lines between sections go with the one before.
        for i, part in enumerate(parts):
            stop = parts[i + 1].start_line - 1 if i + 1 < len(parts) else len(lines)
            if stop > part.end_line:
                parts[i] = part._replace(end_line=stop)
        headings = {
            r[0] for r in conn.execute("SELECT DISTINCT start_line FROM narrative WHERE heading != ''")
        }
        area_names: dict[str, list[str]] = defaultdict(list)
        for area in db.areas():
            area_names[area.section_id].append(area.name)
        records, record_lines = _line_records(conn)
        by_id = {s.id: s for s in sections}
        for area in db.areas():
            # An area's lines are its whole section (its coverage lines are inside it).
            section = by_id.get(area.section_id)
            if section is not None:
                record_lines[RecordRef("area", area.id)] = (
                    SourceRef(section.ref.start_line, section.ref.end_line),
                )
        return cls(lines, parts, records, record_lines, headings, conn,
                   {k: tuple(v) for k, v in area_names.items()})  # fmt: skip

    def _paragraphs(self) -> list[Paragraph]:
        out: list[Paragraph] = []
        start = 0
        for n, text in enumerate(self.lines, start=1):
            if text and not text.isspace():
                if not start:
                    start = n
            elif start:
                out.append(Paragraph(start, n - 1))
                start = 0
        if start:
            out.append(Paragraph(start, len(self.lines)))
        return out

    # --- reading ---

    def __len__(self) -> int:
        return len(self.lines)

    def text(self, line: int) -> str:
        """The text of a line (1-based); '' outside the report."""
        return self.lines[line - 1] if 1 <= line <= len(self.lines) else ""

    def part_of(self, line: int) -> Part | None:
        """The part a line is in."""
        i = bisect.bisect_right(self._part_starts, line) - 1
        if i < 0:
            return None
        part = self.parts[i]
        return part if line <= part.end_line else None

    def paragraph_index(self, line: int) -> int:
        """The index of the paragraph at or before a line (0 before the first)."""
        return max(0, bisect.bisect_right(self._para_starts, line) - 1)

    def paragraph_at(self, line: int) -> Paragraph | None:
        """The paragraph containing a line, or None for a blank line."""
        if not self.paragraphs:
            return None
        p = self.paragraphs[self.paragraph_index(line)]
        return p if p.start_line <= line <= p.end_line else None

    def records_at(self, line: int) -> tuple[LineRecord, ...]:
        """The records drawn from one line."""
        return self.records.get(line, ())

    def records_in(self, start: int, end: int) -> tuple[LineRecord, ...]:
        """The records drawn from any of lines start..end, each once, in kind order then name."""
        seen: dict[RecordRef, LineRecord] = {}
        for line in range(start, end + 1):
            for rec in self.records.get(line, ()):
                seen.setdefault(rec.ref, rec)
        return tuple(sorted(seen.values(), key=_record_order))

    def part_lines(self, part: Part) -> list[tuple[int, str]]:
        """A part's lines, numbered."""
        return [(n, self.lines[n - 1]) for n in range(part.start_line, part.end_line + 1)]

    def record_lines(self, ref: RecordRef) -> tuple[SourceRef, ...]:
        """The passages a record is drawn from, in the report's order ('line' refs: that line)."""
        if ref.kind == "line":
            try:
                n = int(ref.id)
            except ValueError:
                return ()
            return (SourceRef(n, n),) if 1 <= n <= len(self.lines) else ()
        return self._record_lines.get(ref, ())

    def name_of(self, ref: RecordRef) -> str:
        """A record's readable name, if the report draws it from some line."""
        for src in self._record_lines.get(ref, ())[:1]:
            for rec in self.records.get(src.start_line, ()):
                if rec.ref == ref:
                    return rec.name
        return ref.id

    # --- parts by name ---

    def resolve_part(self, name: str) -> Part | None:
        """The part a (fuzzy) name means; None if none; raises Ambiguous if several fit equally."""
        q = _norm(name)
        if not q:
            return None
        named: list[tuple[Part, str]] = []
        for p in self.parts:
            named.append((p, _norm(p.heading)))
            named.append((p, _norm(p.id.replace("-", " "))))
            for area in self.area_names.get(p.id, ()):
                named.append((p, _norm(area)))

        def unique(found: list[Part]) -> Part | None:
            parts = list(dict.fromkeys(found))
            if len(parts) > 1:
                raise Ambiguous(name, parts)
            return parts[0] if parts else None

        exact = unique([p for p, n in named if n == q])
        if exact:
            return exact
        words = q.split()
        prefixed = unique(
            [p for p, n in named if all(any(w2.startswith(w) for w2 in n.split()) for w in words)]
        )
        if prefixed:
            return prefixed
        from rapidfuzz import fuzz

        scored = [(fuzz.WRatio(q, n), p) for p, n in named]
        best = max((s for s, _ in scored), default=0.0)
        if best < 80:
            return None
        return unique([p for s, p in scored if s >= best - 2])

    def closest_parts(self, name: str, limit: int = 5) -> list[Part]:
        """The parts whose names are nearest to ``name`` (for 'did you mean')."""
        from rapidfuzz import fuzz

        q = _norm(name)
        scored = sorted(
            ((fuzz.WRatio(q, _norm(p.heading)), i) for i, p in enumerate(self.parts)), reverse=True
        )
        return [self.parts[i] for s, i in scored[:limit] if s > 50]

    # --- find ---

    def find(self, query: str) -> FindResult:
        """Every occurrence of ``query``: FTS5 for words ('guardian series', 'collab*'), else literal."""
        text = query.strip()
        if not text or not text.strip('"* '):
            return FindResult(query, (), "text")
        if _WORDS_ONLY.fullmatch(text) and self.conn is not None:
            result = self._find_fts(query, text)
            if result is not None:
                return result
        literal = text[1:-1] if len(text) > 1 and text[0] == text[-1] == '"' else text
        return FindResult(query, tuple(self.find_text(literal)), "text")

    def _find_fts(self, query: str, text: str) -> FindResult | None:
        prefix = text.endswith("*")
        tokens = _TOKEN.findall(fold(text))
        if not tokens:
            return None
        match = '"' + " ".join(tokens) + '"' + (" *" if prefix else "")
        try:
            rows = self.conn.execute(  # type: ignore[union-attr]
                "SELECT rowid FROM source_line_fts WHERE source_line_fts MATCH ? ORDER BY rowid", (match,)
            ).fetchall()
        except sqlite3.DatabaseError:
            return None  # no index (an older db) or a query FTS refuses: the literal scan answers
        # The spans: the tokens in order, separated by anything FTS does not index, as whole words
        # (the last one as a prefix). A plain find of the first token, then a match there, is much
        # faster than a regex search with a look-behind on long lines.
        first = tokens[0]
        pattern = re.compile(
            r"[\W_]+".join(re.escape(t) for t in tokens) + (r"[^\W_]*" if prefix else r"(?![^\W_])")
        )
        hits: list[Hit] = []
        for (line,) in rows:
            folded = fold(self.text(line))
            at = folded.find(first)
            while at >= 0:
                m = pattern.match(folded, at) if at == 0 or not folded[at - 1].isalnum() else None
                if m is not None:
                    hits.append(Hit(line, at, m.end()))
                    at = folded.find(first, m.end())
                else:
                    at = folded.find(first, at + 1)
        return FindResult(query, tuple(hits), "fts")

    def find_text(self, needle: str) -> list[Hit]:
        """Every literal, case- and accent-insensitive occurrence of ``needle``, in order."""
        needle = fold(needle)
        if not needle:
            return []
        if self._folded is None:
            offsets, pos = [], 0
            for t in self.lines:
                offsets.append(pos)
                pos += len(t) + 1
            self._offsets = offsets
            self._folded = "\n".join(fold(t) for t in self.lines)
        hay, offsets = self._folded, self._offsets
        hits: list[Hit] = []
        at = hay.find(needle)
        while at >= 0:
            i = bisect.bisect_right(offsets, at) - 1
            start = at - offsets[i]
            hits.append(Hit(i + 1, start, start + len(needle)))
            at = hay.find(needle, at + len(needle))
        return hits


def _record_order(rec: LineRecord) -> tuple[int, str, str]:
    return (KIND_ORDER.index(rec.ref.kind), fold(rec.name), rec.ref.id)


def _line_records(
    conn: sqlite3.Connection,
) -> tuple[dict[int, tuple[LineRecord, ...]], dict[RecordRef, tuple[SourceRef, ...]]]:
    """For every line, the records drawn from it; for every record, its passages."""

    def q(sql: str) -> list[sqlite3.Row]:
        return conn.execute(sql).fetchall()

    people = {r[0]: r[1] for r in q("SELECT id, name FROM person")}
    projects = {r[0]: r[1] for r in q("SELECT id, title FROM project")}
    places = {r[0]: r[1] for r in q("SELECT id, name FROM place")}
    orgs = {r[0]: r[1] for r in q("SELECT id, name FROM organisation")}
    areas = {r[0]: r[1] for r in q("SELECT id, name FROM area")}
    discrepancies = {r[0]: r[1] for r in q("SELECT id, description FROM discrepancy")}
    award_sql = (
        "SELECT award.id, amount_gbp, approximate, qualifier, funder.name "
        "FROM award JOIN funder ON funder.id = award.funder_id"
    )
    awards = {r[0]: f"{format_gbp(r[1], bool(r[2]), r[3])} {from_funder(r[4])}" for r in q(award_sql)}
    sources: list[tuple[str, dict[str, str], str]] = [
        ("person", people, "SELECT person_id, start_line, end_line FROM role"),
        ("person", people, "SELECT person_id, start_line, end_line FROM person_alias"),
        ("project", projects, "SELECT project_id, start_line, end_line FROM project_source"),
        ("project", projects, "SELECT project_id, start_line, end_line FROM project_date"),
        ("project", projects, "SELECT project_id, start_line, end_line FROM project_count"),
        ("project", projects, "SELECT project_id, start_line, end_line FROM project_money"),
        ("funding", awards, "SELECT award_id, start_line, end_line FROM award_statement"),
        ("discrepancy", discrepancies, "SELECT discrepancy_id, start_line, end_line FROM discrepancy_side"),
        ("place", places, "SELECT id, start_line, end_line FROM place"),
        ("organisation", orgs, "SELECT organisation_id, start_line, end_line FROM organisation_source"),
        ("organisation", orgs, "SELECT organisation_id, start_line, end_line FROM organisation_name"),
        ("area", areas, "SELECT area_id, start_line, end_line FROM area_coverage"),
    ]
    by_line: dict[int, dict[RecordRef, LineRecord]] = defaultdict(dict)
    passages: dict[RecordRef, set[tuple[int, int]]] = defaultdict(set)
    for kind, names, sql in sources:
        for record_id, start, end in q(sql):
            if start is None or end is None:
                continue
            ref = RecordRef(kind, record_id)
            rec = LineRecord(ref, clean(names.get(record_id, record_id)))
            passages[ref].add((start, end))
            for line in range(start, end + 1):
                by_line[line].setdefault(ref, rec)
    records = {line: tuple(sorted(recs.values(), key=_record_order)) for line, recs in by_line.items()}
    record_lines = {ref: tuple(SourceRef(a, b) for a, b in _merge(spans)) for ref, spans in passages.items()}
    return records, record_lines


def _merge(spans: Iterable[tuple[int, int]]) -> list[tuple[int, int]]:
    """Line ranges sorted, overlapping or touching ones merged."""
    out: list[tuple[int, int]] = []
    for a, b in sorted(spans):
        if out and a <= out[-1][1] + 1:
            out[-1] = (out[-1][0], max(out[-1][1], b))
        else:
            out.append((a, b))
    return out


def line_count(db: Database) -> int:
    """How many lines the report has."""
    try:
        row = db.conn.execute("SELECT count(*) FROM source_line").fetchone()
    except sqlite3.DatabaseError as exc:
        raise DatabaseError(
            f"{db.path} could not be read ({exc}); rebuild it with `python build_db.py`"
        ) from exc
    return int(row[0])


def grep(report: Report, query: str) -> list[dict[str, object]]:
    """Every line matching ``query`` as {line, text, section, section_id, records: [{kind, id, name}]}."""
    result = report.find(query)
    out: list[dict[str, object]] = []
    for line in result.lines():
        part = report.part_of(line)
        out.append({
            "line": line,
            "text": report.text(line),
            "section": part.heading if part else "",
            "section_id": part.id if part else "",
            "records": [{"kind": r.ref.kind, "id": r.ref.id, "name": r.name} for r in report.records_at(line)],
        })  # fmt: skip
    return out
