"""Dataclasses made on first use: a start-up optimisation of every command.

Making a dataclass costs about half a millisecond: the standard library
compiles its ``__init__``, ``__repr__`` and ``__eq__`` (and for a frozen one
``__setattr__``, ``__delattr__`` and ``__hash__``) from source, each time the
program starts. saa defines about a hundred; a run of ``saa challenge`` imports
some seventy of them and creates objects of fewer than fifty, which made the
classes cost about a third of its start-up beyond importing typer.

:func:`dataclass` takes the same arguments as :func:`dataclasses.dataclass`
and makes the same class, with differences that change no behaviour:

- the standard library's work is done when the first object of the class (or
  of a subclass) is made: a stand-in ``__init__`` (and ``__setstate__``, for an
  object copied or unpickled first) makes the class, then removes itself, so a
  class never used costs nothing;
- ``__repr__``, ``__eq__`` and ``__hash__`` are shared functions reading the
  class's fields instead of code compiled for each class; they return what
  the generated ones return (same text, same tuple comparison, same hash).
- the docstring the standard library writes for a class without one
  (``Name(field: type, ...)``) is written when it is first read.

A class with ``slots=True`` is made at once (the standard library returns
another class), as is one that writes its own ``__init__`` or ``__setstate__``.
Arguments other than ``frozen`` (``order``, ``eq=False`` ...) go to the
standard library as they are, with its own methods. ``dataclasses.fields()``
on a class (not an object) needs the class made first: call :func:`ready`
(saa never does).
"""

from __future__ import annotations

import dataclasses
import reprlib
from typing import Any, Callable, TypeVar, dataclass_transform, overload

_T = TypeVar("_T", bound=type)

_pending: dict[type, dict[str, Any]] = {}   # class -> its dataclass arguments, until first use
_MISSING = object()


@overload
def dataclass(cls: _T, /) -> _T: ...


@overload
def dataclass(cls: None = None, /, **options: Any) -> Callable[[_T], _T]: ...


@dataclass_transform(field_specifiers=(dataclasses.field, dataclasses.Field))
def dataclass(cls=None, /, **options):
    """:func:`dataclasses.dataclass`, made on first use (see the module's description)."""

    def wrap(c):
        if options.get("slots") or "__init__" in c.__dict__ or hasattr(c, "__setstate__"):
            _ready_bases(c)   # made at once: another class (slots), or first use could not be seen
            if options.get("slots"):
                return dataclasses.dataclass(c, **options)
            _make(c, options)
            return c
        _pending[c] = options
        c.__init__ = _first_init(c)
        c.__setstate__ = _first_setstate(c)
        return c

    return wrap if cls is None else wrap(cls)


def _first_init(owner: type):
    def __init__(self, *args, **kwargs):
        ready(owner)
        owner.__init__(self, *args, **kwargs)   # the generated one now
    return __init__


def _first_setstate(owner: type):
    def __setstate__(self, state):
        """An object copied or unpickled before any was made: make the class, then set the state as
        pickle and copy do without ``__setstate__``."""
        ready(owner)
        ready(type(self))
        slots = None
        if isinstance(state, tuple) and len(state) == 2:
            state, slots = state
        if state:
            self.__dict__.update(state)
        if slots:
            for k, v in slots.items():
                setattr(self, k, v)
    return __setstate__


def ready(cls: type) -> type:
    """Make ``cls`` and every dataclass it inherits from now (idempotent)."""
    for c in [c for c in reversed(cls.__mro__) if c in _pending]:
        options = _pending.pop(c)
        del c.__init__, c.__setstate__   # type: ignore[misc,attr-defined]
        _make(c, options)
    return cls


def _ready_bases(cls: type) -> None:
    for base in cls.__mro__[1:]:
        if base in _pending:
            ready(base)


_SHARED = frozenset({"frozen"})   # the arguments under which __repr__/__eq__/__hash__ are shared functions


def _make(cls: type, options: dict[str, Any]) -> None:
    # the standard library writes "Name(field: type, ...)" as the docstring of a class without one; that
    # text (from inspect.signature, a tenth of the cost of a class) is made when it is first read instead
    undocumented = not cls.__dict__.get("__doc__")
    if undocumented:
        cls.__doc__ = "-"
    if not set(options) <= _SHARED:
        dataclasses.dataclass(cls, **options)
    else:
        _make_shared(cls, options)
    if undocumented:
        cls.__doc__ = _Doc(cls)  # type: ignore[assignment]


class _Doc:
    """A class's docstring as the standard library writes it for a dataclass without one, made when read."""

    def __init__(self, owner: type) -> None:
        self.owner = owner

    def __get__(self, obj, cls=None) -> str:
        import inspect

        owner = self.owner
        try:
            sig = str(inspect.signature(owner)).replace(" -> None", "")
        except (TypeError, ValueError):
            sig = ""
        text = owner.__name__ + sig
        owner.__doc__ = text
        return text


def _make_shared(cls: type, options: dict[str, Any]) -> None:
    frozen = bool(options.get("frozen"))
    own = cls.__dict__
    has_repr, has_eq = "__repr__" in own, "__eq__" in own
    class_hash = own.get("__hash__", _MISSING)
    explicit_hash = not (class_hash is _MISSING or (class_hash is None and has_eq))
    dataclasses.dataclass(cls, frozen=frozen, repr=False, eq=False)
    fields = dataclasses.fields(cls)
    if not has_repr:
        _set(cls, "__repr__", _repr_for(tuple(f.name for f in fields if f.repr)))
    if not has_eq:
        _set(cls, "__eq__", _eq_for(_getter(tuple(f.name for f in fields if f.compare))))
    # the standard library's table for eq=True without unsafe_hash: a frozen class hashes its fields,
    # another becomes unhashable; a __hash__ written in the class stays
    if not explicit_hash:
        if frozen:
            _set(cls, "__hash__", _hash_for(_getter(tuple(
                f.name for f in fields if (f.compare if f.hash is None else f.hash)))))
        else:
            cls.__hash__ = None  # type: ignore[assignment]


def _set(cls: type, name: str, fn) -> None:
    fn.__qualname__ = f"{cls.__qualname__}.{name}"
    setattr(cls, name, fn)


def _getter(names: tuple[str, ...]) -> Callable[[Any], tuple]:
    """A function giving the tuple of these attributes (always a tuple, as the generated code compares)."""
    if not names:
        return lambda o: ()
    if len(names) == 1:
        (name,) = names
        return lambda o: (getattr(o, name),)
    from operator import attrgetter

    return attrgetter(*names)


def _repr_for(names: tuple[str, ...]):
    @reprlib.recursive_repr()
    def __repr__(self):
        return self.__class__.__qualname__ + "(" + ", ".join(f"{n}={getattr(self, n)!r}" for n in names) + ")"
    return __repr__


def _eq_for(values):
    def __eq__(self, other):
        if other.__class__ is self.__class__:
            return values(self) == values(other)
        return NotImplemented
    return __eq__


def _hash_for(values):
    def __hash__(self):
        return hash(values(self))
    return __hash__
