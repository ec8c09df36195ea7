"""Ids of the commands that rewrite files (`saa fmt`, `saa import crm`). `saa check` never reports them."""

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


class CrmImport(Rule):
    """A CRM export that `saa import crm` cannot read, or a row of it with a value it cannot use.

    The import reads opportunities from a Salesforce or HubSpot CSV export (or
    `saa export --what opportunities`) into 08-opportunities.yaml. A file in
    the wrong encoding, a row with more cells than the header, an unknown stage
    or a value that is not money is reported at its row and column, and that
    row is not imported; nothing is written while the file itself is unreadable.

    Example: `deals.csv:14:5: error: unknown stage 'Closing': map it to one of
    the method's stages with --stage "Closing=STAGE" (stages: potential, ...)
    [crm-import]`. Map the stage, fix the cell in the CRM or the CSV (save as
    CSV UTF-8), and import again.
    """

    ID = "crm-import"
    KIND = "import"


RULES = (Fmt, FmtInternal, CrmImport)
