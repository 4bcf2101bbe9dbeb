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

import sys
from collections import namedtuple
from types import CodeType, FunctionType

try:
    from _collections import _tuplegetter  # type: ignore[import-not-found]  # what collections.namedtuple makes each field's property with
except ImportError:  # pragma: no cover - CPython has it
    _tuplegetter = None

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
    """``collections.namedtuple(typename, fields, defaults=defaults, module=module)``: the same class,
    made without compiling a ``__new__`` for each (namedtuple evals one per class, half its cost): one
    is compiled per number of fields and given the fields' names (so keywords and messages use them)."""
    if _tuplegetter is None or any(
        not f.isidentifier() or f.startswith("_") for f in fields
    ):  # pragma: no cover
        return namedtuple(typename, fields, defaults=defaults, module=module)  # its checks and messages
    typename = sys.intern(typename)
    field_names = tuple(map(sys.intern, fields))
    num_fields = len(field_names)
    arg_list = ", ".join(field_names) + ("," if num_fields == 1 else "")
    repr_fmt = "(" + ", ".join(f"{name}=%r" for name in field_names) + ")"
    tuple_new = tuple.__new__
    code = _new_code(num_fields).replace(co_varnames=("_cls", *field_names), co_name="__new__",
                                          co_qualname=f"{typename}.__new__")  # fmt: skip
    globals_ = {"_tuple_new": tuple_new, "__builtins__": {}, "__name__": f"namedtuple_{typename}"}
    __new__ = FunctionType(code, globals_, "__new__", tuple(defaults))
    __new__.__doc__ = f"Create new instance of {typename}({arg_list})"

    @classmethod  # type: ignore[misc]
    def _make(cls, iterable):  # type: ignore[no-untyped-def]
        result = tuple_new(cls, iterable)
        if len(result) != num_fields:
            raise TypeError(f"Expected {num_fields} arguments, got {len(result)}")
        return result

    _make.__func__.__doc__ = f"Make a new {typename} object from a sequence or iterable"  # type: ignore[attr-defined]

    def _replace(self, /, **kwds):  # type: ignore[no-untyped-def]
        result = self._make(map(kwds.pop, field_names, self))
        if kwds:
            raise ValueError(f"Got unexpected field names: {list(kwds)!r}")
        return result

    _replace.__doc__ = f"Return a new {typename} object replacing specified fields with new values"

    def __repr__(self):  # type: ignore[no-untyped-def]
        "Return a nicely formatted representation string"
        return self.__class__.__name__ + repr_fmt % self

    def _asdict(self):  # type: ignore[no-untyped-def]
        "Return a new dict which maps field names to their values."
        return dict(zip(self._fields, self, strict=False))

    def __getnewargs__(self):  # type: ignore[no-untyped-def]
        "Return self as a plain tuple.  Used by copy and pickle."
        return tuple(self)

    for method in (__new__, _make.__func__, _replace, __repr__, _asdict, __getnewargs__):  # type: ignore[attr-defined]
        method.__qualname__ = f"{typename}.{method.__name__}"
    class_namespace = {
        "__doc__": f"{typename}({arg_list})", "__slots__": (), "_fields": field_names,
        "_field_defaults": dict(zip(field_names[num_fields - len(defaults):], defaults, strict=True)),
        "__new__": __new__, "_make": _make, "_replace": _replace, "__repr__": __repr__, "_asdict": _asdict,
        "__getnewargs__": __getnewargs__, "__match_args__": field_names,
    }  # fmt: skip
    for index, name in enumerate(field_names):
        class_namespace[name] = _tuplegetter(index, sys.intern(f"Alias for field number {index}"))
    result = type(typename, (tuple,), class_namespace)
    result.__module__ = module
    return result


_NEW_CODES: dict[int, CodeType] = {}


def _new_code(arity: int) -> CodeType:
    """The code of namedtuple's ``__new__`` for ``arity`` fields (named _0, _1 ...), compiled once."""
    code = _NEW_CODES.get(arity)
    if code is None:
        args = "".join(f", _{i}" for i in range(arity))
        body = args[2:] + ("," if arity == 1 else "")
        new = eval(
            f"lambda _cls{args}: _tuple_new(_cls, ({body}))",
            {"_tuple_new": tuple.__new__, "__builtins__": {}},
        )
        code = _NEW_CODES[arity] = new.__code__
    return code
