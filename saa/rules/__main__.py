"""`python -m saa.rules`: write docs/rules.md from the rule registry."""

from __future__ import annotations

import sys

from .docs import DOCS_PATH, write

if __name__ == "__main__":
    changed = write()
    sys.stdout.write(f"{DOCS_PATH} {'written' if changed else 'is current'}\n")
