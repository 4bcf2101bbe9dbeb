"""An option-list entry that names a record: choosing it opens ``ref`` (no "kind:id" option ids)."""

from __future__ import annotations

from textual.visual import VisualType
from textual.widgets.option_list import Option

from collab_tui.models import RecordRef


class RecordOption(Option):
    """An option for one record; ``ref`` is the record it stands for."""

    def __init__(self, prompt: VisualType, ref: RecordRef, *, disabled: bool = False) -> None:
        super().__init__(prompt, disabled=disabled)
        self.ref = ref
        """The record this option opens."""


def option_ref(option: Option | None) -> RecordRef | None:
    """The record an option stands for, or None for any other option (a notice, a heading)."""
    return option.ref if isinstance(option, RecordOption) else None
