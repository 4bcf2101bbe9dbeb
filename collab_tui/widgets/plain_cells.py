"""A DataTable that draws plain one-line text cells without Rich's layout machinery.

DataTable renders every cell through Rich (``Styled(Padding(cell))`` and
``console.render_lines``): about 0.09 ms a cell here, most of a first frame's
table. A cell that is a :class:`rich.text.Text` of one style, on one line, that
fits its column, needs none of that: its line is the padding, the text, and the
fill, each with the cell's styles. :class:`PlainCellTable` builds exactly those
segments (a test compares them with DataTable's own output) and hands anything
else (wrapping, truncation, spans, markup, other renderables) to DataTable.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from rich.cells import cell_len
from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual.geometry import Region
from textual.strip import Strip
from textual.widgets import DataTable
from textual.widgets.data_table import CellType, RowKey

_NULL = Style.null()


def _styled(style: Style | None, pre: Style, post: Style) -> Style | None:
    """The style Rich's ``Segment.apply_style(segments, pre, post)`` gives a segment of ``style``."""
    if pre:
        style = pre + style
    if post:
        style = style + post if style else post
    return style


def plain_line(cell: Text, width: int, padding: int, pre: Style, post: Style) -> list[Segment] | None:
    """The segments Rich draws for ``Styled(Padding(cell, (0, padding)), pre, post)`` in ``width`` cells.

    None when the cell is not plain enough to draw without Rich (the caller falls back).
    """
    plain = cell.plain
    inner = width - 2 * padding
    if not plain and not cell._spans and inner > 0:
        # An empty cell (an area with no funding): Rich draws an empty segment, then the fill.
        blank = _styled(_NULL, pre, post)
        empty = [_Segment("", blank), _Segment(" " * inner, blank)]
        return [_Segment(" " * padding, blank), *empty, _Segment(" " * padding, blank)] if padding else empty
    if (
        cell._spans
        or not plain
        or inner <= 0
        or "\n" in plain
        or "\t" in plain
        or cell.justify not in (None, "default", "left", "right")
    ):
        return None
    if cell.justify == "right":
        plain = plain.rstrip()
        if not plain:
            return None
    length = cell_len(plain)
    if length > inner:
        return None  # truncation or wrapping: DataTable knows the rules
    # A Text's own style reaches its segments only through a span (Text.render), so "" means None.
    text_style = Style.parse(cell.style) if isinstance(cell.style, str) and cell.style else cell.style or None
    fill = " " * (inner - length)
    pad = _Segment(" " * padding, _styled(_NULL, pre, post)) if padding else None
    body: list[Segment]
    if cell.justify in (None, "default"):
        body = [_Segment(plain, _styled(text_style, pre, post))]
        if fill:
            body.append(_Segment(fill, _styled(_NULL, pre, post)))
    elif cell.justify == "left":
        body = [_Segment(plain + fill, _styled(text_style, pre, post))]
    else:
        body = [_Segment(fill + plain, _styled(text_style, pre, post))]
    return [pad, *body, pad] if pad is not None else body


_Segment = Segment


class _FrameStyles:
    """A component's styles with their Rich style worked out once (everything else delegated)."""

    def __init__(self, styles: Any) -> None:
        self._styles = styles
        self.rich_style: Style = styles.rich_style

    def __getattr__(self, name: str) -> Any:
        return getattr(self._styles, name)


class PlainCellTable(DataTable[CellType]):
    """A DataTable whose plain one-line text cells are drawn directly (see the module docstring).

    While it renders its lines it also works out its own Rich style, and its components'
    (header, odd and even rows), once per call rather than once per line: DataTable asks for
    them on every line, and each answer walks every ancestor's styles.
    """

    _frame_styles: dict[tuple[str, ...], Any] | None = None

    def render_lines(self, crop: Region) -> list[Strip]:
        self._frame_styles = {}
        try:
            return super().render_lines(crop)
        finally:
            self._frame_styles = None

    @property
    def rich_style(self) -> Style:
        frame = self._frame_styles
        if frame is None:
            return super().rich_style
        if () not in frame:
            frame[()] = super().rich_style
        style: Style = frame[()]
        return style

    def get_component_styles(self, *names: str) -> Any:
        frame = self._frame_styles
        if frame is None:
            return super().get_component_styles(*names)
        if names not in frame:
            frame[names] = _FrameStyles(super().get_component_styles(*names))
        return frame[names]

    def _update_dimensions(self, new_rows: Iterable[RowKey]) -> None:
        """DataTable measures every cell of each new row (for auto-width columns, row labels and
        auto-height rows) before it sets the table's size. When every column has a fixed width and the
        new rows are one fixed height with no label, no measure can change anything (41 rows x 6 cells
        of the Areas table's first frame): only the size is set, by DataTable as ever."""
        rows = list(new_rows)
        if all(not column.auto_width for column in self.columns.values()) and all(
            row is None or (row.label is None and not row.auto_height)
            for row in (self.rows.get(key) for key in rows)
        ):
            rows = []
        super()._update_dimensions(rows)

    def _render_cell(
        self,
        row_index: int,
        column_index: int,
        base_style: Style,
        width: int,
        cursor: bool = False,
        hover: bool = False,
    ) -> Any:
        if column_index == -1:
            return super()._render_cell(row_index, column_index, base_style, width, cursor, hover)
        is_header = row_index == -1
        row_key = self._header_row_key if is_header else self._row_locations.get_key(row_index)
        column_key = self._column_locations.get_key(column_index)
        if row_key is None or column_key is None:
            return super()._render_cell(row_index, column_index, base_style, width, cursor, hover)
        # DataTable's own cache key: both paths share one cache.
        cache_key = (
            row_key,
            column_key,
            base_style,
            cursor,
            hover,
            self._show_hover_cursor,
            self._update_count,
            self._pseudo_class_state,
        )
        cache = self._cell_render_cache
        if cache_key in cache:
            return cache[cache_key]
        height = self.header_height if is_header else self.rows[row_key].height
        cell = self._get_row_renderables(row_index).cells[column_index]
        if height != 1 or not isinstance(cell, Text):
            return super()._render_cell(row_index, column_index, base_style, width, cursor, hover)
        is_fixed = not is_header and (row_index < self.fixed_rows or column_index < self.fixed_columns)
        component_style, post_style = self._get_styles_to_render_cell(
            is_header,
            False,
            is_fixed,
            hover,
            cursor,
            self.show_cursor,
            self._show_hover_cursor,
            self.cursor_foreground_priority == "css",
            self.cursor_background_priority == "css",
        )
        pre = base_style + Style.from_meta({"row": row_index, "column": column_index}) + component_style
        line = plain_line(cell, width, self.cell_padding, pre, post_style)
        if line is None:
            return super()._render_cell(row_index, column_index, base_style, width, cursor, hover)
        lines = [line]
        cache[cache_key] = lines
        return lines
