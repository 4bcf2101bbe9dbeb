"""The models' cheap NamedTuple base (collab_tui.tuples) makes what typing.NamedTuple makes: the same
fields, defaults, equality, ordering, _replace, methods, properties, class methods and pickling."""

from __future__ import annotations

import pickle
import typing

import pytest

from collab_tui import models, tuples
from collab_tui.models import Leader, RecordRef, SourceRef, Start
from collab_tui.search import WEIGHTS, SearchHit, Weights


def test_a_record_reference_is_the_tuple_of_its_kind_and_id() -> None:
    ref = RecordRef("person", "ken-wenman")
    assert ref == ("person", "ken-wenman") and tuple(ref) == ("person", "ken-wenman")
    assert (ref.kind, ref.id) == ("person", "ken-wenman") and RecordRef(kind="area", id="kent").id == "kent"
    assert str(ref) == "person ken-wenman"  # its own __str__
    assert repr(ref) == "RecordRef(kind='person', id='ken-wenman')"
    assert sorted([RecordRef("person", "b"), RecordRef("area", "kent"), RecordRef("person", "a")]) == [
        RecordRef("area", "kent"), RecordRef("person", "a"), RecordRef("person", "b")
    ]  # fmt: skip
    assert {ref: 1}[("person", "ken-wenman")] == 1 and hash(ref) == hash(("person", "ken-wenman"))
    assert ref._replace(id="nick-alston") == RecordRef("person", "nick-alston")
    assert ref._asdict() == {"kind": "person", "id": "ken-wenman"} and RecordRef._fields == ("kind", "id")
    assert pickle.loads(pickle.dumps(ref)) == ref and type(pickle.loads(pickle.dumps(ref))) is RecordRef
    with pytest.raises(AttributeError):
        ref.kind = "area"  # type: ignore[misc]


def test_defaults_methods_properties_and_class_methods_are_kept() -> None:
    assert SourceRef(195, 195).quote == "" and SourceRef(195, 195).label == "line 195"
    assert SourceRef(12, 14, "q").label == "lines 12-14"
    assert Start.line(1065) == Start(ref=RecordRef("line", "1065"), query=None, pair=None)
    assert Start.compare("suffolk", "norfolk").pair == ("suffolk", "norfolk")
    assert Start.__doc__ and "deep link" in Start.__doc__
    assert Start._field_defaults == {"ref": None, "query": None, "pair": None}
    leader = Leader("ken-wenman", "Ken Wenman", "Ken Wenman", "ambulance_chief_executive", "Chief Executive",
                    None, None, None, None, None, False, None, SourceRef(1, 1))  # fmt: skip
    assert leader.listed_under is None and leader.where_listed == ""
    assert leader._replace(listed_under="Kent").where_listed == "listed under Kent"


def test_the_fields_and_their_annotations_are_typings() -> None:
    """For every model, the same class through typing.NamedTuple has the same fields, defaults and
    annotations (so the type checker, which reads typing's, and the run time agree)."""
    classes = [c for c in vars(models).values() if isinstance(c, type) and issubclass(c, tuple)]
    assert len(classes) >= 18
    for cls in [*classes, SearchHit, Weights]:
        assert isinstance(cls, type) and issubclass(cls, tuple)
        fields = [(name, cls._field_defaults[name]) if name in cls._field_defaults else (name,)
                  for name in cls._fields]  # fmt: skip
        namespace = {"__annotations__": dict(cls.__annotations__), "__module__": cls.__module__}
        namespace.update({f[0]: f[1] for f in fields if len(f) == 2})
        reference = typing.NamedTupleMeta(cls.__name__, (typing._NamedTuple,), namespace)  # type: ignore[attr-defined]
        assert reference._fields == cls._fields, cls
        assert reference._field_defaults == cls._field_defaults, cls
        assert list(cls.__annotations__) == list(cls._fields), cls
    assert Weights() == WEIGHTS and WEIGHTS.confident == 75.0 and WEIGHTS._replace(tie=3.0).tie == 3.0


def test_what_typing_refuses_is_refused() -> None:
    with pytest.raises(TypeError, match="without a default follows"):

        class Bad(tuples.NamedTuple):  # type: ignore[misc]
            a: int = 1
            b: int

    with pytest.raises(AttributeError, match="_replace"):

        class Worse(tuples.NamedTuple):  # type: ignore[misc]
            a: int

            def _replace(self) -> None: ...

    with pytest.raises(TypeError):
        tuples.NamedTuple("Functional", [("a", int)])


def test_each_class_is_what_collections_namedtuple_makes() -> None:
    """The same signature, defaults, messages, documentation and members as collections.namedtuple's
    own class for the same fields."""
    import collections
    import inspect

    for cls in [Leader, SourceRef, RecordRef, Start, SearchHit, Weights]:
        defaults = list(cls._field_defaults.values())
        reference = collections.namedtuple(
            cls.__name__, cls._fields, defaults=defaults, module=cls.__module__
        )
        assert inspect.signature(cls.__new__) == inspect.signature(reference.__new__), cls
        assert (
            cls.__new__.__doc__ == reference.__new__.__doc__
            and cls.__new__.__module__ == reference.__new__.__module__
        )
        assert (
            cls._field_defaults == reference._field_defaults
            and cls.__match_args__ == reference.__match_args__
        )
        for name in ("_make", "_replace", "__repr__", "_asdict", "__getnewargs__"):
            assert getattr(cls, name).__qualname__ == getattr(reference, name).__qualname__, (cls, name)
        for name in cls._fields:
            assert getattr(cls, name).__doc__ == getattr(reference, name).__doc__
    with pytest.raises(
        TypeError, match=r"SourceRef.__new__\(\) missing 1 required positional argument: 'end_line'"
    ):
        SourceRef(195)  # type: ignore[call-arg]
    with pytest.raises(ValueError, match="Got unexpected field names"):
        SourceRef(1, 2)._replace(line=3)  # type: ignore[call-arg]
    with pytest.raises(TypeError, match="Expected 3 arguments, got 2"):
        SourceRef._make([1, 2])
    assert SourceRef(start_line=12, end_line=14).label == "lines 12-14"
