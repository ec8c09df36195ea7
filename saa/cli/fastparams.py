"""Option values without pydantic: a start-up optimisation of the command line.

Recent typer versions coerce every option and argument value (except plain
``--flag`` booleans) through a pydantic ``TypeAdapter``. Importing pydantic and
building the adapters costs about twice as much as importing typer itself, on
every command that takes a path or an option, which is nearly all of them.

saa's parameters are plain ``str``, ``int``, ``float`` and ``bool`` values and
lists of them. :func:`install` lets typer coerce those directly, taking the
shortcut only for input whose result is certain (text; ``True``/``False``;
whole numbers and decimals written plainly, within ``min``/``max``), converted
exactly as pydantic would. Anything else (a value out of range, ``1e3`` for an
int, ``inf``, a choice, a path with checks, a custom parser) goes down typer's
own pydantic path, so every other result and every error message is typer's.
When typer's internals are not the ones this was written for, nothing changes.
"""

from __future__ import annotations

import re

_INT = re.compile(r"\s*[-+]?[0-9]{1,18}\s*\Z")
_FLOAT = re.compile(r"\s*[-+]?(?:[0-9]{1,300}(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][-+]?[0-9]{1,3})?\s*\Z")

_installed = False
typer_build_runtime_param = None  # typer's own builder, once installed (tests compare with it)


def _kind(annotation) -> str | None:
    if annotation is str:
        return "str"
    if annotation is int:
        return "int"
    if annotation is float:
        return "float"
    if annotation is bool:
        return "bool"
    return None


def install() -> bool:
    """Install the shortcut into typer (idempotent); False when typer is not as expected."""
    global _installed
    if _installed:
        return True
    try:
        from dataclasses import dataclass, field
        from typing import Any, get_args, get_origin

        from typer import _coercion, core
        original = core.build_runtime_param
        RuntimeParam = _coercion.RuntimeParam
        if original is not _coercion.build_runtime_param or not hasattr(RuntimeParam, "_coerce_value"):
            return False
    except Exception:  # pragma: no cover - another typer
        return False

    @dataclass(frozen=True)
    class PlainParam(RuntimeParam):  # type: ignore[valid-type,misc]
        """str / int / float / bool (or a list of them) coerced directly; the rest by typer's own way."""

        descriptor: Any = None
        kind: str = "str"
        many: bool = False
        slow: list = field(default_factory=list, compare=False)

        def _fallback(self, value, param, ctx):
            if not self.slow:
                self.slow.append(original(self.descriptor))
            return self.slow[0]._coerce_value(value, param=param, ctx=ctx)

        def _one(self, value):
            """The coerced value, or ``_SLOW`` when typer's own way must decide."""
            kind = self.kind
            if kind == "str":
                return value if type(value) is str else _SLOW
            if kind == "bool":
                return value if type(value) is bool else _SLOW
            info = self.parameter_info
            if type(value) is str:
                if kind == "int":
                    if not _INT.match(value):
                        return _SLOW
                    x = int(value)
                else:
                    if not _FLOAT.match(value):
                        return _SLOW
                    x = float(value)
            elif type(value) is int or (kind == "float" and type(value) is float):
                x = int(value) if kind == "int" else float(value)
            else:
                return _SLOW
            if kind == "float" and x in (float("inf"), float("-inf")):
                return _SLOW
            if (info.min is not None and x < info.min) or (info.max is not None and x > info.max):
                return _SLOW
            return x

        def _coerce_value(self, value, param, ctx):
            if self.many:
                items = value if isinstance(value, (list, tuple)) else [value]
                out = [self._one(v) for v in items]
                if any(v is _SLOW for v in out):
                    return self._fallback(value, param, ctx)
                return out
            x = self._one(value)
            if x is _SLOW:
                return self._fallback(value, param, ctx)
            return x

    def build_runtime_param(descriptor):
        try:
            info = descriptor.parameter_info
            ann = descriptor.annotation
            many = get_origin(ann) is list
            kind = _kind(get_args(ann)[0] if many and len(get_args(ann)) == 1 else ann)
            plain = (kind is not None and descriptor.file_annotation is None and info.parser is None
                     and not getattr(info, "clamp", False) and getattr(info, "click_type", None) is None
                     and not descriptor.is_path and not descriptor.is_choice)
        except Exception:  # pragma: no cover - another typer
            plain = False
        if not plain:
            return original(descriptor)
        return PlainParam(parameter_info=info, annotation=ann, descriptor=descriptor, kind=kind, many=many)

    core.build_runtime_param = build_runtime_param
    global typer_build_runtime_param
    typer_build_runtime_param = original
    _installed = True
    return True


class _Slow:
    __slots__ = ()


_SLOW = _Slow()
