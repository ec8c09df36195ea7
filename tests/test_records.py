"""saa.records: dataclasses made on first use behave exactly as the standard library's."""

from __future__ import annotations

import copy
import dataclasses
import pickle

import pytest

from saa import records
from saa.records import dataclass


def _pair(options: dict):
    """The same class body made by saa.records and by the standard library."""

    def body():
        class Item:
            name: str
            size: float = 1.0
            tags: list = dataclasses.field(default_factory=list)
            hidden: int = dataclasses.field(default=0, repr=False, compare=False)
        return Item

    ours = dataclass(**options)(body()) if options else dataclass(body())
    theirs = dataclasses.dataclass(**options)(body()) if options else dataclasses.dataclass(body())
    return ours, theirs


@pytest.mark.parametrize("options", [{}, {"frozen": True}, {"frozen": True, "order": True}, {"eq": False}])
def test_same_behaviour_as_the_standard_library(options):
    ours, theirs = _pair(options)
    assert ours in records._pending            # nothing made before the first object
    a, b = ours("x", 2.5, ["t"], hidden=1), theirs("x", 2.5, ["t"], hidden=1)
    assert ours not in records._pending
    assert repr(a) == repr(b) == "_pair.<locals>.body.<locals>.Item(name='x', size=2.5, tags=['t'])"
    assert [f.name for f in dataclasses.fields(a)] == [f.name for f in dataclasses.fields(b)]
    assert (a == ours("x", 2.5, ["t"], hidden=9)) == (b == theirs("x", 2.5, ["t"], hidden=9))
    assert (a == ours("y")) is (b == theirs("y")) is False
    assert a.__eq__(b) is NotImplemented and b.__eq__(a) is NotImplemented
    assert (ours.__hash__ is None) == (theirs.__hash__ is None)
    if options.get("frozen"):
        c, d = ours("x", 2.5, ("t",)), theirs("x", 2.5, ("t",))
        assert hash(c) == hash(d) == hash(("x", 2.5, ("t",)))
        with pytest.raises(dataclasses.FrozenInstanceError):
            c.name = "z"
    assert ours.__doc__ == theirs.__doc__ == "Item(name: 'str', size: 'float' = 1.0, tags: 'list' = <factory>, " \
                                             "hidden: 'int' = 0)"
    assert dataclasses.replace(a, name="y").name == "y"


def test_nan_compares_as_the_generated_tuple_comparison():
    @dataclass
    class One:
        x: float

    nan = float("nan")
    assert One(nan) == One(nan)             # the same object in both tuples: equal, as the generated __eq__ says
    assert One(nan) != One(float("nan"))


@dataclass
class _Pickled:
    name: str
    n: int = 0


@dataclass(frozen=True)
class _Copied:
    name: str


def test_objects_unpickled_or_copied_before_any_was_made_make_the_class():
    raw = object.__new__(_Pickled)          # an object whose class is not made yet (as pickle would bring)
    raw.__dict__.update(name="a", n=1)
    assert _Pickled in records._pending
    thing = pickle.loads(pickle.dumps(raw))
    assert _Pickled not in records._pending
    assert thing == _Pickled("a", 1) and repr(thing) == "_Pickled(name='a', n=1)" and thing.__hash__ is None

    raw = object.__new__(_Copied)
    raw.__dict__["name"] = "b"
    twin = copy.copy(raw)
    assert _Copied not in records._pending
    assert twin == _Copied("b") and hash(twin) == hash(("b",))
    with pytest.raises(dataclasses.FrozenInstanceError):
        twin.name = "c"


def test_subclasses_make_their_bases_first_and_keep_recursion_safe_repr():
    @dataclass
    class Base:
        a: int

    @dataclass(frozen=False)
    class Child(Base):
        b: list

    class Plain(Base):
        pass

    c = Child(1, [])
    c.b.append(c)
    assert repr(c).endswith("Child(a=1, b=[...])")
    assert Base not in records._pending and Plain(3).a == 3
    assert Plain(3) != Base(3)              # another class: not equal, as the generated __eq__ says


def test_slots_classes_are_made_at_once():
    @dataclass(slots=True)
    class Slotted:
        a: int

    assert Slotted not in records._pending and Slotted.__slots__ == ("a",)
