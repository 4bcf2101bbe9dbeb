"""JSON read and written through the json package's C part (``_json``), without importing the package.

Importing ``json`` costs a command-line lookup about 1.3 ms (its pure-Python decoder and encoder classes,
and six regular expressions compiled at import), for two calls. :func:`loads` is ``json.loads`` for a
document with no whitespace around it (the stored search index's lines, as build_db.py writes them);
:func:`dumps` is ``json.dumps(value, indent=2, ensure_ascii=...)``, the same text for the same value
(dicts, lists, tuples, strings, numbers, booleans, None). Anything else, or an interpreter without
``_json``, goes to the json package itself. Plain Python; no Textual, no Rich.
"""

from __future__ import annotations

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Callable
    from typing import Any

try:
    from _json import encode_basestring, encode_basestring_ascii
except ImportError:  # pragma: no cover - CPython has it
    from json.encoder import py_encode_basestring as encode_basestring
    from json.encoder import py_encode_basestring_ascii as encode_basestring_ascii


class _Decoding:
    """What ``_json``'s scanner reads from a ``json.JSONDecoder``: json.loads's defaults."""

    strict = True
    object_hook = None
    object_pairs_hook = None
    parse_float = float
    parse_int = int
    parse_constant = {"-Infinity": float("-inf"), "Infinity": float("inf"), "NaN": float("nan")}.__getitem__


def _scanner() -> Callable[[str, int], tuple[Any, int]] | None:
    """``_json``'s scanner with json.loads's defaults, or None where there is no ``_json``."""
    try:
        from _json import make_scanner
    except ImportError:  # pragma: no cover
        return None
    return make_scanner(_Decoding())  # type: ignore[arg-type]  # read as a JSONDecoder is


_scan = _scanner()


def loads(text: str) -> Any:
    """The value of a JSON document (``json.loads``, with no whitespace around it); ValueError if it is not one."""
    if _scan is None:  # pragma: no cover
        import json

        return json.loads(text)
    try:
        value, end = _scan(text, 0)
    except StopIteration:
        raise ValueError("expecting a JSON value at the start") from None
    if end != len(text):
        raise ValueError(f"extra data after the JSON value (at {end})")
    return value


def dumps(value: Any, ensure_ascii: bool = False) -> str:
    """``json.dumps(value, indent=2, ensure_ascii=ensure_ascii)``: the same text."""
    parts: list[str] = []
    try:
        _encode(value, parts, "\n", encode_basestring_ascii if ensure_ascii else encode_basestring)
    except _NotPlain:
        import json  # another type: the json package's own result (or its TypeError)

        return json.dumps(value, indent=2, ensure_ascii=ensure_ascii)
    return "".join(parts)


class _NotPlain(Exception):
    """A value (or a key) json.dumps would write through a default, or refuse."""


def _encode(value: Any, parts: list[str], newline: str, string: Callable[[str], str]) -> None:
    """Append ``value``'s JSON text at the indentation ``newline`` ends with."""
    if isinstance(value, str):
        parts.append(string(value))
    elif value is None:
        parts.append("null")
    elif value is True:
        parts.append("true")
    elif value is False:
        parts.append("false")
    elif isinstance(value, int):
        parts.append(int.__repr__(value))
    elif isinstance(value, float):
        parts.append(_float(value))
    elif isinstance(value, list | tuple):
        if not value:
            parts.append("[]")
            return
        inner = newline + "  "
        parts.append("[")
        for i, item in enumerate(value):
            parts.append(inner if i == 0 else "," + inner)
            _encode(item, parts, inner, string)
        parts.append(newline + "]")
    elif isinstance(value, dict):
        if not value:
            parts.append("{}")
            return
        inner = newline + "  "
        parts.append("{")
        for i, (key, item) in enumerate(value.items()):
            parts.append(inner if i == 0 else "," + inner)
            parts.append(string(_key(key)))
            parts.append(": ")
            _encode(item, parts, inner, string)
        parts.append(newline + "}")
    else:
        raise _NotPlain


def _key(key: object) -> str:
    """A dict key as json.dumps writes it (a string; numbers, booleans and None as their JSON text)."""
    if isinstance(key, str):
        return key
    if key is None:
        return "null"
    if key is True or key is False:
        return "true" if key else "false"
    if isinstance(key, int):
        return int.__repr__(key)
    if isinstance(key, float):
        return _float(key)
    raise _NotPlain


def _float(value: float) -> str:
    if value != value:
        return "NaN"
    if value in (float("inf"), float("-inf")):
        return "Infinity" if value > 0 else "-Infinity"
    return float.__repr__(value)
