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
from .records import dataclass

from .findings import Finding, sort_findings
from .plan import Plan
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


def error_count(plan: Plan) -> int:
    """How many errors ``saa check`` finds in ``plan`` (saa.yaml's gates, no options): the count the views
    give in their ``saa: note`` on stderr.

    With the parse cache on (the views on a few plans, :func:`saa.yamlio.enable_cache`) the count is kept
    there and used again while everything it was computed from is the same: this saa code, today's date,
    the plan's folder as named, saa.yaml as read, every plan file's text and the findings of loading it.
    """
    from . import yamlio

    inputs = _count_inputs(plan) if yamlio.cache_on() else None
    if inputs is None:
        return _error_count(plan)
    name = "error-count|" + os.path.realpath(plan.dir)
    n = yamlio.cached_count(name, inputs)
    if n is None:
        n = _error_count(plan)
        yamlio.keep_count(name, inputs, n)
    return n


def _error_count(plan: Plan) -> int:
    return sum(1 for f in check_plan(plan, CheckOptions()) if f.severity == "error")


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

PARALLEL_MIN = 24      # fewer plans than this are checked in this process: starting workers costs more
CHUNKS_PER_JOB = 4     # plans go to the workers in this many chunks per worker, for an even load


def _cpus() -> int:
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except (AttributeError, OSError):  # pragma: no cover - not Linux
        return max(1, os.cpu_count() or 1)


def jobs_problem() -> str | None:
    """Why ``SAA_JOBS`` is not used as written, or None (the command line warns with it)."""
    env = os.environ.get("SAA_JOBS", "").strip()
    if not env:
        return None
    try:
        n = int(env)
    except ValueError:
        return f"SAA_JOBS={env!r} is not a number of processes; using {_cpus()} (the CPUs)"
    if n < 1:
        return f"SAA_JOBS={env!r} is below 1; using 1 (one process)"
    return None


def default_jobs() -> int:
    """How many processes check plans: ``SAA_JOBS`` if set (at most the CPUs this process may use),
    else those CPUs. An invalid value counts as unset (the command line warns)."""
    cpus = _cpus()
    env = os.environ.get("SAA_JOBS", "").strip()
    if env:
        try:
            return max(1, min(int(env), cpus))
        except ValueError:
            pass
    return cpus


def _check_folder(folder, opts: CheckOptions) -> list[Finding]:
    from .loader import load_plan

    return check_plan(load_plan(folder), opts)


def _check_chunk(args) -> list[Finding]:
    folders, opts = args
    found: list[Finding] = []
    for folder in folders:
        found.extend(_check_folder(folder, opts))
    return found


def _fork_context():
    import multiprocessing

    if "fork" not in multiprocessing.get_all_start_methods():  # pragma: no cover - Windows, macOS defaults
        return None
    return multiprocessing.get_context("fork")


def check_folders(folders: list, opts: CheckOptions | None = None, jobs: int | None = None,
                  parallel_min: int = PARALLEL_MIN) -> CheckResult:
    """Load and check every plan folder, one at a time; only the findings are kept.

    ``jobs`` processes share the work when there are at least ``parallel_min``
    plans (default: :func:`default_jobs`); the result does not depend on it.
    """
    opts = opts or CheckOptions()
    opts = replace(opts, today=opts.today or _today())   # one "today" for every worker
    folders = list(folders)
    jobs = default_jobs() if jobs is None else max(1, jobs)
    jobs = max(1, min(jobs, len(folders), _cpus()))   # never more processes than CPUs or plans
    ctx = _fork_context() if jobs > 1 and len(folders) >= parallel_min else None
    found = _parallel(folders, opts, jobs, ctx) if ctx is not None else None
    if found is None:
        found = []
        for folder in folders:
            found.extend(_check_folder(folder, opts))
    return CheckResult(sort_findings(found), len(folders))


def _parallel(folders: list, opts: CheckOptions, jobs: int, ctx) -> list[Finding] | None:
    """The findings of ``folders`` checked by ``jobs`` worker processes, in order; None when
    processes cannot be used here (no semaphores, a worker killed): then the caller checks serially."""
    from concurrent.futures import ProcessPoolExecutor
    from concurrent.futures.process import BrokenProcessPool

    size = max(1, -(-len(folders) // (jobs * CHUNKS_PER_JOB)))
    chunks = [(folders[i:i + size], opts) for i in range(0, len(folders), size)]
    found: list[Finding] = []
    try:
        with ProcessPoolExecutor(max_workers=jobs, mp_context=ctx) as pool:
            for part in pool.map(_check_chunk, chunks):
                found.extend(part)
    except (OSError, NotImplementedError, BrokenProcessPool):
        return None
    return found
