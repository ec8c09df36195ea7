"""Ids of `saa fmt`: a file it leaves alone and why. `saa check` never reports them."""

from __future__ import annotations

from .base import Rule


class Fmt(Rule):
    """`saa fmt` cannot rewrite this file without changing what it says, so it leaves it alone.

    fmt only changes layout (indentation, quoting, key order is kept, comments
    are kept); when it cannot prove the result reads the same it writes nothing.
    `yaml-syntax`, `yaml-tag` and `yaml-anchor` are reported by fmt too.

    Example: `02-network.yaml:3:1: error: ... [fmt]`. Fix what the message
    says, or format that part by hand.
    """

    ID = "fmt"
    KIND = "fmt"


class FmtInternal(Rule):
    """`saa fmt` found that its own result would read differently from the file: a bug in saa fmt.

    The file is left as it is. Please report it with the file.
    """

    ID = "fmt-internal"
    KIND = "fmt"


RULES = (Fmt, FmtInternal)
