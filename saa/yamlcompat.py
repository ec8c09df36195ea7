"""How other YAML readers type an unquoted (plain) scalar: so that ``saa fmt`` drops quotes only where
every common reader still reads the same text.

saa reads plans by the YAML 1.2 core schema (:func:`saa.yamlio.resolve_plain`), but a
plan is read by more tools than saa: scripts with PyYAML (YAML 1.1), ruamel.yaml
(1.2 with extras, or 1.1 for a ``%YAML 1.1`` file), yq (go-yaml v3) and js-yaml
(1.2 core with timestamps and merge keys). A quoted ``"2027-03-31"`` written plain
is a date for all of them; ``"yes"`` a boolean for PyYAML; ``"="`` and ``"<<"`` make
PyYAML and ruamel raise; ``"0777"`` is an octal number for PyYAML, ``"1_000"`` a
number for all but saa... So fmt keeps the quotes on any text that one of them
reads as something else (:func:`plain_text_everywhere`).

The rules below are the readers' own resolvers, written out here (no reader is
imported): YAML 1.1's regular expressions as PyYAML and ruamel.yaml have them
(with ``y``/``n`` of the 1.1 specification, which ruamel.yaml also reads as
booleans), ruamel.yaml's YAML 1.2 ones, go-yaml's number and timestamp rules, and
js-yaml's. The tests check them against PyYAML itself.
"""

from __future__ import annotations

import re

# ---- YAML 1.1 (PyYAML, ruamel.yaml for %YAML 1.1, the 1.1 type repository) --------

_Y11 = (
    ("bool", re.compile(r"(?:y|Y|yes|Yes|YES|n|N|no|No|NO|true|True|TRUE|false|False|FALSE"
                        r"|on|On|ON|off|Off|OFF)\Z")),
    ("float", re.compile(r"""(?:[-+]?(?:[0-9][0-9_]*)\.[0-9_]*(?:[eE][-+]?[0-9]+)?
                           |[-+]?(?:[0-9][0-9_]*)(?:[eE][-+]?[0-9]+)
                           |\.[0-9_]+(?:[eE][-+][0-9]+)?
                           |[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+\.[0-9_]*
                           |[-+]?\.(?:inf|Inf|INF)
                           |\.(?:nan|NaN|NAN))\Z""", re.X)),
    ("int", re.compile(r"""(?:[-+]?0b[0-1_]+
                         |[-+]?0?[0-7_]+
                         |[-+]?(?:0|[1-9][0-9_]*)
                         |[-+]?0x[0-9a-fA-F_]+
                         |[-+]?[1-9][0-9_]*(?::[0-5]?[0-9])+)\Z""", re.X)),
    ("merge", re.compile(r"<<\Z")),
    ("null", re.compile(r"(?:~|null|Null|NULL|)\Z")),
    ("timestamp", re.compile(r"""(?:[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]
                               |[0-9][0-9][0-9][0-9]-[0-9][0-9]?-[0-9][0-9]?
                                (?:[Tt]|[ \t]+)[0-9][0-9]?
                                :[0-9][0-9]:[0-9][0-9](?:\.[0-9]*)?
                                (?:[ \t]*(?:Z|[-+][0-9][0-9]?(?::[0-9][0-9])?))?)\Z""", re.X)),
    ("value", re.compile(r"=\Z")),
)


# as in PyYAML, a rule is tried only on values that start with one of its first characters
_FIRST = {"bool": "yYnNtTfFoO", "float": "-+0123456789.", "int": "-+0123456789", "merge": "<",
          "null": "~nN", "timestamp": "0123456789", "value": "="}
_BY_FIRST: dict = {}
for _tag, _rx in _Y11:
    for _ch in _FIRST[_tag]:
        _BY_FIRST.setdefault(_ch, []).append((_tag, _rx))


def resolve_yaml11(value: str) -> str:
    """The type a YAML 1.1 reader gives the plain scalar ``value``: "str" for text, else
    "bool", "float", "int", "merge", "null", "timestamp" or "value" (the last two kinds
    make PyYAML raise)."""
    if not value:
        return "null"
    for tag, rx in _BY_FIRST.get(value[0], ()):
        if rx.match(value):
            return tag
    return "str"


# ---- YAML 1.2 readers beyond the core schema -------------------------------------

# ruamel.yaml (1.2): numbers with underscores, 0o and leading-0 octals, "1e5"
_RUAMEL12 = re.compile(r"""(?:[-+]?0b[0-1_]+|[-+]?0o?[0-7_]+|[-+]?[0-9_]+|[-+]?0x[0-9a-fA-F_]+
                         |[-+]?(?:[0-9][0-9_]*)\.[0-9_]*(?:[eE][-+]?[0-9]+)?
                         |[-+]?(?:[0-9][0-9_]*)(?:[eE][-+]?[0-9]+)
                         |[-+]?\.[0-9_]+(?:[eE][-+][0-9]+)?
                         |[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))\Z""", re.X)
# go-yaml v3 (yq): after removing every "_", Go's integer syntax (0b, 0o, 0x, a leading 0)
# or its YAML float syntax; the .inf/.nan spellings with either sign
_GO_INT = re.compile(r"[-+]?(?:0[bB][01]+|0[oO][0-7]+|0[xX][0-9a-fA-F]+|[0-9]+)\Z")
_GO_FLOAT = re.compile(r"[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?\Z")
_GO_SPECIAL = re.compile(r"[-+]?\.(?:inf|Inf|INF)\Z|\.(?:nan|NaN|NAN)\Z")
# go-yaml's timestamps: four digits, "-", then Go's layouts 2006-1-2[(T|t| )15:4:5[.9][Z07:00]]
_GO_TIME = re.compile(r"[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}"
                      r"(?:[Tt ][0-9]{1,2}:[0-9]{1,2}:[0-9]{1,2}(?:\.[0-9]+)?(?:Z|[-+][0-9]{2}:[0-9]{2})?)?\Z")
# js-yaml (default schema): its integers allow "_" and 0b/0o/0x; its floats as ruamel's
_JS_INT = re.compile(r"[-+]?(?:0b[01_]+|0o[0-7_]+|0x[0-9a-fA-F_]+|[0-9][0-9_]*)\Z")
_JS_FLOAT = re.compile(r"""(?:[-+]?(?:[0-9][0-9_]*)(?:\.[0-9_]*)?(?:[eE][-+]?[0-9]+)?
                         |\.[0-9_]+(?:[eE][-+]?[0-9]+)?
                         |[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))\Z""", re.X)
_NUMBER_START = frozenset("+-.0123456789")


def plain_text_everywhere(value: str) -> bool:
    """Does every common YAML reader (YAML 1.1 and 1.2: PyYAML, ruamel.yaml, go-yaml/yq,
    js-yaml) read the plain scalar ``value`` as the text ``value``? (Only its type is
    judged here; whether it can be written plain at all is the emitter's business.)"""
    if resolve_yaml11(value) != "str":
        return False
    if value[:1] in _NUMBER_START:
        if _RUAMEL12.match(value) or _JS_INT.match(value) or _JS_FLOAT.match(value) or _GO_SPECIAL.match(value):
            return False
        bare = value.replace("_", "")
        if bare and (_GO_INT.match(bare) or _GO_FLOAT.match(bare)):
            return False
        if _GO_TIME.match(value):
            return False
    return True
