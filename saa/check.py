"""``saa check``: schema findings, cross-file rules and gates over plans. Never prints.

:func:`check_folders` is what the command runs: it loads and checks one plan at a
time and keeps only the findings, so memory stays flat however many plans a
portfolio holds. From :data:`PARALLEL_MIN` plans on, and where processes can be
forked, it spreads the plans over worker processes (one per CPU; ``SAA_JOBS=N``
sets how many, at most one per CPU; ``SAA_JOBS=1`` turns this off). Each plan is checked the same way
whichever process does it, and the findings are sorted at the end, so the result
is the same, in the same order, either way.
"""

from __future__ import annotations

import datetime as _dt
import os
from dataclasses import field, replace

from .findings import Finding, sort_findings
from .plan import Plan
from .records import dataclass
from .clock import today as _today


@dataclass
class CheckOptions:
    strict: bool | None = None          # None: saa.yaml's gates.strict (default false)
    min_completeness: float | None = None
    max_age: int | None = None
    today: _dt.date | None = None


@dataclass
class CheckResult:
    findings: list[Finding] = field(default_factory=list)
    plans: int = 0

    @property
    def errors(self) -> int:
        return sum(1 for f in self.findings if f.severity == "error")

    @property
    def warnings(self) -> int:
        return sum(1 for f in self.findings if f.severity == "warning")

    def failed(self, strict: bool | None = False) -> bool:
        return self.errors > 0 or (bool(strict) and self.warnings > 0)

    def as_dict(self) -> dict:
        return {"findings": [f.as_dict() for f in self.findings], "plans": self.plans,
                "errors": self.errors, "warnings": self.warnings}


def check_plan(plan: Plan, opts: CheckOptions) -> list[Finding]:
    """The findings of one plan: those found while loading it, then every rule of the registry, then
    saa.yaml's ignore comments and severities."""
    from .config import BUILTIN, apply_rules, gates
    from .rules import Context, run

    cfg = plan.config or BUILTIN
    gate = gates(cfg, opts.min_completeness, opts.max_age)    # the command line wins over saa.yaml
    ctx = Context(opts.today or _today(), max_age=gate["max_age"], min_completeness=gate["min_completeness"])
    found = list(plan.findings)
    found.extend(run(plan, ctx))
    # ignore comments and saa.yaml's severities; one finding per place and message
    # (a Finding compares by place only, so the key holds the rule and message too)
    return list({(f, f.rule, f.message): f for f in apply_rules(plan, found, cfg)}.values())


def error_count(plan: Plan, opts: CheckOptions | None = None) -> int:
    """How many errors ``saa check`` finds in ``plan`` (saa.yaml's gates, no options): the count the views
    give in their ``saa: note`` on stderr.

    With the parse cache on (the views on a few plans, :func:`saa.yamlio.enable_cache`) the count is kept
    there and used again while everything it was computed from is the same: this saa code, today's date,
    the plan's folder as named, saa.yaml as read, every plan file's text and the findings of loading it.
    """
    from . import yamlio

    opts = opts or CheckOptions()
    plain = replace(opts, today=None) == CheckOptions() and opts.today in (None, _today())
    inputs = _count_inputs(plan) if plain and yamlio.cache_on() else None
    if inputs is None:
        return _error_count(plan, opts)
    name = "error-count|" + os.path.realpath(plan.dir)
    n = yamlio.cached_count(name, inputs)
    if n is None:
        n = _error_count(plan, opts)
        yamlio.keep_count(name, inputs, n)
    return n


def _error_count(plan: Plan, opts: CheckOptions) -> int:
    return sum(1 for f in check_plan(plan, opts) if f.severity == "error")


def _count_inputs(plan: Plan) -> bytes | None:
    """A digest of everything :func:`check_plan` reads of ``plan`` (None: not known, nothing is kept)."""
    from .yamlio import _blake2b

    cfg = plan.config
    if cfg is not None and cfg.path is not None and cfg.text is None:
        return None   # a configuration not read from a file here
    h = _blake2b()(digest_size=32)

    def add(*parts) -> None:
        for part in parts:
            b = part.encode("utf-8", "surrogateescape") if isinstance(part, str) else part
            h.update(len(b).to_bytes(8, "little"))
            h.update(b)

    add(_code_identity(), _today().isoformat(), plan.display, str(plan.dir))
    add("builtin" if cfg is None or cfg.path is None else cfg.path, (cfg.text if cfg is not None else None) or "")
    for name, doc in plan.docs.items():
        add(name, "1" if doc.exists else "0", doc.text or "")
    for f in plan.findings:
        add(f.path, str(f.line), str(f.column), f.severity, f.rule, f.message)
    return h.digest()


_code: list[str] = []


def _code_identity() -> str:
    """This saa: its version, the Python version and the size and time of each of its modules."""
    if not _code:
        import sys

        from . import __version__

        parts = [__version__, sys.version]
        folders = [os.path.dirname(os.path.abspath(__file__))]
        while folders:
            with os.scandir(folders.pop()) as entries:
                for e in sorted(entries, key=lambda e: e.name):
                    if e.name.endswith(".py"):
                        st = e.stat()
                        parts.append(f"{e.path}:{st.st_size}:{st.st_mtime_ns}")
                    elif e.name != "__pycache__" and e.is_dir(follow_symlinks=False):
                        folders.append(e.path)
        _code.append("|".join(parts))
    return _code[0]


def check_plans(plans: list[Plan], opts: CheckOptions | None = None) -> CheckResult:
    opts = opts or CheckOptions()
    found: list[Finding] = []
    for plan in plans:
        found.extend(check_plan(plan, opts))
    return CheckResult(sort_findings(found), len(plans))


# ---- streaming and parallel checking of plan folders ------------------------

# one implementation of the worker processes for every command over a portfolio (saa.parallel)
from .parallel import PARALLEL_MIN, _cpus, default_jobs, jobs_problem  # noqa: E402,F401


def _check_folder(folder, opts: CheckOptions) -> list[Finding]:
    from .loader import load_plan

    return check_plan(load_plan(folder), opts)


class _ErrorCount:
    def __init__(self, opts: CheckOptions):
        self.opts = opts

    def __call__(self, plan: Plan) -> int:
        return error_count(plan, self.opts)


def error_counter(opts: CheckOptions | None = None):
    """``count(plan)``: the errors ``saa check`` reports for a plan (for :func:`saa.parallel.map_plans`),
    with one "today" for every worker."""
    opts = opts or CheckOptions()
    return _ErrorCount(replace(opts, today=opts.today or _today()))


class _CheckTask:
    def __init__(self, opts: CheckOptions):
        self.opts = opts

    def __call__(self, folder) -> list[Finding]:
        return _check_folder(folder, self.opts)


def check_folders(folders: list, opts: CheckOptions | None = None, jobs: int | None = None,
                  parallel_min: int | None = None, progress=None) -> CheckResult:
    """Load and check every plan folder, one at a time; only the findings are kept.

    ``jobs`` processes share the work when there are at least ``parallel_min``
    plans (default: :func:`default_jobs`, :data:`PARALLEL_MIN`); the result does not depend on it.
    ``progress(done, total)``, when given, is called as plans are done.
    """
    from .parallel import map_items

    opts = opts or CheckOptions()
    opts = replace(opts, today=opts.today or _today())   # one "today" for every worker
    folders = list(folders)
    found: list[Finding] = []
    for part in map_items(folders, _CheckTask(opts), jobs, parallel_min, progress):
        found.extend(part)
    return CheckResult(sort_findings(found), len(folders))
