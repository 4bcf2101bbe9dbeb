"""The report's text as a virtual list: only the rows on screen are drawn (Textual's Line API).

The text, its paragraphs, the records drawn from each line and find all come from
``collab_tui.report``; this widget wraps, draws and moves a cursor over paragraphs.
"""

from __future__ import annotations

import bisect
from collections import defaultdict
from collections.abc import Sequence

from rich.segment import Segment
from rich.style import Style
from textual import events
from textual.binding import Binding
from textual.geometry import Region, Size
from textual.message import Message
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip

from collab_tui.models import SourceRef
from collab_tui.report import Hit, LineRecord, Paragraph, Part, Report
from collab_tui.report_layout import Layout

MARK = "▌"
"""The margin mark of a paragraph that records are drawn from."""


class ReportView(ScrollView, can_focus=True):
    """The report's text: line numbers, margin marks, find hits and a record's lines highlighted.

    | Key | Does |
    | :- | :- |
    | up down, j k | previous / next paragraph |
    | page up / page down, home / end | scroll a page, go to the start / end |
    | enter | list the records drawn from the paragraph (marked ▌ in the margin) |
    | n / N | next / previous find hit (or, with no find, the record's next / previous passage) |
    | l | line numbers on / off |
    """

    COMPONENT_CLASSES = {
        "report-view--gutter",
        "report-view--gutter-cursor",
        "report-view--mark",
        "report-view--cursor",
        "report-view--heading",
        "report-view--part",
        "report-view--passage",
        "report-view--hit",
        "report-view--hit-current",
    }
    BINDINGS = [
        Binding("down,j", "move(1)", "Next ¶", show=False),
        Binding("up,k", "move(-1)", "Previous ¶", show=False),
        Binding("pagedown,space", "page(1)", "Page down", show=False),
        Binding("pageup", "page(-1)", "Page up", show=False),
        Binding("home", "edge(0)", "Start", show=False),
        Binding("end", "edge(1)", "End", show=False),
        Binding(
            "enter",
            "records",
            "Records",
            tooltip="List the records drawn from this paragraph",
            id="report.records",
        ),
        Binding(
            "n", "next(1)", "Next", tooltip="Next find hit, or the record's next passage", id="report.next"
        ),
        Binding("N", "next(-1)", "Previous", tooltip="Previous find hit, or passage", id="report.previous"),
        Binding("l", "toggle_gutter", "Line nos", tooltip="Line numbers on / off", id="report.gutter"),
    ]

    line_numbers: reactive[bool] = reactive(True)
    """Line numbers shown in a gutter."""

    class Moved(Message):
        """The cursor moved to another paragraph (or the find or passages changed)."""

    class RecordsRequested(Message):
        """Enter on a paragraph: the records drawn from it."""

        def __init__(self, paragraph: Paragraph, records: tuple[LineRecord, ...]) -> None:
            super().__init__()
            self.paragraph = paragraph
            self.records = records

    def __init__(self, report: Report, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.report = report
        self.wrapped: Layout | None = None
        self.cursor = 0
        """Index of the paragraph under the cursor."""
        self.hits: tuple[Hit, ...] = ()
        self.current_hit: int | None = None
        self._hits_by_line: dict[int, list[int]] = {}
        self.passages: tuple[SourceRef, ...] = ()
        """A record's passages, highlighted (``v``); n / N go through them when no find is active."""
        self.passage_label = ""
        self.current_passage = 0
        self._passage_lines: set[int] = set()
        self._marked = self._marked_paragraphs()
        self._digits = max(4, len(str(len(report))))
        self._pending_line: int | None = None
        self._draw_width = 0
        self._draw_base = Style()
        self._draw_styles: dict[str, Style] = {}

    def _marked_paragraphs(self) -> set[int]:
        marked = set()
        paragraphs = self.report.paragraphs
        for line in self.report.records:
            i = self.report.paragraph_index(line)
            if paragraphs and paragraphs[i].start_line <= line <= paragraphs[i].end_line:
                marked.add(i)
        return marked

    # --- layout -------------------------------------------------------------------------

    @property
    def _margin(self) -> int:
        return (self._digits + 1 if self.line_numbers else 0) + 2

    def _text_width(self) -> int:
        return max(10, self.scrollable_content_region.width - self._margin)

    def _relayout(self) -> None:
        width = self._text_width()
        if self.wrapped is not None and self.wrapped.width == width:
            return
        anchor = None
        if self.wrapped is not None and self.wrapped.rows:
            row = min(int(self.scroll_y), self.wrapped.rows - 1)
            anchor = (self.wrapped.row_line[row], self.wrapped.row_start[row])
        self.wrapped = Layout(self.report.lines, width)
        self.virtual_size = Size(self.scrollable_content_region.width, self.wrapped.rows)
        if self._pending_line is not None:
            line, self._pending_line = self._pending_line, None
            self.go_to_line(line)
        elif anchor is not None:
            self.scroll_to(y=self.wrapped.row_of(*anchor), animate=False, immediate=True)
        self.refresh()

    def on_resize(self, event: events.Resize) -> None:
        self._relayout()

    def watch_line_numbers(self) -> None:
        if self.is_mounted:
            self._relayout()
            self.refresh()

    # --- drawing --------------------------------------------------------------------------

    def render_lines(self, crop: Region) -> list[Strip]:
        # Work out the width and the styles once for all the rows drawn, not once a row.
        self._draw_width = self.scrollable_content_region.width
        self._draw_base = self.rich_style
        self._draw_styles = {name: self.get_component_rich_style(name) for name in self.COMPONENT_CLASSES}
        try:
            return super().render_lines(crop)
        finally:
            self._draw_styles = {}

    def render_line(self, y: int) -> Strip:
        if not self._draw_styles:  # called on its own (tests): the same set-up
            self._draw_width = self.scrollable_content_region.width
            self._draw_base = self.rich_style
            self._draw_styles = {name: self.get_component_rich_style(name) for name in self.COMPONENT_CLASSES}
        width, base, styles = self._draw_width, self._draw_base, self._draw_styles
        layout = self.wrapped
        row = int(self.scroll_y) + y
        if layout is None or row >= layout.rows:
            return Strip.blank(width, base)
        line, start, end = layout.row_span(row)
        text = self.report.lines[line - 1]
        p_index = self.report.paragraph_index(line)
        paragraphs = self.report.paragraphs
        para = paragraphs[p_index] if paragraphs else None
        in_para = para is not None and para.start_line <= line <= para.end_line
        at_cursor = in_para and p_index == self.cursor
        style = styles.__getitem__
        segments: list[Segment] = []
        if self.line_numbers:
            number = f"{line:>{self._digits}} " if start == 0 and text.strip() else " " * (self._digits + 1)
            gutter_style = style("report-view--gutter-cursor" if at_cursor else "report-view--gutter")
            segments.append(Segment(number, base + gutter_style))
        marked = in_para and p_index in self._marked
        segments.append(Segment(MARK if marked else " ", base + style("report-view--mark")))
        segments.append(Segment(" ", base))
        text_style = base
        if line in self.report.headings:
            part = self.report.part_of(line)
            heading = part is not None and part.start_line == line
            text_style += style("report-view--part" if heading else "report-view--heading")
        if line in self._passage_lines:
            text_style += style("report-view--passage")
        if at_cursor:
            text_style += style("report-view--cursor")
        shown = text[start:end].replace("\t", " ")
        cuts = []
        for i in self._hits_by_line.get(line, ()):
            hit = self.hits[i]
            a, b = max(hit.start, start), min(hit.end, end)
            if a < b:
                current = i == self.current_hit
                cuts.append(
                    (a - start, b - start, "report-view--hit-current" if current else "report-view--hit")
                )
        pos = 0
        for a, b, name in cuts:
            if a > pos:
                segments.append(Segment(shown[pos:a], text_style))
            segments.append(Segment(shown[a:b], text_style + style(name)))
            pos = b
        if pos < len(shown):
            segments.append(Segment(shown[pos:], text_style))
        return Strip(segments).crop_extend(
            0, width, text_style if at_cursor or line in self._passage_lines else base
        )

    # --- where things are ----------------------------------------------------------------

    @property
    def paragraph(self) -> Paragraph | None:
        """The paragraph under the cursor."""
        paragraphs = self.report.paragraphs
        return paragraphs[self.cursor] if paragraphs else None

    @property
    def line(self) -> int:
        """The first line of the paragraph under the cursor (1 for an empty report)."""
        para = self.paragraph
        return para.start_line if para else 1

    @property
    def part(self) -> Part | None:
        return self.report.part_of(self.line)

    def _set_cursor(self, index: int, *, scroll: bool = True, top: bool = False) -> None:
        paragraphs = self.report.paragraphs
        if not paragraphs:
            return
        self.cursor = max(0, min(index, len(paragraphs) - 1))
        if scroll:
            self._show_line(paragraphs[self.cursor].start_line, top=top)
        self.refresh()
        self.post_message(self.Moved())

    def _show_line(self, line: int, offset: int = 0, *, top: bool = False) -> None:
        """Scroll so the row of ``line`` at ``offset`` is in view (at the top if ``top``)."""
        if self.wrapped is None:
            self._pending_line = line
            return
        row = self.wrapped.row_of(line, offset)
        height = self.scrollable_content_region.height
        if top:
            # A heading two rows down reads better than one flush with the top.
            self.scroll_to(y=max(0, row - 1), animate=False, immediate=True)
        elif row < self.scroll_y or row >= self.scroll_y + height:
            self.scroll_to(y=max(0, row - height // 3), animate=False, immediate=True)
        elif self.wrapped is not None:
            para = self.paragraph
            if para is not None and para.start_line == line:
                last = self.wrapped.row_of(para.end_line, len(self.report.text(para.end_line)))
                overflow = last - (self.scroll_y + height - 1)
                if overflow > 0:
                    self.scroll_to(y=min(row, self.scroll_y + overflow), animate=False, immediate=True)

    def go_to_line(self, line: int, *, top: bool = True) -> None:
        """Put the cursor on the paragraph at (or just before) ``line`` and show that line."""
        if self.wrapped is None:
            self._pending_line = line
            self.cursor = self.report.paragraph_index(line)
            return
        self._set_cursor(self.report.paragraph_index(line), scroll=False)
        self._show_line(line, top=top)

    def go_to_part(self, part: Part) -> None:
        self.go_to_line(part.start_line, top=True)

    def _visible_paragraph(self) -> int:
        """The first paragraph starting on screen (the cursor's own, if it is on screen)."""
        if self.wrapped is None:
            return self.cursor
        top = int(self.scroll_y)
        bottom = top + self.scrollable_content_region.height
        para = self.paragraph
        if para is not None:
            first = self.wrapped.row_of(para.start_line)
            last = self.wrapped.row_of(para.end_line, len(self.report.text(para.end_line)))
            if first < bottom and last >= top:
                return self.cursor
        if top >= self.wrapped.rows:
            return self.cursor
        line = self.wrapped.row_line[top]
        index = self.report.paragraph_index(line)
        paragraphs = self.report.paragraphs
        if paragraphs and paragraphs[index].end_line < line and index + 1 < len(paragraphs):
            index += 1
        return index

    # --- keys ------------------------------------------------------------------------------

    def action_move(self, step: int) -> None:
        start = self._visible_paragraph()
        self._set_cursor(start + step if start == self.cursor else start)

    def action_page(self, step: int) -> None:
        height = self.scrollable_content_region.height
        self.scroll_to(y=self.scroll_y + step * max(1, height - 2), animate=False, immediate=True)
        self._set_cursor(self._visible_paragraph(), scroll=False)

    def action_edge(self, end: int) -> None:
        self._set_cursor(len(self.report.paragraphs) - 1 if end else 0)
        if end:
            self.scroll_end(animate=False, immediate=True)
        else:
            self.scroll_home(animate=False, immediate=True)

    def action_toggle_gutter(self) -> None:
        self.line_numbers = not self.line_numbers

    def action_records(self) -> None:
        para = self.paragraph
        if para is None:
            return
        records = self.report.records_in(para.start_line, para.end_line)
        if records:
            self.post_message(self.RecordsRequested(para, records))
        else:
            self.notify("No record is drawn from this paragraph (marked ones have ▌ in the margin).",
                        severity="information", timeout=3)  # fmt: skip

    def action_next(self, step: int) -> None:
        if self.hits:
            self.next_hit(step)
        elif self.passages:
            self.next_passage(step)
        else:
            self.notify("Find first (/ or f), then n / N go from hit to hit.", timeout=3)

    def on_click(self, event: events.Click) -> None:
        offset = event.get_content_offset(self)
        if offset is None or self.wrapped is None:
            return
        row = int(self.scroll_y) + offset.y
        if row < self.wrapped.rows:
            line = self.wrapped.row_line[row]
            para = self.report.paragraph_at(line)
            if para is not None:
                self._set_cursor(self.report.paragraph_index(line), scroll=False)

    # --- find -----------------------------------------------------------------------------

    def set_hits(self, hits: Sequence[Hit]) -> None:
        """Highlight every hit; none is current until n / N (or ``next_hit``)."""
        self.hits = tuple(hits)
        self.current_hit = None
        by_line: dict[int, list[int]] = defaultdict(list)
        for i, hit in enumerate(self.hits):
            by_line[hit.line].append(i)
        self._hits_by_line = by_line
        self.refresh()
        self.post_message(self.Moved())

    def next_hit(self, step: int = 1) -> None:
        """Go to the next (step 1) or previous (-1) hit, across parts, wrapping round."""
        if not self.hits:
            return
        if self.current_hit is None:
            # The first hit at or after the cursor (or, backwards, before it).
            keys = [(h.line, h.start) for h in self.hits]
            at = bisect.bisect_left(keys, (self.line, 0))
            index = at if step > 0 else at - 1
        else:
            index = self.current_hit + step
        self.current_hit = index % len(self.hits)
        hit = self.hits[self.current_hit]
        self._set_cursor(self.report.paragraph_index(hit.line), scroll=False)
        self._show_line(hit.line, hit.start)
        self.refresh()
        self.post_message(self.Moved())

    # --- a record's passages -----------------------------------------------------------------

    def set_passages(self, passages: Sequence[SourceRef], label: str = "") -> None:
        """Highlight a record's lines and go to the first."""
        self.passages = tuple(passages)
        self.passage_label = label
        self._passage_lines = {n for p in self.passages for n in range(p.start_line, p.end_line + 1)}
        self.current_passage = 0
        if self.passages:
            self.go_to_line(self.passages[0].start_line, top=False)
        self.refresh()
        self.post_message(self.Moved())

    def next_passage(self, step: int = 1) -> None:
        if not self.passages:
            return
        self.current_passage = (self.current_passage + step) % len(self.passages)
        self.go_to_line(self.passages[self.current_passage].start_line, top=False)
        self.post_message(self.Moved())

    def clear_marks(self) -> bool:
        """Drop the find hits, else the highlighted passages; False if there was neither."""
        if self.hits:
            self.set_hits(())
            return True
        if self.passages:
            self.set_passages(())
            return True
        return False
