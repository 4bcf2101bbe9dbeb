"""``NamedTuple`` as ``typing.NamedTuple`` writes it, made at a fraction of its cost at start-up.

The models and the search's records are classes in ``typing.NamedTuple``'s syntax (fields with
annotations and defaults, docstrings, methods, properties, class methods). Type checkers read
them through ``typing.NamedTuple`` (the modules import it under ``TYPE_CHECKING``); at run time
this base makes the same class with ``collections.namedtuple``: the same fields, defaults, tuple
equality and ordering, ``_replace``, ``_asdict``, ``_fields``, ``__annotations__`` and
pickling. What it leaves out is ``typing``'s check of every annotation (each one a
``typing.ForwardRef``, compiled, with ``from __future__ import annotations``) and importing
``typing`` at all: about 5 ms of every command-line lookup, which defines 26 such classes.
"""

from __future__ import annotations

from collections import namedtuple

# What collections.namedtuple makes itself, or what a class body holds that is not a member.
_NOT_COPIED = frozenset({"__module__", "__qualname__", "__annotations__", "__doc__", "__dict__",
                         "__weakref__", "__slots__", "__classcell__", "__orig_bases__"})  # fmt: skip
# What a named tuple's class may not redefine (as typing.NamedTuple refuses it).
_PROHIBITED = frozenset({"__new__", "__init__", "__getnewargs__", "_fields", "_field_defaults",
                         "_make", "_replace", "_asdict", "_source"})  # fmt: skip


class _NamedTupleMeta(type):
    """Makes each class written as ``class X(NamedTuple)`` a ``collections.namedtuple``."""

    def __new__(mcs, typename: str, bases: tuple[type, ...], namespace: dict[str, object]) -> type:
        if bases != (_NamedTupleBase,):
            raise TypeError("a named tuple may only derive from NamedTuple")
        annotations = dict(namespace.get("__annotations__", {}))  # type: ignore[call-overload]
        fields = list(annotations)
        defaults = [namespace[name] for name in fields if name in namespace]
        if any(name not in namespace for name in fields[len(fields) - len(defaults) :]):
            raise TypeError(f"{typename}: a field without a default follows one with a default")
        cls = _named(typename, fields, defaults, str(namespace["__module__"]))
        cls.__annotations__ = annotations
        if "__classcell__" in namespace:  # a method using super() or __class__ refers to this class
            namespace["__classcell__"].cell_contents = cls  # type: ignore[attr-defined]
        cls.__qualname__ = str(namespace.get("__qualname__", typename))
        if "__doc__" in namespace:
            cls.__doc__ = namespace["__doc__"]  # type: ignore[assignment]
        for key, value in namespace.items():
            if key in _PROHIBITED:
                raise AttributeError(f"cannot overwrite NamedTuple attribute {key}")
            if key not in _NOT_COPIED and key not in fields:
                setattr(cls, key, value)
        return cls


_NamedTupleBase = type.__new__(_NamedTupleMeta, "NamedTuple", (), {})


def NamedTuple(typename: str, fields: object = None, /) -> None:
    """Only as a base class (``class X(NamedTuple)``): the functional form is typing's."""
    raise TypeError("collab_tui.tuples.NamedTuple is a base class only: write class X(NamedTuple)")


NamedTuple.__mro_entries__ = lambda bases: (_NamedTupleBase,)  # type: ignore[attr-defined]


def _named(typename: str, fields: list[str], defaults: list[object], module: str) -> type:
    """``collections.namedtuple``'s class for these fields and defaults."""
    return namedtuple(typename, fields, defaults=defaults, module=module)
