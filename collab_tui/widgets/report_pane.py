"""The Report pane (key 5): the report's own text, its contents, find, and the records drawn from it."""

from __future__ import annotations

from textual import on, work
from textual.actions import SkipAction
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.message import Message
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option
from textual.worker import get_current_worker

from collab_tui.db import Database
from collab_tui.models import RecordRef
from collab_tui.report import KIND_LABELS, FindResult, LineRecord, Report
from collab_tui.safe_text import clean
from collab_tui.widgets.record_option import RecordOption, option_ref
from collab_tui.widgets.report_view import ReportView


class ReportPane(Vertical):
    """Contents on the left, the text on the right, a find bar and a status line below.

    | Key | Does |
    | :- | :- |
    | / or f | find in the report (words, "a phrase", prefix*, tri-service, £1.6m) |
    | n / N | next / previous hit |
    | o | contents on / off |
    | escape | close the records list or the find bar; then back |

    Takes part in the main screen's navigation as a pane does: ``table`` (what gets the focus),
    ``load()``, ``open(line)`` and ``current_ref()`` (a ``RecordRef("line", N)``).
    """

    CSS_FILE = "report.tcss"  # its styles, read when the pane is first built (CollabApp.load_css)
    BINDINGS = [
        Binding("slash", "find", "Find", tooltip="Find in the report's text", id="report.find"),
        Binding("f", "find", "Find", show=False),
        Binding("o", "toggle_contents", "Contents", tooltip="Show / hide the contents", id="report.contents"),
        Binding("escape", "close", "Close", show=False),
    ]

    class OpenRecord(Message):
        """The user chose a record drawn from a paragraph."""

        def __init__(self, ref: RecordRef) -> None:
            super().__init__()
            self.ref = ref

    def __init__(self, db: Database, *, id: str | None = None) -> None:
        super().__init__(id=id, classes="report-pane")
        self.db = db
        self.report = Report.load(db)
        self.last_find = ""

    def compose(self) -> ComposeResult:
        with Horizontal(id="report-body"):
            contents = OptionList(
                *(Option(Content(clean(p.label)), id=p.id) for p in self.report.parts), id="report-contents"
            )
            contents.border_title = "Contents"
            yield contents
            with Vertical(id="report-main"):
                yield ReportView(self.report, id="report-view")
                yield OptionList(id="report-records")
        with Horizontal(id="report-find"):
            yield Input(
                placeholder='find: words, "a phrase", prefix*, tri-service, £1.6m', id="report-find-input"
            )
            yield Static("", id="report-find-count")
        yield Static("", id="report-status")

    def on_mount(self) -> None:
        self.query_one("#report-find").display = False
        self.query_one("#report-records").display = False
        self.update_status()

    # --- the pane interface the main screen uses ------------------------------------------------

    @property
    def view(self) -> ReportView:
        return self.query_one(ReportView)

    @property
    def table(self) -> ReportView:
        """What gets the focus when the pane is shown (named as the other panes' tables)."""
        return self.view

    def load(self) -> None:
        """Nothing to fill: the text is read when the pane is built."""

    def open(self, record_id: str) -> bool:
        """Go to a line (``record_id`` is the line number as text)."""
        try:
            line = int(record_id)
        except ValueError:
            return False
        if not 1 <= line <= len(self.report):
            return False
        if self.report.paragraph_index(line) != self.view.cursor or self.view.wrapped is None:
            self.view.go_to_line(line)  # coming back to where the cursor is: the text stays put
        return True

    def current_ref(self) -> RecordRef:
        """Where the cursor is, as a line reference (for the back-history)."""
        return RecordRef("line", str(self.view.line))

    def show_record(self, ref: RecordRef) -> bool:
        """Highlight a record's lines and go to the first; False if the report draws it from no line."""
        passages = self.report.record_lines(ref)
        if not passages:
            return False
        label = (
            f"line {ref.id}"
            if ref.kind == "line"
            else f"{KIND_LABELS.get(ref.kind, ref.kind)} {clean(self.report.name_of(ref))}"
        )
        if self.view.hits:
            self.close_find()
        self.view.set_passages(passages, label)
        return True

    # --- contents ---------------------------------------------------------------------------

    @on(OptionList.OptionSelected, "#report-contents")
    def _part_chosen(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        part = next((p for p in self.report.parts if p.id == event.option.id), None)
        if part is not None:
            self.view.go_to_part(part)
            self.view.focus()

    def action_toggle_contents(self) -> None:
        contents = self.query_one("#report-contents", OptionList)
        contents.display = not contents.display
        if not contents.display and contents.has_focus:
            self.view.focus()

    @on(ReportView.Moved)
    def _moved(self) -> None:
        self.update_status()
        part = self.view.part
        contents = self.query_one("#report-contents", OptionList)
        if part is not None and not contents.has_focus:
            index = next((i for i, p in enumerate(self.report.parts) if p.id == part.id), None)
            if index is not None and contents.highlighted != index:
                contents.highlighted = index

    # --- records drawn from a paragraph ---------------------------------------------------------

    @on(ReportView.RecordsRequested)
    def _records(self, event: ReportView.RecordsRequested) -> None:
        event.stop()
        self.show_records(event.records, event.paragraph.start_line, event.paragraph.end_line)

    def show_records(self, records: tuple[LineRecord, ...], start: int, end: int) -> None:
        box = self.query_one("#report-records", OptionList)
        box.clear_options()
        for rec in records:
            label = Content.assemble(
                Content.styled(f"{KIND_LABELS.get(rec.ref.kind, rec.ref.kind):<13}", "$text-muted"),
                Content(clean(rec.name)),
            )
            box.add_option(RecordOption(label, rec.ref))
        where = f"line {start}" if start == end else f"lines {start}-{end}"
        box.border_title = f"Drawn from {where}: enter opens, escape closes"
        box.display = True
        box.highlighted = 0
        box.focus()

    def close_records(self) -> bool:
        box = self.query_one("#report-records", OptionList)
        if not box.display:
            return False
        box.display = False
        self.view.focus()
        return True

    @on(OptionList.OptionSelected, "#report-records")
    def _record_chosen(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        ref = option_ref(event.option)
        if ref is None:
            return
        self.close_records()
        if ref.kind == "discrepancy":
            # A discrepancy has no pane of its own: its sides are highlighted here, n / N between them.
            self.show_record(ref)
            return
        self.post_message(self.OpenRecord(ref))

    # --- find -------------------------------------------------------------------------------

    def action_find(self) -> None:
        bar = self.query_one("#report-find")
        bar.display = True
        field = self.query_one("#report-find-input", Input)
        self.screen.set_focus(field)

    def find(self, query: str) -> None:
        """Run a find and highlight every hit (the first becomes current on enter or n)."""
        self.show_found(self.report.find(query))

    def show_found(self, result: FindResult) -> None:
        self.last_find = result.query
        self.view.set_hits(result.hits)

    @work(thread=True, exclusive=True, group="report-find")
    def find_in_background(self, query: str) -> None:
        """Find as the user types, off the UI thread: a long text never stalls the keys."""
        result = self.report.find(query)
        if not get_current_worker().is_cancelled:
            self.app.call_from_thread(self._found_in_background, result)

    def _found_in_background(self, result: FindResult) -> None:
        # A result for what the field no longer says is stale: drop it.
        if self.query_one("#report-find-input", Input).value == result.query:
            self.show_found(result)

    @on(Input.Changed, "#report-find-input")
    def _find_changed(self, event: Input.Changed) -> None:
        event.stop()
        self.find_in_background(event.value)

    @on(Input.Submitted, "#report-find-input")
    def _find_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        if event.value != self.last_find:
            self.find(event.value)
        if self.view.hits:
            self.view.next_hit(1)
        self.view.focus()

    def close_find(self) -> None:
        self.query_one("#report-find").display = False
        field = self.query_one("#report-find-input", Input)
        field.value = ""
        self.last_find = ""
        self.view.set_hits(())
        self.view.focus()

    def action_close(self) -> None:
        """Escape: close the records list, else the find bar; else back to where the user came from."""
        if self.close_records():
            return
        if self.query_one("#report-find").display or self.view.hits:
            self.close_find()
            return
        # Nothing of ours to close: the screen's Escape (back) has the key.
        raise SkipAction()

    # --- the status line ----------------------------------------------------------------------

    def update_status(self) -> None:
        view = self.view
        part = view.part
        # What n / N do first (it matters most and must survive a narrow terminal), then where.
        parts = []
        if view.hits:
            at = (
                f"{view.current_hit + 1} of {len(view.hits)}"
                if view.current_hit is not None
                else f"{len(view.hits)} hits"
            )
            parts.append(f"find {self.last_find!r}: {at} (n / N)")
        elif self.last_find:
            parts.append(f"find {self.last_find!r}: no hits")
        elif view.passages:
            n = len(view.passages)
            parts.append(
                f"{view.passage_label}: passage {view.current_passage + 1} of {n}"
                + (" (n / N)" if n > 1 else "")
            )
        parts += [f"{clean(part.label)}" if part else "", f"line {view.line} of {len(self.report)}"]
        status = self.query_one("#report-status", Static)
        status.update(Content("  ·  ".join(p for p in parts if p)))
        count = self.query_one("#report-find-count", Static)
        if view.hits:
            count.update(Content(f"{view.current_hit + 1} of {len(view.hits)}" if view.current_hit is not None
                                 else f"{len(view.hits)} hits"))  # fmt: skip
        else:
            count.update(Content("no hits" if self.last_find.strip() else ""))
