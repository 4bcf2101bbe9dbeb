"""The formats a file can be written in, the one rule that picks one, and what every file names
as its source: shared by the CLI, the exports and the app.

Small and cheap to import (not even json: collab_tui.jsontext): `collab-tui show NAME --json` needs these and none of the
table renderers of collab_tui.export (csv, dataclasses), which re-exports them.
"""

from __future__ import annotations

from collections.abc import Sequence

from collab_tui.jsontext import dumps
from collab_tui.models import VINTAGE_NOTE

TYPE_CHECKING = False  # typing itself is not imported on a lookup's path
if TYPE_CHECKING:
    from typing import Any

    from collab_tui.db import Database


def provenance(db: Database) -> dict[str, str]:
    """The source and licence every export names."""
    meta = db.meta
    return {
        "source": f"{meta.source_title} ({meta.source_year})",
        "licence": meta.licence,
        "attribution": meta.attribution,
        "vintage": VINTAGE_NOTE,
    }


def to_json(data: Any) -> str:
    """Pretty, UTF-8 JSON (pound signs and Welsh names kept as they are)."""
    return dumps(data)  # json.dumps(data, indent=2, ensure_ascii=False)


# --- formats: one rule for every command and the app ---------------------------------------

#: Every format a file can be written in; each command accepts a subset (see ``resolve_format``).
FORMATS = ("csv", "json", "md", "html", "txt")
FORMAT_NAMES = {"csv": "CSV", "json": "JSON", "md": "Markdown", "html": "HTML", "txt": "plain text"}
EXTENSIONS = {"csv": "csv", "json": "json", "md": "md", "markdown": "md", "html": "html", "htm": "html",
              "txt": "txt"}  # fmt: skip


class FormatError(ValueError):
    """A file name and a format that cannot go together; the message is one line saying what to do."""


def format_for(path: str) -> str | None:
    """The format a file name asks for by its extension (.csv .json .md .html .txt), or None."""
    name = str(path).replace("\\", "/").rsplit("/", 1)[-1]
    suffix = name.lower().rsplit(".", 1)[-1] if "." in name else ""
    return EXTENSIONS.get(suffix)


def extension_list(allowed: Sequence[str]) -> str:
    """'.csv, .json, .md or .html'."""
    names = [f".{f}" for f in allowed]
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " or " + names[-1]


def resolve_format(output: str | None, fmt: str | None, allowed: Sequence[str]) -> str | None:
    """The format to write: ``fmt`` (e.g. --format) if given, else the extension of ``output``.

    None when neither says (the caller's default, e.g. tables on a terminal). A format
    outside ``allowed``, an unknown extension with no ``fmt``, or an extension that names
    another format than ``fmt`` raises FormatError with a one-line message.
    """
    if fmt is not None and fmt not in allowed:
        raise FormatError(f"this command writes {', '.join(allowed)}, not {fmt}")
    by_name = format_for(output) if output else None
    if fmt is not None:
        if by_name is not None and by_name != fmt:
            raise FormatError(
                f"{output} ends in .{output.rsplit('.', 1)[-1]} but the format asked for is {fmt}: "  # type: ignore[union-attr]
                f"change the file name or the format"
            )
        return fmt
    if output:
        if by_name is None:
            raise FormatError(
                f"cannot tell the format from {output!r}: end it in {extension_list(allowed)}, or give --format"
            )
        if by_name not in allowed:
            raise FormatError(f"this command cannot write {FORMAT_NAMES[by_name]} ({output}): "
                              f"use {extension_list(allowed)}")  # fmt: skip
        return by_name
    return None
