"""One plan with a very large network: is every command linear in the size of a plan?

    python benchmarks/network.py [--contacts 20000]

Writes a plan whose 02-network.yaml holds N contacts (every fourth a decision maker, every
fiftieth linked to our team at the first level) and N-1 allies in one long chain, then times
``saa check``, ``saa network`` and ``saa report --format html`` on it and prints each time as a
multiple of ``saa check``'s (target: network and report within 3x). Ratios only, never a test.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
from pathlib import Path


def write_plan(folder: Path, n: int) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "account.yaml").write_text("account: Big Network Co.\nteam: [{name: Us}]\n", encoding="utf-8")
    lines = ["contacts:"]
    for i in range(n):
        lines.append(f"  - name: c{i}")
        lines.append(f"    role: {'decision-maker' if i % 4 == 0 else 'user'}")
        lines.append('    relation: "0"')
        if i % 50 == 0:
            lines.append("    our_link: Us")
    lines.append("allies:")
    lines += [f"  - {{ally: c{i}, target: c{i + 1}}}" for i in range(n - 1)]
    (folder / "02-network.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")


def timed(*args: str) -> float:
    start = time.perf_counter()
    subprocess.run([sys.executable, "-m", "saa", *args], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                   check=False)
    return time.perf_counter() - start


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--contacts", type=int, default=20000)
    ap.add_argument("--repeat", type=int, default=3)
    a = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        plan = Path(tmp) / "big"
        write_plan(plan, a.contacts)
        runs = {name: min(timed(*args) for _ in range(a.repeat)) for name, args in (
            ("check", ("check", str(plan))),
            ("network", ("network", str(plan))),
            ("report", ("report", str(plan), "--format", "html", "-o", str(Path(tmp) / "r.html"))),
        )}
    base = runs["check"]
    ok = True
    for name, t in runs.items():
        ratio = t / base
        verdict = "" if name == "check" else ("  ok" if ratio <= 3 else "  NOT MET (target 3x)")
        ok &= name == "check" or ratio <= 3
        print(f"{name:8} {t:7.2f} s  {ratio:5.2f}x check{verdict}")
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
